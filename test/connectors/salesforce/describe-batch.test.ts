import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { PULL_OBJECTS } from '../../../connectors/salesforce/objects.ts';
import { connect, counting, startOrg, V, type Org } from './support.ts';

/**
 * The connector learns the org's fields from describe. A process that reads every object
 * describes them all in one Composite call (one call against the daily limit, not seven); if
 * that call fails, each object is described alone, with the error a plain describe gives.
 */
describe('Salesforce describes, batched', () => {
  let org: Org;
  const readEveryObject = async (connector: ReturnType<typeof connect>) => {
    for (const object of PULL_OBJECTS) await connector.readPage(object, undefined);
  };

  beforeAll(async () => {
    org = await startOrg();
  });
  beforeEach(() => org.admin('/faults', undefined, 'DELETE'));
  afterAll(() => org.close());

  it('a cycle over the seven objects costs one describe call, then none while fresh', async () => {
    const connector = connect(org);
    const first = await counting(org, () => readEveryObject(connector));
    expect(first.calls).toEqual({
      [`POST ${V}/composite`]: 1,
      [`GET ${V}/query`]: PULL_OBJECTS.length,
    });
    const second = await counting(org, () => readEveryObject(connector));
    expect(second.calls).toEqual({ [`GET ${V}/query`]: PULL_OBJECTS.length });
  });

  it('when the composite call fails, each object is described alone and the read goes on', async () => {
    await org.admin('/faults', {
      system: 'salesforce',
      kind: 'server_error',
      path: '/composite',
      status: 500,
      count: 10,
    });
    const connector = connect(org);
    const { calls } = await counting(org, () => readEveryObject(connector));
    expect(calls[`GET ${V}/query`]).toBe(PULL_OBJECTS.length);
    for (const object of PULL_OBJECTS)
      expect(calls[`GET ${V}/sobjects/${object}/describe`]).toBe(1);
  });

  it('without a cache (ttl 0) a read describes only its own object', async () => {
    const connector = connect(org, { describeTtlMs: 0 });
    const { calls } = await counting(org, () => connector.readPage('Lead', undefined));
    // readPage asks for Lead's describe twice (fields, then IsDeleted); with nothing cached each
    // is a describe of Lead alone, never a Composite of all seven.
    expect(calls).toEqual({ [`GET ${V}/sobjects/Lead/describe`]: 2, [`GET ${V}/query`]: 1 });
  });
});
