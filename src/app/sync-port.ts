import type { JobContext, ReplayOutcome, RunSummary, SyncPort } from '../server/ports.ts';
import {
  apiBudgetRemaining,
  apiCalls,
  propagationLatency,
  syncRecords as syncRecordsMetric,
} from '../server/metrics.ts';
import type { SystemName } from '../sync/connector.ts';
import type { Engine } from '../sync/engine.ts';
import { replayDeadLetters } from '../sync/replay.ts';
import { runSync, type SyncResult } from '../sync/run-sync.ts';
import { syncRecords } from '../sync/sync-records.ts';

/**
 * The sync engine behind the service's port: scheduled and admin cycles, webhook-driven
 * lead-scoped syncs, replays and the SLA sweep, with the metrics the engine alone knows.
 */
export interface SyncPortOptions {
  /** The follow-up check (src/lifecycle); absent, the scheduled SLA job reports it is off. */
  readonly slaSweep?: (engine: Engine, signal: AbortSignal) => Promise<unknown>;
}

const CYCLE_LOCK_WAIT_MS = 60_000;

function recordMetrics(engine: Engine, result: SyncResult): void {
  for (const system of ['salesforce', 'hubspot'] as const satisfies readonly SystemName[]) {
    const counts = result.counts[system];
    for (const outcome of ['created', 'updated', 'unchanged', 'failed'] as const) {
      if (counts[outcome] > 0) syncRecordsMetric.inc({ system, outcome }, counts[outcome]);
    }
    const usage = engine.connectors[system]?.usage();
    if (usage === undefined) continue;
    apiCalls.set({ system }, usage.callsMade);
    if (usage.budgetRemaining !== undefined)
      apiBudgetRemaining.set({ system }, usage.budgetRemaining);
  }
}

const summary = (result: SyncResult): RunSummary => ({
  runId: result.runId ?? '',
  status: result.status,
  ...result.counts,
  passes: result.passes,
});

export function engineSyncPort(engine: Engine, options: SyncPortOptions = {}): SyncPort {
  return {
    async runCycle(trigger, context: JobContext) {
      // Only one cycle job runs at a time (the job lock); what may hold the sync is short —
      // an SLA sweep's write pass or a webhook's lead-scoped sync — so wait for it.
      const result = await runSync(engine, {
        trigger,
        signal: context.signal,
        waitForLockMs: CYCLE_LOCK_WAIT_MS,
      });
      recordMetrics(engine, result);
      // Stopped for shutdown: throwing releases the job, so the next replica (or this one
      // after its restart) picks the cycle up again instead of counting it done.
      context.signal.throwIfAborted();
      return summary(result);
    },
    async syncRecords(system, object, ids, context) {
      const started = Date.now();
      const { result } = await syncRecords(engine, system, object, ids, { signal: context.signal });
      if (result === undefined) return;
      recordMetrics(engine, result);
      // Webhook receipt to both systems agreeing: what an admin means by "propagation".
      const to = system === 'hubspot' ? 'salesforce' : 'hubspot';
      propagationLatency.observe({ from: system, to }, (Date.now() - started) / 1_000);
    },
    async replayDeadLetters(ids) {
      const outcomes = await replayDeadLetters(engine, {
        ...(ids === undefined ? {} : { ids }),
        trigger: 'admin',
      });
      return outcomes.map((outcome): ReplayOutcome => ({
        id: outcome.id,
        outcome: outcome.result === 'failed' ? 'failed' : 'replayed',
        ...(outcome.message === undefined ? {} : { message: outcome.message }),
      }));
    },
    async runSlaSweep(context) {
      if (options.slaSweep === undefined) return { skipped: 'the SLA sweep is not configured' };
      return options.slaSweep(engine, context.signal);
    },
  };
}
