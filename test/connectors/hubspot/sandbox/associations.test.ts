import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { apiError, startHubspot, type HubspotHarness } from './support.ts';

describe('HubSpot sandbox: v4 associations', () => {
  let hub: HubspotHarness;
  const v4 = () => hub.client.crm.associations.v4;

  beforeAll(async () => {
    hub = await startHubspot();
    // Seeded person 0 founds company 1; person 0 is contact 1.
    await hub.admin('/seed', { count: 40, seed: 21, systems: ['hubspot'] });
  });
  afterAll(() => hub.server.close());

  it('seeds founders associated with their company (unlabeled and primary)', async () => {
    const page = await v4().basicApi.getPage('contacts', '1', 'companies');
    expect(page.results).toEqual([
      {
        toObjectId: 1,
        associationTypes: [
          { category: 'HUBSPOT_DEFINED', typeId: 279, label: null },
          { category: 'HUBSPOT_DEFINED', typeId: 1, label: 'Primary' },
        ],
      },
    ]);
  });

  it('lists associations on a v3 record read with their v3 type names', async () => {
    const contact = await hub.client.crm.contacts.basicApi.getById('1', ['email'], undefined, [
      'companies',
      'deals',
    ]);
    expect(contact.associations).toEqual({
      companies: {
        results: [
          { id: '1', type: 'contact_to_company_unlabeled' },
          { id: '1', type: 'contact_to_company' },
        ],
      },
    });
    const page = await hub.client.crm.contacts.basicApi.getPage(
      2,
      undefined,
      undefined,
      undefined,
      ['companies'],
    );
    expect(page.results.map((c) => Object.keys(c.associations ?? {}))).toEqual([['companies'], []]);
  });

  it('associates a contact and a company by default (200) in both directions', async () => {
    const result = await v4().basicApi.createDefault('contacts', '2', 'companies', '1');
    expect(result.status).toBe('COMPLETE');
    expect(
      result.results.map((r) => [r._from.id, r.to.id, r.associationSpec.associationTypeId]),
    ).toEqual([
      ['2', '1', 279],
      ['1', '2', 280],
    ]);
    const companyContacts = await v4().basicApi.getPage('companies', '1', 'contacts');
    expect(companyContacts.results.map((r) => r.toObjectId)).toEqual([1, 2]);
  });

  it('associates deals with contacts in batch and lists them', async () => {
    const deal = await hub.client.crm.deals.basicApi.create({
      properties: {
        dealname: 'Acme renewal',
        dealstage: 'contractsent',
        pipeline: 'default',
        amount: '12000',
      },
      associations: [
        {
          to: { id: '3' },
          types: [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: 3 }],
        },
      ],
    });
    await v4().batchApi.createDefault('deals', 'contacts', {
      inputs: [{ _from: { id: deal.id }, to: { id: '4' } }],
    });
    const contacts = await v4().basicApi.getPage('deals', deal.id, 'contacts');
    expect(contacts.results.map((r) => [r.toObjectId, r.associationTypes[0]!.typeId])).toEqual([
      [3, 3],
      [4, 3],
    ]);
    const fromContact = await v4().basicApi.getPage('contacts', '4', 'deals');
    expect(fromContact.results).toEqual([
      {
        toObjectId: Number(deal.id),
        associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 4, label: null }],
      },
    ]);
    await v4().basicApi.archive('deals', deal.id, 'contacts', '4');
    expect((await v4().basicApi.getPage('contacts', '4', 'deals')).results).toEqual([]);
  });

  it('answers 404 when a record of the pair does not exist', async () => {
    expect(
      (await apiError(() => v4().basicApi.createDefault('contacts', '999999', 'companies', '1')))
        .code,
    ).toBe(404);
  });
});
