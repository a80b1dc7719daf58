import { z } from 'zod';
import {
  jsonOrNull,
  nowIso,
  nullableTimestampColumn,
  parseRow,
  parseRows,
  timestampColumn,
  type RepoContext,
} from './rows.ts';

/**
 * `runs`: one row per sync / SLA sweep / replay run, with its state (docs/specs/sync-run.md)
 * and a summary for the health page and `leadloop report`.
 */
export const RunRowSchema = z.object({
  id: z.string(),
  kind: z.string(),
  startedAt: timestampColumn,
  finishedAt: nullableTimestampColumn,
  status: z.string(),
  trigger: z.string(),
  summary: z.record(z.string(), z.unknown()),
  error: z.record(z.string(), z.unknown()).nullable(),
});
export type RunRecord = z.output<typeof RunRowSchema>;

const COLUMNS = `id, kind, started_at AS "startedAt", finished_at AS "finishedAt", status,
  trigger, summary, error`;
const parse = (rows: readonly unknown[]) => parseRows(RunRowSchema, rows, 'runs');

export type RunsRepo = ReturnType<typeof createRunsRepo>;

export function createRunsRepo({ db, clock }: RepoContext) {
  const one = async (sql: string, params: readonly unknown[]) => {
    const row = (await db.query(sql, params)).rows[0];
    if (row === undefined) throw new Error('run not found');
    return parseRow(RunRowSchema, row, 'runs');
  };

  return {
    /** `kind`: sync, sla, replay, …; `trigger`: schedule, cli, webhook, admin. */
    async start(input: { kind: string; trigger: string; status?: string }): Promise<RunRecord> {
      return one(
        `INSERT INTO runs (kind, trigger, status, started_at) VALUES ($1, $2, $3, $4::timestamptz)
         RETURNING ${COLUMNS}`,
        [input.kind, input.trigger, input.status ?? 'started', nowIso(clock)],
      );
    },

    /** A state change while running; the summary given replaces the stored one. */
    async progress(
      id: string,
      status: string,
      summary?: Record<string, unknown>,
    ): Promise<RunRecord> {
      return one(
        `UPDATE runs SET status = $2, summary = coalesce($3::jsonb, summary) WHERE id = $1
         RETURNING ${COLUMNS}`,
        [id, status, jsonOrNull(summary)],
      );
    },

    async finish(
      id: string,
      outcome: {
        status: string;
        summary?: Record<string, unknown>;
        error?: Record<string, unknown>;
      },
    ): Promise<RunRecord> {
      return one(
        `UPDATE runs SET status = $2, summary = coalesce($3::jsonb, summary), error = $4::jsonb,
                         finished_at = $5::timestamptz
         WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, outcome.status, jsonOrNull(outcome.summary), jsonOrNull(outcome.error), nowIso(clock)],
      );
    },

    async get(id: string): Promise<RunRecord | undefined> {
      const { rows } = await db.query(`SELECT ${COLUMNS} FROM runs WHERE id = $1`, [id]);
      return parse(rows)[0];
    },

    /** Newest first. */
    async latest(query: { kind?: string | undefined; limit: number }): Promise<RunRecord[]> {
      const { rows } = await db.query(
        `SELECT ${COLUMNS} FROM runs WHERE ($1::text IS NULL OR kind = $1)
         ORDER BY started_at DESC, id LIMIT $2`,
        [query.kind ?? null, query.limit],
      );
      return parse(rows);
    },

    /** Runs not finished: in progress, or cut off by a crash (the next leader marks them). */
    async unfinished(kind?: string): Promise<RunRecord[]> {
      const { rows } = await db.query(
        `SELECT ${COLUMNS} FROM runs WHERE finished_at IS NULL AND ($1::text IS NULL OR kind = $1)
         ORDER BY started_at`,
        [kind ?? null],
      );
      return parse(rows);
    },
  };
}
