import { z } from 'zod';
import { json, nowIso, parseRows, type RepoContext } from './rows.ts';

/**
 * Closed-loop bookkeeping (migration 004): the leads behind each opportunity, and the vendor's
 * users (owner names for marketing, managers for SLA escalation).
 */
export interface OpportunityLeadInput {
  readonly system: string;
  readonly opportunityId: string;
  readonly leadId: string;
  /** The OpportunityContactRole id, or `converted`. */
  readonly via: string;
}

const OpportunityLeadRow = z.object({
  system: z.string(),
  opportunityId: z.string(),
  leadId: z.string(),
  via: z.string(),
});
export type OpportunityLeadRecord = z.output<typeof OpportunityLeadRow>;

export interface VendorUserInput {
  readonly system: string;
  readonly id: string;
  readonly name: string | null;
  readonly email: string | null;
  readonly managerId: string | null;
  readonly active: boolean;
}

const VendorUserRow = z.object({
  system: z.string(),
  id: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  managerId: z.string().nullable(),
  active: z.boolean(),
});
export type VendorUserRecord = z.output<typeof VendorUserRow>;

export type ClosedLoopRepo = ReturnType<typeof createClosedLoopRepo>;

export function createClosedLoopRepo({ db, clock }: RepoContext) {
  return {
    /** Ties leads to opportunities; a pair already tied stays as it is. */
    async tieLeads(rows: readonly OpportunityLeadInput[]): Promise<number> {
      if (rows.length === 0) return 0;
      const { rowCount } = await db.query(
        `INSERT INTO opportunity_leads (system, opportunity_id, lead_id, via, created_at)
         SELECT system, "opportunityId", "leadId", via, $2::timestamptz
         FROM jsonb_to_recordset($1::jsonb)
              AS x(system text, "opportunityId" text, "leadId" uuid, via text)
         ON CONFLICT DO NOTHING`,
        [json(rows), nowIso(clock)],
      );
      return rowCount;
    },

    async leadsOfOpportunities(
      system: string,
      opportunityIds: readonly string[],
    ): Promise<OpportunityLeadRecord[]> {
      if (opportunityIds.length === 0) return [];
      const { rows } = await db.query(
        `SELECT system, opportunity_id AS "opportunityId", lead_id AS "leadId", via
         FROM opportunity_leads WHERE system = $1 AND opportunity_id = ANY($2::text[])
         ORDER BY opportunity_id, lead_id`,
        [system, [...opportunityIds]],
      );
      return parseRows(OpportunityLeadRow, rows, 'opportunity_leads');
    },

    async opportunitiesOfLeads(leadIds: readonly string[]): Promise<OpportunityLeadRecord[]> {
      if (leadIds.length === 0) return [];
      const { rows } = await db.query(
        `SELECT system, opportunity_id AS "opportunityId", lead_id AS "leadId", via
         FROM opportunity_leads WHERE lead_id = ANY($1::uuid[]) ORDER BY lead_id, opportunity_id`,
        [[...leadIds]],
      );
      return parseRows(OpportunityLeadRow, rows, 'opportunity_leads');
    },

    async upsertUsers(users: readonly VendorUserInput[]): Promise<number> {
      if (users.length === 0) return 0;
      const { rowCount } = await db.query(
        `INSERT INTO vendor_users (system, id, name, email, manager_id, active, updated_at)
         SELECT system, id, name, email, "managerId", active, $2::timestamptz
         FROM jsonb_to_recordset($1::jsonb) AS x(system text, id text, name text, email text,
              "managerId" text, active boolean)
         ON CONFLICT (system, id) DO UPDATE SET name = excluded.name, email = excluded.email,
           manager_id = excluded.manager_id, active = excluded.active,
           updated_at = excluded.updated_at`,
        [json(users), nowIso(clock)],
      );
      return rowCount;
    },

    async users(system: string, ids: readonly string[]): Promise<VendorUserRecord[]> {
      if (ids.length === 0) return [];
      const { rows } = await db.query(
        `SELECT system, id, name, email, manager_id AS "managerId", active FROM vendor_users
         WHERE system = $1 AND id = ANY($2::text[]) ORDER BY id`,
        [system, [...ids]],
      );
      return parseRows(VendorUserRow, rows, 'vendor_users');
    },
  };
}
