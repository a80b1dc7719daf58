import type { Report } from './report.ts';
import { decimal } from './format.ts';
import { repName } from './speed-to-lead.ts';

/**
 * The report as flat tables, one per thing a spreadsheet user would chart. The CSV export,
 * `leadloop report --csv` and the dashboard's download links all use these.
 */
export type Cell = string | number | null;
export interface CsvTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

const rate = (value: number | null) => decimal(value, 4);
const hrs = (value: number | null) => decimal(value, 2);

export const CSV_TABLES = {
  waterfall: (r: Report): CsvTable => ({
    header: ['dimension', 'group', 'stage', 'entered', 'advanced', 'conversion'],
    rows: [
      ...r.waterfall.steps.map((s) => [
        'all',
        'all',
        s.stage,
        s.entered,
        s.advanced,
        rate(s.conversion),
      ]),
      ...(['byLeadSource', 'byCampaign'] as const).flatMap((key) =>
        r.waterfall[key].flatMap((g) =>
          g.steps.map((s) => [
            key === 'byLeadSource' ? 'leadSource' : 'campaign',
            g.value,
            s.stage,
            s.entered,
            s.advanced,
            rate(s.conversion),
          ]),
        ),
      ),
    ],
  }),
  velocity: (r: Report): CsvTable => ({
    header: ['stage', 'exits', 'median_hours', 'p90_hours'],
    rows: r.velocity.map((v) => [v.stage, v.exits, hrs(v.medianHours), hrs(v.p90Hours)]),
  }),
  speedToLead: (r: Report): CsvTable => {
    const all = [{ ...r.speedToLead.overall, ownerName: 'all reps' }, ...r.speedToLead.byRep];
    const keys = r.speedToLead.overall.buckets.map((b) => b.key);
    return {
      header: [
        'rep_id',
        'rep',
        'handoffs',
        ...keys,
        'within_sla',
        'within_sla_share',
        'never_touched_share',
        'median_first_touch_hours',
      ],
      rows: all.map((row) => [
        row.ownerId ?? '',
        repName(row),
        row.handoffs,
        ...row.buckets.map((b) => b.count),
        row.touchedWithinSla,
        rate(row.withinSlaShare),
        rate(row.neverTouchedShare),
        hrs(row.medianFirstTouchHours),
      ]),
    };
  },
  slaCompliance: (r: Report): CsvTable => ({
    header: [
      'rep_id',
      'rep',
      'handoffs',
      'met_on_time',
      'breached',
      'escalated',
      'waiting',
      'compliance',
    ],
    rows: [{ ...r.slaCompliance.overall, ownerName: 'all reps' }, ...r.slaCompliance.byRep].map(
      (row) => [
        row.ownerId ?? '',
        repName(row),
        row.handoffs,
        row.metOnTime,
        row.breached,
        row.escalated,
        row.waiting,
        rate(row.compliance),
      ],
    ),
  }),
  openBreaches: (r: Report): CsvTable => ({
    header: [
      'lead_id',
      'lead',
      'company',
      'rep_id',
      'rep',
      'status',
      'handoff_at',
      'due_at',
      'age_hours',
      'overdue_hours',
    ],
    rows: r.slaCompliance.openBreaches.map((b) => [
      b.leadId,
      b.lead,
      b.company,
      b.ownerId ?? '',
      repName(b),
      b.status,
      b.handoffAt,
      b.dueAt,
      hrs(b.ageHours),
      hrs(b.overdueHours),
    ]),
  }),
  recycle: (r: Report): CsvTable => ({
    header: ['reason', 'recycled', 're_mql', 're_mql_rate'],
    rows: [r.recycle.overall, ...r.recycle.byReason].map((x) => [
      x.reason,
      x.recycled,
      x.reMql,
      rate(x.reMqlRate),
    ]),
  }),
  revenue: (r: Report): CsvTable => ({
    header: ['dimension', 'group', 'currency', 'won_deals', 'won_amount', 'lost_deals'],
    rows: (['total', 'byLeadSource', 'byCampaign'] as const).flatMap((key) =>
      r.revenue[key].map((x) => [
        key === 'total' ? 'all' : key === 'byLeadSource' ? 'leadSource' : 'campaign',
        x.value,
        x.currency,
        x.wonDeals,
        decimal(x.wonAmount, 2),
        x.lostDeals,
      ]),
    ),
  }),
  syncRuns: (r: Report): CsvTable => ({
    header: [
      'run_id',
      'kind',
      'status',
      'trigger',
      'started_at',
      'finished_at',
      'duration_seconds',
    ],
    rows: r.syncHealth.lastRuns.map((x) => [
      x.id,
      x.kind,
      x.status,
      x.trigger,
      x.startedAt,
      x.finishedAt,
      x.durationSeconds,
    ]),
  }),
  deadLetters: (r: Report): CsvTable => ({
    header: ['system', 'object', 'error_kind', 'open', 'oldest_failed_at'],
    rows: r.syncHealth.deadLetters.map((x) => [
      x.system,
      x.object,
      x.errorKind,
      x.count,
      x.oldestFailedAt,
    ]),
  }),
  apiBudget: (r: Report): CsvTable => ({
    header: [
      'system',
      'calls_made',
      'daily_used',
      'daily_limit',
      'budget_remaining',
      'daily_share_used',
    ],
    rows: r.syncHealth.apiBudget.map((x) => [
      x.system,
      x.callsMade,
      x.dailyUsed,
      x.dailyLimit,
      x.budgetRemaining,
      rate(x.dailyShareUsed),
    ]),
  }),
} as const satisfies Record<string, (report: Report) => CsvTable>;

export type CsvTableName = keyof typeof CSV_TABLES;
export const CSV_TABLE_NAMES = Object.keys(CSV_TABLES) as CsvTableName[];
