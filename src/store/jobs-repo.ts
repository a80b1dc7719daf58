import { z } from 'zod';
import {
  json,
  nowIso,
  nullableTimestampColumn,
  parseRows,
  timestampColumn,
  type RepoContext,
} from './rows.ts';

/**
 * `jobs`: a durable work queue any replica can take from. Claiming uses
 * `FOR UPDATE SKIP LOCKED`, so concurrent claimers never get the same job, and a lease: a job
 * whose worker died is claimed again once its lease runs out. `attempts` counts claims.
 */
export const JobRowSchema = z.object({
  id: z.string(),
  kind: z.string(),
  payload: z.unknown(),
  dedupeKey: z.string().nullable(),
  runAfter: timestampColumn,
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  lockedBy: z.string().nullable(),
  lockedUntil: nullableTimestampColumn,
  createdAt: timestampColumn,
  doneAt: nullableTimestampColumn,
  failedAt: nullableTimestampColumn,
  lastError: z.string().nullable(),
});
export type JobRecord = z.output<typeof JobRowSchema>;

export interface NewJob {
  readonly kind: string;
  readonly payload?: unknown;
  /** At most one unfinished job per key: enqueueing it again is a no-op until it is done. */
  readonly dedupeKey?: string | null | undefined;
  /** Defaults to now. */
  readonly runAfter?: string | undefined;
  readonly maxAttempts?: number | undefined;
}

export interface ClaimOptions {
  /** Who holds the lease (replica id); only it may complete or fail the job. */
  readonly workerId: string;
  readonly limit: number;
  readonly leaseMs: number;
  readonly kinds?: readonly string[] | undefined;
}

export type FailOutcome = 'retry' | 'gave_up' | 'lease_lost';

/** Retry backoff: 30 s, 1 min, 2 min, … capped at 1 h. */
export const DEFAULT_BACKOFF = { baseMs: 30_000, maxMs: 3_600_000 } as const;

const COLUMNS = `id, kind, payload, dedupe_key AS "dedupeKey", run_after AS "runAfter", attempts,
  max_attempts AS "maxAttempts", locked_by AS "lockedBy", locked_until AS "lockedUntil",
  created_at AS "createdAt", done_at AS "doneAt", failed_at AS "failedAt",
  last_error AS "lastError"`;
const UNFINISHED = 'done_at IS NULL AND failed_at IS NULL';
const parse = (rows: readonly unknown[]) => parseRows(JobRowSchema, rows, 'jobs');
const byRunOrder = (a: JobRecord, b: JobRecord) =>
  a.runAfter.localeCompare(b.runAfter) || a.id.localeCompare(b.id);

export type JobsRepo = ReturnType<typeof createJobsRepo>;

export function createJobsRepo({ db, clock }: RepoContext) {
  const repo = {
    /** Enqueues in one statement. Jobs whose dedupe key is already waiting or running are skipped. */
    async enqueue(jobs: readonly NewJob[]): Promise<{ enqueued: JobRecord[]; skipped: string[] }> {
      if (jobs.length === 0) return { enqueued: [], skipped: [] };
      const now = nowIso(clock);
      const docs = jobs.map((job) => ({
        kind: job.kind,
        payload: { v: job.payload ?? {} },
        dedupe_key: job.dedupeKey ?? null,
        run_after: job.runAfter ?? now,
        max_attempts: job.maxAttempts ?? 5,
      }));
      const { rows } = await db.query(
        `INSERT INTO jobs (kind, payload, dedupe_key, run_after, max_attempts, created_at)
         SELECT kind, payload -> 'v', dedupe_key, run_after, max_attempts, $2::timestamptz
         FROM jsonb_to_recordset($1::jsonb) AS x(kind text, payload jsonb, dedupe_key text,
              run_after timestamptz, max_attempts integer)
         ON CONFLICT (dedupe_key) WHERE ${UNFINISHED} DO NOTHING
         RETURNING ${COLUMNS}`,
        [json(docs), now],
      );
      const enqueued = parse(rows);
      // Each inserted key accounts for the first job that carried it; later ones were skipped.
      const unclaimed = new Set(enqueued.map((job) => job.dedupeKey));
      const skipped: string[] = [];
      for (const { dedupeKey } of jobs) {
        if (dedupeKey === undefined || dedupeKey === null) continue;
        if (unclaimed.has(dedupeKey)) unclaimed.delete(dedupeKey);
        else skipped.push(dedupeKey);
      }
      return { enqueued, skipped };
    },

    /**
     * Enqueues a job unless one with its dedupe key ever existed (waiting, running, done or
     * given up, until pruned): a scheduled tick that every replica enqueues runs once. Two
     * concurrent inserts meet on the unfinished-key index, so only one wins there too.
     */
    async enqueueOnce(
      job: NewJob & { readonly dedupeKey: string },
    ): Promise<JobRecord | undefined> {
      const now = nowIso(clock);
      const { rows } = await db.query(
        `INSERT INTO jobs (kind, payload, dedupe_key, run_after, max_attempts, created_at)
         SELECT $1, $2::jsonb, $3, $4::timestamptz, $5, $6::timestamptz
         WHERE NOT EXISTS (SELECT 1 FROM jobs WHERE dedupe_key = $3)
         ON CONFLICT (dedupe_key) WHERE ${UNFINISHED} DO NOTHING
         RETURNING ${COLUMNS}`,
        [
          job.kind,
          json(job.payload ?? {}),
          job.dedupeKey,
          job.runAfter ?? now,
          job.maxAttempts ?? 5,
          now,
        ],
      );
      return parse(rows)[0];
    },

    /** Jobs waiting or running (the `/metrics` queue gauge). */
    async countUnfinished(): Promise<number> {
      const { rows } = await db.query<{ count: number | string }>(
        `SELECT count(*) AS count FROM jobs WHERE ${UNFINISHED}`,
      );
      return Number(rows[0]?.count ?? 0);
    },

    /**
     * Claims up to `limit` due jobs for `workerId` with a lease of `leaseMs`. Jobs whose lease
     * ran out after their last allowed attempt are given up first, not run again.
     */
    async claim(options: ClaimOptions): Promise<JobRecord[]> {
      const now = nowIso(clock);
      await db.query(
        `UPDATE jobs SET failed_at = $1::timestamptz, locked_by = NULL, locked_until = NULL,
           last_error = coalesce(last_error, 'lease expired after the last attempt')
         WHERE ${UNFINISHED} AND locked_until <= $1::timestamptz AND attempts >= max_attempts`,
        [now],
      );
      const { rows } = await db.query(
        `WITH ready AS (
           SELECT id AS ready_id FROM jobs
           WHERE ${UNFINISHED} AND run_after <= $1::timestamptz
             AND (locked_until IS NULL OR locked_until <= $1::timestamptz)
             AND ($4::text[] IS NULL OR kind = ANY($4::text[]))
           ORDER BY run_after, id
           LIMIT $3
           FOR UPDATE SKIP LOCKED
         )
         UPDATE jobs AS j SET locked_by = $2, attempts = j.attempts + 1,
           locked_until = $1::timestamptz + $5::integer * interval '1 millisecond'
         FROM ready WHERE j.id = ready.ready_id
         RETURNING ${COLUMNS}`,
        [
          now,
          options.workerId,
          options.limit,
          options.kinds ? [...options.kinds] : null,
          options.leaseMs,
        ],
      );
      return parse(rows).sort(byRunOrder);
    },

    /** Marks the job done; false if the lease was lost (another worker took the job over). */
    async complete(id: string, workerId: string): Promise<boolean> {
      const { rowCount } = await db.query(
        `UPDATE jobs SET done_at = $3::timestamptz, locked_by = NULL, locked_until = NULL
         WHERE id = $1 AND locked_by = $2 AND ${UNFINISHED}`,
        [id, workerId, nowIso(clock)],
      );
      return rowCount === 1;
    },

    /**
     * Records a failure: retried after an exponential backoff (or `retryInMs`), or given up
     * once `maxAttempts` claims have failed.
     */
    async fail(
      id: string,
      workerId: string,
      error: string,
      options: { retryInMs?: number; backoff?: { baseMs: number; maxMs: number } } = {},
    ): Promise<FailOutcome> {
      const backoff = options.backoff ?? DEFAULT_BACKOFF;
      const { rows } = await db.query<{ gaveUp: boolean }>(
        `UPDATE jobs SET last_error = $3, locked_by = NULL, locked_until = NULL,
           failed_at = CASE WHEN attempts >= max_attempts THEN $4::timestamptz END,
           run_after = CASE WHEN attempts >= max_attempts THEN run_after
             ELSE $4::timestamptz + interval '1 millisecond' * coalesce($5::bigint,
               least($7::bigint, $6::bigint * power(2, least(greatest(attempts - 1, 0), 30))::bigint)) END
         WHERE id = $1 AND locked_by = $2 AND ${UNFINISHED}
         RETURNING failed_at IS NOT NULL AS "gaveUp"`,
        [
          id,
          workerId,
          error,
          nowIso(clock),
          options.retryInMs ?? null,
          backoff.baseMs,
          backoff.maxMs,
        ],
      );
      const row = rows[0];
      if (row === undefined) return 'lease_lost';
      return row.gaveUp ? 'gave_up' : 'retry';
    },

    /** Keeps a long job's lease; false if it was lost. */
    async extendLease(id: string, workerId: string, leaseMs: number): Promise<boolean> {
      const { rowCount } = await db.query(
        `UPDATE jobs SET locked_until = $3::timestamptz + $4::integer * interval '1 millisecond'
         WHERE id = $1 AND locked_by = $2 AND ${UNFINISHED}`,
        [id, workerId, nowIso(clock), leaseMs],
      );
      return rowCount === 1;
    },

    /** Gives a job back unrun (graceful shutdown): due again at once, the claim not counted. */
    async release(id: string, workerId: string): Promise<boolean> {
      const { rowCount } = await db.query(
        `UPDATE jobs SET locked_by = NULL, locked_until = NULL, attempts = greatest(attempts - 1, 0)
         WHERE id = $1 AND locked_by = $2 AND ${UNFINISHED}`,
        [id, workerId],
      );
      return rowCount === 1;
    },

    async get(id: string): Promise<JobRecord | undefined> {
      const { rows } = await db.query(`SELECT ${COLUMNS} FROM jobs WHERE id = $1`, [id]);
      return parse(rows)[0];
    },

    /** Jobs that gave up, newest first, for the admin. */
    async listFailed(limit = 100): Promise<JobRecord[]> {
      const { rows } = await db.query(
        `SELECT ${COLUMNS} FROM jobs WHERE failed_at IS NOT NULL ORDER BY failed_at DESC LIMIT $1`,
        [limit],
      );
      return parse(rows);
    },

    /** Deletes jobs finished (done or given up) before `before`. */
    async pruneFinished(before: string): Promise<number> {
      const { rowCount } = await db.query(
        `DELETE FROM jobs WHERE coalesce(done_at, failed_at) < $1::timestamptz
           AND (done_at IS NOT NULL OR failed_at IS NOT NULL)`,
        [before],
      );
      return rowCount;
    },
  };
  return repo;
}
