import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runSalesforceDoctor } from '../../../connectors/salesforce/index.ts';
import {
  SANDBOX_INTEGRATION_USERNAME,
  SANDBOX_ORG_ID,
} from '../../../connectors/salesforce/sandbox/index.ts';
import { parseEnv } from '../../../src/config/env.ts';
import { connect, counting, oauthEnv, sessionEnv, startOrg, type Org } from './support.ts';

const FIELDS = [
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
const VIEWS = ['Lead', 'Contact'].flatMap((object) =>
  ['LeadLoop_Follow_Up_Due', 'LeadLoop_SLA_Breached'].map((view) => `ListView ${object}.${view}`),
);
const names = ['Lead', 'Contact'].flatMap((object) => FIELDS.map((field) => `${object}.${field}`));
const METADATA = 'POST /services/Soap/m/62.0';

describe('Salesforce setup and doctor against the sandbox', () => {
  let org: Org;

  // Field-level security enforced: a field is invisible to the API user until a permission
  // set grants it, so setup's permission set is part of what makes doctor pass.
  beforeAll(async () => {
    org = await startOrg({ enforceFieldSecurity: true });
  });
  afterAll(() => org.close());

  it('doctor on an empty org: fields missing, with `leadloop setup` as the fix', async () => {
    const checks = await connect(org).doctor();
    expect(checks.find((check) => check.name === 'fields on Lead')).toEqual({
      system: 'salesforce',
      name: 'fields on Lead',
      status: 'fail',
      detail: `Lead lacks (or the API user cannot see) ${FIELDS.join(', ')}`,
      fix: 'Run `leadloop setup` and assign the LeadLoop_Integration permission set to the API user.',
    });
    expect(
      checks.find((check) => check.name === 'picklist Contact.LeadLoop_Stage__c'),
    ).toMatchObject({ status: 'fail', detail: 'Contact.LeadLoop_Stage__c does not exist' });
  });

  it('setup creates every field and the permission set; a second run changes nothing', async () => {
    const connector = connect(org);
    const first = await connector.setup();
    expect(first).toEqual([
      ...names.map((name) => ({ system: 'salesforce', name, status: 'created' })),
      { system: 'salesforce', name: 'PermissionSet LeadLoop_Integration', status: 'created' },
      ...VIEWS.map((name) => ({ system: 'salesforce', name, status: 'created' })),
    ]);
    const stage = (await connector.describe('Lead')).fields.get('LeadLoop_Stage__c');
    expect(stage).toEqual({
      name: 'LeadLoop_Stage__c',
      type: 'picklist',
      createable: true,
      updateable: true,
      picklist: {
        values: [
          'Inquiry',
          'MQL',
          'SAL',
          'SQL',
          'Opportunity',
          'Customer',
          'Recycled',
          'Disqualified',
        ],
        restricted: true,
      },
    });
    const before = org.server.accounting.snapshot().salesforce;
    const { result: second, calls } = await counting(org, () => connector.setup());
    expect(second.map((item) => item.status)).toEqual(Array(23).fill('exists'));
    // Only reads: two readMetadata calls for the fields, one for the permission set, one for
    // the list views.
    expect(calls).toEqual({ [METADATA]: 4 });
    expect(org.server.accounting.snapshot().salesforce.write).toBe(before.write);
  });

  it('doctor on a set-up org: every check passes', async () => {
    const checks = await connect(org).doctor();
    expect(checks.map((check) => [check.name, check.status])).toEqual([
      ['credentials', 'ok'],
      ['api version', 'ok'],
      ['fields on Lead', 'ok'],
      ['fields on Contact', 'ok'],
      ['picklist Lead.LeadLoop_Stage__c', 'ok'],
      ['picklist Lead.LeadLoop_SLA_Status__c', 'ok'],
      ['picklist Contact.LeadLoop_Stage__c', 'ok'],
      ['picklist Contact.LeadLoop_SLA_Status__c', 'ok'],
      ['api budget', 'ok'],
      ['clock skew', 'ok'],
    ]);
    expect(checks[0]!.detail).toBe(
      `Signed in as ${SANDBOX_INTEGRATION_USERNAME} (org ${SANDBOX_ORG_ID}, session)`,
    );
    expect(checks[1]!.detail).toBe('API v62.0 is supported (newest: v68.0)');
    const oauth = await connect(org, { env: oauthEnv(org) }).doctor();
    expect(oauth[0]!.detail).toBe(
      `Signed in as ${SANDBOX_INTEGRATION_USERNAME} (org ${SANDBOX_ORG_ID}, client credentials)`,
    );
  });

  it('doctor catches a field the mappings name but the org lacks, and a bad picklist value', async () => {
    const checks = await connect(org).doctor({
      fields: { Lead: ['Email', 'UTM_Campaign__c'] },
      picklistValues: { Lead: { Status: ['Working - Contacted', 'Nurture'] } },
    });
    expect(checks.find((check) => check.name === 'fields on Lead')).toEqual({
      system: 'salesforce',
      name: 'fields on Lead',
      status: 'fail',
      detail: 'Lead lacks (or the API user cannot see) UTM_Campaign__c',
      fix: 'Create the field or fix its name in mappings/fields.yaml, and grant the API user field-level security on it.',
    });
    expect(checks.find((check) => check.name === 'picklist Lead.Status')).toEqual({
      system: 'salesforce',
      name: 'picklist Lead.Status',
      status: 'fail',
      detail: 'Lead.Status has no value "Nurture" (restricted picklist: such writes are rejected)',
      fix: 'Add the values in Setup → Object Manager → Lead → Status, or change the value map in mappings/*.yaml.',
    });
  });

  it('doctor reports bad credentials as one failed check with the fix', async () => {
    const checks = await runSalesforceDoctor({ env: sessionEnv(org, 'revoked-token') });
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({
      name: 'credentials',
      status: 'fail',
      detail: 'Salesforce: Session expired or invalid',
    });
    expect(checks[0]!.fix).toMatch(/SALESFORCE_ACCESS_TOKEN/);

    const secret = await runSalesforceDoctor({ env: oauthEnv(org, 'not-the-secret') });
    expect(secret).toEqual([
      expect.objectContaining({
        name: 'credentials',
        status: 'fail',
        detail: 'Salesforce login failed: invalid_client: invalid client credentials',
      }),
    ]);
    expect(secret[0]!.fix).toMatch(/SALESFORCE_CLIENT_SECRET/);

    const unset = await runSalesforceDoctor({ env: parseEnv({}) });
    expect(unset).toEqual([
      expect.objectContaining({
        name: 'credentials',
        status: 'fail',
        detail: 'Salesforce credentials: nothing is set.',
      }),
    ]);
  });

  it('doctor flags a skewed clock and a spent budget', async () => {
    await org.admin('/clock', { systems: ['salesforce'], offsetMs: -120_000 });
    await org.admin('/salesforce/limits', { used: 57_600 });
    try {
      const checks = await connect(org).doctor();
      const skew = checks.find((check) => check.name === 'clock skew')!;
      expect(skew).toMatchObject({ status: 'fail' });
      expect(skew.detail).toMatch(/^local clock is 12\d\.\d s ahead of Salesforce$/);
      expect(checks.find((check) => check.name === 'api budget')).toMatchObject({
        status: 'fail',
        detail: `57608 of 115000 daily API calls used; leadloop may use up to 57500 (50%), 0 left`,
      });
    } finally {
      await org.admin('/clock', { systems: ['salesforce'], offsetMs: 0 });
      await org.admin('/salesforce/limits', { used: 0 });
    }
  });
});
