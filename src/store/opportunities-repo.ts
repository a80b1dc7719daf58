import { z } from 'zod';
import { OPPORTUNITY_STATUSES } from '../lead/lead.ts';
import {
  json,
  nowIso,
  numericColumn,
  parseRows,
  timestampColumn,
  type RepoContext,
} from './rows.ts';

/** `opportunities`: the CRM's deals tied to a lead, for the closed loop back to marketing. */
export const OpportunityRowSchema = z.object({
  system: z.string(),
  id: z.string(),
  leadId: z.string().nullable(),
  name: z.string(),
  stage: z.string(),
  amount: numericColumn.nullable(),
  currency: z.string().nullable(),
  /** `YYYY-MM-DD`, read as text: `pg` would turn a date into local midnight. */
  closeDate: z.string().nullable(),
  status: z.enum(OPPORTUNITY_STATUSES),
  lossReason: z.string().nullable(),
  updatedAt: timestampColumn,
});
export type OpportunityRecord = z.output<typeof OpportunityRowSchema>;

export interface OpportunityInput {
  readonly system: string;
  readonly id: string;
  readonly leadId: string | null;
  readonly name: string;
  readonly stage: string;
  readonly amount?: number | null | undefined;
  readonly currency?: string | null | undefined;
  readonly closeDate?: string | null | undefined;
  readonly status: (typeof OPPORTUNITY_STATUSES)[number];
  readonly lossReason?: string | null | undefined;
}

const COLUMNS = `system, id, lead_id AS "leadId", name, stage, amount, currency,
  close_date::text AS "closeDate", status, loss_reason AS "lossReason", updated_at AS "updatedAt"`;
const parse = (rows: readonly unknown[]) => parseRows(OpportunityRowSchema, rows, 'opportunities');

export type OpportunitiesRepo = ReturnType<typeof createOpportunitiesRepo>;

export function createOpportunitiesRepo({ db, clock }: RepoContext) {
  return {
    /** Inserts or replaces a page of opportunities in one statement (last entry of an id wins). */
    async upsertMany(opportunities: readonly OpportunityInput[]): Promise<number> {
      if (opportunities.length === 0) return 0;
      const latest = new Map(opportunities.map((o) => [`${o.system}\u0000${o.id}`, o]));
      const docs = [...latest.values()].map((o) => ({
        system: o.system,
        id: o.id,
        lead_id: o.leadId,
        name: o.name,
        stage: o.stage,
        amount: o.amount ?? null,
        currency: o.currency ?? null,
        close_date: o.closeDate ?? null,
        status: o.status,
        loss_reason: o.lossReason ?? null,
      }));
      const { rowCount } = await db.query(
        `INSERT INTO opportunities (system, id, lead_id, name, stage, amount, currency, close_date,
                                    status, loss_reason, updated_at)
         SELECT system, id, lead_id, name, stage, amount, currency, close_date, status,
                loss_reason, $2::timestamptz
         FROM jsonb_to_recordset($1::jsonb) AS x(system text, id text, lead_id uuid, name text,
              stage text, amount numeric, currency text, close_date date, status text,
              loss_reason text)
         ON CONFLICT (system, id) DO UPDATE SET
           lead_id = excluded.lead_id, name = excluded.name, stage = excluded.stage,
           amount = excluded.amount, currency = excluded.currency,
           close_date = excluded.close_date, status = excluded.status,
           loss_reason = excluded.loss_reason, updated_at = excluded.updated_at`,
        [json(docs), nowIso(clock)],
      );
      return rowCount;
    },

    async get(system: string, id: string): Promise<OpportunityRecord | undefined> {
      const { rows } = await db.query(
        `SELECT ${COLUMNS} FROM opportunities WHERE system = $1 AND id = $2`,
        [system, id],
      );
      return parse(rows)[0];
    },

    async ofLeads(leadIds: readonly string[]): Promise<OpportunityRecord[]> {
      if (leadIds.length === 0) return [];
      const { rows } = await db.query(
        `SELECT ${COLUMNS} FROM opportunities WHERE lead_id = ANY($1::uuid[])
         ORDER BY lead_id, close_date NULLS LAST, id`,
        [[...leadIds]],
      );
      return parse(rows);
    },
  };
}
