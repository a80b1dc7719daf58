import { z } from 'zod';
import { StageSchema, STAGES } from '../lead/stages.ts';
import type { Queryable } from '../store/database.ts';
import { parseRows } from '../store/rows.ts';
import type { ReportRange } from './range.ts';
import { countColumn, hours, nullableNumber, seconds } from './sql.ts';

/**
 * Stage velocity: how long leads stayed in each stage, from the stays that ended in the period
 * (a lead still sitting in a stage has no duration yet). Median and p90 with percentile_cont.
 */
export const VelocityRowSchema = z.strictObject({
  stage: StageSchema,
  /** Stays in this stage that ended in the period. */
  exits: z.number().int().nonnegative(),
  medianHours: z.number().nullable(),
  p90Hours: z.number().nullable(),
});
export type VelocityRow = z.infer<typeof VelocityRowSchema>;
export const VelocitySchema = z.array(VelocityRowSchema);

const RowSchema = z.object({
  stage: StageSchema,
  exits: countColumn,
  median: nullableNumber,
  p90: nullableNumber,
});

// Each move in the period looks up the entry before it through stage_history (lead_id, at, id).
const SQL = `
SELECT p.stage, count(*) AS exits,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY ${seconds('h.at', 'p.at')}) AS median,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY ${seconds('h.at', 'p.at')}) AS p90
FROM stage_history h
CROSS JOIN LATERAL (
  SELECT prev.stage, prev.at FROM stage_history prev
  WHERE prev.lead_id = h.lead_id AND (prev.at, prev.id) < (h.at, h.id)
  ORDER BY prev.at DESC, prev.id DESC LIMIT 1
) p
WHERE h.at >= $1::timestamptz AND h.at < $2::timestamptz
GROUP BY p.stage`;

export async function queryVelocity(db: Queryable, range: ReportRange): Promise<VelocityRow[]> {
  const rows = parseRows(
    RowSchema,
    (await db.query(SQL, [range.since, range.until])).rows,
    'report.velocity',
  );
  // A customer stays a customer (no stay ends), so its row appears only if the data has one.
  const stages = STAGES.filter((s) => s !== 'customer' || rows.some((r) => r.stage === s));
  return stages.map((stage) => {
    const row = rows.find((r) => r.stage === stage);
    return {
      stage,
      exits: row?.exits ?? 0,
      medianHours: hours(row?.median ?? null),
      p90Hours: hours(row?.p90 ?? null),
    };
  });
}
