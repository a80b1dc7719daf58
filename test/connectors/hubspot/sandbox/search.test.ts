import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { PublicObjectSearchRequest } from '@hubspot/api-client/lib/codegen/crm/contacts/index.js';
import { apiError, startHubspot, type HubspotHarness } from './support.ts';

// Six contacts whose values exercise each operator; ids 1-6 in this order.
const PEOPLE = [
  {
    email: 'ada@northwind.io',
    firstname: 'Ada',
    lifecyclestage: 'lead',
    jobtitle: 'VP of Marketing',
    company: 'Northwind Labs',
  },
  {
    email: 'ben@northwind.io',
    firstname: 'Ben',
    lifecyclestage: 'marketingqualifiedlead',
    jobtitle: 'CTO',
  },
  {
    email: 'cleo@globex.com',
    firstname: 'Cleo',
    lifecyclestage: 'salesqualifiedlead',
    jobtitle: 'Head of Sales',
  },
  { email: 'dev@globex.com', firstname: 'Dev', lifecyclestage: 'lead' },
  {
    email: 'eli@initech.de',
    firstname: 'Eli',
    lifecyclestage: 'customer',
    jobtitle: 'Data Analyst',
  },
  { email: 'fran@initech.de', firstname: 'Fran' },
];

type Filter = {
  propertyName: string;
  operator: string;
  value?: string;
  values?: string[];
  highValue?: string;
};
const request = (filters: Filter[], extra: Record<string, unknown> = {}) =>
  ({
    filterGroups: [{ filters }],
    limit: 100,
    properties: ['email'],
    ...extra,
  }) as unknown as PublicObjectSearchRequest;

describe('HubSpot sandbox: CRM search through @hubspot/api-client', () => {
  let hub: HubspotHarness;
  const search = async (filters: Filter[], extra: Record<string, unknown> = {}) => {
    const page = await hub.client.crm.contacts.searchApi.doSearch(request(filters, extra));
    return { total: page.total, ids: page.results.map((r) => Number(r.id)) };
  };

  beforeAll(async () => {
    hub = await startHubspot();
    await hub.admin('/hubspot/budgets', { searchPerSecond: 1000 });
    await hub.client.crm.contacts.batchApi.create({
      inputs: PEOPLE.map((properties) => ({ properties, associations: [] })),
    });
  });
  afterAll(() => hub.server.close());

  it('supports every filter operator with HubSpot semantics', async () => {
    expect(
      await search([{ propertyName: 'email', operator: 'EQ', value: 'CLEO@globex.com' }]),
    ).toEqual({ total: 1, ids: [3] });
    expect(
      (await search([{ propertyName: 'lifecyclestage', operator: 'NEQ', value: 'lead' }])).ids,
    ).toEqual([2, 3, 5, 6]);
    expect(
      (await search([{ propertyName: 'hs_object_id', operator: 'LT', value: '3' }])).ids,
    ).toEqual([1, 2]);
    expect(
      (await search([{ propertyName: 'hs_object_id', operator: 'LTE', value: '3' }])).ids,
    ).toEqual([1, 2, 3]);
    expect(
      (await search([{ propertyName: 'hs_object_id', operator: 'GT', value: '4' }])).ids,
    ).toEqual([5, 6]);
    expect(
      (await search([{ propertyName: 'hs_object_id', operator: 'GTE', value: '4' }])).ids,
    ).toEqual([4, 5, 6]);
    expect(
      (
        await search([
          { propertyName: 'hs_object_id', operator: 'BETWEEN', value: '2', highValue: '4' },
        ])
      ).ids,
    ).toEqual([2, 3, 4]);
    expect(
      (
        await search([
          {
            propertyName: 'lifecyclestage',
            operator: 'IN',
            values: ['customer', 'salesqualifiedlead'],
          },
        ])
      ).ids,
    ).toEqual([3, 5]);
    expect(
      (
        await search([
          { propertyName: 'lifecyclestage', operator: 'NOT_IN', values: ['lead', 'customer'] },
        ])
      ).ids,
    ).toEqual([2, 3, 6]);
    expect((await search([{ propertyName: 'jobtitle', operator: 'HAS_PROPERTY' }])).ids).toEqual([
      1, 2, 3, 5,
    ]);
    expect(
      (await search([{ propertyName: 'jobtitle', operator: 'NOT_HAS_PROPERTY' }])).ids,
    ).toEqual([4, 6]);
    expect(
      (await search([{ propertyName: 'email', operator: 'CONTAINS_TOKEN', value: '*@globex.com' }]))
        .ids,
    ).toEqual([3, 4]);
    expect(
      (await search([{ propertyName: 'jobtitle', operator: 'CONTAINS_TOKEN', value: 'marketing' }]))
        .ids,
    ).toEqual([1]);
  });

  it('ORs filter groups, ANDs filters, sorts and pages with after offsets', async () => {
    const page = await hub.client.crm.contacts.searchApi.doSearch({
      filterGroups: [
        {
          filters: [
            { propertyName: 'lifecyclestage', operator: 'EQ', value: 'lead' },
            { propertyName: 'jobtitle', operator: 'HAS_PROPERTY' },
          ],
        },
        { filters: [{ propertyName: 'firstname', operator: 'EQ', value: 'fran' }] },
      ],
      sorts: [{ propertyName: 'firstname', direction: 'DESCENDING' }],
      limit: 1,
      properties: ['firstname'],
    } as unknown as PublicObjectSearchRequest);
    expect(page.total).toBe(2);
    expect(page.results.map((r) => r.properties.firstname)).toEqual(['Fran']);
    expect(page.paging?.next?.after).toBe('1');
    // Search returns its default properties plus the requested ones.
    expect(Object.keys(page.results[0]!.properties).sort()).toEqual([
      'createdate',
      'firstname',
      'hs_object_id',
      'lastmodifieddate',
    ]);
    const next = await search([
      { propertyName: 'lifecyclestage', operator: 'EQ', value: 'lead' },
      { propertyName: 'jobtitle', operator: 'HAS_PROPERTY' },
    ]);
    expect(next.ids).toEqual([1]);
  });

  it('finds records modified since a cursor through lastmodifieddate', async () => {
    const cursor = (await hub.client.crm.contacts.basicApi.getById('6')).updatedAt.getTime();
    await hub.admin('/clock', { advanceMs: 5_000, systems: ['hubspot'] });
    await hub.client.crm.contacts.basicApi.update('2', { properties: { jobtitle: 'CIO' } });
    const changed = await search(
      [{ propertyName: 'lastmodifieddate', operator: 'GT', value: String(cursor) }],
      {
        sorts: [{ propertyName: 'lastmodifieddate', direction: 'ASCENDING' }],
      },
    );
    expect(changed).toEqual({ total: 1, ids: [2] });
  });

  it('hides writes from search until the indexing delay has passed', async () => {
    await hub.admin('/hubspot/search-indexing', { delayMs: 30_000 });
    const created = await hub.client.crm.contacts.basicApi.create({
      properties: { email: 'late@umbrella.com' },
      associations: [],
    });
    await hub.client.crm.contacts.basicApi.update('1', {
      properties: { lifecyclestage: 'customer' },
    });
    expect(
      (await search([{ propertyName: 'email', operator: 'EQ', value: 'late@umbrella.com' }])).total,
    ).toBe(0);
    expect(
      (await search([{ propertyName: 'lifecyclestage', operator: 'EQ', value: 'customer' }])).ids,
    ).toEqual([5]);
    // Reading by id is immediate; only search lags.
    expect((await hub.client.crm.contacts.basicApi.getById(created.id)).id).toBe(created.id);
    await hub.admin('/clock', { advanceMs: 30_000, systems: ['hubspot'] });
    expect(
      (await search([{ propertyName: 'email', operator: 'EQ', value: 'late@umbrella.com' }])).ids,
    ).toEqual([Number(created.id)]);
    expect(
      (await search([{ propertyName: 'lifecyclestage', operator: 'EQ', value: 'customer' }])).ids,
    ).toEqual([1, 5]);
    await hub.admin('/hubspot/search-indexing', { delayMs: 0 });
  });

  it('enforces the documented search limits with 400s', async () => {
    const filter = { propertyName: 'email', operator: 'HAS_PROPERTY' };
    const groups = (count: number, size: number) =>
      ({
        filterGroups: Array.from({ length: count }, () => ({
          filters: Array.from({ length: size }, () => filter),
        })),
        limit: 10,
      }) as unknown as PublicObjectSearchRequest;
    const api = hub.client.crm.contacts.searchApi;
    expect((await api.doSearch(groups(5, 5))).total).toBe(7);
    expect((await apiError(() => api.doSearch(groups(6, 1)))).body.message).toBe(
      'Too many filter groups: 6. The maximum is 5.',
    );
    expect((await apiError(() => api.doSearch(groups(1, 11)))).body.message).toBe(
      'Too many filters in a filter group: 11. The maximum is 10.',
    );
    expect((await apiError(() => api.doSearch(groups(3, 9)))).body.message).toBe(
      'Too many filters: 27. The maximum across all filter groups is 25.',
    );
    const tooBig = await apiError(() =>
      api.doSearch({ filterGroups: [], limit: 201 } as unknown as PublicObjectSearchRequest),
    );
    expect(tooBig).toMatchObject({ code: 400, body: { category: 'VALIDATION_ERROR' } });
    const unknown = await apiError(() =>
      search([{ propertyName: 'favourite_colour', operator: 'EQ', value: 'teal' }]),
    );
    expect(unknown.body.errors[0].code).toBe('PROPERTY_DOESNT_EXIST');
  });
});
