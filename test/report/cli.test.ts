import { dataDir } from './cli-env.ts';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  buildReport,
  CSV_TABLE_NAMES,
  renderSectionCsv,
  resolveRange,
  type Report,
} from '../../src/report/index.ts';
import { openStore } from '../../src/store/index.ts';
import { run } from '../cli/run.ts';
import { testClock } from '../support/database.ts';
import { MARCH, NOW, writeDataset } from './dataset.ts';

// The command opens the store the environment names (set by cli-env.ts, imported first).
let expected: Report;

beforeAll(async () => {
  const clock = testClock(NOW);
  const store = await openStore({
    env: { DATABASE_URL: undefined, LEADLOOP_DATA_DIR: dataDir },
    clock: clock.clock,
  });
  try {
    await writeDataset(store, clock);
    expected = await buildReport(store, resolveRange(MARCH, new Date(NOW)));
  } finally {
    await store.close();
  }
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('leadloop report', () => {
  test('--json prints the report buildReport computes', async () => {
    const result = await run('report', '--json', '--since', MARCH.since, '--until', MARCH.until);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(expected);
  });

  test('prints the review as text tables, the same numbers as the JSON', async () => {
    const result = await run('report', '--since', MARCH.since, '--until', MARCH.until);
    expect(result.stderr).toBe('');
    expect(result.stdout.split('\n')).toEqual([
      'Pipeline review 2026-03-01 – 2026-03-31 (UTC, as of 2026-04-02T12:00:00.000Z)',
      '',
      'Demand waterfall (leads entering each stage; conversion = went on to a later stage)',
      '  stage        entered  advanced  conversion',
      '  inquiry      6        5         83.3%',
      '  mql          6        3         50.0%',
      '  sal          3        2         66.7%',
      '  sql          2        2         100.0%',
      '  opportunity  2        1         50.0%',
      '  customer     1        0         –',
      '',
      'Demand waterfall by lead source (entered per stage)',
      '  lead source  inquiry  mql  sal  sql  opportunity  customer',
      '  Webinar      3        4    2    1    1            1',
      '  Paid Search  2        2    1    1    1            0',
      '  (none)       1        0    0    0    0            0',
      '',
      'Demand waterfall by campaign (entered per stage)',
      '  campaign       inquiry  mql  sal  sql  opportunity  customer',
      '  Spring Launch  3        3    2    1    1            1',
      '  Brand Q1       2        2    1    1    1            0',
      '  (none)         1        1    0    0    0            0',
      '',
      'Stage velocity (time in stage, stays that ended in the period)',
      '  stage         exits  median   p90',
      '  inquiry       6      24.0 h   420.0 h',
      '  mql           4      15.0 h   66.0 h',
      '  sal           2      105.0 h  136.2 h',
      '  sql           2      24.0 h   24.0 h',
      '  opportunity   2      372.0 h  400.8 h',
      '  recycled      1      456.0 h  456.0 h',
      '  disqualified  0      –        –',
      '',
      'Speed to lead (handoffs in the period, time to first touch)',
      '  rep           handoffs  < 5 min  5–60 min  1–4 h  4–24 h  1–3 days  > 3 days  never touched  waiting, not yet due  within SLA  never  median',
      '  all reps      7         1        0         1      1       0         0         3              1                     28.6%       42.9%  2.0 h',
      '  Ada Lovelace  4         1        0         1      0       0         0         1              1                     50.0%       25.0%  1.0 h',
      '  Grace Hopper  3         0        0         0      1       0         0         2              0                     0.0%        66.7%  10.0 h',
      '',
      'SLA compliance per rep (met on time / handoffs already due)',
      '  rep           handoffs  met on time  breached  escalated  waiting  compliance',
      '  all reps      7         2            4         1          1        33.3%',
      '  Ada Lovelace  4         2            1         1          1        66.7%',
      '  Grace Hopper  3         0            3         0          0        0.0%',
      '',
      'Open SLA breaches now: 2, oldest first',
      '  lead        company   rep           status     due                       overdue  age',
      '  Wen Li      Tailspin  Ada Lovelace  escalated  2026-03-15T12:00:00.000Z  432.0 h  436.0 h',
      '  Priya Shah  Contoso   Grace Hopper  breached   2026-03-25T12:00:00.000Z  192.0 h  196.0 h',
      '',
      'Recycle reasons (recycled in the period; re-MQL = back at MQL or beyond)',
      '  reason       recycled  re-MQL  rate',
      '  closed lost  1         0       0.0%',
      '  no budget    1         1       100.0%',
      '  all reasons  2         1       50.0%',
      '',
      'Revenue by lead source (opportunities closed in the period)',
      '  lead source  won deals  won amount     lost deals',
      '  Webinar      1          12,000.00 USD  0',
      '  (no lead)    1          5,000.00 USD   0',
      '  Paid Search  0          0.00 USD       1',
      '  all          2          17,000.00 USD  1',
      '',
      'Revenue by campaign (opportunities closed in the period)',
      '  campaign       won deals  won amount     lost deals',
      '  Spring Launch  1          12,000.00 USD  0',
      '  (no lead)      1          5,000.00 USD   0',
      '  Brand Q1       0          0.00 USD       1',
      '',
      'Sync health: last runs',
      '  kind  status     trigger   started                   duration',
      '  sync  pulling    schedule  2026-04-02T11:55:00.000Z  running',
      '  sla   succeeded  schedule  2026-04-02T11:00:00.000Z  5 s',
      '  sync  succeeded  schedule  2026-04-02T10:00:00.000Z  120 s',
      '',
      'Dead letters waiting for replay: 3',
      '  system      object   error           open  oldest',
      '  salesforce  Lead     invalid_record  2     2026-04-01T09:00:00.000Z',
      '  hubspot     contact  rate_limited    1     2026-04-02T08:00:00.000Z',
      '',
      'API budget (last finished sync run)',
      '  system      calls  daily used  daily limit  share used  budget left',
      '  salesforce  120    4500        15000        30.0%       3000',
      '  hubspot     80     2000        250000       0.8%        123000',
      '',
    ]);
  });

  test('--table prints one CSV table a spreadsheet opens as is', async () => {
    const result = await run(
      'report',
      '--table',
      'revenue',
      '--since',
      MARCH.since,
      '--until',
      MARCH.until,
    );
    expect(result).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'dimension,group,currency,won_deals,won_amount,lost_deals',
        'all,all,USD,2,17000,1',
        'leadSource,Webinar,USD,1,12000,0',
        'leadSource,(no lead),USD,1,5000,0',
        'leadSource,Paid Search,USD,0,0,1',
        'campaign,Spring Launch,USD,1,12000,0',
        'campaign,(no lead),USD,1,5000,0',
        'campaign,Brand Q1,USD,0,0,1',
        '',
      ].join('\r\n'),
    });
  });

  test('--csv prints every table under its name', async () => {
    const result = await run('report', '--csv', '--since', MARCH.since, '--until', MARCH.until);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\r\n').filter((line) => line.startsWith('# '))).toEqual(
      CSV_TABLE_NAMES.map((name) => `# ${name}`),
    );
    expect(result.stdout).toContain(
      '# velocity\r\nstage,exits,median_hours,p90_hours\r\ninquiry,6,24,420\r\nmql,4,15,66\r\n',
    );
  });

  test('--json and --csv together are a usage error', async () => {
    const result = await run('report', '--json', '--csv');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "error [cli.usage]: option '--json' cannot be used with option '--csv'\nhint: run \"leadloop --help\" to see the commands and their options\n",
    );
  });

  test('a period that is not a date is refused before the store opens', async () => {
    expect(await run('report', '--since', '2026-02-30')).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'error [report.invalid_range]: --since "2026-02-30" is not a date.\nhint: Use a UTC day like 2026-03-01 or an ISO timestamp like 2026-03-01T09:00:00Z.\n',
    });
    expect(await run('report', '--since', '2026-03-31', '--until', '2026-03-01')).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'error [report.invalid_range]: The period is empty: since is not before until.\nhint: Give --since earlier than --until (dates are UTC days, both included).\n',
    });
  });

  test('CRM text that looks like a spreadsheet formula is written as text', () => {
    const hostile: Report = {
      ...expected,
      recycle: {
        ...expected.recycle,
        byReason: [
          { reason: '=HYPERLINK("http://evil.example","x")', recycled: 1, reMql: 0, reMqlRate: 0 },
          { reason: '@SUM(A1), "quoted"', recycled: 1, reMql: 1, reMqlRate: 1 },
        ],
      },
    };
    expect(renderSectionCsv(hostile, 'recycle').split('\r\n')).toEqual([
      'reason,recycled,re_mql,re_mql_rate',
      'all reasons,2,1,0.5',
      `"'=HYPERLINK(""http://evil.example"",""x"")",1,0,0`,
      `"'@SUM(A1), ""quoted""",1,1,1`,
      '',
    ]);
  });
});
