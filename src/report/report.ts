import { z } from 'zod';
import type { Queryable } from '../store/database.ts';
import { ReportRangeSchema, type ReportRange } from './range.ts';
import { queryRecycle, RecycleSchema } from './recycle.ts';
import { queryRevenue, RevenueSchema } from './revenue.ts';
import { querySlaCompliance, SlaComplianceSchema } from './sla-compliance.ts';
import { querySpeedToLead, SpeedToLeadSchema } from './speed-to-lead.ts';
import { querySyncHealth, SyncHealthSchema } from './sync-health.ts';
import { queryVelocity, VelocitySchema } from './velocity.ts';
import { queryWaterfall, WaterfallSchema } from './waterfall.ts';

/**
 * The pipeline review: one set of numbers for sales and marketing, computed in SQL from the
 * store. The CLI (`leadloop report`), its JSON and CSV, and the dashboard all render this.
 */
export const ReportSchema = z.strictObject({
  range: ReportRangeSchema,
  waterfall: WaterfallSchema,
  velocity: VelocitySchema,
  speedToLead: SpeedToLeadSchema,
  slaCompliance: SlaComplianceSchema,
  recycle: RecycleSchema,
  revenue: RevenueSchema,
  syncHealth: SyncHealthSchema,
});
export type Report = z.infer<typeof ReportSchema>;

export const REPORT_SECTIONS = [
  'waterfall',
  'velocity',
  'speedToLead',
  'slaCompliance',
  'recycle',
  'revenue',
  'syncHealth',
] as const satisfies readonly (keyof Report)[];
export type ReportSection = (typeof REPORT_SECTIONS)[number];

/**
 * Builds the whole report for `[since, until)` as seen at `now`. The queries run one after
 * another: PGlite serialises them anyway, and a report never holds more than one connection.
 */
export async function buildReport(
  store: { readonly db: Queryable },
  range: ReportRange,
): Promise<Report> {
  const period = ReportRangeSchema.parse(range);
  const { db } = store;
  const waterfall = await queryWaterfall(db, period);
  const velocity = await queryVelocity(db, period);
  const speedToLead = await querySpeedToLead(db, period);
  const slaCompliance = await querySlaCompliance(db, period);
  const recycle = await queryRecycle(db, period);
  const revenue = await queryRevenue(db, period);
  const syncHealth = await querySyncHealth(db);
  return {
    range: period,
    waterfall,
    velocity,
    speedToLead,
    slaCompliance,
    recycle,
    revenue,
    syncHealth,
  };
}
