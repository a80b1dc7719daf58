import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import jsforce from 'jsforce';
import { createSalesforceConnector } from '../../connectors/salesforce/index.ts';
import { parseEnv } from '../../src/config/env.ts';
import { startBothSandboxes, type RunningSandboxes } from '../../src/sandbox/start.ts';

/**
 * Where sales sees the SLA: `leadloop setup` installs "LeadLoop: follow-up due" and
 * "LeadLoop: SLA breached" on Lead and Contact through the Metadata API, once.
 */
let sandboxes: RunningSandboxes;
let conn: jsforce.Connection;
const connector = () =>
  createSalesforceConnector({
    env: parseEnv({
      SALESFORCE_INSTANCE_URL: sandboxes.salesforce.instanceUrl,
      SALESFORCE_ACCESS_TOKEN: sandboxes.salesforce.accessToken,
      LEADLOOP_DATA_DIR: 'memory://',
    }),
  });
const VIEW_NAMES = [
  'Lead.LeadLoop_Follow_Up_Due',
  'Lead.LeadLoop_SLA_Breached',
  'Contact.LeadLoop_Follow_Up_Due',
  'Contact.LeadLoop_SLA_Breached',
];
const metadataCalls = () =>
  sandboxes.server.accounting.snapshot().salesforce.byRoute['POST /services/Soap/m/62.0'] ?? 0;

beforeAll(async () => {
  sandboxes = await startBothSandboxes();
  conn = new jsforce.Connection({ ...sandboxes.salesforce, version: '62.0' });
}, 60_000);
afterAll(async () => sandboxes?.close());

describe('leadloop setup installs the follow-up list views', () => {
  test('a first setup creates both views on Lead and Contact, after the fields', async () => {
    const items = await connector().setup();
    const views = items.filter((item) => item.name.startsWith('ListView '));
    expect(views).toEqual(
      VIEW_NAMES.map((name) => ({
        system: 'salesforce',
        name: `ListView ${name}`,
        status: 'created',
      })),
    );
    // The views come last: their columns name fields setup creates first.
    expect(items.slice(-4)).toEqual(views);
  });

  test('the org stores what sales will see: columns and filters on the leadloop fields', async () => {
    const [due, breached] = (await conn.metadata.read('ListView', [
      'Lead.LeadLoop_Follow_Up_Due',
      'Contact.LeadLoop_SLA_Breached',
    ])) as unknown as Record<string, unknown>[];
    expect(due).toEqual({
      fullName: 'Lead.LeadLoop_Follow_Up_Due',
      label: 'LeadLoop: follow-up due',
      filterScope: 'Everything',
      columns: [
        'FULL_NAME',
        'LeadLoop_SLA_Due__c',
        'LeadLoop_SLA_Status__c',
        'LEAD.COMPANY',
        'LEAD.STATUS',
        'LeadLoop_Grade__c',
        'LeadLoop_Score__c',
        'CORE.USERS.ALIAS',
      ],
      filters: [
        {
          field: 'LeadLoop_SLA_Status__c',
          operation: 'equals',
          value: 'on_track,breached,escalated',
        },
        { field: 'LeadLoop_Stage__c', operation: 'equals', value: 'MQL' },
      ],
    });
    expect(breached).toMatchObject({
      fullName: 'Contact.LeadLoop_SLA_Breached',
      label: 'LeadLoop: SLA breached',
      filters: [
        { field: 'LeadLoop_SLA_Status__c', operation: 'equals', value: 'breached,escalated' },
        { field: 'LeadLoop_Stage__c', operation: 'equals', value: 'MQL,SAL,SQL' },
      ],
    });
    const listed = (await conn.sobject('Lead').listviews()) as unknown as {
      listviews: { label: string; developerName: string }[];
    };
    expect(listed.listviews.map((view) => [view.developerName, view.label]).sort()).toEqual([
      ['LeadLoop_Follow_Up_Due', 'LeadLoop: follow-up due'],
      ['LeadLoop_SLA_Breached', 'LeadLoop: SLA breached'],
    ]);
  });

  test('a second setup finds every view in place and writes no metadata', async () => {
    sandboxes.server.accounting.reset();
    const items = await connector().setup();
    expect(items.filter((item) => item.name.startsWith('ListView ')).map((i) => i.status)).toEqual([
      'exists',
      'exists',
      'exists',
      'exists',
    ]);
    // Four reads (fields ×2, permission set, views), no upsert.
    expect(metadataCalls()).toBe(4);
    expect(sandboxes.server.accounting.snapshot().salesforce.write).toBe(0);
  });

  test('a view an admin relabelled is put back; the others are left alone', async () => {
    await conn.metadata.upsert('ListView', {
      fullName: 'Contact.LeadLoop_Follow_Up_Due',
      label: 'My queue',
      filterScope: 'Mine',
      columns: ['FULL_NAME'],
    });
    const items = await connector().setup();
    expect(
      items.filter((item) => item.name.startsWith('ListView ')).map((i) => [i.name, i.status]),
    ).toEqual([
      ['ListView Lead.LeadLoop_Follow_Up_Due', 'exists'],
      ['ListView Lead.LeadLoop_SLA_Breached', 'exists'],
      ['ListView Contact.LeadLoop_Follow_Up_Due', 'updated'],
      ['ListView Contact.LeadLoop_SLA_Breached', 'exists'],
    ]);
    const restored = (await conn.metadata.read(
      'ListView',
      'Contact.LeadLoop_Follow_Up_Due',
    )) as unknown as Record<string, unknown>;
    expect(restored).toMatchObject({ label: 'LeadLoop: follow-up due', filterScope: 'Everything' });
  });
});
