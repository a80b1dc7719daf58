import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { PropertyCreate } from '@hubspot/api-client/lib/codegen/crm/properties/index.js';
import { apiError, startHubspot, type HubspotHarness } from './support.ts';

// What `leadloop setup` creates on a fresh portal: its group, then its properties.
const stage: PropertyCreate = {
  name: 'leadloop_stage',
  label: 'leadloop stage',
  type: 'enumeration' as PropertyCreate['type'],
  fieldType: 'select' as PropertyCreate['fieldType'],
  groupName: 'leadloop',
  options: ['inquiry', 'mql', 'sal', 'sql'].map((value, displayOrder) => ({
    label: value.toUpperCase(),
    value,
    displayOrder,
    hidden: false,
  })),
};

describe('HubSpot sandbox: properties and property groups', () => {
  let hub: HubspotHarness;
  const core = () => hub.client.crm.properties.coreApi;

  beforeAll(async () => {
    hub = await startHubspot();
  });
  afterAll(() => hub.server.close());

  it('lists the standard contact properties with their types and options', async () => {
    const all = await core().getAll('contacts');
    const byName = new Map(all.results.map((p) => [p.name, p]));
    for (const name of [
      'email',
      'firstname',
      'lastname',
      'company',
      'jobtitle',
      'phone',
      'country',
      'hs_lead_status',
      'hubspot_owner_id',
      'hs_analytics_source',
      'hs_email_open',
      'hs_email_click',
      'hs_analytics_num_page_views',
      'hs_analytics_num_visits',
      'num_conversion_events',
      'hs_analytics_last_visit_timestamp',
      'hs_email_last_open_date',
      'recent_conversion_date',
      'hubspotscore',
      'createdate',
      'lastmodifieddate',
      'hs_object_id',
      'hs_merged_object_ids',
    ])
      expect(byName.has(name)).toBe(true);
    const lifecycle = byName.get('lifecyclestage')!;
    expect(lifecycle).toMatchObject({
      type: 'enumeration',
      fieldType: 'radio',
      hubspotDefined: true,
    });
    expect(lifecycle.options.map((o) => o.value)).toEqual([
      'subscriber',
      'lead',
      'marketingqualifiedlead',
      'salesqualifiedlead',
      'opportunity',
      'customer',
      'evangelist',
      'other',
    ]);
    expect(byName.get('hubspotscore')!.modificationMetadata).toEqual({
      archivable: false,
      readOnlyDefinition: true,
      readOnlyValue: true,
    });
    expect([...byName.keys()].some((name) => name.startsWith('leadloop_'))).toBe(false);
    expect(
      (await core().getAll('deals')).results.some((p) => p.name === 'hs_lastmodifieddate'),
    ).toBe(true);
  });

  it('creates a group (201) and refuses a duplicate group with 409', async () => {
    const group = await hub.client.crm.properties.groupsApi.create('contacts', {
      name: 'leadloop',
      label: 'leadloop',
      displayOrder: 5,
    });
    expect(group).toMatchObject({
      name: 'leadloop',
      label: 'leadloop',
      displayOrder: 5,
      archived: false,
    });
    const duplicate = await apiError(() =>
      hub.client.crm.properties.groupsApi.create('contacts', { name: 'leadloop', label: 'Again' }),
    );
    expect(duplicate).toMatchObject({
      code: 409,
      body: {
        category: 'OBJECT_ALREADY_EXISTS',
        message: "Property group named 'leadloop' already exists.",
      },
    });
  });

  it('creates a property (201), refuses a duplicate name with 409, and then accepts its values', async () => {
    const created = await core().create('contacts', stage);
    expect(created).toMatchObject({
      name: 'leadloop_stage',
      type: 'enumeration',
      groupName: 'leadloop',
      hubspotDefined: false,
      hasUniqueValue: false,
    });
    expect(created.options.map((o) => o.value)).toEqual(['inquiry', 'mql', 'sal', 'sql']);
    const duplicate = await apiError(() => core().create('contacts', stage));
    expect(duplicate).toMatchObject({
      code: 409,
      body: {
        status: 'error',
        category: 'OBJECT_ALREADY_EXISTS',
        message: "Property named 'leadloop_stage' already exists.",
      },
    });
    const contact = await hub.client.crm.contacts.basicApi.create({
      properties: { email: 'mql@acme.com', leadloop_stage: 'mql' },
      associations: [],
    });
    expect(contact.properties.leadloop_stage).toBe('mql');
    const missingGroup = await apiError(() =>
      core().create('contacts', { ...stage, name: 'leadloop_other', groupName: 'nope' }),
    );
    expect(missingGroup.code).toBe(400);
  });

  it('creates in batch (201), updates options (200) and archives (204)', async () => {
    const batch = await hub.client.crm.properties.batchApi.create('contacts', {
      inputs: [
        {
          name: 'leadloop_score',
          label: 'leadloop score',
          type: 'number' as PropertyCreate['type'],
          fieldType: 'number' as PropertyCreate['fieldType'],
          groupName: 'leadloop',
        },
        {
          name: 'leadloop_id',
          label: 'leadloop ID',
          type: 'string' as PropertyCreate['type'],
          fieldType: 'text' as PropertyCreate['fieldType'],
          groupName: 'leadloop',
          hasUniqueValue: true,
        },
      ],
    });
    expect(batch.results.map((p) => [p.name, p.hasUniqueValue])).toEqual([
      ['leadloop_score', false],
      ['leadloop_id', true],
    ]);
    const updated = await core().update('contacts', 'leadloop_stage', {
      options: [
        ...stage.options!,
        { label: 'Recycled', value: 'recycled', displayOrder: 4, hidden: false },
      ],
    });
    expect(updated.options.map((o) => o.value)).toEqual([
      'inquiry',
      'mql',
      'sal',
      'sql',
      'recycled',
    ]);
    expect(updated.label).toBe('leadloop stage');
    await core().archive('contacts', 'leadloop_score');
    expect((await apiError(() => core().getByName('contacts', 'leadloop_score'))).code).toBe(404);
    const write = await apiError(() =>
      hub.client.crm.contacts.basicApi.update('1', { properties: { leadloop_score: '50' } }),
    );
    expect(write.body.errors[0].code).toBe('PROPERTY_DOESNT_EXIST');
    const archived = await core().getAll('contacts', true);
    expect(archived.results.map((p) => p.name)).toEqual(['leadloop_score']);
  });

  it('will not archive a HubSpot-defined property', async () => {
    expect((await apiError(() => core().archive('contacts', 'email'))).code).toBe(400);
  });
});
