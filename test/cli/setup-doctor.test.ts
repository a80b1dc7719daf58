import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Connection } from 'jsforce';
import { HUBSPOT_SANDBOX_TOKEN, hubspotSandbox } from '../../connectors/hubspot/sandbox/index.ts';
import {
  SALESFORCE_SANDBOX_TOKEN,
  salesforceSandbox,
} from '../../connectors/salesforce/sandbox/index.ts';
import { startSandboxServer, type RunningSandboxServer } from '../../src/sandbox/server.ts';
import { run, runBin } from './run.ts';

/**
 * `leadloop setup` and `leadloop doctor` with the shipped config against both sandboxes on one
 * server, as an admin runs them on a fresh org and portal: doctor names what is missing,
 * setup creates it, a second setup changes nothing, doctor then passes.
 */
const SF_FIELDS = [
  'LeadLoop_Id__c',
  'LeadLoop_Stage__c',
  'LeadLoop_Score__c',
  'LeadLoop_Grade__c',
  'LeadLoop_Score_Reasons__c',
  'LeadLoop_MQL_At__c',
  'LeadLoop_SLA_Due__c',
  'LeadLoop_SLA_Status__c',
  'LeadLoop_Recycle_Reason__c',
];
const HS_PROPERTIES = [
  'leadloop_id',
  'leadloop_stage',
  'leadloop_score',
  'leadloop_grade',
  'leadloop_score_reasons',
  'leadloop_sla_status',
  'leadloop_first_touch_at',
  'leadloop_recycle_reason',
  'leadloop_salesforce_id',
  'leadloop_opportunity_stage',
  'leadloop_opportunity_amount',
  'leadloop_closed_won_at',
  'leadloop_owner',
];

describe('leadloop setup and doctor against both sandboxes', () => {
  let server: RunningSandboxServer;
  const writes = () => {
    const counts = server.accounting.snapshot();
    return { salesforce: counts.salesforce.write, hubspot: counts.hubspot.write };
  };

  beforeAll(async () => {
    server = await startSandboxServer({ factories: [salesforceSandbox, hubspotSandbox] });
    // env() parses process.env on first use, which is after this.
    for (const name of Object.keys(process.env))
      if (/^(SALESFORCE|HUBSPOT)_|^LEADLOOP_CONFIG$/.test(name)) delete process.env[name];
    Object.assign(process.env, {
      SALESFORCE_INSTANCE_URL: server.url,
      SALESFORCE_ACCESS_TOKEN: SALESFORCE_SANDBOX_TOKEN,
      HUBSPOT_BASE_URL: server.url,
      HUBSPOT_ACCESS_TOKEN: HUBSPOT_SANDBOX_TOKEN,
      LOG_LEVEL: 'error',
    });
    // The shipped mappings sync the campaign from UTM fields "many orgs already have": this
    // org and portal have them, created by their admins before leadloop came along.
    const conn = new Connection({
      instanceUrl: server.url,
      accessToken: SALESFORCE_SANDBOX_TOKEN,
      version: '62.0',
    });
    await conn.metadata.upsert(
      'CustomField',
      ['Lead', 'Contact'].map((object) => ({
        fullName: `${object}.UTM_Campaign__c`,
        label: 'UTM Campaign',
        type: 'Text',
        length: 255,
      })),
    );
    const property = await fetch(`${server.url}/crm/v3/properties/contacts`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${HUBSPOT_SANDBOX_TOKEN}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        name: 'utm_campaign',
        label: 'UTM Campaign',
        type: 'string',
        fieldType: 'text',
        groupName: 'contactinformation',
      }),
    });
    expect(property.status).toBe(201);
  });
  afterAll(() => server.close());

  it('doctor on a fresh org and portal fails, naming every missing leadloop field', async () => {
    const result = await run('doctor');
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines).toContain(
      `  FAIL  fields on Lead                           Lead lacks (or the API user cannot see) ${SF_FIELDS.join(', ')}`,
    );
    expect(result.stdout).toContain(
      `Contact lacks (or the API user cannot see) ${SF_FIELDS.join(', ')}`,
    );
    expect(result.stdout).toContain(
      'fix: Run `leadloop setup` and assign the LeadLoop_Integration permission set to the API user.',
    );
    for (const name of HS_PROPERTIES) expect(result.stdout).toContain(name);
    expect(lines[0]).toBe('Salesforce');
    expect(lines).toContain('HubSpot');
    expect(result.stdout).toMatch(/^doctor: \d+ ok, \d+ warnings, \d+ failed$/m);
    expect(result.stderr).toMatch(/^error \[doctor\.failed\]: \d+ check\(s\) failed\nhint: /);
  });

  it('setup creates everything; a second run reports it all as already there and writes nothing', async () => {
    const first = await run('setup');
    expect(first).toMatchObject({ code: 0, stderr: '' });
    const lines = first.stdout.split('\n');
    for (const object of ['Lead', 'Contact'])
      for (const field of SF_FIELDS)
        expect(lines).toContainEqual(
          expect.stringMatching(new RegExp(`^  ${object}\\.${field} +created$`)),
        );
    expect(lines).toContainEqual(
      expect.stringMatching(/^ {2}PermissionSet LeadLoop_Integration +created$/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}contacts group leadloop +created$/));
    for (const name of HS_PROPERTIES)
      expect(lines).toContainEqual(
        expect.stringMatching(new RegExp(`^  contacts\\.${name} +created$`)),
      );
    expect(lines).toContainEqual(
      expect.stringMatching(/^ {2}ListView Lead\.LeadLoop_Follow_Up_Due +created$/),
    );
    // + permission set, four list views, group
    const created = 2 * SF_FIELDS.length + 1 + 4 + HS_PROPERTIES.length + 1;
    expect(lines).toContain(`setup: ${created} created, 0 updated, 0 already there, 0 failed`);

    const before = writes();
    const second = await run('setup');
    expect(second).toMatchObject({ code: 0, stderr: '' });
    expect(second.stdout).not.toMatch(/ created$/m);
    expect(second.stdout).toContain(
      `setup: 0 created, 0 updated, ${created} already there, 0 failed`,
    );
    expect(writes()).toEqual(before);
  });

  it('doctor after setup passes every check in both systems', async () => {
    const result = await run('doctor');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('FAIL');
    const rows = result.stdout.split('\n').filter((line) => /^ {2}(ok|WARN|FAIL) /.test(line));
    expect(rows.map((line) => line.slice(2, 4))).toEqual(Array(20).fill('ok'));
    expect(result.stdout).toMatch(/^ {2}ok {2}credentials +Signed in as leadloop\.integration@/m);
    expect(result.stdout).toMatch(/^ {2}ok {2}credentials +HUBSPOT_ACCESS_TOKEN works at /m);
    expect(result.stdout).toContain('doctor: 20 ok, 0 warnings, 0 failed');
  });

  it('a doctor with a revoked Salesforce token fails that check with its fix; HubSpot still runs', async () => {
    const result = await runBin(['doctor'], {
      SALESFORCE_INSTANCE_URL: server.url,
      SALESFORCE_ACCESS_TOKEN: 'revoked-token',
      HUBSPOT_BASE_URL: server.url,
      HUBSPOT_ACCESS_TOKEN: HUBSPOT_SANDBOX_TOKEN,
      LOG_LEVEL: 'error',
    });
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'Salesforce',
      '        check        result',
      '  FAIL  credentials  Salesforce: Session expired or invalid',
      expect.stringMatching(/^ {21}fix: .*SALESFORCE_ACCESS_TOKEN/),
    ]);
    expect(lines).toContain('HubSpot');
    expect(result.stdout).not.toMatch(/^ {2}FAIL .*leadloop_/m);
    expect(result.stderr).toContain('error [doctor.failed]: 1 check(s) failed');
  }, 30_000);

  it('setup without credentials is one error listing what to set for both systems', async () => {
    const result = await runBin(['setup'], { LOG_LEVEL: 'error' });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')).toEqual([
      'error [config.credentials]: Salesforce credentials: nothing is set.',
      'HUBSPOT_ACCESS_TOKEN is not set',
      'hint: Set one of:',
      '  direct session:      SALESFORCE_INSTANCE_URL and SALESFORCE_ACCESS_TOKEN',
      '  client credentials:  SALESFORCE_LOGIN_URL (your My Domain URL), SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET',
      '  JWT bearer:          SALESFORCE_USERNAME, SALESFORCE_PRIVATE_KEY_FILE and SALESFORCE_CLIENT_ID (SALESFORCE_LOGIN_URL optional)',
      'Create a private app in HubSpot (Settings → Integrations → Private Apps) and set HUBSPOT_ACCESS_TOKEN to its access token.',
      'Or turn a system off in config/leadloop.yaml (systems.<name>.enabled: false).',
      '',
    ]);
  }, 30_000);
});
