import { z } from 'zod';
import { SlaStatusSchema } from '../lead/lead.ts';
import type { Queryable } from '../store/database.ts';
import { parseRows, timestampColumn } from '../store/rows.ts';
import type { ReportRange } from './range.ts';
import { ratio } from './range.ts';
import {
  countColumn,
  hours,
  nullableNumber,
  OWNER_JOIN_SQL,
  OWNER_NAME_SQL,
  seconds,
} from './sql.ts';
import { PERIOD_CLOCKS_SQL, repName } from './speed-to-lead.ts';

/**
 * SLA compliance per rep for the handoffs of the period, and the open breaches right now
 * (whatever the period: an overdue lead is overdue), oldest first with owner and age.
 */
export const SlaRepRowSchema = z.strictObject({
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  handoffs: z.number().int().nonnegative(),
  metOnTime: z.number().int().nonnegative(),
  breached: z.number().int().nonnegative(),
  escalated: z.number().int().nonnegative(),
  /** Clocks still running and not yet due: neither met nor missed. */
  waiting: z.number().int().nonnegative(),
  /** metOnTime / (handoffs − waiting). */
  compliance: z.number().nullable(),
});
export type SlaRepRow = z.infer<typeof SlaRepRowSchema>;

export const OpenBreachSchema = z.strictObject({
  leadId: z.string(),
  lead: z.string(),
  company: z.string().nullable(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  status: SlaStatusSchema,
  handoffAt: z.string(),
  dueAt: z.string(),
  /** Hours since handoff / past the due time, at `now`. */
  ageHours: z.number(),
  overdueHours: z.number(),
});
export type OpenBreach = z.infer<typeof OpenBreachSchema>;

export const OPEN_BREACHES_SHOWN = 100;

export const SlaComplianceSchema = z.strictObject({
  overall: SlaRepRowSchema,
  byRep: z.array(SlaRepRowSchema),
  openBreachCount: z.number().int().nonnegative(),
  /** The oldest OPEN_BREACHES_SHOWN, by due time. */
  openBreaches: z.array(OpenBreachSchema),
});
export type SlaCompliance = z.infer<typeof SlaComplianceSchema>;

const PER_REP_SQL = `
WITH clocks AS (${PERIOD_CLOCKS_SQL})
SELECT grouping(owner_id) = 1 AS overall, owner_id, max(name) AS name, count(*) AS handoffs,
       count(*) FILTER (WHERE on_time) AS on_time, count(*) FILTER (WHERE breached) AS breached,
       count(*) FILTER (WHERE escalated) AS escalated, count(*) FILTER (WHERE waiting) AS waiting
FROM clocks GROUP BY GROUPING SETS ((), (owner_id))`;

// Served by sla_clocks_open_breach_idx (migration 004).
const OPEN_BREACHES_SQL = `
SELECT c.lead_id, l.email_normalized AS email, l.fields ->> 'firstName' AS first_name,
       l.fields ->> 'lastName' AS last_name, l.fields ->> 'company' AS company, c.owner_id,
       ${OWNER_NAME_SQL} AS name,
       c.status, c.handoff_at, c.due_at,
       ${seconds('$1::timestamptz', 'c.handoff_at')} AS age, ${seconds('$1::timestamptz', 'c.due_at')} AS overdue,
       count(*) OVER () AS total
FROM sla_clocks c JOIN leads l ON l.id = c.lead_id ${OWNER_JOIN_SQL}
WHERE c.closed_at IS NULL AND c.status IN ('breached', 'escalated')
ORDER BY c.due_at, c.id LIMIT ${OPEN_BREACHES_SHOWN}`;

const RepRowSchema = z.object({
  overall: z.boolean(),
  owner_id: z.string().nullable(),
  name: z.string().nullable(),
  handoffs: countColumn,
  on_time: countColumn,
  breached: countColumn,
  escalated: countColumn,
  waiting: countColumn,
});

const BreachRowSchema = z.object({
  lead_id: z.string(),
  email: z.string().nullable(),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  company: z.string().nullable(),
  owner_id: z.string().nullable(),
  name: z.string().nullable(),
  status: SlaStatusSchema,
  handoff_at: timestampColumn,
  due_at: timestampColumn,
  age: nullableNumber,
  overdue: nullableNumber,
  total: countColumn,
});

export async function querySlaCompliance(
  db: Queryable,
  range: ReportRange,
): Promise<SlaCompliance> {
  const reps = parseRows(
    RepRowSchema,
    (await db.query(PER_REP_SQL, [range.since, range.until, range.now])).rows,
    'report.sla_compliance',
  ).map(toRepRow);
  const breaches = parseRows(
    BreachRowSchema,
    (await db.query(OPEN_BREACHES_SQL, [range.now])).rows,
    'report.sla_compliance',
  );
  const overall = reps.find((row) => row.overall);
  return {
    overall: overall?.row ?? toRepRow(emptyRep).row,
    byRep: reps
      .filter((row) => !row.overall)
      .map((row) => row.row)
      .sort((a, b) => b.handoffs - a.handoffs || repName(a).localeCompare(repName(b))),
    openBreachCount: breaches[0]?.total ?? 0,
    openBreaches: breaches.map((row) => ({
      leadId: row.lead_id,
      lead: leadLabel(row),
      company: row.company,
      ownerId: row.owner_id,
      ownerName: row.name,
      status: row.status,
      handoffAt: row.handoff_at,
      dueAt: row.due_at,
      ageHours: hours(row.age) ?? 0,
      overdueHours: hours(row.overdue) ?? 0,
    })),
  };
}

const emptyRep: z.output<typeof RepRowSchema> = {
  overall: true,
  owner_id: null,
  name: null,
  handoffs: 0,
  on_time: 0,
  breached: 0,
  escalated: 0,
  waiting: 0,
};

function toRepRow(row: z.output<typeof RepRowSchema>): { overall: boolean; row: SlaRepRow } {
  return {
    overall: row.overall,
    row: {
      ownerId: row.overall ? null : row.owner_id,
      ownerName: row.overall ? null : row.name,
      handoffs: row.handoffs,
      metOnTime: row.on_time,
      breached: row.breached,
      escalated: row.escalated,
      waiting: row.waiting,
      compliance: ratio(row.on_time, row.handoffs - row.waiting),
    },
  };
}

/** How sales recognises the lead: its name, else its email, else its id. */
function leadLabel(row: z.output<typeof BreachRowSchema>): string {
  const name = [row.first_name, row.last_name].filter((part) => (part ?? '') !== '').join(' ');
  return name !== '' ? name : (row.email ?? row.lead_id);
}
