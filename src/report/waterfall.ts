import { z } from 'zod';
import { FUNNEL_STAGES, type FunnelStage } from '../lead/stages.ts';
import type { Queryable } from '../store/database.ts';
import { parseRows } from '../store/rows.ts';
import type { ReportRange } from './range.ts';
import { ratio } from './range.ts';
import {
  countColumn,
  DIMENSION_SQL,
  DimensionSchema,
  fieldLabel,
  FUNNEL_SQL,
  LATER_STAGES_SQL,
  type Dimension,
} from './sql.ts';

/**
 * The demand waterfall (SiriusDecisions): per funnel stage, the leads that entered it in the
 * period, and how many of those went on to a later stage before the period ended. Counting
 * "went on" from each stage's own entrants keeps a step's rate at or below 100% even when a
 * lead skips a stage (inquiry straight to SQL), and a past period's numbers stay put.
 */
export const WaterfallStepSchema = z.strictObject({
  stage: z.enum(FUNNEL_STAGES),
  entered: z.number().int().nonnegative(),
  /** Of those, reached a later funnel stage by `until`. */
  advanced: z.number().int().nonnegative(),
  /** advanced / entered; null when nobody entered. The last stage has none. */
  conversion: z.number().nullable(),
});
export type WaterfallStep = z.infer<typeof WaterfallStepSchema>;

export const WaterfallGroupSchema = z.strictObject({
  value: z.string(),
  steps: z.array(WaterfallStepSchema),
});

export const WaterfallSchema = z.strictObject({
  steps: z.array(WaterfallStepSchema),
  byLeadSource: z.array(WaterfallGroupSchema),
  byCampaign: z.array(WaterfallGroupSchema),
});
export type Waterfall = z.infer<typeof WaterfallSchema>;

const RowSchema = z.object({
  dimension: DimensionSchema,
  value: z.string().nullable(),
  stage: z.enum(FUNNEL_STAGES),
  entered: countColumn,
  advanced: countColumn,
});

const SQL = `
WITH entered AS (
  SELECT h.lead_id, h.stage, funnel.rank, min(h.at) AS at
  FROM stage_history h JOIN ${FUNNEL_SQL} ON funnel.stage = h.stage
  WHERE h.at >= $1::timestamptz AND h.at < $2::timestamptz
  GROUP BY h.lead_id, h.stage, funnel.rank
), steps AS (
  SELECT e.stage, ${fieldLabel('l', 'leadSource')} AS lead_source,
         ${fieldLabel('l', 'campaign')} AS campaign,
         EXISTS (SELECT 1 FROM stage_history n
                 WHERE n.lead_id = e.lead_id AND n.at >= e.at AND n.at < $2::timestamptz
                   AND n.stage = ANY (${LATER_STAGES_SQL('e.rank')})) AS advanced
  FROM entered e JOIN leads l ON l.id = e.lead_id
)
SELECT ${DIMENSION_SQL('lead_source', 'campaign')} AS dimension,
       coalesce(lead_source, campaign) AS value, stage,
       count(*) AS entered, count(*) FILTER (WHERE advanced) AS advanced
FROM steps
GROUP BY GROUPING SETS ((stage), (stage, lead_source), (stage, campaign))`;

export async function queryWaterfall(db: Queryable, range: ReportRange): Promise<Waterfall> {
  const rows = parseRows(
    RowSchema,
    (await db.query(SQL, [range.since, range.until])).rows,
    'report.waterfall',
  );
  const groups = (dimension: Dimension) => {
    const values = [
      ...new Set(rows.filter((r) => r.dimension === dimension).map((r) => r.value ?? '')),
    ];
    return values
      .map((value) => ({
        value,
        steps: stepsOf(rows.filter((r) => r.dimension === dimension && r.value === value)),
      }))
      .sort((a, b) => volume(b.steps) - volume(a.steps) || a.value.localeCompare(b.value));
  };
  return {
    steps: stepsOf(rows.filter((r) => r.dimension === 'all')),
    byLeadSource: groups('leadSource'),
    byCampaign: groups('campaign'),
  };
}

/** Every funnel stage in order, zeros where nobody entered. */
function stepsOf(rows: readonly z.output<typeof RowSchema>[]): WaterfallStep[] {
  return FUNNEL_STAGES.map((stage: FunnelStage, index) => {
    const row = rows.find((r) => r.stage === stage);
    const entered = row?.entered ?? 0;
    const advanced = row?.advanced ?? 0;
    const last = index === FUNNEL_STAGES.length - 1;
    return { stage, entered, advanced, conversion: last ? null : ratio(advanced, entered) };
  });
}

/** Biggest groups first: by how many stage entries they had in the period. */
const volume = (steps: readonly WaterfallStep[]) => steps.reduce((sum, s) => sum + s.entered, 0);
