import { isLeadloopError } from '../errors/leadloop-error.ts';
import { logger } from '../log/logger.ts';
import type { JobRecord, Store } from '../store/index.ts';
import { syncRunDuration, syncRuns } from '../server/metrics.ts';
import type { JobContext, ReportSnapshotFn, SyncPort } from '../server/ports.ts';
import { JOB_KINDS, ScheduledPayload, SyncCyclePayload, SyncRecordsPayload } from './job-kinds.ts';
import type { JobHandler } from './worker.ts';

/**
 * What each job kind does, through the SyncPort. Full cycles and SLA sweeps take a
 * PostgreSQL advisory lock: with several replicas, a cycle that outlasts its schedule
 * interval is never joined by a second one (the later job finds the lock held and ends:
 * the running cycle reads the same changes).
 */
export interface JobHandlerDeps {
  readonly store: Store;
  readonly sync: SyncPort;
  readonly reportSnapshot?: ReportSnapshotFn | undefined;
}

const log = logger('jobs.handlers');

async function exclusively(
  store: Store,
  name: string,
  job: JobRecord,
  fn: () => Promise<void>,
): Promise<void> {
  const lock = await store.db.tryAdvisoryLock(`leadloop:${name}`);
  if (lock === undefined) {
    log.info('skipped: another replica is running it', { jobId: job.id, kind: job.kind });
    return;
  }
  try {
    await fn();
  } finally {
    await lock.release();
  }
}

export function jobHandlers(deps: JobHandlerDeps): Record<string, JobHandler> {
  const { store, sync } = deps;
  const handlers: Record<string, JobHandler> = {
    [JOB_KINDS.syncCycle]: (job, context: JobContext) =>
      exclusively(store, JOB_KINDS.syncCycle, job, async () => {
        const { trigger } = SyncCyclePayload.parse(job.payload);
        const stopTimer = syncRunDuration.startTimer({ trigger });
        const summary = await sync.runCycle(trigger, context).catch((error: unknown) => {
          // Held past the wait by a sync outside the job queue (`leadloop sync` from a shell):
          // that one reads the same changes, as when another replica runs the cycle.
          if (!(isLeadloopError(error) && error.code === 'sync.busy')) throw error;
          log.info('skipped: another sync is running', { jobId: job.id, kind: job.kind });
          return undefined;
        });
        stopTimer();
        if (summary === undefined) return;
        syncRuns.inc({ trigger, status: summary.status });
      }),

    [JOB_KINDS.syncRecords]: async (job, context) => {
      const payload = SyncRecordsPayload.parse(job.payload);
      // The engine observes propagation latency itself: it knows the vendor's change time.
      await sync.syncRecords(payload.system, payload.object, payload.ids, context);
    },

    [JOB_KINDS.slaSweep]: (job, context) =>
      exclusively(store, JOB_KINDS.slaSweep, job, async () => {
        await sync.runSlaSweep(context);
      }),
  };
  const snapshot = deps.reportSnapshot;
  if (snapshot !== undefined) {
    handlers[JOB_KINDS.reportSnapshot] = async (job, context) => {
      const { tick } = ScheduledPayload.parse(job.payload);
      await snapshot(tick, context);
    };
  }
  return handlers;
}
