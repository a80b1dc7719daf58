import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { runBench, SECTIONS, type BenchReport } from '../../bench/lib/bench.ts';
import { benchTable } from '../../bench/lib/table.ts';

/**
 * `npm run bench` at tiny N, so it keeps working: every section runs, the result file has the
 * documented shape and the counts that follow from N. No timing is asserted (the machine is
 * shared; figures come from the real bench).
 */
const dir = mkdtempSync(join(tmpdir(), 'leadloop-bench-smoke-'));
let report: BenchReport;
let written: BenchReport;

beforeAll(async () => {
  report = await runBench({
    engineLeads: 1_000,
    sizes: [20],
    memorySizes: [1_000],
    changes: 4,
    pollIntervalMs: 500,
    slaLeads: 3,
    // Every second instead of every minute: the same scheduler, worker and sweep, sooner.
    slaSchedule: '* * * * * *',
    // 20 leads are one page anyway: no need to wait out the overlap window here.
    quietAfterMs: 0,
    sections: [...SECTIONS],
    outDir: pathToFileURL(`${dir}/`),
  });
  written = JSON.parse(readFileSync(report.file, 'utf8')) as BenchReport;
}, 170_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run bench at tiny N', () => {
  test('writes what it returns, under the given folder, with the options it ran with', () => {
    expect(report.file.startsWith(dir)).toBe(true);
    expect(written).toEqual(report);
    expect(written.options).toEqual({
      engineLeads: 1_000,
      sizes: [20],
      memorySizes: [1_000],
      changes: 4,
      pollIntervalMs: 500,
      slaLeads: 3,
      slaSchedule: '* * * * * *',
      quietAfterMs: 0,
      sections: ['engine', 'sync', 'memory', 'polling', 'webhook', 'sla'],
    });
    expect(written.machine.cores).toBeGreaterThan(0);
  });

  test('engine: 1,000 synthetic leads, a quarter new (handoff), the rest linked', () => {
    const engine = written.engine!;
    expect(engine.leads).toBe(1_000);
    expect(engine.identified).toEqual({ linked: 750, byEmail: 0, new: 250, conflicts: 0 });
    expect(engine.writes.salesforce.create).toBe(250);
    expect(engine.writes.salesforce.create + engine.writes.salesforce.update).toBeLessThanOrEqual(
      1_000,
    );
    expect(engine.writes.hubspot.create).toBe(0);
    expect(engine.leadsPerSecond).toBeGreaterThan(0);
  });

  test('initial sync of 20 MQL contacts creates 20 Salesforce Leads; the calls are counted', () => {
    expect(written.sync).toHaveLength(1);
    const [sync] = written.sync;
    expect(sync!.leads).toBe(20);
    expect(sync!.initial.status).toBe('succeeded');
    expect(sync!.initial.created).toEqual({ salesforce: 20, hubspot: 0 });
    expect(sync!.initial.minimum).toEqual({ salesforce: 1 + 7, hubspot: 1 + 1 });
    // Composite carries the describes: a POST that reads, counted as one read.
    const salesforceRoutes = sync!.initial.calls.salesforce.byRoute;
    expect(salesforceRoutes['POST /services/data/v62.0/composite']).toBe(1);
    const salesforceWrites = Object.entries(salesforceRoutes)
      .filter(([route]) => route.startsWith('PATCH') || route.startsWith('POST'))
      .filter(([route]) => !route.endsWith('/composite'))
      .reduce((sum, [, count]) => sum + count, 0);
    expect(salesforceWrites).toBe(sync!.initial.calls.salesforce.write);
    expect(sync!.initial.calls.hubspot.byRoute['POST /crm/v3/objects/contacts/search']).toBe(
      sync!.initial.calls.hubspot.read - 1,
    );
    // 20 leads fit one page everywhere: the cycles after the run are one read per object, no write.
    expect(sync!.afterRun.calls.hubspot).toMatchObject({ read: 1, write: 0 });
    expect(sync!.afterRun.writes).toBe(0);
    expect(sync!.quiet.calls.salesforce).toMatchObject({ read: 7, write: 0 });
    expect(sync!.quiet.calls.hubspot).toMatchObject({ read: 1, write: 0 });
    expect(sync!.quiet.writes).toBe(0);
    // 20 new MQLs: one Lead collection, one contact batch — each record written once.
    expect(sync!.initial.calls.salesforce.write).toBe(1);
    expect(sync!.initial.calls.hubspot.write).toBe(1);
    expect(sync!.initial.writeRatio).toEqual({ salesforce: 1, hubspot: 1 });
  });

  test('memory: the sync and the engine-only child each report a peak', () => {
    expect(written.memory.map((m) => [m.mode, m.leads])).toEqual([
      ['sync', 20],
      ['engine', 1_000],
    ]);
    for (const m of written.memory) expect(m.maxRssMb).toBeGreaterThan(0);
  });

  test('propagation: every change was seen on the other side, by polling and by webhook', () => {
    expect(written.latency.map((l) => [l.path, l.changes, l.seen])).toEqual([
      ['polling', 4, 4],
      ['webhook', 4, 4],
    ]);
    expect(written.latency[0]!.intervalMs).toBe(500);
    expect(written.latency[0]!.byDirection).toEqual({
      'hubspot→salesforce': expect.objectContaining({ count: 2 }),
      'salesforce→hubspot': expect.objectContaining({ count: 2 }),
    });
  });

  test('SLA detection: every lead that fell due was flagged, in the store and in Salesforce', () => {
    expect(written.sla).toMatchObject({ leads: 3, seen: 3, schedule: '* * * * * *' });
    // A breach is recorded at a sweep after the due time, never before it.
    expect(written.sla!.recorded.p50Ms).toBeGreaterThanOrEqual(0);
    expect(written.sla!.visible.maxMs).toBeGreaterThanOrEqual(written.sla!.recorded.p50Ms);
  });

  test('the table names every section', () => {
    const table = benchTable(written);
    expect(table).toContain('engine: identify+merge+decide+plan, 1,000 leads');
    expect(table).toContain('initial sync 20: Salesforce calls / minimum');
    expect(table).toContain('quiet cycle after 20');
    expect(table).toContain('next cycle after 20');
    expect(table).toContain('propagation, webhook HubSpot → Salesforce');
    expect(table).toContain('SLA: due → Salesforce shows breached');
    expect(Object.keys(written.notMeasured).every((key) => table.includes(key))).toBe(true);
  });
});
