import { z } from 'zod';
import { logger } from '../log/logger.ts';
import { json, nowIso, parseRows, timestampColumn, type RepoContext } from './rows.ts';

/**
 * `cursors`: one incremental-read checkpoint per system object, saved after every page. The
 * value is the connector's own shape; it is validated on read, and an unreadable cursor means
 * a full resync, never a crash (STYLE.md §3).
 */
const CursorRowSchema = z.object({
  system: z.string(),
  object: z.string(),
  value: z.unknown(),
  updatedAt: timestampColumn,
});
export type CursorRecord = z.output<typeof CursorRowSchema>;

const COLUMNS = `system, object, value, updated_at AS "updatedAt"`;

export type CursorsRepo = ReturnType<typeof createCursorsRepo>;

export function createCursorsRepo({ db, clock }: RepoContext) {
  const repo = {
    async get(system: string, object: string): Promise<CursorRecord | undefined> {
      const { rows } = await db.query(
        `SELECT ${COLUMNS} FROM cursors WHERE system = $1 AND object = $2`,
        [system, object],
      );
      return parseRows(CursorRowSchema, rows, 'cursors')[0];
    },

    /** The cursor parsed with the connector's schema; undefined (full resync) if absent or unreadable. */
    async read<S extends z.ZodType>(
      system: string,
      object: string,
      schema: S,
    ): Promise<z.output<S> | undefined> {
      const found = await repo.get(system, object);
      if (found === undefined) return undefined;
      const parsed = schema.safeParse(found.value);
      if (parsed.success) return parsed.data;
      logger('store.cursors').warn('unreadable cursor: reading everything again', {
        system,
        object,
        issues: parsed.error.issues.map((issue) => issue.message),
      });
      return undefined;
    },

    async save(system: string, object: string, value: unknown): Promise<void> {
      await db.query(
        `INSERT INTO cursors (system, object, value, updated_at)
         VALUES ($1, $2, $3::jsonb, $4::timestamptz)
         ON CONFLICT (system, object) DO UPDATE SET value = excluded.value,
                                                    updated_at = excluded.updated_at`,
        [system, object, json(value), nowIso(clock)],
      );
    },

    /** Forgets cursors (one object, or all of a system) so the next run reads everything. */
    async reset(system: string, object?: string): Promise<number> {
      const { rowCount } = await db.query(
        'DELETE FROM cursors WHERE system = $1 AND ($2::text IS NULL OR object = $2)',
        [system, object ?? null],
      );
      return rowCount;
    },

    async list(): Promise<CursorRecord[]> {
      const { rows } = await db.query(`SELECT ${COLUMNS} FROM cursors ORDER BY system, object`);
      return parseRows(CursorRowSchema, rows, 'cursors');
    },
  };
  return repo;
}
