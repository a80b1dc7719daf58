// The pipeline-review page: fetches /dashboard/data.json for the period in the address bar,
// draws one chart per section with the same numbers in a table underneath, and points the CSV
// links at the same period. Text from the CRM goes in with textContent only, never as HTML.
// Number formats match src/report/format.ts, so the page reads like `leadloop report`.
import { barChart } from './charts.js';

const percent = (v) => (v === null ? '–' : `${(v * 100).toFixed(1)}%`);
const hours = (v) => (v === null ? '–' : `${v.toFixed(1)} h`);
const money = (amount, currency) =>
  `${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;
const repName = (row) => row.ownerName ?? row.ownerId ?? '(unassigned)';
const BUCKET_LABELS = {
  under_5m: '< 5 min',
  under_1h: '5–60 min',
  under_4h: '1–4 h',
  under_24h: '4–24 h',
  under_3d: '1–3 days',
  over_3d: '> 3 days',
  never: 'never touched',
  waiting: 'waiting, not yet due',
};

const $ = (selector, root = document) => root.querySelector(selector);

function table(caption, header, rows) {
  const el = document.createElement('table');
  el.createCaption().textContent = caption;
  const head = el.createTHead().insertRow();
  for (const text of header) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = text;
    head.append(th);
  }
  const body = el.createTBody();
  if (rows.length === 0) {
    const cell = body.insertRow().insertCell();
    cell.colSpan = header.length;
    cell.textContent = 'none';
  }
  for (const row of rows) {
    const tr = body.insertRow();
    row.forEach((text, i) => {
      const cell = i === 0 ? document.createElement('th') : document.createElement('td');
      if (i === 0) cell.scope = 'row';
      cell.textContent = String(text);
      tr.append(cell);
    });
  }
  return el;
}

function fill(sectionId, ...tables) {
  $(`#${sectionId} .tables`).replaceChildren(...tables);
}
const canvasOf = (sectionId) => $(`#${sectionId} canvas`);

function drawWaterfall({ waterfall }) {
  const stages = waterfall.steps.map((s) => s.stage);
  barChart(canvasOf('waterfall'), {
    labels: stages,
    valueTitle: 'leads',
    series: [
      { label: 'entered', data: waterfall.steps.map((s) => s.entered) },
      { label: 'went on to a later stage', data: waterfall.steps.map((s) => s.advanced) },
    ],
  });
  const byGroup = (title, groups) =>
    table(
      `Entered per stage by ${title}`,
      [title, ...stages],
      groups.map((g) => [g.value, ...g.steps.map((s) => s.entered)]),
    );
  fill(
    'waterfall',
    table(
      'Waterfall',
      ['stage', 'entered', 'advanced', 'conversion'],
      waterfall.steps.map((s) => [s.stage, s.entered, s.advanced, percent(s.conversion)]),
    ),
    byGroup('lead source', waterfall.byLeadSource),
    byGroup('campaign', waterfall.byCampaign),
  );
}

function drawVelocity({ velocity }) {
  barChart(canvasOf('velocity'), {
    labels: velocity.map((v) => v.stage),
    horizontal: true,
    valueTitle: 'hours in stage',
    series: [
      { label: 'median', data: velocity.map((v) => v.medianHours), format: (v) => hours(v) },
      { label: '90th percentile', data: velocity.map((v) => v.p90Hours), format: (v) => hours(v) },
    ],
  });
  fill(
    'velocity',
    table(
      'Time in stage',
      ['stage', 'exits', 'median', 'p90'],
      velocity.map((v) => [v.stage, v.exits, hours(v.medianHours), hours(v.p90Hours)]),
    ),
  );
}

function drawSpeed({ speedToLead }) {
  const { overall, byRep } = speedToLead;
  barChart(canvasOf('speed'), {
    labels: overall.buckets.map((b) => BUCKET_LABELS[b.key] ?? b.key),
    valueTitle: 'handoffs',
    series: [{ label: 'handoffs (all reps)', data: overall.buckets.map((b) => b.count) }],
  });
  const rows = [{ ...overall, ownerName: 'all reps' }, ...byRep];
  fill(
    'speed',
    table(
      'First touch per rep',
      ['rep', 'handoffs', 'within SLA', 'never touched', 'median first touch'],
      rows.map((r) => [
        repName(r),
        r.handoffs,
        percent(r.withinSlaShare),
        percent(r.neverTouchedShare),
        hours(r.medianFirstTouchHours),
      ]),
    ),
    table(
      'Time to first touch per rep',
      ['rep', ...overall.buckets.map((b) => BUCKET_LABELS[b.key] ?? b.key)],
      rows.map((r) => [repName(r), ...r.buckets.map((b) => b.count)]),
    ),
  );
}

function drawSla({ slaCompliance }) {
  const { overall, byRep, openBreaches, openBreachCount } = slaCompliance;
  barChart(canvasOf('sla'), {
    labels: byRep.map(repName),
    horizontal: true,
    stacked: true,
    valueTitle: 'handoffs',
    series: [
      { label: 'met on time', data: byRep.map((r) => r.metOnTime) },
      { label: 'missed', data: byRep.map((r) => r.handoffs - r.waiting - r.metOnTime) },
      { label: 'waiting, not yet due', data: byRep.map((r) => r.waiting) },
    ],
  });
  const rows = [{ ...overall, ownerName: 'all reps' }, ...byRep];
  const shown =
    openBreaches.length < openBreachCount ? ` (oldest ${openBreaches.length} shown)` : '';
  fill(
    'sla',
    table(
      'Compliance per rep',
      ['rep', 'handoffs', 'met on time', 'breached', 'escalated', 'waiting', 'compliance'],
      rows.map((r) => [
        repName(r),
        r.handoffs,
        r.metOnTime,
        r.breached,
        r.escalated,
        r.waiting,
        percent(r.compliance),
      ]),
    ),
    table(
      `Open breaches now: ${openBreachCount}${shown}, oldest first`,
      ['lead', 'company', 'rep', 'status', 'due', 'overdue', 'age'],
      openBreaches.map((b) => [
        b.lead,
        b.company ?? '',
        repName(b),
        b.status,
        b.dueAt.slice(0, 16).replace('T', ' '),
        hours(b.overdueHours),
        hours(b.ageHours),
      ]),
    ),
  );
}

function drawRecycle({ recycle }) {
  barChart(canvasOf('recycle'), {
    labels: recycle.byReason.map((r) => r.reason),
    horizontal: true,
    valueTitle: 'leads',
    series: [
      { label: 'recycled', data: recycle.byReason.map((r) => r.recycled) },
      { label: 'back as MQL', data: recycle.byReason.map((r) => r.reMql) },
    ],
  });
  fill(
    'recycle',
    table(
      'Recycles by reason',
      ['reason', 'recycled', 're-MQL', 'rate'],
      [...recycle.byReason, recycle.overall].map((r) => [
        r.reason,
        r.recycled,
        r.reMql,
        percent(r.reMqlRate),
      ]),
    ),
  );
}

function drawRevenue({ revenue }) {
  const currencies = [...new Set(revenue.byLeadSource.map((r) => r.currency))];
  const sources = [...new Set(revenue.byLeadSource.map((r) => r.value))];
  barChart(canvasOf('revenue'), {
    labels: sources,
    valueTitle: 'won amount',
    series: currencies.map((currency) => ({
      label: `won (${currency})`,
      data: sources.map(
        (s) =>
          revenue.byLeadSource.find((r) => r.value === s && r.currency === currency)?.wonAmount ??
          0,
      ),
      format: (v) => money(v, currency),
    })),
  });
  const rows = (list) =>
    list.map((r) => [r.value, r.wonDeals, money(r.wonAmount, r.currency), r.lostDeals]);
  fill(
    'revenue',
    table(
      'By lead source',
      ['lead source', 'won deals', 'won amount', 'lost deals'],
      rows([...revenue.byLeadSource, ...revenue.total]),
    ),
    table(
      'By campaign',
      ['campaign', 'won deals', 'won amount', 'lost deals'],
      rows(revenue.byCampaign),
    ),
  );
}

function drawHealth({ syncHealth }) {
  fill(
    'health',
    table(
      'Last runs',
      ['kind', 'status', 'trigger', 'started', 'duration'],
      syncHealth.lastRuns.map((r) => [
        r.kind,
        r.status,
        r.trigger,
        r.startedAt.slice(0, 19).replace('T', ' '),
        r.durationSeconds === null ? 'running' : `${r.durationSeconds.toFixed(0)} s`,
      ]),
    ),
    table(
      `Dead letters waiting for replay: ${syncHealth.openDeadLetters}`,
      ['system', 'object', 'error', 'open', 'oldest'],
      syncHealth.deadLetters.map((d) => [
        d.system,
        d.object,
        d.errorKind,
        d.count,
        d.oldestFailedAt.slice(0, 16).replace('T', ' '),
      ]),
    ),
    table(
      'API budget (last finished sync run)',
      ['system', 'calls', 'daily used', 'daily limit', 'share used', 'budget left'],
      syncHealth.apiBudget.map((b) => [
        b.system,
        b.callsMade ?? '–',
        b.dailyUsed ?? '–',
        b.dailyLimit ?? '–',
        percent(b.dailyShareUsed),
        b.budgetRemaining ?? '–',
      ]),
    ),
  );
}

/** The inclusive last day of a period that ends (exclusive) at `until`. */
const lastDay = (until) => new Date(new Date(until).getTime() - 1).toISOString().slice(0, 10);

function status(text, isError = false) {
  const el = $('#status');
  el.textContent = text;
  el.classList.toggle('error', isError);
}

async function load() {
  const params = new URLSearchParams(location.search);
  const query = new URLSearchParams();
  for (const key of ['since', 'until']) if (params.get(key)) query.set(key, params.get(key));
  status('Loading…');
  document.body.dataset.state = 'loading';
  const response = await fetch(`/dashboard/data.json?${query}`, {
    headers: { Accept: 'application/json' },
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const message = body?.error?.message ?? `The report did not load (HTTP ${response.status}).`;
    status(
      response.status === 401
        ? 'Sign-in needed: reload the page and enter the admin token.'
        : message,
      true,
    );
    document.body.dataset.state = 'error';
    return;
  }
  const report = body;
  const since = report.range.since.slice(0, 10);
  const until = lastDay(report.range.until);
  $('#period [name=since]').value = since;
  $('#period [name=until]').value = until;
  for (const link of document.querySelectorAll('a[data-table]')) {
    link.href = `/dashboard/data.csv?${new URLSearchParams({ table: link.dataset.table, since, until })}`;
    link.setAttribute('download', '');
  }
  drawWaterfall(report);
  drawVelocity(report);
  drawSpeed(report);
  drawSla(report);
  drawRecycle(report);
  drawRevenue(report);
  drawHealth(report);
  status(`${since} – ${until} (UTC), as of ${report.range.now.slice(0, 16).replace('T', ' ')}`);
  document.body.dataset.state = 'ready';
}

$('#period').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = new FormData(event.currentTarget);
  const query = new URLSearchParams({ since: form.get('since'), until: form.get('until') });
  history.replaceState(null, '', `${location.pathname}?${query}`);
  load().catch((error) => status(`The report did not load: ${error.message}`, true));
});

load().catch((error) => status(`The report did not load: ${error.message}`, true));
