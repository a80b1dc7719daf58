import { z } from 'zod';
import { VENDOR_ERROR_KINDS, type VendorErrorKind } from '../errors/leadloop-error.ts';
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
 * `dead_letters`: records a system rejected, with the vendor's message, for `leadloop replay`.
 * Nothing is silently dropped, and nothing piles up: while a subject (system, object,
 * operation, lead, record) has an unresolved letter, a new failure bumps its attempts.
 */
export const DeadLetterRowSchema = z.object({
  id: int8Column,
  runId: z.string().nullable(),
  system: z.string(),
  object: z.string(),
  operation: z.string(),
  leadId: z.string().nullable(),
  externalId: z.string().nullable(),
  payload: z.unknown(),
  errorKind: z.enum(VENDOR_ERROR_KINDS),
  errorCode: z.string().nullable(),
  errorMessage: z.string(),
  attempts: z.number().int().positive(),
  firstFailedAt: timestampColumn,
  lastFailedAt: timestampColumn,
  resolvedAt: nullableTimestampColumn,
  resolution: z.string().nullable(),
});
export type DeadLetterRecord = z.output<typeof DeadLetterRowSchema>;

export interface DeadLetterError {
  readonly errorKind: VendorErrorKind;
  readonly errorCode?: string | null | undefined;
  readonly errorMessage: string;
}

export interface NewDeadLetter extends DeadLetterError {
  readonly runId?: string | null | undefined;
  readonly system: string;
  readonly object: string;
  /** `create`, `update`, `upsert`, `delete`, … */
  readonly operation: string;
  readonly leadId?: string | null | undefined;
  readonly externalId?: string | null | undefined;
  /** What leadloop tried to write, to replay it. */
  readonly payload: unknown;
}

const COLUMNS = `id, run_id AS "runId", system, object, operation, lead_id AS "leadId",
  external_id AS "externalId", payload, error_kind AS "errorKind", error_code AS "errorCode",
  error_message AS "errorMessage", attempts, first_failed_at AS "firstFailedAt",
  last_failed_at AS "lastFailedAt", resolved_at AS "resolvedAt", resolution`;
const parse = (rows: readonly unknown[]) => parseRows(DeadLetterRowSchema, rows, 'dead_letters');
const subject = (d: NewDeadLetter) =>
  [d.system, d.object, d.operation, d.leadId ?? '', d.externalId ?? ''].join('\u0000');

export type DeadLettersRepo = ReturnType<typeof createDeadLettersRepo>;

export function createDeadLettersRepo({ db, clock }: RepoContext) {
  return {
    /** Records failures in one statement; returns the letters as stored (new or bumped). */
    async add(letters: readonly NewDeadLetter[]): Promise<DeadLetterRecord[]> {
      if (letters.length === 0) return [];
      const latest = new Map(letters.map((d) => [subject(d), d]));
      const docs = [...latest.values()].map((d) => ({
        run_id: d.runId ?? null,
        system: d.system,
        object: d.object,
        operation: d.operation,
        lead_id: d.leadId ?? null,
        external_id: d.externalId ?? null,
        payload: { v: d.payload ?? null },
        error_kind: d.errorKind,
        error_code: d.errorCode ?? null,
        error_message: d.errorMessage,
      }));
      const { rows } = await db.query(
        `INSERT INTO dead_letters AS d (run_id, system, object, operation, lead_id, external_id,
              payload, error_kind, error_code, error_message, first_failed_at, last_failed_at)
         SELECT run_id, system, object, operation, lead_id, external_id, payload -> 'v',
                error_kind, error_code, error_message, $2::timestamptz, $2::timestamptz
         FROM jsonb_to_recordset($1::jsonb) AS x(run_id uuid, system text, object text,
              operation text, lead_id uuid, external_id text, payload jsonb, error_kind text,
              error_code text, error_message text)
         ON CONFLICT (system, object, operation, (coalesce(lead_id::text, '')),
                      (coalesce(external_id, ''))) WHERE resolved_at IS NULL
         DO UPDATE SET attempts = d.attempts + 1, last_failed_at = excluded.last_failed_at,
           run_id = excluded.run_id, payload = excluded.payload,
           error_kind = excluded.error_kind, error_code = excluded.error_code,
           error_message = excluded.error_message
         RETURNING ${COLUMNS}`,
        [json(docs), nowIso(clock)],
      );
      return parse(rows).sort((a, b) => a.id - b.id);
    },

    async get(id: number): Promise<DeadLetterRecord | undefined> {
      const { rows } = await db.query(`SELECT ${COLUMNS} FROM dead_letters WHERE id = $1`, [id]);
      return parse(rows)[0];
    },

    /** Unresolved letters, oldest first; pass the last id seen to continue. */
    async listUnresolved(
      query: { system?: string | undefined; afterId?: number | undefined; limit: number } = {
        limit: 100,
      },
    ): Promise<DeadLetterRecord[]> {
      const { rows } = await db.query(
        `SELECT ${COLUMNS} FROM dead_letters
         WHERE resolved_at IS NULL AND id > $1 AND ($2::text IS NULL OR system = $2)
         ORDER BY id LIMIT $3`,
        [query.afterId ?? 0, query.system ?? null, query.limit],
      );
      return parse(rows);
    },

    async countUnresolved(): Promise<number> {
      const { rows } = await db.query(
        'SELECT count(*) AS count FROM dead_letters WHERE resolved_at IS NULL',
      );
      return parseRows(z.object({ count: int8Column }), rows, 'dead_letters')[0]?.count ?? 0;
    },

    /** A replay failed again: one more attempt, with the latest error. */
    async bumpAttempts(id: number, error: DeadLetterError): Promise<DeadLetterRecord | undefined> {
      const { rows } = await db.query(
        `UPDATE dead_letters SET attempts = attempts + 1, last_failed_at = $2::timestamptz,
           error_kind = $3, error_code = $4, error_message = $5
         WHERE id = $1 AND resolved_at IS NULL RETURNING ${COLUMNS}`,
        [id, nowIso(clock), error.errorKind, error.errorCode ?? null, error.errorMessage],
      );
      return parse(rows)[0];
    },

    /** Closes the open letters of (lead, system) pairs a reconciled page has now written. */
    async resolveForLeads(
      pairs: readonly { leadId: string; system: string }[],
      resolution: string,
    ): Promise<number> {
      if (pairs.length === 0) return 0;
      const { rowCount } = await db.query(
        `UPDATE dead_letters AS d SET resolved_at = $3::timestamptz, resolution = $4
         FROM unnest($1::uuid[], $2::text[]) AS x(lead_id, system)
         WHERE d.lead_id = x.lead_id AND d.system = x.system AND d.resolved_at IS NULL`,
        [pairs.map((p) => p.leadId), pairs.map((p) => p.system), nowIso(clock), resolution],
      );
      return rowCount;
    },

    /** Closes letters (`replayed`, `discarded`, `superseded`); returns how many were open. */
    async markResolved(ids: readonly number[], resolution: string): Promise<number> {
      if (ids.length === 0) return 0;
      const { rowCount } = await db.query(
        `UPDATE dead_letters SET resolved_at = $2::timestamptz, resolution = $3
         WHERE id = ANY($1::bigint[]) AND resolved_at IS NULL`,
        [ids.map(String), nowIso(clock), resolution],
      );
      return rowCount;
    },
  };
}
