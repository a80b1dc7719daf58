import type { Env } from '../config/env.ts';
import { runSlaSweep, type SlaSweepCounts } from '../lifecycle/sla-sweep.ts';
import type { Engine } from '../sync/engine.ts';

/** The SLA sweep with its settings from the environment: alerts URL, links to Salesforce records. */
export function slaSweepFor(
  env: Env,
): (engine: Engine, signal?: AbortSignal) => Promise<SlaSweepCounts> {
  const base = env.SALESFORCE_INSTANCE_URL ?? env.SALESFORCE_LOGIN_URL;
  return (engine, signal) =>
    runSlaSweep(engine, {
      notifyUrl: env.LEADLOOP_NOTIFY_URL,
      recordUrl:
        base === undefined
          ? undefined
          : (object, id) => `${base.replace(/\/$/, '')}/lightning/r/${object}/${id}/view`,
      signal,
    });
}
