import { z } from 'zod';
import { int8Column, json, nowIso, parseRows, timestampColumn, type RepoContext } from './rows.ts';

/** `audit_log`: what leadloop changed in which system, before and after, append-only. */
export const AuditRowSchema = z.object({
  id: int8Column,
  runId: z.string().nullable(),
  leadId: z.string().nullable(),
  system: z.string(),
  object: z.string(),
  externalId: z.string().nullable(),
  operation: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  at: timestampColumn,
});
export type AuditRecord = z.output<typeof AuditRowSchema>;

export interface NewAuditEntry {
  readonly runId?: string | null | undefined;
  readonly leadId?: string | null | undefined;
  readonly system: string;
  readonly object: string;
  readonly externalId?: string | null | undefined;
  /** `create`, `update`, `link`, `unlink`, `merge`, … */
  readonly operation: string;
  readonly before?: unknown;
  readonly after?: unknown;
  /** Defaults to now. */
  readonly at?: string | undefined;
}

const COLUMNS = `id, run_id AS "runId", lead_id AS "leadId", system, object,
  external_id AS "externalId", operation, before, after, at`;
const parse = (rows: readonly unknown[]) => parseRows(AuditRowSchema, rows, 'audit_log');

export type AuditRepo = ReturnType<typeof createAuditRepo>;

export function createAuditRepo({ db, clock }: RepoContext) {
  return {
    /** Appends entries in one statement, in input order. */
    async add(entries: readonly NewAuditEntry[]): Promise<number> {
      if (entries.length === 0) return 0;
      const now = nowIso(clock);
      const docs = entries.map((e, ord) => ({
        ord,
        run_id: e.runId ?? null,
        lead_id: e.leadId ?? null,
        system: e.system,
        object: e.object,
        external_id: e.externalId ?? null,
        operation: e.operation,
        // Wrapped so "no value" (SQL NULL) and a JSON null stay distinct.
        before: e.before === undefined ? null : { v: e.before },
        after: e.after === undefined ? null : { v: e.after },
        at: e.at ?? now,
      }));
      const { rowCount } = await db.query(
        `INSERT INTO audit_log (run_id, lead_id, system, object, external_id, operation,
                                before, after, at)
         SELECT run_id, lead_id, system, object, external_id, operation, before -> 'v',
                after -> 'v', at
         FROM jsonb_to_recordset($1::jsonb) AS x(ord integer, run_id uuid, lead_id uuid,
              system text, object text, external_id text, operation text, before jsonb,
              after jsonb, at timestamptz)
         ORDER BY ord`,
        [json(docs)],
      );
      return rowCount;
    },

    /** Newest first. */
    async ofLead(leadId: string, limit = 100): Promise<AuditRecord[]> {
      const { rows } = await db.query(
        `SELECT ${COLUMNS} FROM audit_log WHERE lead_id = $1 ORDER BY at DESC, id DESC LIMIT $2`,
        [leadId, limit],
      );
      return parse(rows);
    },

    /** In the order they were written. */
    async ofRun(runId: string, limit = 1000): Promise<AuditRecord[]> {
      const { rows } = await db.query(
        `SELECT ${COLUMNS} FROM audit_log WHERE run_id = $1 ORDER BY id LIMIT $2`,
        [runId, limit],
      );
      return parse(rows);
    },
  };
}
