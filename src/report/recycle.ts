import { z } from 'zod';
import type { Queryable } from '../store/database.ts';
import { parseRows } from '../store/rows.ts';
import type { ReportRange } from './range.ts';
import { ratio } from './range.ts';
import { countColumn } from './sql.ts';

/**
 * Leads never die: sales recycles them to nurture with a reason. Per reason, the recycles of
 * the period and how many of those leads came back as MQL (or further) before it ended.
 */
export const RecycleReasonSchema = z.strictObject({
  reason: z.string(),
  recycled: z.number().int().nonnegative(),
  reMql: z.number().int().nonnegative(),
  /** reMql / recycled. */
  reMqlRate: z.number().nullable(),
});
export type RecycleReason = z.infer<typeof RecycleReasonSchema>;

export const RecycleSchema = z.strictObject({
  overall: RecycleReasonSchema,
  byReason: z.array(RecycleReasonSchema),
});
export type RecycleReport = z.infer<typeof RecycleSchema>;

export const NO_REASON = '(no reason)';
/** Back in the funnel at MQL or beyond; back at inquiry is still nurture. */
const RE_MQL_STAGES = `('mql', 'sal', 'sql', 'opportunity', 'customer')`;

const SQL = `
WITH recycles AS (
  SELECT coalesce(nullif(btrim(h.reason), ''), '${NO_REASON}') AS reason,
         EXISTS (SELECT 1 FROM stage_history n
                 WHERE n.lead_id = h.lead_id AND (n.at, n.id) > (h.at, h.id)
                   AND n.at < $2::timestamptz AND n.stage IN ${RE_MQL_STAGES}) AS re_mql
  FROM stage_history h
  WHERE h.stage = 'recycled' AND h.at >= $1::timestamptz AND h.at < $2::timestamptz
)
SELECT grouping(reason) = 1 AS overall, reason, count(*) AS recycled,
       count(*) FILTER (WHERE re_mql) AS re_mql
FROM recycles GROUP BY GROUPING SETS ((), (reason))`;

const RowSchema = z.object({
  overall: z.boolean(),
  reason: z.string().nullable(),
  recycled: countColumn,
  re_mql: countColumn,
});

export async function queryRecycle(db: Queryable, range: ReportRange): Promise<RecycleReport> {
  const rows = parseRows(
    RowSchema,
    (await db.query(SQL, [range.since, range.until])).rows,
    'report.recycle',
  );
  const toReason = (row: z.output<typeof RowSchema> | undefined, label: string): RecycleReason => ({
    reason: label,
    recycled: row?.recycled ?? 0,
    reMql: row?.re_mql ?? 0,
    reMqlRate: ratio(row?.re_mql ?? 0, row?.recycled ?? 0),
  });
  return {
    overall: toReason(
      rows.find((row) => row.overall),
      'all reasons',
    ),
    byReason: rows
      .filter((row) => !row.overall)
      .map((row) => toReason(row, row.reason ?? NO_REASON))
      .sort((a, b) => b.recycled - a.recycled || a.reason.localeCompare(b.reason)),
  };
}
