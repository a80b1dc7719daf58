import type { BenchReport } from './bench.ts';

/** The bench's printed summary: one row per figure, with its target. */
export function benchTable(report: BenchReport): string {
  const rows: [string, string, string][] = [['measure', 'result', 'target']];
  const n = (value: number) => value.toLocaleString('en-US');
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  if (report.engine !== undefined) {
    const e = report.engine;
    rows.push([
      `engine: identify+merge+decide+plan, ${n(e.leads)} leads`,
      `${n(e.leadsPerSecond)} leads/s (${n(e.ms)} ms)`,
      '≥ 100,000/s',
    ]);
  }
  for (const r of report.sync) {
    const i = r.initial;
    rows.push([
      `initial sync ${n(r.leads)}: Salesforce calls / minimum`,
      `${i.calls.salesforce.total} / ${i.minimum.salesforce} = ${i.ratio.salesforce}`,
      '≤ 1.05',
    ]);
    rows.push([
      `initial sync ${n(r.leads)}: HubSpot calls / minimum`,
      `${i.calls.hubspot.total} / ${i.minimum.hubspot} = ${i.ratio.hubspot}`,
      '≤ 1.05',
    ]);
    rows.push([
      `initial sync ${n(r.leads)}: write calls / minimum, SF · HS`,
      `${i.calls.salesforce.write} / ${Math.ceil(r.leads / 200)} = ${i.writeRatio.salesforce} · ${i.calls.hubspot.write} / ${Math.ceil(r.leads / 100)} = ${i.writeRatio.hubspot}`,
      '≤ 1.05',
    ]);
    rows.push([
      `initial sync ${n(r.leads)}: wall time, leads/s`,
      `${s(i.wallMs)}, ${n(i.leadsPerSecond)}/s (${i.passes} passes)`,
      '',
    ]);
    rows.push([
      `next cycle after ${n(r.leads)} (re-reads the last overlap window): reads SF / HS, writes`,
      `${r.afterRun.calls.salesforce.read} / ${r.afterRun.calls.hubspot.read}, ${r.afterRun.writes}`,
      '',
    ]);
    rows.push([
      `quiet cycle after ${n(r.leads)}: reads SF / HS, writes`,
      `${r.quiet.calls.salesforce.read} / ${r.quiet.calls.hubspot.read}, ${r.quiet.writes}`,
      '7 / 1, 0',
    ]);
  }
  for (const m of report.memory) {
    rows.push([
      `peak RSS, ${m.mode} ${n(m.leads)} leads`,
      `${n(m.maxRssMb)} MB${m.openRssMb === undefined ? '' : ` (${n(m.openRssMb)} MB when opened)`}`,
      m.leads >= 1_000_000 ? '≤ 512 MB' : 'sub-linear',
    ]);
  }
  for (const l of report.latency) {
    const what =
      l.path === 'polling'
        ? `polling every ${s(l.intervalMs ?? 0)}`
        : 'webhook HubSpot → Salesforce';
    rows.push([
      `propagation, ${what}: p50 / p95 (${l.seen}/${l.changes} seen)`,
      `${s(l.p50Ms)} / ${s(l.p95Ms)}`,
      l.path === 'polling' ? `p95 ≤ ${s((l.intervalMs ?? 0) + 5_000)}` : 'p95 ≤ 2 s',
    ]);
  }
  if (report.sla !== undefined) {
    const a = report.sla;
    rows.push([
      `SLA: due → breach recorded, p50 / p95 (${a.seen}/${a.leads}, job "${a.schedule}")`,
      `${s(a.recorded.p50Ms)} / ${s(a.recorded.p95Ms)}`,
      '≤ 60 s',
    ]);
    rows.push([
      'SLA: due → Salesforce shows breached, p50 / p95',
      `${s(a.visible.p50Ms)} / ${s(a.visible.p95Ms)}`,
      '≤ 60 s',
    ]);
  }
  for (const [section, why] of Object.entries(report.notMeasured))
    rows.push([section, `not measured: ${why}`, '']);
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((row) => row[c]!.length)));
  return rows.map((row) => row.map((cell, c) => cell.padEnd(widths[c]!)).join(' │ ')).join('\n');
}
