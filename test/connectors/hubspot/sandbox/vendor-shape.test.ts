import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from '@hubspot/api-client';
import nock from 'nock';
import { readdirSync, readFileSync } from 'node:fs';
import { apiError, startHubspot, type HubspotHarness, type JsonBody } from './support.ts';

/**
 * The documented responses (test/fixtures/hubspot/vendor/*.json, each naming its docs page)
 * are the yardstick: the real SDK must accept them as served by nock, and the sandbox must
 * answer the same calls with the same shape — same keys and value types, recursively.
 */
interface VendorFixture {
  source: string;
  request: { method: string; path: string; body?: unknown };
  response: { status: number; headers: Record<string, string>; body: JsonBody };
}

const DIR = new URL('../../../fixtures/hubspot/vendor/', import.meta.url);
const fixture = (name: string): VendorFixture =>
  JSON.parse(readFileSync(new URL(name, DIR), 'utf8'));

type Shape = string | Shape[] | { [key: string]: Shape };
// Objects keyed by data (property names, context keys) compare by the shape of their values.
const KEYED_BY_DATA = new Set(['properties', 'propertiesWithHistory', 'context']);

function shape(value: unknown, key = ''): Shape {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? [] : [shape(value[0])];
  if (typeof value !== 'object') return typeof value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (KEYED_BY_DATA.has(key)) {
    const kinds = new Set(entries.map(([, v]) => JSON.stringify(v === null ? 'string' : shape(v))));
    return { '*': [...kinds].sort().join('|') };
  }
  return Object.fromEntries(
    entries.sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, shape(v, k)]),
  );
}

const contact = { email: 'example@hubspot.com', firstname: 'Jane', lastname: 'Doe' };
const property = {
  groupName: 'contactinformation',
  name: 'favorite_food',
  label: 'Favorite Food',
  type: 'string',
  fieldType: 'text',
};

/** The same call as each fixture, made against the sandbox (ids the sandbox actually has). */
const SANDBOX_CALLS: Record<
  string,
  (hub: HubspotHarness) => Promise<{ status: number; body: JsonBody }>
> = {
  'get-contact.json': (hub) => hub.raw('GET', '/crm/v3/objects/contacts/1'),
  'get-contact-404.json': (hub) => hub.raw('GET', '/crm/v3/objects/contacts/999999'),
  'list-contacts.json': (hub) => hub.raw('GET', '/crm/v3/objects/contacts?limit=2'),
  'create-contact-201.json': (hub) =>
    hub.raw('POST', '/crm/v3/objects/contacts', { properties: contact }),
  'create-contact-409.json': (hub) =>
    hub.raw('POST', '/crm/v3/objects/contacts', { properties: contact }),
  'create-contact-invalid-400.json': (hub) =>
    hub.raw('POST', '/crm/v3/objects/contacts', {
      properties: { email: 'jdoe@example.com', favourite_colour: 'teal' },
    }),
  'search-contacts.json': (hub) =>
    hub.raw('POST', '/crm/v3/objects/contacts/search', {
      filterGroups: [{ filters: [{ propertyName: 'email', operator: 'HAS_PROPERTY' }] }],
      limit: 1,
    }),
  'batch-create-contacts-201.json': (hub) =>
    hub.raw('POST', '/crm/v3/objects/contacts/batch/create', {
      inputs: [
        { properties: { email: 'bcooper@biglytics.net', firstname: 'Bryan', lastname: 'Cooper' } },
      ],
    }),
  'batch-read-contacts-207.json': (hub) =>
    hub.raw('POST', '/crm/v3/objects/contacts/batch/read', {
      inputs: [{ id: '1' }, { id: '99999' }],
      properties: [],
      propertiesWithHistory: [],
    }),
  'batch-upsert-contacts-200.json': (hub) =>
    hub.raw('POST', '/crm/v3/objects/contacts/batch/upsert', {
      inputs: [
        { id: 'bcooper@biglytics.net', idProperty: 'email', properties: { firstname: 'Bryan' } },
      ],
    }),
  'rate-limit-daily-429.json': async (hub) => {
    await hub.admin('/faults', { system: 'hubspot', kind: 'daily_limit' });
    return hub.raw('GET', '/crm/v3/objects/contacts');
  },
  'unauthorized-401.json': (hub) =>
    hub.raw('GET', '/crm/v3/objects/contacts', undefined, 'pat-na1-unknown'),
  'create-property-201.json': (hub) => hub.raw('POST', '/crm/v3/properties/contacts', property),
  'create-property-409.json': (hub) => hub.raw('POST', '/crm/v3/properties/contacts', property),
  'associate-default-200.json': (hub) =>
    hub.raw('PUT', '/crm/v4/objects/contacts/2/associations/default/companies/1'),
  'list-associations-200.json': (hub) =>
    hub.raw('GET', '/crm/v4/objects/contacts/2/associations/companies'),
};

describe('HubSpot sandbox answers have the shape of the documented responses', () => {
  let hub: HubspotHarness;

  beforeAll(async () => {
    hub = await startHubspot();
    await hub.admin('/seed', { count: 10, seed: 8, systems: ['hubspot'] });
  });
  afterAll(() => hub.server.close());

  it('has a sandbox call for every vendor fixture', () => {
    expect(
      readdirSync(DIR)
        .filter((name) => name.endsWith('.json'))
        .sort(),
    ).toEqual(Object.keys(SANDBOX_CALLS).sort());
  });

  // Runs in file order: the 409s follow the creates that make them conflict.
  for (const [name, call] of Object.entries(SANDBOX_CALLS)) {
    it(`matches ${name}`, async () => {
      const documented = fixture(name).response;
      const answer = await call(hub);
      expect(answer.status).toBe(documented.status);
      expect(shape(answer.body)).toEqual(shape(documented.body));
    });
  }
});

describe('the documented responses are what @hubspot/api-client expects', () => {
  const client = new Client({ accessToken: 'pat-na1-11111111-2222-3333-4444-555555555555' });
  const serve = (name: string) => {
    const { request, response } = fixture(name);
    nock('https://api.hubapi.com')
      .intercept(request.path.split('?')[0]!, request.method)
      .query(true)
      .reply(response.status, response.body, response.headers);
    return response.body;
  };
  afterAll(() => nock.cleanAll());

  it('parses records, pages, batches and associations', async () => {
    serve('get-contact.json');
    expect((await client.crm.contacts.basicApi.getById('512')).properties.email).toBe(
      'bcooper@biglytics.net',
    );
    serve('list-contacts.json');
    expect((await client.crm.contacts.basicApi.getPage(2)).paging?.next?.after).toBe('514');
    serve('search-contacts.json');
    expect(
      (await client.crm.contacts.searchApi.doSearch({ filterGroups: [], limit: 1 })).total,
    ).toBe(2);
    serve('batch-read-contacts-207.json');
    expect(
      await client.crm.contacts.batchApi.read({
        inputs: [{ id: '512' }, { id: '99999' }],
        properties: [],
        propertiesWithHistory: [],
      }),
    ).toMatchObject({ numErrors: 1 });
    serve('batch-upsert-contacts-200.json');
    expect(
      (
        await client.crm.contacts.batchApi.upsert({
          inputs: [{ id: 'bcooper@biglytics.net', idProperty: 'email', properties: {} }],
        })
      ).results[0]!._new,
    ).toBe(false);
    serve('batch-create-contacts-201.json');
    expect((await client.crm.contacts.batchApi.create({ inputs: [] })).status).toBe('COMPLETE');
    serve('create-property-201.json');
    expect((await client.crm.properties.coreApi.create('contacts', property as never)).name).toBe(
      'favorite_food',
    );
    serve('associate-default-200.json');
    expect(
      (
        await client.crm.associations.v4.basicApi.createDefault(
          'contacts',
          '512',
          'companies',
          '1001',
        )
      ).results,
    ).toHaveLength(2);
    serve('list-associations-200.json');
    expect(
      (await client.crm.associations.v4.basicApi.getPage('contacts', '512', 'companies'))
        .results[0]!.toObjectId,
    ).toBe(1001);
  });

  it('turns the documented errors into ApiException with the body intact', async () => {
    for (const [name, call] of [
      [
        'create-contact-409.json',
        () => client.crm.contacts.basicApi.create({ properties: {}, associations: [] }),
      ],
      [
        'create-contact-invalid-400.json',
        () => client.crm.contacts.basicApi.create({ properties: {}, associations: [] }),
      ],
      ['get-contact-404.json', () => client.crm.contacts.basicApi.getById('999999')],
      ['rate-limit-daily-429.json', () => client.crm.contacts.basicApi.getPage()],
      ['unauthorized-401.json', () => client.crm.contacts.basicApi.getPage()],
      [
        'create-property-409.json',
        () => client.crm.properties.coreApi.create('contacts', property as never),
      ],
    ] as const) {
      const body = serve(name);
      const failure = await apiError(call);
      expect({ name, code: failure.code, body: failure.body }).toEqual({
        name,
        code: fixture(name).response.status,
        body,
      });
    }
  });
});
