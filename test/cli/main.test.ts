import { beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { BROKEN, projectWith, REPO_ROOT } from '../config/project.ts';
import { reportError } from '../../src/cli/main.ts';
import { setOutputSink } from '../../src/cli/output.ts';
import { run } from './run.ts';

const CONFIG = join(REPO_ROOT, 'config/leadloop.yaml');

beforeAll(() => {
  // Scores decay with time: freeze the clock the way admins do for demos (env() reads it lazily).
  process.env.LEADLOOP_NOW = '2026-06-15T12:00:00Z';
  delete process.env.LEADLOOP_NOTIFY_URL;
  process.env.LOG_LEVEL = 'info';
});

describe('leadloop --help', () => {
  it('lists only the commands that work', async () => {
    const result = await run('--help');
    expect(result).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'Usage: leadloop [options] [command]',
        '',
        'One lead for marketing and sales: keeps HubSpot and Salesforce in agreement.',
        '',
        'Options:',
        '  -V, --version                   output the version number',
        '  -h, --help                      display help for command',
        '',
        'Commands:',
        '  config                          work with the configuration files',
        '  score [options] <contact.json>  score a HubSpot contact and show why',
        '  start [options]                 serve; without credentials, the demo on the built-in sandboxes',
        '  sandbox [options]               run the Salesforce and HubSpot emulators on one port',
        '  setup [options]                 create the leadloop fields and properties (safe to repeat)',
        '  doctor [options]                check credentials, fields, picklists, API budget and clock',
        '  report [options]                the pipeline review: waterfall, velocity, speed to lead, SLA,',
        '                                  recycles, revenue',
        '  sync [options]                  sync HubSpot and Salesforce: once, or every sync.pollInterval',
        '  replay [options]                retry the records in dead letters and report each outcome',
        '  sla [options]                   check every open follow-up clock: breaches, escalations, recycles',
        '  serve [options]                 run the service: admin API, webhooks and scheduled jobs',
        '  help [command]                  display help for command',
        '',
      ].join('\n'),
    });
  });

  it('rejects an unknown command as a usage error (exit 2)', async () => {
    expect(await run('migrate', '--once')).toEqual({
      code: 2,
      stdout: '',
      stderr: [
        "error [cli.usage]: unknown command 'migrate'",
        'hint: run "leadloop --help" to see the commands and their options',
        '',
      ].join('\n'),
    });
  });

  it('suggests the command a typo meant', async () => {
    expect(await run('scroe', 'contact.json')).toEqual({
      code: 2,
      stdout: '',
      stderr: [
        "error [cli.usage]: unknown command 'scroe'",
        '(Did you mean score?)',
        'hint: run "leadloop --help" to see the commands and their options',
        '',
      ].join('\n'),
    });
  });
});

describe('leadloop config check', () => {
  it('validates the shipped files and prints what leadloop will do', async () => {
    const result = await run('config', 'check', '--config', CONFIG);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(
      'Configuration config/leadloop.yaml, with config/scoring.yaml, config/sla.yaml, mappings/fields.yaml, mappings/stages.yaml',
    );
    expect(lines).toContain(
      '  notifications: on for sla.breached, sla.escalated, sync.dead_letter (LEADLOOP_NOTIFY_URL is not set: alerts are only logged)',
    );
    expect(lines).toContain(
      '  company     company              Company          -                   prefer salesforce',
    );
    expect(lines).toContain(
      '  leadSource  hs_analytics_source  LeadSource       LeadSource          always hubspot → salesforce (9 values mapped)',
    );
    expect(lines).toContain(
      '  Opportunity: open → opportunity; Closed Won → customer; Closed Lost → recycled ("closed lost")',
    );
    expect(lines).toContain(
      '  MQL at a total of 60 or more; grades A ≥ 80, B ≥ 60, C ≥ 35, D below 35',
    );
    expect(lines).toContain('  A      1h                1h');
    expect(lines.at(-2)).toBe('ok: 5 files are valid');
  });

  it('fails with every problem on stderr and exit 1 when a file is broken', async () => {
    const root = projectWith({ fields: join(BROKEN, 'fields/rule-key-typo.yaml') });
    const result = await run('config', 'check', '--config', join(root, 'config/leadloop.yaml'));
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: [
        'error [config.invalid]: 1 problem in the configuration:',
        'mappings/fields.yaml:49:7 fields.company.rule.prefr: expected one of the keys prefer, always, found the unknown key "prefr" — hint: did you mean "prefer"?',
        'hint: fix each line above, then run `leadloop config check` again',
        '',
      ].join('\n'),
    });
  });
});

describe('leadloop score', () => {
  const contact = join(REPO_ROOT, 'config/examples/referral-head-of-growth-uk.json');

  it('explains every rule that fired, the total, the grade and the MQL verdict', async () => {
    const result = await run('score', '--explain', contact, '--config', CONFIG);
    expect(result).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'HubSpot contact 89104 (Aisha Okafor <aisha.okafor@lumensoftware.co.uk>), scored at 2026-06-15T12:00:00.000Z',
        '  rule                     points  reason',
        '  title-executive          +20     Executive or director title',
        '  country-core-market      +10     In a core market (US, Canada, UK)',
        '  industry-target          +5      Target industry',
        '  company-size-mid-market  +10     Company of 100+ employees',
        '  company-revenue          +5      Company revenue of $10M or more',
        '  referral                 +5      Came through a referral',
        '  phone-given              +5      Gave a phone number',
        '  page-views               +4.5    Viewed pages on the website',
        '  visits                   +4      Visited the website',
        '  form-conversions         +10     Filled in forms (demo, trial, content)',
        '  hubspot-score            +3.5    HubSpot score',
        '  total                    82      grade A, MQL yes (threshold 60)',
        '',
      ].join('\n'),
    });
  });

  it('prints one verdict line without --explain', async () => {
    const cold = join(REPO_ROOT, 'config/examples/cold-student-personal-email.json');
    const result = await run('score', cold, '--config', CONFIG);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      'HubSpot contact 90412 (Tomás Fernández <tomas.fernandez.2004@hotmail.com>): total -38, grade D, MQL no (threshold 60)\n',
    );
  });

  it('says what a contact file should look like', async () => {
    const result = await run('score', '--explain', CONFIG, '--config', CONFIG);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      [
        `error [score.contact_invalid]: ${CONFIG} is not JSON`,
        'hint: expected a HubSpot v3 contact: {"id": "…", "properties": {"email": "…", …}}',
        '',
      ].join('\n'),
    );
  });

  it('needs a contact file (usage error)', async () => {
    const result = await run('score', '--explain');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      [
        "error [cli.usage]: missing required argument 'contact.json'",
        'hint: run "leadloop --help" to see the commands and their options',
        '',
      ].join('\n'),
    );
  });
});

describe('unexpected failures', () => {
  it('print a short message and where to look, without a stack trace', () => {
    let stderr = '';
    const restore = setOutputSink({ out: () => undefined, err: (text) => (stderr += text) });
    try {
      expect(reportError(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(
        1,
      );
    } finally {
      restore();
    }
    expect(stderr).toBe(
      [
        "error: unexpected failure: Cannot read properties of undefined (reading 'id')",
        'hint: run again with LOG_LEVEL=debug to see where it happened',
        '',
      ].join('\n'),
    );
  });
});
