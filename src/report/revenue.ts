import { z } from 'zod';
import type { Queryable } from '../store/database.ts';
import { parseRows } from '../store/rows.ts';
import type { ReportRange } from './range.ts';
import { dayCeil } from './range.ts';
import { countColumn, DIMENSION_SQL, DimensionSchema, fieldLabel, nullableNumber } from './sql.ts';

/**
 * Closed revenue by where the lead came from: won deals and their amount, lost deals, per lead
 * source and campaign, for opportunities closed in the period. Amounts are never added across
 * currencies: every row is one currency.
 */
export const RevenueRowSchema = z.strictObject({
  value: z.string(),
  currency: z.string(),
  wonDeals: z.number().int().nonnegative(),
  wonAmount: z.number(),
  lostDeals: z.number().int().nonnegative(),
});
export type RevenueRow = z.infer<typeof RevenueRowSchema>;

export const RevenueSchema = z.strictObject({
  /** One row per currency, `value` is `all`. */
  total: z.array(RevenueRowSchema),
  byLeadSource: z.array(RevenueRowSchema),
  byCampaign: z.array(RevenueRowSchema),
});
export type Revenue = z.infer<typeof RevenueSchema>;

/** An opportunity leadloop could not tie to a lead still counts, under this label. */
export const NO_LEAD = '(no lead)';
export const NO_CURRENCY = '(none)';

// close_date is a calendar day: it counts when its midnight (UTC) falls in [since, until).
// Served by opportunities_status_close_idx (status, close_date).
const SQL = `
WITH closed AS (
  SELECT o.status, coalesce(o.currency, '${NO_CURRENCY}') AS currency, o.amount,
         CASE WHEN l.id IS NULL THEN '${NO_LEAD}' ELSE ${fieldLabel('l', 'leadSource')} END AS lead_source,
         CASE WHEN l.id IS NULL THEN '${NO_LEAD}' ELSE ${fieldLabel('l', 'campaign')} END AS campaign
  FROM opportunities o LEFT JOIN leads l ON l.id = o.lead_id
  WHERE o.status IN ('won', 'lost') AND o.close_date >= $1::date AND o.close_date < $2::date
)
SELECT ${DIMENSION_SQL('lead_source', 'campaign')} AS dimension,
       coalesce(lead_source, campaign) AS value, currency,
       count(*) FILTER (WHERE status = 'won') AS won,
       coalesce(sum(amount) FILTER (WHERE status = 'won'), 0) AS won_amount,
       count(*) FILTER (WHERE status = 'lost') AS lost
FROM closed
GROUP BY GROUPING SETS ((currency), (currency, lead_source), (currency, campaign))`;

const RowSchema = z.object({
  dimension: DimensionSchema,
  value: z.string().nullable(),
  currency: z.string(),
  won: countColumn,
  won_amount: nullableNumber,
  lost: countColumn,
});

export async function queryRevenue(db: Queryable, range: ReportRange): Promise<Revenue> {
  const { rows } = await db.query(SQL, [dayCeil(range.since), dayCeil(range.until)]);
  const parsed = parseRows(RowSchema, rows, 'report.revenue').map((row) => ({
    dimension: row.dimension,
    row: {
      value: row.value ?? 'all',
      currency: row.currency,
      wonDeals: row.won,
      wonAmount: row.won_amount ?? 0,
      lostDeals: row.lost,
    },
  }));
  const of = (dimension: z.infer<typeof DimensionSchema>) =>
    parsed
      .filter((row) => row.dimension === dimension)
      .map((row) => row.row)
      .sort(
        (a, b) =>
          a.currency.localeCompare(b.currency) ||
          b.wonAmount - a.wonAmount ||
          b.wonDeals - a.wonDeals ||
          a.value.localeCompare(b.value),
      );
  return { total: of('all'), byLeadSource: of('leadSource'), byCampaign: of('campaign') };
}
