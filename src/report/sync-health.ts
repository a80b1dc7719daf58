import { z } from 'zod';
import type { Queryable } from '../store/database.ts';
import { nullableTimestampColumn, parseRows, timestampColumn } from '../store/rows.ts';
import { countColumn, nullableNumber } from './sql.ts';

/**
 * Sync health right now (not the period): the last runs, the dead letters waiting for
 * `leadloop replay`, and the API budget the last sync run reported spending.
 */
export const RunSummaryRowSchema = z.strictObject({
  id: z.string(),
  kind: z.string(),
  status: z.string(),
  trigger: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  durationSeconds: z.number().nullable(),
});

export const DeadLetterGroupSchema = z.strictObject({
  system: z.string(),
  object: z.string(),
  errorKind: z.string(),
  count: z.number().int().nonnegative(),
  oldestFailedAt: z.string(),
});

/**
 * One system's API spend as the sync engine records it in `runs.summary.apiUsage` (an array
 * of `ApiUsage` from `Connector.usage()`, or an object keyed by system).
 */
export const ApiBudgetSchema = z.strictObject({
  system: z.string(),
  callsMade: z.number().nullable(),
  dailyUsed: z.number().nullable(),
  dailyLimit: z.number().nullable(),
  budgetRemaining: z.number().nullable(),
  /** dailyUsed / dailyLimit when both are known. */
  dailyShareUsed: z.number().nullable(),
});
export type ApiBudget = z.infer<typeof ApiBudgetSchema>;

export const SyncHealthSchema = z.strictObject({
  lastRuns: z.array(RunSummaryRowSchema),
  openDeadLetters: z.number().int().nonnegative(),
  deadLetters: z.array(DeadLetterGroupSchema),
  /** From the last finished sync run; empty when none reported it. */
  apiBudget: z.array(ApiBudgetSchema),
  apiBudgetRunId: z.string().nullable(),
});
export type SyncHealth = z.infer<typeof SyncHealthSchema>;

export const LAST_RUNS_SHOWN = 10;

const RUNS_SQL = `
SELECT id, kind, status, trigger, started_at, finished_at,
       extract(epoch FROM finished_at - started_at)::float8 AS duration
FROM runs ORDER BY started_at DESC, id LIMIT ${LAST_RUNS_SHOWN}`;

// dead_letters_unresolved_idx keeps this to the open letters.
const DEAD_LETTERS_SQL = `
SELECT system, object, error_kind, count(*) AS count, min(first_failed_at) AS oldest
FROM dead_letters WHERE resolved_at IS NULL
GROUP BY system, object, error_kind ORDER BY count(*) DESC, system, object, error_kind`;

// runs_kind_started_idx: the newest finished sync run.
const BUDGET_SQL = `
SELECT id, summary -> 'apiUsage' AS usage FROM runs
WHERE kind = 'sync' AND finished_at IS NOT NULL ORDER BY started_at DESC, id LIMIT 1`;

const RunRowSchema = z.object({
  id: z.string(),
  kind: z.string(),
  status: z.string(),
  trigger: z.string(),
  started_at: timestampColumn,
  finished_at: nullableTimestampColumn,
  duration: nullableNumber,
});

const LetterRowSchema = z.object({
  system: z.string(),
  object: z.string(),
  error_kind: z.string(),
  count: countColumn,
  oldest: timestampColumn,
});

const num = z.number().nullable().optional().catch(null);
/** Lenient on purpose: a summary written by another version must not break the report. */
const UsageSchema = z.object({
  system: z.string().optional().catch(undefined),
  callsMade: num,
  dailyUsed: num,
  dailyLimit: num,
  budgetRemaining: num,
});

export async function querySyncHealth(db: Queryable): Promise<SyncHealth> {
  const runs = parseRows(RunRowSchema, (await db.query(RUNS_SQL)).rows, 'report.sync_health');
  const letters = parseRows(
    LetterRowSchema,
    (await db.query(DEAD_LETTERS_SQL)).rows,
    'report.sync_health',
  );
  const budgetRow = (await db.query<{ id: string; usage: unknown }>(BUDGET_SQL)).rows[0];
  return {
    lastRuns: runs.map((run) => ({
      id: run.id,
      kind: run.kind,
      status: run.status,
      trigger: run.trigger,
      startedAt: run.started_at,
      finishedAt: run.finished_at,
      durationSeconds: run.duration,
    })),
    openDeadLetters: letters.reduce((sum, group) => sum + group.count, 0),
    deadLetters: letters.map((group) => ({
      system: group.system,
      object: group.object,
      errorKind: group.error_kind,
      count: group.count,
      oldestFailedAt: group.oldest,
    })),
    apiBudget: budgetRow === undefined ? [] : usageOf(budgetRow.usage),
    apiBudgetRunId: budgetRow?.id ?? null,
  };
}

function usageOf(raw: unknown): ApiBudget[] {
  const entries: [string | undefined, unknown][] = Array.isArray(raw)
    ? raw.map((item) => [undefined, item])
    : raw !== null && typeof raw === 'object'
      ? Object.entries(raw)
      : [];
  return entries.flatMap(([key, item]) => {
    const parsed = UsageSchema.safeParse(item);
    const system = parsed.success ? (parsed.data.system ?? key) : undefined;
    if (!parsed.success || system === undefined) return [];
    const { callsMade, dailyUsed, dailyLimit, budgetRemaining } = parsed.data;
    const used = dailyUsed ?? null;
    const limit = dailyLimit ?? null;
    return [
      {
        system,
        callsMade: callsMade ?? null,
        dailyUsed: used,
        dailyLimit: limit,
        budgetRemaining: budgetRemaining ?? null,
        dailyShareUsed: used === null || limit === null || limit === 0 ? null : used / limit,
      },
    ];
  });
}
