import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JOB_KINDS } from '../../src/jobs/job-kinds.ts';
import { startBothSandboxes, type RunningSandboxes } from '../../src/sandbox/start.ts';
import { backends, type TestBackend } from '../support/database.ts';
import { startSyncWorld, type SyncWorld } from '../support/sync-world.ts';
import { startServe, writeConfig, type ServeProcess } from './serve-process.ts';

/**
 * Production runs several `leadloop serve` replicas against one PostgreSQL. Every replica
 * ticks the schedules; each due instant must become one job, claimed and run by exactly one
 * replica's worker, and a sync cycle must never run twice at once. Without PostgreSQL the
 * embedded store serves one process only, and a second one is refused.
 */
const postgres = backends.find((backend) => backend.name === 'postgres');
// Ticks every second (sla) and every other second (sync): node-cron's leading seconds field.
const SCHEDULES = { sync: '*/2 * * * * *', sla: '* * * * * *', reportSnapshot: '0 6 * * *' };
/** Enough people that the first cycle outlasts a few ticks: the other replica takes those. */
const PEOPLE = 300;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface JobRow {
  id: string;
  kind: string;
  dedupe_key: string;
  attempts: number;
  locked_by: string | null;
  done_at: unknown;
  failed_at: unknown;
  last_error: string | null;
}

/** The ids of the jobs one process's worker finished, from its log. */
function finishedBy(serve: ServeProcess): string[] {
  return serve
    .logs()
    .filter((record) => record.message === 'job finished')
    .map((record) => String(record.jobId));
}

function queuedBy(serve: ServeProcess): string[] {
  return serve
    .logs()
    .filter((record) => record.message === 'scheduled jobs queued')
    .flatMap((record) => record.jobs as string[]);
}

function skippedBy(serve: ServeProcess): string[] {
  return serve
    .logs()
    .filter((record) => record.message === 'skipped: another replica is running it')
    .map((record) => String(record.jobId));
}

async function healthy(serve: ServeProcess): Promise<number> {
  return (await fetch(`${serve.url}/healthz`)).status;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'leadloop-replicas-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function replicasOnPostgres(backend: TestBackend): void {
  describe('two serve processes on one PostgreSQL', () => {
    let world: SyncWorld;
    let replicas: ServeProcess[] = [];
    beforeAll(async () => {
      world = await startSyncWorld({ backend, count: PEOPLE });
    }, 60_000);
    afterAll(async () => {
      for (const replica of replicas) replica.kill('SIGKILL');
      await world?.close();
    });

    test('each scheduled tick is queued once, claimed once and run once, by either replica', async () => {
      const configPath = writeConfig(dir, SCHEDULES);
      const databaseUrl = world.env.DATABASE_URL;
      if (databaseUrl === undefined) throw new Error('the world has no PostgreSQL schema');
      replicas = await Promise.all(
        [1, 2].map(() =>
          startServe({
            sandboxes: world.sandboxes,
            configPath,
            store: { DATABASE_URL: databaseUrl },
          }),
        ),
      );
      const [first, second] = replicas as [ServeProcess, ServeProcess];
      expect([await healthy(first), await healthy(second)]).toEqual([200, 200]);

      // Run until both workers have finished jobs, three sync ticks are done and a quiet cycle
      // followed the first one.
      const enough = async () => {
        const runs = await world.store.runs.latest({ kind: 'sync', limit: 200 });
        const { rows } = await world.store.db.query(
          `SELECT 1 FROM jobs WHERE dedupe_key LIKE 'schedule:sync:%' AND done_at IS NOT NULL`,
        );
        return (
          finishedBy(first).length > 0 &&
          finishedBy(second).length > 0 &&
          rows.length >= 3 &&
          runs.filter((run) => run.status === 'succeeded').length >= 2
        );
      };
      for (let waited = 0; waited < 40_000 && !(await enough()); waited += 250) await sleep(250);
      // Both still alive and serving after running their jobs.
      expect([await healthy(first), await healthy(second)]).toEqual([200, 200]);
      for (const replica of replicas) replica.kill('SIGTERM');
      expect(await Promise.all(replicas.map((replica) => replica.exited))).toEqual([0, 0]);

      const { rows } = await world.store.db.query<JobRow>(
        `SELECT id, kind, dedupe_key, attempts, locked_by, done_at, failed_at, last_error FROM jobs
         WHERE dedupe_key LIKE 'schedule:%' ORDER BY dedupe_key`,
      );
      const keys = rows.map((job) => job.dedupe_key);
      expect(new Set(keys).size).toBe(keys.length);
      const done = rows.filter((job) => job.done_at !== null);
      // Run exactly once: one claim each, none given up, every lease released at shutdown.
      expect(done.map((job) => job.attempts)).toEqual(done.map(() => 1));
      expect(rows.filter((job) => job.failed_at !== null)).toEqual([]);
      expect(rows.filter((job) => job.locked_by !== null)).toEqual([]);
      // A tick queued in the last instant before both stopped waits, unclaimed, for the next start.
      expect(rows.filter((job) => job.done_at === null).map((job) => job.attempts)).toEqual(
        rows.filter((job) => job.done_at === null).map(() => 0),
      );

      // Each tick was queued by one replica and finished by one worker; both workers took some.
      const [queuedFirst, queuedSecond] = [queuedBy(first), queuedBy(second)];
      expect([...queuedFirst, ...queuedSecond].sort()).toEqual(keys);
      const [ranFirst, ranSecond] = [finishedBy(first), finishedBy(second)];
      expect([...ranFirst, ...ranSecond].sort()).toEqual(done.map((job) => job.id).sort());
      expect(ranFirst.length).toBeGreaterThan(0);
      expect(ranSecond.length).toBeGreaterThan(0);

      // Sync ticks every other second, none lost between the first and the last.
      const syncTicks = keys
        .filter((key) => key.startsWith('schedule:sync:'))
        .map((key) => Date.parse(key.slice('schedule:sync:'.length)));
      expect(syncTicks.length).toBeGreaterThanOrEqual(3);
      const firstTick = syncTicks[0] ?? 0;
      expect(syncTicks).toEqual(syncTicks.map((_, index) => firstTick + index * 2_000));

      // One sync run per sync job, except those that found the other replica's cycle running.
      const syncJobs = done.filter((job) => job.kind === JOB_KINDS.syncCycle).map((job) => job.id);
      const skipped = [...skippedBy(first), ...skippedBy(second)];
      expect(skipped.every((id) => syncJobs.includes(id))).toBe(true);
      const runs = (await world.store.runs.latest({ kind: 'sync', limit: 200 })).sort((a, b) =>
        a.startedAt.localeCompare(b.startedAt),
      );
      expect(runs.map((run) => run.trigger)).toEqual(runs.map(() => 'schedule'));
      expect(runs).toHaveLength(syncJobs.length - skipped.length);
      // Never two cycles at once; each ended (one cut short by SIGTERM says so).
      for (const [index, run] of runs.entries()) {
        expect(['succeeded', 'stopped']).toContain(run.status);
        expect(run.finishedAt).not.toBeNull();
        const next = runs[index + 1];
        if (next !== undefined) expect(next.startedAt >= (run.finishedAt ?? '')).toBe(true);
      }
      for (const replica of replicas)
        expect(replica.logs().filter((record) => record.level === 'error')).toEqual([]);
    }, 60_000);
  });
}

if (postgres !== undefined) replicasOnPostgres(postgres);

/**
 * Without PostgreSQL (the default install), replicas are not possible: the embedded store is
 * one process's. A second `serve` on the same data folder must stop at start, saying why and
 * what to do, while the first one keeps serving.
 */
describe(`embedded PGlite serves one process${postgres === undefined ? ' (PostgreSQL not configured: LEADLOOP_TEST_DATABASE_URL is unset, so two replicas are not run)' : ''}`, () => {
  let sandboxes: RunningSandboxes;
  let running: ServeProcess | undefined;
  beforeAll(async () => {
    sandboxes = await startBothSandboxes();
  });
  afterAll(async () => {
    running?.kill('SIGKILL');
    await sandboxes?.close();
  });

  test('a second serve on the same LEADLOOP_DATA_DIR is refused; the first keeps serving', async () => {
    const configPath = writeConfig(dir, SCHEDULES);
    const store = { LEADLOOP_DATA_DIR: join(dir, 'data') };
    running = await startServe({ sandboxes, configPath, store });
    const refusal = startServe({ sandboxes, configPath, store });
    await expect(refusal).rejects.toThrow('serve exited (1) before serving');
    await expect(refusal).rejects.toThrow(
      `error [store.unavailable]: The embedded database in ${store.LEADLOOP_DATA_DIR} is already open by process ${running.pid}.\nhint: Embedded PGlite serves one leadloop process. Stop the other one, point LEADLOOP_DATA_DIR at another folder, or set DATABASE_URL to share PostgreSQL between replicas.`,
    );
    expect(await healthy(running)).toBe(200);
    running.kill('SIGTERM');
    expect(await running.exited).toBe(0);
  });
});
