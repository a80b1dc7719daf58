import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { logger } from '../log/logger.ts';
import type { JobRecord, Store } from '../store/index.ts';
import { jobsFinished } from '../server/metrics.ts';
import type { JobContext } from '../server/ports.ts';

/**
 * Takes work from the durable queue (store.jobs) and runs it. Claims are leases
 * (`FOR UPDATE SKIP LOCKED`): any replica's worker may take a job, never two at once, and a
 * job whose worker died is claimed again when its lease runs out. A failed job is retried with
 * backoff until its attempts are spent. On stop (SIGTERM) the worker claims nothing more,
 * signals the job in flight to wind down and waits for it; a job still running after the drain
 * time is released unrun, so another replica takes it: nothing is lost.
 */
export type JobHandler = (job: JobRecord, context: JobContext) => Promise<void>;

export interface JobWorkerOptions {
  readonly store: Store;
  readonly handlers: Readonly<Record<string, JobHandler>>;
  /** Names the lease holder; default `<host>:<pid>:<random>`. */
  readonly workerId?: string;
  /** Lease per claim, renewed every third of it while the job runs (default 5 minutes). */
  readonly leaseMs?: number;
  /** Idle wait between looks at the queue when not woken (default 1 s). */
  readonly pollMs?: number;
  /** How long stop() waits for the job in flight before releasing it (default 25 s). */
  readonly drainMs?: number;
  readonly backoff?: { readonly baseMs: number; readonly maxMs: number };
}

export interface JobWorker {
  readonly workerId: string;
  start(): void;
  /** Claims and runs at most one job; false if none was due. */
  runOnce(): Promise<boolean>;
  /** Work was queued: look at the queue now instead of after the idle wait. */
  wake(): void;
  stop(): Promise<void>;
}

const log = logger('jobs.worker');

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
const retryAfter = (error: unknown): number | undefined => {
  const ms = (error as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  return typeof ms === 'number' && ms > 0 ? ms : undefined;
};

export function createJobWorker(options: JobWorkerOptions): JobWorker {
  const { store, handlers } = options;
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const pollMs = options.pollMs ?? 1_000;
  const drainMs = options.drainMs ?? 25_000;
  const kinds = Object.keys(handlers);
  const shutdown = new AbortController();
  let loop: Promise<void> | undefined;
  let inFlight: { job: JobRecord; done: Promise<void> } | undefined;
  let wakeUp: (() => void) | undefined;

  const finish = async (job: JobRecord, error: unknown): Promise<void> => {
    let outcome: string;
    if (error === undefined) {
      outcome = (await store.jobs.complete(job.id, workerId)) ? 'done' : 'lease_lost';
    } else if (shutdown.signal.aborted) {
      // Cut short by shutdown: not the job's fault, so the attempt is not counted.
      outcome = (await store.jobs.release(job.id, workerId)) ? 'released' : 'lease_lost';
    } else {
      const retryInMs = retryAfter(error);
      outcome = await store.jobs.fail(job.id, workerId, message(error), {
        ...(retryInMs === undefined ? {} : { retryInMs }),
        ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
      });
    }
    jobsFinished.inc({ kind: job.kind, outcome });
    const fields = { jobId: job.id, kind: job.kind, attempt: job.attempts, outcome };
    if (error === undefined) log.info('job finished', fields);
    else log.warn('job failed', { ...fields, error: message(error) });
  };

  const run = async (job: JobRecord): Promise<void> => {
    const handler = handlers[job.kind];
    const renew = setInterval(() => {
      store.jobs.extendLease(job.id, workerId, leaseMs).catch((error: unknown) => {
        log.warn('lease renewal failed', { jobId: job.id, error: message(error) });
      });
    }, leaseMs / 3);
    let failure: unknown;
    try {
      if (handler === undefined) throw new Error(`no handler for job kind ${job.kind}`);
      await handler(job, { signal: shutdown.signal });
    } catch (error) {
      failure = error ?? new Error('job failed');
    } finally {
      clearInterval(renew);
    }
    await finish(job, failure);
  };

  const runOnce = async (): Promise<boolean> => {
    if (shutdown.signal.aborted) return false;
    const [job] = await store.jobs.claim({ workerId, limit: 1, leaseMs, kinds });
    if (job === undefined) return false;
    const done = run(job);
    inFlight = { job, done };
    try {
      await done;
    } finally {
      inFlight = undefined;
    }
    return true;
  };

  const idle = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wakeUp = undefined;
        resolve();
      }, pollMs);
      wakeUp = () => {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      };
    });

  const forever = async (): Promise<void> => {
    while (!shutdown.signal.aborted) {
      let ran = false;
      try {
        ran = await runOnce();
      } catch (error) {
        log.error('job queue unreachable', { error: message(error) });
      }
      if (!ran && !shutdown.signal.aborted) await idle();
    }
  };

  return {
    workerId,
    runOnce,
    start() {
      loop ??= forever();
    },
    wake() {
      wakeUp?.();
    },
    async stop() {
      shutdown.abort();
      wakeUp?.();
      const current = inFlight;
      if (current !== undefined) {
        let timer: NodeJS.Timeout | undefined;
        const drained = await Promise.race([
          current.done.then(() => true),
          new Promise<boolean>((resolve) => {
            timer = setTimeout(() => resolve(false), drainMs);
          }),
        ]);
        clearTimeout(timer);
        if (!drained) {
          const released = await store.jobs.release(current.job.id, workerId);
          jobsFinished.inc({
            kind: current.job.kind,
            outcome: released ? 'released' : 'lease_lost',
          });
          log.warn('job still running at shutdown: released for another replica', {
            jobId: current.job.id,
            kind: current.job.kind,
          });
          return;
        }
      }
      await loop;
    },
  };
}
