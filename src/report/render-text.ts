import { formatTable } from '../cli/output.ts';
import { hoursText, money, percent } from './format.ts';
import type { Report } from './report.ts';
import { TOUCH_BUCKETS, UNTOUCHED_BUCKETS, repName } from './speed-to-lead.ts';

/** The report as the terminal shows it: one titled table per section, same numbers as JSON. */
export function renderText(report: Report): string {
  const { range } = report;
  const lastDay = new Date(new Date(range.until).getTime() - 1).toISOString().slice(0, 10);
  const lines = [
    `Pipeline review ${range.since.slice(0, 10)} – ${lastDay} (UTC, as of ${range.now})`,
    ...waterfall(report),
    ...velocity(report),
    ...speedToLead(report),
    ...sla(report),
    ...recycle(report),
    ...revenue(report),
    ...syncHealth(report),
  ];
  return `${lines.join('\n')}\n`;
}

const section = (title: string, ...body: string[]) => ['', title, ...body];
const orNone = (rows: readonly unknown[], table: string[]) =>
  rows.length === 0 ? ['  (none)'] : table;

function waterfall({ waterfall: w }: Report): string[] {
  const stages = w.steps.map((s) => s.stage);
  const groups = (title: string, list: Report['waterfall']['byLeadSource']) =>
    section(
      `Demand waterfall by ${title} (entered per stage)`,
      ...orNone(
        list,
        formatTable(
          [title, ...stages],
          list.map((g) => [g.value, ...g.steps.map((s) => String(s.entered))]),
        ),
      ),
    );
  return [
    ...section(
      'Demand waterfall (leads entering each stage; conversion = went on to a later stage)',
      ...formatTable(
        ['stage', 'entered', 'advanced', 'conversion'],
        w.steps.map((s) => [s.stage, String(s.entered), String(s.advanced), percent(s.conversion)]),
      ),
    ),
    ...groups('lead source', w.byLeadSource),
    ...groups('campaign', w.byCampaign),
  ];
}

function velocity({ velocity: v }: Report): string[] {
  return section(
    'Stage velocity (time in stage, stays that ended in the period)',
    ...formatTable(
      ['stage', 'exits', 'median', 'p90'],
      v.map((row) => [
        row.stage,
        String(row.exits),
        hoursText(row.medianHours),
        hoursText(row.p90Hours),
      ]),
    ),
  );
}

function speedToLead({ speedToLead: s }: Report): string[] {
  const labels = [...TOUCH_BUCKETS, ...UNTOUCHED_BUCKETS].map((b) => b.label);
  const rows = [{ ...s.overall, ownerName: 'all reps' }, ...s.byRep];
  return section(
    'Speed to lead (handoffs in the period, time to first touch)',
    ...formatTable(
      ['rep', 'handoffs', ...labels, 'within SLA', 'never', 'median'],
      rows.map((row) => [
        repName(row),
        String(row.handoffs),
        ...row.buckets.map((b) => String(b.count)),
        percent(row.withinSlaShare),
        percent(row.neverTouchedShare),
        hoursText(row.medianFirstTouchHours),
      ]),
    ),
  );
}

function sla({ slaCompliance: c }: Report): string[] {
  const rows = [{ ...c.overall, ownerName: 'all reps' }, ...c.byRep];
  const shown =
    c.openBreaches.length < c.openBreachCount ? ` (oldest ${c.openBreaches.length} shown)` : '';
  return [
    ...section(
      'SLA compliance per rep (met on time / handoffs already due)',
      ...formatTable(
        ['rep', 'handoffs', 'met on time', 'breached', 'escalated', 'waiting', 'compliance'],
        rows.map((row) => [
          repName(row),
          String(row.handoffs),
          String(row.metOnTime),
          String(row.breached),
          String(row.escalated),
          String(row.waiting),
          percent(row.compliance),
        ]),
      ),
    ),
    ...section(
      `Open SLA breaches now: ${c.openBreachCount}${shown}, oldest first`,
      ...orNone(
        c.openBreaches,
        formatTable(
          ['lead', 'company', 'rep', 'status', 'due', 'overdue', 'age'],
          c.openBreaches.map((b) => [
            b.lead,
            b.company ?? '',
            repName(b),
            b.status,
            b.dueAt,
            hoursText(b.overdueHours),
            hoursText(b.ageHours),
          ]),
        ),
      ),
    ),
  ];
}

function recycle({ recycle: r }: Report): string[] {
  return section(
    'Recycle reasons (recycled in the period; re-MQL = back at MQL or beyond)',
    ...formatTable(
      ['reason', 'recycled', 're-MQL', 'rate'],
      [...r.byReason, r.overall].map((x) => [
        x.reason,
        String(x.recycled),
        String(x.reMql),
        percent(x.reMqlRate),
      ]),
    ),
  );
}

function revenue({ revenue: r }: Report): string[] {
  const table = (title: string, rows: Report['revenue']['total']) =>
    section(
      `Revenue by ${title} (opportunities closed in the period)`,
      ...orNone(
        rows,
        formatTable(
          [title, 'won deals', 'won amount', 'lost deals'],
          rows.map((x) => [
            x.value,
            String(x.wonDeals),
            money(x.wonAmount, x.currency),
            String(x.lostDeals),
          ]),
        ),
      ),
    );
  return [
    ...table('lead source', [...r.byLeadSource, ...r.total]),
    ...table('campaign', r.byCampaign),
  ];
}

function syncHealth({ syncHealth: h }: Report): string[] {
  return [
    ...section(
      'Sync health: last runs',
      ...orNone(
        h.lastRuns,
        formatTable(
          ['kind', 'status', 'trigger', 'started', 'duration'],
          h.lastRuns.map((run) => [
            run.kind,
            run.status,
            run.trigger,
            run.startedAt,
            run.durationSeconds === null ? 'running' : `${run.durationSeconds.toFixed(0)} s`,
          ]),
        ),
      ),
    ),
    ...section(
      `Dead letters waiting for replay: ${h.openDeadLetters}`,
      ...orNone(
        h.deadLetters,
        formatTable(
          ['system', 'object', 'error', 'open', 'oldest'],
          h.deadLetters.map((d) => [
            d.system,
            d.object,
            d.errorKind,
            String(d.count),
            d.oldestFailedAt,
          ]),
        ),
      ),
    ),
    ...section(
      'API budget (last finished sync run)',
      ...orNone(
        h.apiBudget,
        formatTable(
          ['system', 'calls', 'daily used', 'daily limit', 'share used', 'budget left'],
          h.apiBudget.map((b) => [
            b.system,
            String(b.callsMade ?? '–'),
            String(b.dailyUsed ?? '–'),
            String(b.dailyLimit ?? '–'),
            percent(b.dailyShareUsed),
            String(b.budgetRemaining ?? '–'),
          ]),
        ),
      ),
    ),
  ];
}
