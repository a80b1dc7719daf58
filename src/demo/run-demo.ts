import { randomBytes } from 'node:crypto';
import jsforce from 'jsforce';
import { SANDBOX_APP_ID } from '../../connectors/hubspot/sandbox/config.ts';
import { createConnectors } from '../app/connectors.ts';
import { startLeadloopService, type LeadloopService } from '../app/service.ts';
import { slaSweepFor } from '../app/sla.ts';
import type { SyncPortOptions } from '../app/sync-port.ts';
import { parseEnv } from '../config/env.ts';
import type { LeadloopConfig } from '../config/load-config.ts';
import { startBothSandboxes, type RunningSandboxes } from '../sandbox/start.ts';
import type { Engine } from '../sync/engine.ts';
import { runSync } from '../sync/run-sync.ts';
import { DemoClock, demoDayStart } from './demo-clock.ts';
import { MarketingFloor } from './marketing-floor.ts';
import { SalesFloor } from './sales-floor.ts';

/**
 * `npm start` without vendor credentials: both sandboxes in-process with a seeded market,
 * `leadloop setup` on them, the service with its dashboard, and one business day simulated in
 * accelerated time — marketing activity raising scores, MQL handoffs, reps following up fast,
 * late or never, conversions, wins, losses and recycles — so the dashboard tells a real story.
 */
export interface DemoOptions {
  readonly config: Readonly<LeadloopConfig>;
  readonly port?: number;
  readonly adminToken?: string | undefined;
  /** People in the seeded market (default 400). */
  readonly people?: number;
  /** Simulated slice per step, minutes (default 15), and the day's length in hours (default 10). */
  readonly stepMinutes?: number;
  readonly hours?: number;
  readonly slaSweep?: SyncPortOptions['slaSweep'];
  readonly say?: (line: string) => void;
}

export interface RunningDemo {
  readonly url: string;
  readonly adminToken: string;
  readonly service: LeadloopService;
  readonly sandboxes: RunningSandboxes;
  readonly clock: DemoClock;
  /** Resolves when the simulated day is over. */
  readonly day: Promise<DemoDay>;
  close(): Promise<void>;
}

export interface DemoDay {
  readonly steps: number;
  readonly marketing: { engaged: number; markedMql: number };
  readonly sales: SalesFloor['counts'];
}

async function admin(sandboxes: RunningSandboxes, path: string, body: unknown): Promise<void> {
  const answer = await fetch(`${sandboxes.url}/__sandbox/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!answer.ok) throw new Error(`sandbox ${path}: ${answer.status} ${await answer.text()}`);
}

export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const say = options.say ?? (() => undefined);
  const clock = new DemoClock(demoDayStart(new Date()));
  const sandboxes = await startBothSandboxes();
  await admin(sandboxes, 'clock', { now: clock.now().toISOString() });
  await admin(sandboxes, 'seed', { count: options.people ?? 400, seed: 42 });
  const adminToken = options.adminToken ?? randomBytes(18).toString('base64url');
  const env = parseEnv({
    SALESFORCE_INSTANCE_URL: sandboxes.salesforce.instanceUrl,
    SALESFORCE_ACCESS_TOKEN: sandboxes.salesforce.accessToken,
    HUBSPOT_BASE_URL: sandboxes.hubspot.baseUrl,
    HUBSPOT_ACCESS_TOKEN: sandboxes.hubspot.accessToken,
    HUBSPOT_APP_ID: String(SANDBOX_APP_ID),
    LEADLOOP_ADMIN_TOKEN: adminToken,
    LEADLOOP_DATA_DIR: 'memory://',
  });
  const setup = createConnectors({ env, config: options.config });
  const items = [
    ...((await setup.salesforce?.setup()) ?? []),
    ...((await setup.hubspot?.setup()) ?? []),
  ];
  await setup.close();
  say(
    `setup: ${items.filter((item) => item.status === 'created').length} custom fields, properties and views created in the sandboxes`,
  );

  const slaSweep = options.slaSweep ?? slaSweepFor(env);
  const service = await startLeadloopService({
    env,
    config: options.config,
    clock: clock.now,
    port: options.port ?? env.PORT,
    host: '127.0.0.1',
    schedules: false,
    slaSweep,
  });
  const engine = service.engine;
  const salesforce = new jsforce.Connection({
    instanceUrl: sandboxes.salesforce.instanceUrl,
    accessToken: sandboxes.salesforce.accessToken,
    version: '62.0',
  });
  let stopped = false;
  const day = simulateDay(
    engine,
    sandboxes,
    salesforce,
    clock,
    { ...options, slaSweep },
    () => stopped,
    say,
  );
  return {
    url: service.url,
    adminToken,
    service,
    sandboxes,
    clock,
    day,
    async close() {
      stopped = true;
      await day.catch(() => undefined);
      await service.close();
      await sandboxes.close();
    },
  };
}

async function simulateDay(
  engine: Engine,
  sandboxes: RunningSandboxes,
  salesforce: jsforce.Connection,
  clock: DemoClock,
  options: DemoOptions,
  stopped: () => boolean,
  say: (line: string) => void,
): Promise<DemoDay> {
  const stepMs = (options.stepMinutes ?? 15) * 60_000;
  const steps = Math.round(((options.hours ?? 10) * 3_600_000) / stepMs);
  const dayStart = clock.now();
  const marketing = new MarketingFloor(engine.store, sandboxes.url);
  const sales = new SalesFloor(engine.store, salesforce);
  const sweep = async () => options.slaSweep?.(engine, new AbortController().signal);
  await runSync(engine, { trigger: 'demo' });
  await sweep();
  let step = 0;
  for (; step < steps && !stopped(); step += 1) {
    clock.advance(stepMs);
    await admin(sandboxes, 'clock', { advanceMs: stepMs });
    const now = clock.now();
    await marketing.work(now);
    await sales.work(dayStart, now);
    const result = await runSync(engine, { trigger: 'demo' });
    await sweep();
    if (step % 4 === 3) {
      const time = now.toISOString().slice(11, 16);
      say(
        `${time} UTC  ${result.counts.salesforce.created} new Salesforce leads this step; so far ${sales.counts.touched} followed up, ${sales.counts.converted} converted, ${sales.counts.won} won, ${sales.counts.recycled} recycled`,
      );
    }
  }
  return {
    steps: step,
    marketing: { engaged: marketing.engaged, markedMql: marketing.markedMql },
    sales: sales.counts,
  };
}
