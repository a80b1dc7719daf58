import { z } from 'zod';
import type { Queryable } from '../store/database.ts';
import { parseRows } from '../store/rows.ts';
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

/**
 * Speed to lead: for the handoffs in the period (SLA clocks started), how long until sales
 * first touched the lead. HBR (2011) found a 42 h average first response and 23% of leads never
 * contacted; these are the same two numbers, overall and per rep.
 */
export const TOUCH_BUCKETS = [
  { key: 'under_5m', label: '< 5 min', upToSeconds: 300 },
  { key: 'under_1h', label: '5–60 min', upToSeconds: 3600 },
  { key: 'under_4h', label: '1–4 h', upToSeconds: 4 * 3600 },
  { key: 'under_24h', label: '4–24 h', upToSeconds: 24 * 3600 },
  { key: 'under_3d', label: '1–3 days', upToSeconds: 72 * 3600 },
  { key: 'over_3d', label: '> 3 days', upToSeconds: null },
] as const;
export type TouchBucketKey = (typeof TOUCH_BUCKETS)[number]['key'] | 'never' | 'waiting';
/** Untouched leads: `never` (past due or closed), `waiting` (clock running, not yet due). */
export const UNTOUCHED_BUCKETS = [
  { key: 'never', label: 'never touched' },
  { key: 'waiting', label: 'waiting, not yet due' },
] as const;

/** Every bucket key in display order: touched fastest first, then untouched. */
export const BUCKET_KEYS = [
  'under_5m',
  'under_1h',
  'under_4h',
  'under_24h',
  'under_3d',
  'over_3d',
  'never',
  'waiting',
] as const satisfies readonly TouchBucketKey[];
const BucketKeySchema = z.enum(BUCKET_KEYS);

export const SpeedToLeadRowSchema = z.strictObject({
  /** Salesforce user id; null for clocks without an owner. */
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  handoffs: z.number().int().nonnegative(),
  buckets: z.array(z.strictObject({ key: BucketKeySchema, count: z.number().int().nonnegative() })),
  touchedWithinSla: z.number().int().nonnegative(),
  neverTouched: z.number().int().nonnegative(),
  /** Share of handoffs touched by their due time / never touched. */
  withinSlaShare: z.number().nullable(),
  neverTouchedShare: z.number().nullable(),
  medianFirstTouchHours: z.number().nullable(),
});
export type SpeedToLeadRow = z.infer<typeof SpeedToLeadRowSchema>;

export const SpeedToLeadSchema = z.strictObject({
  overall: SpeedToLeadRowSchema,
  byRep: z.array(SpeedToLeadRowSchema),
});
export type SpeedToLead = z.infer<typeof SpeedToLeadSchema>;

const bucketColumns = TOUCH_BUCKETS.map((bucket, i) => {
  const low = i === 0 ? '' : `touch_s >= ${TOUCH_BUCKETS[i - 1]?.upToSeconds ?? 0} AND `;
  const high = bucket.upToSeconds === null ? 'true' : `touch_s < ${bucket.upToSeconds}`;
  return `count(*) FILTER (WHERE ${low}${high}) AS ${bucket.key}`;
}).join(',\n       ');

/** The clocks of the period with what the report needs; shared with the SLA compliance section. */
export const PERIOD_CLOCKS_SQL = `
  SELECT c.owner_id, ${seconds('c.first_touch_at', 'c.handoff_at')} AS touch_s,
         c.first_touch_at IS NOT NULL AND c.first_touch_at <= c.due_at AS on_time,
         c.first_touch_at IS NULL AND c.closed_at IS NULL AND c.due_at > $3::timestamptz AS waiting,
         c.breached_at IS NOT NULL AS breached, c.escalated_at IS NOT NULL AS escalated,
         ${OWNER_NAME_SQL} AS name
  FROM sla_clocks c JOIN leads l ON l.id = c.lead_id ${OWNER_JOIN_SQL}
  WHERE c.handoff_at >= $1::timestamptz AND c.handoff_at < $2::timestamptz`;

const SQL = `
WITH clocks AS (${PERIOD_CLOCKS_SQL})
SELECT grouping(owner_id) = 1 AS overall, owner_id, max(name) AS name, count(*) AS handoffs,
       ${bucketColumns},
       count(*) FILTER (WHERE touch_s IS NULL AND NOT waiting) AS never,
       count(*) FILTER (WHERE waiting) AS waiting,
       count(*) FILTER (WHERE on_time) AS on_time,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY touch_s) AS median
FROM clocks GROUP BY GROUPING SETS ((), (owner_id))`;

const RowSchema = z.object({
  overall: z.boolean(),
  owner_id: z.string().nullable(),
  name: z.string().nullable(),
  handoffs: countColumn,
  under_5m: countColumn,
  under_1h: countColumn,
  under_4h: countColumn,
  under_24h: countColumn,
  under_3d: countColumn,
  over_3d: countColumn,
  never: countColumn,
  waiting: countColumn,
  on_time: countColumn,
  median: nullableNumber,
});

export async function querySpeedToLead(db: Queryable, range: ReportRange): Promise<SpeedToLead> {
  const { rows } = await db.query(SQL, [range.since, range.until, range.now]);
  const parsed = parseRows(RowSchema, rows, 'report.speed_to_lead');
  const overall = parsed.find((row) => row.overall);
  return {
    overall: overall === undefined ? emptyRow() : toRow(overall),
    byRep: parsed
      .filter((row) => !row.overall)
      .map(toRow)
      .sort((a, b) => b.handoffs - a.handoffs || repName(a).localeCompare(repName(b))),
  };
}

export const repName = (row: { ownerId: string | null; ownerName: string | null }): string =>
  row.ownerName ?? row.ownerId ?? '(unassigned)';

function toRow(row: z.output<typeof RowSchema>): SpeedToLeadRow {
  return {
    ownerId: row.overall ? null : row.owner_id,
    ownerName: row.overall ? null : row.name,
    handoffs: row.handoffs,
    buckets: BUCKET_KEYS.map((key) => ({ key, count: row[key] })),
    touchedWithinSla: row.on_time,
    neverTouched: row.never,
    withinSlaShare: ratio(row.on_time, row.handoffs),
    neverTouchedShare: ratio(row.never, row.handoffs),
    medianFirstTouchHours: hours(row.median),
  };
}

function emptyRow(): SpeedToLeadRow {
  return toRow({
    overall: true,
    owner_id: null,
    name: null,
    handoffs: 0,
    under_5m: 0,
    under_1h: 0,
    under_4h: 0,
    under_24h: 0,
    under_3d: 0,
    over_3d: 0,
    never: 0,
    waiting: 0,
    on_time: 0,
    median: null,
  });
}
