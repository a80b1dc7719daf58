import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config.ts';
import { ConfigError } from '../../src/config/problem.ts';
import { BROKEN, projectWith, projectWithBroken, type ConfigFileName } from './project.ts';

/** Loads a temp project with one broken file and returns the ConfigError it must raise. */
function configErrorFor(file: ConfigFileName, fixture: string): ConfigError {
  const root = projectWithBroken(file, fixture);
  try {
    loadConfig({ configPath: join(root, 'config/leadloop.yaml') });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`${file}/${fixture} loaded without a problem`);
}

const one = (line: string) => `1 problem in the configuration:\n${line}`;

/** [file, fixture, problem code, the exact line the admin reads] */
const CASES: [ConfigFileName, string, string, string][] = [
  [
    'leadloop',
    'bad-cron',
    'value.bad_cron',
    'config/leadloop.yaml:4:8 schedules.sla: expected a cron expression like "*/5 * * * *", found "*/15 * * *" — hint: a cron expression has 5 fields (minute hour day-of-month month day-of-week) and an optional leading seconds field; e.g. "*/5 * * * *" runs every 5 minutes',
  ],
  [
    'leadloop',
    'bad-duration',
    'value.bad_duration',
    'config/leadloop.yaml:4:18 sync.overlapWindow: expected a duration like "30s", "2m" or "1h", found "half a minute" — hint: write a number and a unit: ms, s, m, h or d',
  ],
  [
    'leadloop',
    'bad-timezone',
    'value.bad_timezone',
    'config/leadloop.yaml:4:13 schedules.timezone: expected an IANA time zone like "Europe/Paris" or "America/New_York", found "Europe/Pari" — hint: did you mean "Europe/Paris"?',
  ],
  [
    'leadloop',
    'budget-share-over-one',
    'value.out_of_range',
    'config/leadloop.yaml:4:15 apiBudget.salesforce: expected a share between 0 and 1, found 80 — hint: write a share, not a percentage: 0.5 is half of the daily API limit',
  ],
  [
    'leadloop',
    'missing-file',
    'file.missing',
    'config/leadloop.yaml:4:12 paths.scoring: expected an existing file, found no file at config/lead-scoring.yaml — hint: create config/lead-scoring.yaml (the repository ships a default) or point paths.scoring at yours',
  ],
  [
    'leadloop',
    'secret-in-yaml',
    'secret.in_yaml',
    'config/leadloop.yaml:5:5 systems.hubspot.accessToken: expected no secrets in YAML, found a secret value (not shown) — hint: delete this key and set HUBSPOT_ACCESS_TOKEN in the environment instead; if this file was ever shared or committed, rotate the secret',
  ],
  [
    'leadloop',
    'unknown-key-typo',
    'key.unknown',
    'config/leadloop.yaml:3:3 sync.pollIntervl: expected one of the keys pollInterval, batchSize, overlapWindow, tieBreak, identity, propagateDeletes, found the unknown key "pollIntervl" — hint: did you mean "pollInterval"?',
  ],
  [
    'leadloop',
    'wrong-type',
    'value.wrong_type',
    'config/leadloop.yaml:3:21 sync.propagateDeletes: expected true or false, found "no" — hint: write true or false; yes, no, on and off are text in YAML 1.2',
  ],
  [
    'leadloop',
    'yaml-syntax-error',
    'yaml.syntax',
    'config/leadloop.yaml:3:13 YAML syntax error: Unexpected alias at node end — hint: a value starting with * must be quoted, e.g. "*/5 * * * *"',
  ],
  [
    'fields',
    'bad-rule',
    'value.bad_rule',
    'mappings/fields.yaml:56:11 fields.title.rule: expected two-way, none, prefer: hubspot|salesforce or always: hubspot|salesforce, found "one-way" — hint: write "rule: two-way" or "rule: none", or put "prefer: salesforce" (or "always: hubspot") on its own line indented under "rule:"',
  ],
  [
    'fields',
    'empty-file',
    'value.wrong_type',
    'mappings/fields.yaml:1:1 expected a map with "fields:" listing every lead field, found an empty value — hint: start from the shipped mappings/fields.yaml',
  ],
  [
    'fields',
    'handoff-without-last-name',
    'mapping.handoff_needs_last_name',
    'mappings/fields.yaml:37:13 fields.lastName.salesforce.lead: expected a Salesforce Lead field for lastName, because handoff.createSalesforceLeadOnMql is on, found an empty value — hint: Salesforce refuses a Lead without LastName; map it, or turn off handoff.createSalesforceLeadOnMql in config/leadloop.yaml',
  ],
  [
    'fields',
    'missing-rule',
    'key.missing',
    'mappings/fields.yaml:58:3 fields.phone.rule: expected two-way, none, prefer: hubspot|salesforce or always: hubspot|salesforce, found nothing — hint: write "rule: two-way" or "rule: none", or put "prefer: salesforce" (or "always: hubspot") on its own line indented under "rule:"',
  ],
  [
    'fields',
    'one-sided-field',
    'mapping.one_sided',
    'mappings/fields.yaml:59:14 fields.phone.hubspot: expected a HubSpot property for a synced field, found an empty value — hint: name the field on both sides, or set "rule: none"',
  ],
  [
    'fields',
    'rule-key-typo',
    'key.unknown',
    'mappings/fields.yaml:49:7 fields.company.rule.prefr: expected one of the keys prefer, always, found the unknown key "prefr" — hint: did you mean "prefer"?',
  ],
  [
    'fields',
    'unknown-field-name',
    'key.unknown',
    'mappings/fields.yaml:103:3 fields.industry: expected one of the keys email, firstName, lastName, company, title, phone, country, leadSource, campaign, owner, found the unknown key "industry" — hint: remove it; only the keys listed are allowed here',
  ],
  [
    'fields',
    'unsynced-email',
    'mapping.email_required',
    'mappings/fields.yaml:25:11 fields.email.rule: expected a synced rule for email (two-way, prefer or always), found "none" — hint: leadloop finds the same person in both systems by email; map it on every side with a synced rule (the shipped default does)',
  ],
  [
    'stages',
    'no-mql-status',
    'mapping.handoff_needs_mql_status',
    'mappings/stages.yaml:36:3 salesforce.leadStatus: expected a Lead Status that maps to mql, because handoff.createSalesforceLeadOnMql is on, found none — hint: map the status new Leads start in (usually "Open - Not Contacted") to mql',
  ],
  [
    'stages',
    'recycle-without-reason',
    'mapping.recycle_without_reason',
    'mappings/stages.yaml:40:29 salesforce.leadStatus["Closed - Not Converted"]: expected a reason source for recycled, found "recycled" — hint: a recycle needs a reason: write "stage: recycled" with "reason: <text>" and/or "reasonField: <Salesforce field>" on indented lines',
  ],
  [
    'stages',
    'unknown-recycled-lifecycle',
    'mapping.unknown_lifecycle',
    'mappings/stages.yaml:32:22 hubspot.recycledLifecycle: expected a lifecycle stage listed under hubspot.lifecyclestage (subscriber, lead, marketingqualifiedlead, salesqualifiedlead, opportunity, customer), found "nurture" — hint: add it to hubspot.lifecyclestage, or pick one listed there',
  ],
  [
    'stages',
    'unknown-stage',
    'value.invalid',
    'mappings/stages.yaml:16:29 hubspot.lifecyclestage.marketingqualifiedlead: expected a leadloop stage: inquiry, mql, sal, sql, opportunity, customer, recycled, disqualified, or a map with stage and reason, found "MQL" — hint: did you mean "mql"?',
  ],
  [
    'sla',
    'bad-duration',
    'sla.bad_duration',
    'config/sla.yaml:57:6 windows.B: expected a business duration like "1h", "30m", "1 business day" or "2 business days", found "4 hourz" — hint: write a whole number and a unit: m, h or business day(s), e.g. "4h" or "1 business day"; it must be more than 0',
  ],
  [
    'sla',
    'bad-timezone',
    'value.bad_timezone',
    'config/sla.yaml:11:11 timezone: expected an IANA time zone like "America/New_York" or "Europe/Berlin", found "Eastern Time" — hint: use a name from the IANA time zone database (Area/City); abbreviations like EST are ambiguous',
  ],
  [
    'scoring',
    'unknown-key-typo',
    'key.unknown',
    'config/scoring.yaml:45:5 fit[2].lable: expected one of the keys id, label, field, points, caseSensitive, equals, in, contains, regex, range, exists, found the unknown key "lable" — hint: did you mean "label"?',
  ],
  [
    'scoring',
    'wrong-type',
    'value.wrong_type',
    'config/scoring.yaml:12:15 mqlThreshold: expected a number, found "sixty"',
  ],
];

describe('broken config files', () => {
  it.each(CASES)('%s/%s is reported exactly', (file, fixture, code, rendered) => {
    const error = configErrorFor(file, fixture);
    expect(error.code).toBe('config.invalid');
    expect(error.message).toBe(one(rendered));
    expect(error.problems.map((problem) => problem.code)).toEqual([code]);
    expect(error.hint).toBe('fix each line above, then run `leadloop config check` again');
  });
});

describe('loadConfig collects every problem before failing', () => {
  it('reports problems from several files at once, in file and line order', () => {
    const root = projectWith({
      leadloop: join(BROKEN, 'leadloop/several-problems.yaml'),
      fields: join(BROKEN, 'fields/bad-rule.yaml'),
      sla: join(BROKEN, 'sla/bad-duration.yaml'),
    });
    let error: unknown;
    try {
      loadConfig({ configPath: join(root, 'config/leadloop.yaml') });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { message, problems } = error as ConfigError;
    expect(message).toBe(
      [
        '6 problems in the configuration:',
        'config/leadloop.yaml:5:5 systems.salesforce.clientSecret: expected no secrets in YAML, found a secret value (not shown) — hint: delete this key and set SALESFORCE_CLIENT_SECRET in the environment instead; if this file was ever shared or committed, rotate the secret',
        'config/leadloop.yaml:8:14 sync.batchSize.hubspot: expected a whole number from 1 to 100, found 250 — hint: HubSpot batch endpoints take at most 100 records',
        'config/leadloop.yaml:9:13 sync.tieBreak: expected "hubspot" or "salesforce", found "hubspt" — hint: did you mean "hubspot"?',
        'config/leadloop.yaml:11:9 schedules.sync: expected a cron expression like "*/5 * * * *", found "61 * * * *" — hint: the minute field "61" is out of range or malformed; e.g. "*/5 * * * *" runs every 5 minutes',
        'config/sla.yaml:57:6 windows.B: expected a business duration like "1h", "30m", "1 business day" or "2 business days", found "4 hourz" — hint: write a whole number and a unit: m, h or business day(s), e.g. "4h" or "1 business day"; it must be more than 0',
        'mappings/fields.yaml:56:11 fields.title.rule: expected two-way, none, prefer: hubspot|salesforce or always: hubspot|salesforce, found "one-way" — hint: write "rule: two-way" or "rule: none", or put "prefer: salesforce" (or "always: hubspot") on its own line indented under "rule:"',
      ].join('\n'),
    );
    // The secret itself never reaches the message, the details or a log.
    expect(JSON.stringify((error as ConfigError).toJSON())).not.toContain('9F3B2C7D');
    expect(problems[2]).toEqual({
      file: 'config/leadloop.yaml',
      line: 9,
      column: 13,
      path: 'sync.tieBreak',
      code: 'value.invalid',
      expected: '"hubspot" or "salesforce"',
      found: '"hubspt"',
      message: 'expected "hubspot" or "salesforce", found "hubspt"',
      hint: 'did you mean "hubspot"?',
    });
  });

  it('says where to point when the main file itself is missing', () => {
    const root = projectWith();
    expect(() => loadConfig({ configPath: join(root, 'config/leadlop.yaml') })).toThrow(
      expect.objectContaining({
        code: 'config.not_found',
        hint: 'pass --config <file> or set LEADLOOP_CONFIG; the repository ships config/leadloop.yaml',
      }),
    );
  });
});
