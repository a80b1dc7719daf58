import { z } from 'zod';
import {
  int8Column,
  json,
  nowIso,
  nullableTimestampColumn,
  parseRows,
  timestampColumn,
  type RepoContext,
} from './rows.ts';

/**
 * `identity_conflicts`: two records of one object claiming one lead (same email, say). leadloop
 * never guesses; it reports them here for an admin. Seeing the same conflict again next cycle
 * updates the open report instead of adding another.
 */
export const IdentityConflictRowSchema = z.object({
  id: int8Column,
  leadId: z.string(),
  system: z.string(),
  object: z.string(),
  /** The competing external ids, sorted. */
  ids: z.array(z.string()),
  emailNormalized: z.string().nullable(),
  detectedAt: timestampColumn,
  lastDetectedAt: timestampColumn,
  resolvedAt: nullableTimestampColumn,
  resolution: z.string().nullable(),
});
export type IdentityConflictRecord = z.output<typeof IdentityConflictRowSchema>;

export interface NewIdentityConflict {
  readonly leadId: string;
  readonly system: string;
  readonly object: string;
  readonly ids: readonly string[];
  readonly emailNormalized?: string | null | undefined;
}

const COLUMNS = `id, lead_id AS "leadId", system, object, ids, email_normalized AS "emailNormalized",
  detected_at AS "detectedAt", last_detected_at AS "lastDetectedAt", resolved_at AS "resolvedAt",
  resolution`;
const parse = (rows: readonly unknown[]) =>
  parseRows(IdentityConflictRowSchema, rows, 'identity_conflicts');

export type IdentityConflictsRepo = ReturnType<typeof createIdentityConflictsRepo>;

export function createIdentityConflictsRepo({ db, clock }: RepoContext) {
  return {
    /** Opens reports, or widens the open one of the same lead and object, in one statement. */
    async report(conflicts: readonly NewIdentityConflict[]): Promise<IdentityConflictRecord[]> {
      if (conflicts.length === 0) return [];
      const merged = new Map<string, NewIdentityConflict>();
      for (const c of conflicts) {
        const key = `${c.leadId}\u0000${c.system}\u0000${c.object}`;
        const seen = merged.get(key);
        merged.set(key, { ...c, ids: [...(seen?.ids ?? []), ...c.ids] });
      }
      const docs = [...merged.values()].map((c) => ({
        lead_id: c.leadId,
        system: c.system,
        object: c.object,
        ids: [...new Set(c.ids)].sort(),
        email_normalized: c.emailNormalized ?? null,
      }));
      const { rows } = await db.query(
        `INSERT INTO identity_conflicts AS c (lead_id, system, object, ids, email_normalized,
                                              detected_at, last_detected_at)
         SELECT lead_id, system, object, ids, email_normalized, $2::timestamptz, $2::timestamptz
         FROM jsonb_to_recordset($1::jsonb) AS x(lead_id uuid, system text, object text,
              ids jsonb, email_normalized text)
         ON CONFLICT (lead_id, system, object) WHERE resolved_at IS NULL DO UPDATE SET
           ids = (SELECT jsonb_agg(DISTINCT e.value ORDER BY e.value)
                  FROM jsonb_array_elements_text(c.ids || excluded.ids) AS e(value)),
           email_normalized = coalesce(excluded.email_normalized, c.email_normalized),
           last_detected_at = excluded.last_detected_at
         RETURNING ${COLUMNS}`,
        [json(docs), nowIso(clock)],
      );
      return parse(rows).sort((a, b) => a.id - b.id);
    },

    async listOpen(limit = 100): Promise<IdentityConflictRecord[]> {
      const { rows } = await db.query(
        `SELECT ${COLUMNS} FROM identity_conflicts WHERE resolved_at IS NULL
         ORDER BY detected_at, id LIMIT $1`,
        [limit],
      );
      return parse(rows);
    },

    async resolve(id: number, resolution: string): Promise<boolean> {
      const { rowCount } = await db.query(
        `UPDATE identity_conflicts SET resolved_at = $2::timestamptz, resolution = $3
         WHERE id = $1 AND resolved_at IS NULL`,
        [id, nowIso(clock), resolution],
      );
      return rowCount === 1;
    },
  };
}
