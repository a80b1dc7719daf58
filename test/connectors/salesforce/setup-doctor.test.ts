import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runSalesforceDoctor } from '../../../connectors/salesforce/index.ts';
import { parseEnv } from '../../../src/config/env.ts';
import type { FakeOrg } from './fake-org.ts';
import { connect, sessionEnv, startOrg } from './support.ts';

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
const names = ['Lead', 'Contact'].flatMap((object) => FIELDS.map((field) => `${object}.${field}`));

describe('Salesforce setup and doctor', () => {
  let org: FakeOrg;

  beforeAll(async () => {
    org = await startOrg();
  });
  afterAll(() => org.close());

  it('doctor on an empty org: fields missing, with `leadloop setup` as the fix', async () => {
    const checks = await connect(org).doctor();
    expect(checks.find((check) => check.name === 'fields on Lead')).toMatchObject({
      status: 'fail',
      detail: `Lead lacks (or the API user cannot see) ${FIELDS.join(', ')}`,
      fix: 'Run `leadloop setup` and assign the LeadLoop_Integration permission set to the API user.',
    });
  });

  it('setup creates every field and the permission set; a second run changes nothing', async () => {
    const connector = connect(org);
    const first = await connector.setup();
    expect(first).toEqual([
      ...names.map((name) => ({ system: 'salesforce', name, status: 'created' })),
      { system: 'salesforce', name: 'PermissionSet LeadLoop_Integration', status: 'created' },
    ]);
    expect(org.fields('Lead').get('LeadLoop_Stage__c')).toEqual({
      name: 'LeadLoop_Stage__c',
      type: 'picklist',
      createable: true,
      updateable: true,
      picklist: [
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
    });
    const writesBefore = org.requests.length;
    const second = await connector.setup();
    expect(second.map((item) => item.status)).toEqual(Array(19).fill('exists'));
    // Only reads: two readMetadata calls for fields, one for the permission set.
    expect(org.requests.length - writesBefore).toBe(3);
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
      'Signed in as integration@acme.example (org 00DFAKE00000000AAA, session)',
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
    expect(checks.find((check) => check.name === 'picklist Lead.Status')).toMatchObject({
      status: 'fail',
      detail: 'Lead.Status has no value "Nurture" (restricted picklist: such writes are rejected)',
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
    org.dateOffsetMs = -120_000;
    org.used = 7_600;
    try {
      const checks = await connect(org).doctor();
      expect(checks.find((check) => check.name === 'clock skew')).toMatchObject({ status: 'fail' });
      expect(checks.find((check) => check.name === 'clock skew')!.detail).toMatch(
        /^local clock is 12\d\.\d s ahead of Salesforce$/,
      );
      expect(checks.find((check) => check.name === 'api budget')).toMatchObject({ status: 'fail' });
    } finally {
      org.dateOffsetMs = 0;
      org.used = 0;
    }
  });
});
