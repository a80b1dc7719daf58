import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SANDBOX_APP_ID } from '../../../../connectors/hubspot/sandbox/index.ts';
import { apiError, startHubspot, type HubspotHarness } from './support.ts';

// A marketer's contact as the sync would create it, with an owner and a lifecycle stage.
const maya = {
  email: 'Maya.Lindqvist@Northwind.io',
  firstname: 'Maya',
  lastname: 'Lindqvist',
  lifecyclestage: 'lead',
};

describe('HubSpot sandbox: contacts, companies and deals through @hubspot/api-client', () => {
  let hub: HubspotHarness;

  beforeAll(async () => {
    hub = await startHubspot();
    await hub.admin('/seed', { count: 25, seed: 3, systems: ['hubspot'] });
  });
  afterAll(() => hub.server.close());

  it('pages through contacts by record id with after cursors', async () => {
    const api = hub.client.crm.contacts.basicApi;
    const first = await api.getPage(10, undefined, ['email']);
    expect(first.results.map((c) => c.id)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
      '10',
    ]);
    expect(first.paging?.next?.after).toBe('11');
    expect(first.paging?.next?.link).toBe(
      `${hub.server.url}/crm/v3/objects/contacts?limit=10&after=11`,
    );
    const second = await api.getPage(10, first.paging!.next!.after);
    const third = await api.getPage(10, second.paging!.next!.after);
    expect(second.results[0]!.id).toBe('11');
    expect(third.results.map((c) => c.id)).toEqual(['21', '22', '23', '24', '25']);
    expect(third.paging).toBeUndefined();
    // Without `properties`, HubSpot returns the contact defaults only.
    expect(Object.keys(third.results[0]!.properties).sort()).toEqual([
      'createdate',
      'email',
      'firstname',
      'hs_object_id',
      'lastmodifieddate',
      'lastname',
    ]);
  });

  it('creates (201), reads by id and by email, updates (200) and archives (204)', async () => {
    const api = hub.client.crm.contacts.basicApi;
    const created = await api.create({ properties: maya, associations: [] });
    expect(created.id).toBe('26');
    expect(created.properties).toMatchObject({
      email: maya.email,
      lifecyclestage: 'lead',
      hs_object_id: '26',
    });
    expect(created.properties.lastmodifieddate).toBe(created.updatedAt.toISOString());

    const byEmail = await api.getById(
      'maya.lindqvist@northwind.io',
      ['firstname', 'jobtitle'],
      undefined,
      undefined,
      false,
      'email',
    );
    expect(byEmail.id).toBe('26');
    expect(byEmail.properties.firstname).toBe('Maya');
    // A requested property without a value comes back as null.
    expect(byEmail.properties.jobtitle).toBeNull();

    const updated = await api.update('26', {
      properties: { jobtitle: 'Head of Growth', hubspot_owner_id: '71000102' },
    });
    expect(updated.properties).toMatchObject({
      jobtitle: 'Head of Growth',
      hubspot_owner_id: '71000102',
    });
    expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());

    await api.archive('26');
    expect((await apiError(() => api.getById('26'))).code).toBe(404);
    const archived = await api.getPage(10, '26', undefined, undefined, undefined, true);
    expect(archived.results.map((c) => [c.id, c.archived])).toEqual([['26', true]]);
    // The archived contact's email is free again.
    const again = await api.create({ properties: { email: maya.email }, associations: [] });
    expect(again.id).toBe('27');
  });

  it('stores every value as a string and keeps per-property history with the app as source', async () => {
    const api = hub.client.crm.contacts.basicApi;
    const contact = await api.create({
      properties: { email: 'ops@globex.com', jobtitle: 'CTO' },
      associations: [],
    });
    await api.update(contact.id, { properties: { jobtitle: 'CEO' } });
    // Writing the same value again changes nothing: no history entry, no new modstamp.
    const before = await api.getById(contact.id);
    await api.update(contact.id, { properties: { jobtitle: 'CEO' } });
    const read = await api.getById(contact.id, ['jobtitle'], ['jobtitle']);
    expect(read.updatedAt).toEqual(before.updatedAt);
    const history = read.propertiesWithHistory!.jobtitle!;
    expect(history.map((entry) => entry.value)).toEqual(['CEO', 'CTO']);
    expect(history[0]).toMatchObject({
      sourceType: 'INTEGRATION',
      sourceId: String(SANDBOX_APP_ID),
    });
    const raw = await hub.raw('PATCH', `/crm/v3/objects/contacts/${contact.id}`, {
      properties: { hs_lead_status: 'OPEN', phone: 4155550100 },
    });
    expect(raw.body.properties.phone).toBe('4155550100');
  });

  it('refuses unknown, read-only and invalid values with the vendor 400', async () => {
    const api = hub.client.crm.contacts.basicApi;
    const unknown = await apiError(() =>
      api.create({ properties: { email: 'x@acme.com', leadloop_score: '42' }, associations: [] }),
    );
    expect(unknown.code).toBe(400);
    expect(unknown.body.category).toBe('VALIDATION_ERROR');
    expect(unknown.body.message).toMatch(/^Property values were not valid: \[/);
    expect(unknown.body.errors).toEqual([
      {
        message: 'Property "leadloop_score" does not exist',
        code: 'PROPERTY_DOESNT_EXIST',
        context: { propertyName: ['leadloop_score'] },
      },
    ]);
    const option = await apiError(() =>
      api.update('1', { properties: { lifecyclestage: 'prospect' } }),
    );
    expect(option.body.errors[0].code).toBe('INVALID_OPTION');
    const readOnly = await apiError(() => api.update('1', { properties: { hubspotscore: '99' } }));
    expect(readOnly.body.errors[0].code).toBe('READ_ONLY_VALUE');
    const email = await apiError(() =>
      api.create({ properties: { email: 'not-an-email' }, associations: [] }),
    );
    expect(email.body.errors[0]).toMatchObject({
      code: 'INVALID_EMAIL',
      message: 'Email address not-an-email is invalid',
    });
  });

  it('answers 409 "Contact already exists" for a duplicate email, whatever its case', async () => {
    const api = hub.client.crm.contacts.basicApi;
    const existing = await api.getById('1', ['email']);
    const duplicate = await apiError(() =>
      api.create({
        properties: { email: existing.properties.email!.toUpperCase() },
        associations: [],
      }),
    );
    expect(duplicate).toMatchObject({
      code: 409,
      body: {
        status: 'error',
        category: 'CONFLICT',
        message: 'Contact already exists. Existing ID: 1',
      },
    });
  });

  it('ignores a backward lifecycle move until the stage is cleared in an earlier request', async () => {
    const api = hub.client.crm.contacts.basicApi;
    const contact = await api.create({
      properties: { email: 'sql@initech.com', lifecyclestage: 'salesqualifiedlead' },
      associations: [],
    });
    const ignored = await api.update(contact.id, { properties: { lifecyclestage: 'lead' } });
    expect(ignored.properties.lifecyclestage).toBe('salesqualifiedlead');
    const cleared = await api.update(contact.id, { properties: { lifecyclestage: '' } });
    expect(cleared.properties.lifecyclestage).toBe('');
    const recycled = await api.update(contact.id, { properties: { lifecyclestage: 'lead' } });
    expect(recycled.properties.lifecyclestage).toBe('lead');
    const history = (await api.getById(contact.id, undefined, ['lifecyclestage']))
      .propertiesWithHistory!.lifecyclestage!;
    expect(history.map((entry) => entry.value)).toEqual(['lead', '', 'salesqualifiedlead']);
  });

  it('reads a contact by a unique custom property once it exists', async () => {
    const api = hub.client.crm.contacts.basicApi;
    await hub.client.crm.properties.groupsApi.create('contacts', {
      name: 'leadloop',
      label: 'leadloop',
      displayOrder: 1,
    });
    await hub.client.crm.properties.coreApi.create('contacts', {
      name: 'leadloop_id',
      label: 'leadloop ID',
      type: 'string' as never,
      fieldType: 'text' as never,
      groupName: 'leadloop',
      hasUniqueValue: true,
    });
    await api.update('2', { properties: { leadloop_id: 'f2b7c1d0-5a5e-4d8e-9a57-0c1f6f2b3a11' } });
    const found = await api.getById(
      'f2b7c1d0-5a5e-4d8e-9a57-0c1f6f2b3a11',
      ['leadloop_id'],
      undefined,
      undefined,
      false,
      'leadloop_id',
    );
    expect(found.id).toBe('2');
    const clash = await apiError(() =>
      api.update('3', { properties: { leadloop_id: 'f2b7c1d0-5a5e-4d8e-9a57-0c1f6f2b3a11' } }),
    );
    expect(clash.body.errors[0].code).toBe('CONFLICTING_UNIQUE_VALUE');
    const notUnique = await apiError(() =>
      api.getById('Maya', undefined, undefined, undefined, false, 'firstname'),
    );
    expect(notUnique.code).toBe(400);
  });

  it('merges two contacts: the survivor lists the merged id and answers for it', async () => {
    const api = hub.client.crm.contacts.basicApi;
    const mergedEmail = (await api.getById('5', ['email'])).properties.email;
    const merged = await api.merge({ primaryObjectId: '4', objectIdToMerge: '5' });
    expect(merged.id).toBe('4');
    const survivor = await api.getById('5', ['hs_merged_object_ids', 'hs_additional_emails']);
    expect(survivor.id).toBe('4');
    expect(survivor.properties.hs_merged_object_ids).toBe('5');
    expect(survivor.properties.hs_additional_emails).toBe(mergedEmail);
  });

  it('keeps companies and deals with hs_lastmodifieddate', async () => {
    const company = await hub.client.crm.companies.basicApi.create({
      properties: { name: 'Cyberdyne Systems', domain: 'cyberdyne.io' },
      associations: [],
    });
    expect(Object.keys(company.properties).sort()).toEqual([
      'createdate',
      'domain',
      'hs_lastmodifieddate',
      'hs_object_id',
      'name',
    ]);
    const deal = await hub.client.crm.deals.basicApi.create({
      properties: {
        dealname: 'Cyberdyne - New Business',
        amount: '48000',
        dealstage: 'qualifiedtobuy',
        pipeline: 'default',
      },
      associations: [],
    });
    const read = await hub.client.crm.deals.basicApi.getById(deal.id);
    expect(read.properties).toMatchObject({
      amount: '48000',
      dealstage: 'qualifiedtobuy',
      pipeline: 'default',
    });
    expect(read.properties.hs_lastmodifieddate).toBe(read.updatedAt.toISOString());
    const badStage = await apiError(() =>
      hub.client.crm.deals.basicApi.update(deal.id, { properties: { dealstage: 'won' } }),
    );
    expect(badStage.body.errors[0].code).toBe('INVALID_OPTION');
  });

  it('answers 401 INVALID_AUTHENTICATION for a token it does not know', async () => {
    const response = await hub.raw(
      'GET',
      '/crm/v3/objects/contacts',
      undefined,
      'pat-na1-not-a-real-token',
    );
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ status: 'error', category: 'INVALID_AUTHENTICATION' });
    expect(response.body.message).toMatch(/^Authentication credentials not found/);
  });
});
