import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { apiError, startHubspot, type HubspotHarness } from './support.ts';

const lead = (email: string, extra: Record<string, string> = {}) => ({
  properties: { email, ...extra },
  associations: [],
});

describe('HubSpot sandbox: batch endpoints through @hubspot/api-client', () => {
  let hub: HubspotHarness;
  const contacts = () => hub.client.crm.contacts.batchApi;
  const count = async () =>
    (await hub.admin('/hubspot/stats', undefined, 'GET')).body.contacts as number;

  beforeAll(async () => {
    hub = await startHubspot({ sandbox: { withLeadloopProperties: true } });
    await hub.admin('/seed', { count: 10, seed: 5, systems: ['hubspot'] });
  });
  afterAll(() => hub.server.close());

  it('creates a batch (201) with every value returned as a string', async () => {
    const response = await contacts().create({
      inputs: [
        lead('ana@brightpath.io', { leadloop_score: '72' }),
        lead('ben@brightpath.io'),
        lead('cy@brightpath.io'),
      ],
    });
    expect(response.status).toBe('COMPLETE');
    expect(response.results.map((r) => r.properties.email)).toEqual([
      'ana@brightpath.io',
      'ben@brightpath.io',
      'cy@brightpath.io',
    ]);
    expect(response.results[0]!.properties.leadloop_score).toBe('72');
    expect('numErrors' in response).toBe(false);
  });

  it('answers each input of a batch with its own written properties and the base ones', async () => {
    const response = await hub.raw('POST', '/crm/v3/objects/contacts/batch/create', {
      inputs: [
        { properties: {} },
        { properties: { email: 'fay@orbit.io', jobtitle: 'CTO' } },
        { properties: { email: 'gus@orbit.io', jobtitle: 'CEO' } },
        { properties: { jobtitle: 'CFO', email: 'hal@orbit.io' } },
        { properties: { email: 'ivy@orbit.io' } },
        { properties: {} },
      ],
    });
    expect(response.status).toBe(201);
    const base = ['createdate', 'hs_object_id', 'lastmodifieddate'];
    const results = response.body.results as { properties: Record<string, string | null> }[];
    expect(results.map((result) => Object.keys(result.properties))).toEqual([
      base,
      [...base, 'email', 'jobtitle'],
      [...base, 'email', 'jobtitle'],
      [...base, 'jobtitle', 'email'],
      [...base, 'email'],
      base,
    ]);
    expect(results.map((result) => result.properties.jobtitle)).toEqual([
      undefined,
      'CTO',
      'CEO',
      'CFO',
      undefined,
      undefined,
    ]);
  });

  it('fails a whole batch create with 409 naming only the first existing email', async () => {
    const before = await count();
    const failure = await apiError(() =>
      contacts().create({
        inputs: [lead('new.one@acme.com'), lead('BEN@brightpath.io'), lead('cy@brightpath.io')],
      }),
    );
    expect(failure.code).toBe(409);
    expect(failure.body).toMatchObject({
      status: 'error',
      category: 'CONFLICT',
      message: 'Contact already exists. Existing ID: 12',
    });
    expect(await count()).toBe(before);
  });

  it('answers 207 Multi-Status for a batch create with trace ids and one unknown property', async () => {
    const response = await hub.raw('POST', '/crm/v3/objects/contacts/batch/create', {
      inputs: [
        { properties: { email: 'dee@helix.de' }, objectWriteTraceId: 'row-1' },
        {
          properties: { email: 'eve@helix.de', favourite_colour: 'teal' },
          objectWriteTraceId: 'row-2',
        },
      ],
    });
    expect(response.status).toBe(207);
    expect(response.body.numErrors).toBe(1);
    expect(
      response.body.results.map((r: { properties: { email: string } }) => r.properties.email),
    ).toEqual(['dee@helix.de']);
    expect(response.body.errors[0]).toMatchObject({
      status: 'error',
      category: 'VALIDATION_ERROR',
      context: { propertyName: ['favourite_colour'], objectWriteTraceId: ['row-2'] },
      errors: [
        { code: 'PROPERTY_DOESNT_EXIST', message: 'Property "favourite_colour" does not exist' },
      ],
    });
    // The SDK hands the 207 body back as a BatchResponseSimplePublicObjectWithErrors.
    const viaSdk = await contacts().create({
      inputs: [
        { properties: { email: 'fay@helix.de' }, objectWriteTraceId: 'row-3', associations: [] },
        { properties: { email: 'dee@helix.de' }, objectWriteTraceId: 'row-4', associations: [] },
      ],
    });
    expect(viaSdk).toMatchObject({ status: 'COMPLETE', numErrors: 1 });
    expect((viaSdk as { errors: { category: string; message: string }[] }).errors[0]).toMatchObject(
      {
        category: 'CONFLICT',
        message: `Contact already exists. Existing ID: ${(await hub.client.crm.contacts.basicApi.getById('dee@helix.de', undefined, undefined, undefined, false, 'email')).id}`,
      },
    );
  });

  it('reads a batch and names the ids it could not find (207)', async () => {
    const response = await contacts().read({
      inputs: [{ id: '1' }, { id: '999' }, { id: '2' }],
      properties: ['email'],
      propertiesWithHistory: [],
    });
    expect(response.results.map((r) => r.id)).toEqual(['1', '2']);
    expect((response as { numErrors?: number }).numErrors).toBe(1);
    expect((response as { errors: unknown[] }).errors[0]).toEqual({
      status: 'error',
      category: 'OBJECT_NOT_FOUND',
      message:
        'Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid.',
      context: { ids: ['999'] },
    });
    const byEmail = await contacts().read({
      inputs: [{ id: 'ANA@brightpath.io' }],
      idProperty: 'email',
      properties: [],
      propertiesWithHistory: ['email'],
    });
    expect(byEmail.results[0]!.propertiesWithHistory!.email![0]!.sourceType).toBe('INTEGRATION');
  });

  it('updates a batch: missing ids are 207, an invalid value fails the whole batch with 400', async () => {
    const partial = await contacts().update({
      inputs: [
        { id: '1', properties: { jobtitle: 'VP Marketing' } },
        { id: '4242', properties: { jobtitle: 'CEO' } },
      ],
    });
    expect(partial.results.map((r) => r.properties.jobtitle)).toEqual(['VP Marketing']);
    expect((partial as { errors: { context: unknown }[] }).errors[0]!.context).toEqual({
      ids: ['4242'],
    });
    const invalid = await apiError(() =>
      contacts().update({
        inputs: [
          { id: '1', properties: { jobtitle: 'CMO' } },
          { id: '2', properties: { leadloop_stage: 'hot' } },
        ],
      }),
    );
    expect(invalid.code).toBe(400);
    expect(invalid.body.errors[0]).toMatchObject({
      code: 'INVALID_OPTION',
      context: { propertyName: ['leadloop_stage'] },
    });
    expect(
      (await hub.client.crm.contacts.basicApi.getById('1', ['jobtitle'])).properties.jobtitle,
    ).toBe('VP Marketing');
    const duplicates = await apiError(() =>
      contacts().update({
        inputs: [
          { id: '1', properties: {} },
          { id: '1', properties: {} },
        ],
      }),
    );
    expect(duplicates.body.message).toBe('Duplicate IDs found in batch input: [1]');
  });

  it('upserts by email and by leadloop_id, telling new records from existing ones', async () => {
    const byEmail = await contacts().upsert({
      inputs: [
        { id: 'ana@brightpath.io', idProperty: 'email', properties: { leadloop_stage: 'mql' } },
        { id: 'gus@evergreen.co.uk', idProperty: 'email', properties: { firstname: 'Gus' } },
      ],
    });
    expect(byEmail.results.map((r) => [r.properties.email ?? null, r._new])).toEqual([
      [null, false],
      ['gus@evergreen.co.uk', true],
    ]);
    expect(byEmail.results[0]!.id).toBe('11');
    const byLeadloopId = await contacts().upsert({
      inputs: [
        {
          id: '0b6d1f3e-22aa-4c51-9e1b-4f7a2c9d8e01',
          idProperty: 'leadloop_id',
          properties: { email: 'hal@polaris.net' },
        },
      ],
    });
    expect(byLeadloopId.results[0]!._new).toBe(true);
    const again = await contacts().upsert({
      inputs: [
        {
          id: '0b6d1f3e-22aa-4c51-9e1b-4f7a2c9d8e01',
          idProperty: 'leadloop_id',
          properties: { leadloop_grade: 'A' },
        },
      ],
    });
    expect(again.results[0]).toMatchObject({ id: byLeadloopId.results[0]!.id, _new: false });
  });

  it('refuses an upsert naming the same contact twice', async () => {
    const twice = await apiError(() =>
      contacts().upsert({
        inputs: [
          { id: 'ana@brightpath.io', idProperty: 'email', properties: { firstname: 'Ana' } },
          { id: 'ANA@brightpath.io', idProperty: 'email', properties: { firstname: 'Anna' } },
        ],
      }),
    );
    expect(twice).toMatchObject({
      code: 400,
      body: {
        category: 'VALIDATION_ERROR',
        message: 'Duplicate IDs found in batch input: [ANA@brightpath.io]',
      },
    });
  });

  it('refuses more than 100 inputs and archives with 204', async () => {
    const inputs = Array.from({ length: 101 }, (_, i) => ({ id: String(i + 1) }));
    const tooMany = await apiError(() => contacts().archive({ inputs }));
    expect(tooMany.code).toBe(400);
    expect(tooMany.body.message).toMatch(
      /maximum number of inputs supported in a batch request is 100/,
    );
    await contacts().archive({ inputs: [{ id: '9' }, { id: '10' }, { id: '31337' }] });
    const read = await contacts().read({
      inputs: [{ id: '9' }],
      properties: [],
      propertiesWithHistory: [],
    });
    expect(read.results).toEqual([]);
  });
});
