import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { PublicObjectSearchRequest } from '@hubspot/api-client/lib/codegen/crm/contacts/index.js';
import { apiError, startHubspot, type HubspotHarness, type JsonBody } from './support.ts';

// HubSpot search never pages past the 10,000th result of one query. Syncs that must read more
// page by `hs_object_id`: sort ascending, filter `hs_object_id GT <last id seen>`, restart at 0.
const SEEDED = 10_200;

describe('HubSpot sandbox: searching past 10,000 results', () => {
  let hub: HubspotHarness;
  const search = (body: Record<string, unknown>) =>
    hub.client.crm.contacts.searchApi.doSearch(body as unknown as PublicObjectSearchRequest);

  beforeAll(async () => {
    hub = await startHubspot();
    await hub.admin('/hubspot/budgets', { searchPerSecond: 10_000 });
    const seeded = await hub.admin('/seed', { count: SEEDED, seed: 9, systems: ['hubspot'] });
    expect(seeded.body.created.hubspot.contacts).toBe(SEEDED);
  });
  afterAll(() => hub.server.close());

  it('fails plain after-paging at 10,000 with the vendor 400', async () => {
    let after: string | undefined = '0';
    let seen = 0;
    let failure: { code: number; body: JsonBody } | undefined;
    while (after !== undefined && failure === undefined) {
      const cursor: string = after;
      try {
        const page = await search({
          filterGroups: [],
          limit: 200,
          after: cursor,
          properties: ['email'],
        });
        seen += page.results.length;
        expect(page.total).toBe(SEEDED);
        after = page.paging?.next?.after;
      } catch {
        failure = await apiError(() => search({ filterGroups: [], limit: 200, after: cursor }));
      }
    }
    expect(seen).toBe(10_000);
    expect(failure).toMatchObject({
      code: 400,
      body: {
        status: 'error',
        category: 'VALIDATION_ERROR',
        message: 'There was a problem with the request.',
        context: { after: ['10000'], limit: ['200'] },
      },
    });
  });

  it('reads every contact with the hs_object_id pattern', async () => {
    const ids: number[] = [];
    let last = 0;
    for (;;) {
      const page = await search({
        filterGroups: [
          { filters: [{ propertyName: 'hs_object_id', operator: 'GT', value: String(last) }] },
        ],
        sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
        limit: 200,
        properties: ['email', 'lifecyclestage'],
      });
      if (page.results.length === 0) break;
      ids.push(...page.results.map((r) => Number(r.id)));
      last = ids[ids.length - 1]!;
    }
    expect(ids.length).toBe(SEEDED);
    expect(new Set(ids).size).toBe(SEEDED);
    expect(ids[0]).toBe(1);
    expect(ids[SEEDED - 1]).toBe(SEEDED);
    // Numeric order, not string order: 10,000 sorts after 9,999.
    expect(ids.indexOf(10_000)).toBe(9_999);
  });
});
