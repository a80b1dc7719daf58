import { createTask, type ScheduledTask } from 'node-cron';
import type { Clock } from '../lead/clock.ts';
import { logger } from '../log/logger.ts';
import type { Store } from '../store/index.ts';
import { JOB_KINDS } from './job-kinds.ts';

/**
 * Turns the cron schedules of `config/leadloop.yaml` into jobs. node-cron parses and matches
 * the expressions (in the configured time zone); the time comes from leadloop's clock, so
 * `LEADLOOP_NOW` (or a demo's accelerated clock) drives the schedule too. Every replica
 * ticks, and each due instant becomes one job with the key `schedule:<name>:<instant>`,
 * enqueued once across all replicas (`jobs.enqueueOnce`): the tick runs exactly once, on
 * whichever replica's worker claims it.
 */
export interface Schedule {
  readonly name: string;
  readonly cron: string;
  readonly kind: string;
  readonly payload: (tick: string) => unknown;
  /** Scheduled work repeats anyway: sync and SLA give up after one failed attempt. */
  readonly maxAttempts: number;
}

export interface SchedulerOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly schedules: readonly Schedule[];
  readonly timezone: string;
  /** Real-time interval between looks at the clock (default 1 s). */
  readonly tickMs?: number;
  readonly onJobQueued?: () => void;
}

export interface Scheduler {
  /** Enqueues the jobs due since the last tick; returns the dedupe keys it enqueued. */
  tick(): Promise<string[]>;
  start(): void;
  /** Stops ticking and waits for a tick in progress. */
  stop(): Promise<void>;
}

/** The schedules in `config/leadloop.yaml` (`schedules:`), as jobs. */
export function configuredSchedules(config: {
  sync: string;
  sla: string;
  reportSnapshot: string;
}): Schedule[] {
  return [
    {
      name: 'sync',
      cron: config.sync,
      kind: JOB_KINDS.syncCycle,
      payload: (tick) => ({ trigger: 'schedule', tick }),
      maxAttempts: 1,
    },
    {
      name: 'sla',
      cron: config.sla,
      kind: JOB_KINDS.slaSweep,
      payload: (tick) => ({ tick }),
      maxAttempts: 1,
    },
    {
      name: 'reportSnapshot',
      cron: config.reportSnapshot,
      kind: JOB_KINDS.reportSnapshot,
      payload: (tick) => ({ tick }),
      maxAttempts: 3,
    },
  ];
}

const log = logger('jobs.scheduler');
/** How far back a tick looks when the clock jumped (a stopped process, a fast demo clock). */
const MAX_LOOKBACK_STEPS = 24 * 60;

/** The latest instant in (after, now] the expression matches, or undefined. */
function latestMatch(task: ScheduledTask, stepMs: number, after: number, now: number) {
  let candidate = Math.floor(now / stepMs) * stepMs;
  for (let steps = 0; candidate > after && steps < MAX_LOOKBACK_STEPS; steps += 1) {
    if (task.match(new Date(candidate))) return candidate;
    candidate -= stepMs;
  }
  return undefined;
}

/** The step a cron expression matches on: five fields whole minutes, six (with seconds) seconds. */
export function cronStepMs(cron: string): number {
  return cron.trim().split(/\s+/).length === 6 ? 1_000 : 60_000;
}

export function createScheduler(options: SchedulerOptions): Scheduler {
  const { store, clock } = options;
  const entries = options.schedules.map((schedule) => ({
    schedule,
    // Never started: used only to match instants, so node-cron runs no timers of its own.
    task: createTask(schedule.cron, () => undefined, { timezone: options.timezone }),
    stepMs: cronStepMs(schedule.cron),
  }));
  // On start, an instant due within the last step still counts (a restart at 10:02:30 runs
  // the 10:02 tick unless another replica already did).
  let lastChecked: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<unknown> = Promise.resolve();

  const tick = async (): Promise<string[]> => {
    const now = clock().getTime();
    const enqueued: string[] = [];
    for (const { schedule, task, stepMs } of entries) {
      const after = lastChecked ?? now - stepMs;
      const due = latestMatch(task, stepMs, after, now);
      if (due === undefined) continue;
      const at = new Date(due).toISOString();
      const dedupeKey = `schedule:${schedule.name}:${at}`;
      const job = await store.jobs.enqueueOnce({
        kind: schedule.kind,
        payload: schedule.payload(at),
        dedupeKey,
        maxAttempts: schedule.maxAttempts,
      });
      if (job !== undefined) enqueued.push(dedupeKey);
    }
    lastChecked = now;
    if (enqueued.length > 0) {
      log.info('scheduled jobs queued', { jobs: enqueued });
      options.onJobQueued?.();
    }
    return enqueued;
  };

  return {
    tick,
    start() {
      timer ??= setInterval(() => {
        ticking = ticking.then(tick).catch((error: unknown) =>
          log.error('schedule tick failed', {
            error: error instanceof Error ? error.message : String(error),
          }),
        );
      }, options.tickMs ?? 1_000);
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await ticking;
      for (const { task } of entries) await task.destroy();
    },
  };
}
