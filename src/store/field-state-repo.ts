import { z } from 'zod';
import {
  json,
  nowIso,
  nullableTimestampColumn,
  parseRow,
  timestampColumn,
  type RepoContext,
} from './rows.ts';

/**
 * `field_state`: per lead, per system, per field — the last value seen there and when it
 * changed (two-way conflicts compare these times), and the hash of what leadloop last wrote
 * (reading our own write back is not a change). Read and written a page at a time.
 */
const FieldValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const FieldStateRowSchema = z.object({
  leadId: z.string(),
  system: z.string(),
  field: z.string(),
  seenValue: FieldValueSchema,
  seenAt: timestampColumn,
  changedAt: timestampColumn,
  writtenHash: z.string().nullable(),
  writtenAt: nullableTimestampColumn,
  writtenChangedAt: nullableTimestampColumn,
});
export type FieldStateRecord = z.output<typeof FieldStateRowSchema>;

export interface FieldStateInput {
  readonly leadId: string;
  readonly system: string;
  readonly field: string;
  readonly seenValue: string | number | boolean | null;
  readonly changedAt: string;
  readonly writtenHash?: string | null | undefined;
  readonly writtenChangedAt?: string | null | undefined;
}

/**
 * The rows of a read as one JSON array of arrays, times as epoch milliseconds: the embedded
 * PGlite decodes every column of every result row in JavaScript (~11 µs for a row of these
 * nine columns, against ~3 µs for the same row inside one JSON text), and a sync reads about
 * 170 of these rows per lead.
 */
const epochMs = (column: string) => `floor(extract(epoch from ${column}) * 1000)::int8`;
const ROWS_AS_JSON = `coalesce(json_agg(json_build_array(lead_id, system, field, seen_value,
  ${epochMs('seen_at')}, ${epochMs('changed_at')}, written_hash, ${epochMs('written_at')},
  ${epochMs('written_changed_at')}) ORDER BY lead_id, system, field), '[]')::text AS rows`;
const COLUMN_NAMES = Object.keys(FieldStateRowSchema.shape);

const isFieldValue = (value: unknown): value is FieldStateRecord['seenValue'] =>
  value === null ||
  typeof value === 'string' ||
  typeof value === 'number' ||
  typeof value === 'boolean';
const isMs = (value: unknown): value is number => Number.isSafeInteger(value);

/**
 * A row of ROWS_AS_JSON. The usual shape is checked by hand (the zod schema costs as much as
 * the read); anything else goes through the schema, which names what is wrong.
 */
function decodeRows(text: string): FieldStateRecord[] {
  const rows: unknown = JSON.parse(text);
  if (!Array.isArray(rows)) return [parseRow(FieldStateRowSchema, rows, 'field_state')];
  // The rows of one write share their times: each instant is formatted once per read.
  const isoTexts = new Map<number, string>();
  const iso = (ms: number) => {
    let text = isoTexts.get(ms);
    if (text === undefined) {
      text = new Date(ms).toISOString();
      isoTexts.set(ms, text);
    }
    return text;
  };
  return rows.map((row: unknown) => {
    if (Array.isArray(row) && row.length === COLUMN_NAMES.length) {
      const [leadId, system, field, seenValue, seenAt, changedAt, hash, writtenAt, writtenChanged] =
        row as unknown[];
      if (
        typeof leadId === 'string' &&
        typeof system === 'string' &&
        typeof field === 'string' &&
        isFieldValue(seenValue) &&
        isMs(seenAt) &&
        isMs(changedAt) &&
        (hash === null || typeof hash === 'string') &&
        (writtenAt === null || isMs(writtenAt)) &&
        (writtenChanged === null || isMs(writtenChanged))
      ) {
        return {
          leadId,
          system,
          field,
          seenValue,
          seenAt: iso(seenAt),
          changedAt: iso(changedAt),
          writtenHash: hash,
          writtenAt: writtenAt === null ? null : iso(writtenAt),
          writtenChangedAt: writtenChanged === null ? null : iso(writtenChanged),
        };
      }
    }
    const named = Array.isArray(row)
      ? Object.fromEntries(COLUMN_NAMES.map((name, index) => [name, row[index] as unknown]))
      : row;
    return parseRow(FieldStateRowSchema, named, 'field_state');
  });
}

export type FieldStateRepo = ReturnType<typeof createFieldStateRepo>;

export function createFieldStateRepo({ db, clock }: RepoContext) {
  return {
    /** Every field state of these leads (optionally of one system), in one query. */
    async getForLeads(leadIds: readonly string[], system?: string): Promise<FieldStateRecord[]> {
      if (leadIds.length === 0) return [];
      const { rows } = await db.query<{ rows: string }>(
        `SELECT ${ROWS_AS_JSON} FROM field_state
         WHERE lead_id = ANY($1::uuid[]) AND ($2::text IS NULL OR system = $2)`,
        [[...leadIds], system ?? null],
      );
      return decodeRows(rows[0]?.rows ?? '[]');
    },

    /**
     * Replaces the state of each (lead, system, field) in one statement. `seen_at` is now;
     * `written_at` moves only when the written hash changes (an echo keeps the write's time).
     * If a key repeats, the last entry wins.
     */
    async upsertMany(states: readonly FieldStateInput[]): Promise<number> {
      if (states.length === 0) return 0;
      const latest = new Map(
        states.map((s) => [`${s.leadId}\u0000${s.system}\u0000${s.field}`, s]),
      );
      const docs = [...latest.values()].map((s) => ({
        lead_id: s.leadId,
        system: s.system,
        field: s.field,
        // Wrapped so a JSON null stays a value and is not read as a missing key.
        seen_value: { v: s.seenValue },
        changed_at: s.changedAt,
        written_hash: s.writtenHash ?? null,
        written_changed_at: s.writtenChangedAt ?? null,
      }));
      const { rowCount } = await db.query(
        `INSERT INTO field_state AS f (lead_id, system, field, seen_value, seen_at, changed_at,
                                       written_hash, written_at, written_changed_at)
         SELECT lead_id, system, field, seen_value -> 'v', $2::timestamptz, changed_at,
                written_hash, CASE WHEN written_hash IS NULL THEN NULL ELSE $2::timestamptz END,
                written_changed_at
         FROM jsonb_to_recordset($1::jsonb) AS x(lead_id uuid, system text, field text,
              seen_value jsonb, changed_at timestamptz, written_hash text,
              written_changed_at timestamptz)
         ON CONFLICT (lead_id, system, field) DO UPDATE SET
           seen_value = excluded.seen_value,
           seen_at = excluded.seen_at,
           changed_at = excluded.changed_at,
           written_hash = excluded.written_hash,
           written_at = CASE WHEN excluded.written_hash IS NOT DISTINCT FROM f.written_hash
                             THEN f.written_at ELSE excluded.written_at END,
           written_changed_at = excluded.written_changed_at`,
        [json(docs), nowIso(clock)],
      );
      return rowCount;
    },

    /**
     * Deletes rows that still hold the given value: a consumer (the reconcile of stage signals)
     * removes what it read, and a row staged again meanwhile with a new value survives.
     */
    async removeIfUnchanged(
      rows: readonly Pick<FieldStateInput, 'leadId' | 'system' | 'field' | 'seenValue'>[],
    ): Promise<number> {
      if (rows.length === 0) return 0;
      const docs = rows.map((r) => ({
        lead_id: r.leadId,
        system: r.system,
        field: r.field,
        seen_value: { v: r.seenValue },
      }));
      const { rowCount } = await db.query(
        `DELETE FROM field_state AS f
         USING jsonb_to_recordset($1::jsonb) AS x(lead_id uuid, system text, field text, seen_value jsonb)
         WHERE f.lead_id = x.lead_id AND f.system = x.system AND f.field = x.field
           AND f.seen_value IS NOT DISTINCT FROM x.seen_value -> 'v'`,
        [json(docs)],
      );
      return rowCount;
    },

    /** Forgets one system's state of a lead (its record there was unlinked). */
    async forget(leadId: string, system: string): Promise<number> {
      const { rowCount } = await db.query(
        'DELETE FROM field_state WHERE lead_id = $1 AND system = $2',
        [leadId, system],
      );
      return rowCount;
    },
  };
}
