import { beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import type { HubspotCursor } from '../../../connectors/hubspot/index.ts';
import {
  connect,
  contact,
  fixture,
  hubspot,
  rateHeaders,
  resetNock,
  withProperties,
  type Json,
} from './support.ts';

const SEARCH = '/crm/v3/objects/contacts/search';

describe('HubSpot incremental reads', () => {
  beforeEach(resetNock);

  it('pages through changed contacts by hs_object_id, a cursor per page, never `after`', async () => {
    const { pages } = fixture('connector/search-contacts-pages.json') as unknown as {
      pages: {
        request: { body: Json };
        response: { body: Json; headers: Record<string, string> };
      }[];
    };
    const bodies: Json[] = [];
    const scope = withProperties(hubspot());
    for (const page of pages) {
      scope
        .post(SEARCH, (body) => bodies.push(body) > 0)
        .reply(200, page.response.body, page.response.headers);
    }
    const connector = connect();
    let cursor: unknown = {
      since: '2026-11-23T09:00:00.000Z',
      afterId: '0',
      maxSeen: '2026-11-23T09:00:30.000Z',
      scanStartedAt: null,
    } satisfies HubspotCursor;
    const ids: string[] = [];
    const cursors: unknown[] = [];
    for (let more = true; more;) {
      const page = await connector.readPage('contacts', cursor, { pageSize: 2 });
      ids.push(...page.records.map((record) => record.id));
      cursors.push(page.cursor);
      cursor = page.cursor;
      more = page.hasMore;
    }

    expect(ids).toEqual(['87301', '87422', '90113', '90551', '91002']);
    bodies.forEach((body, index) => expect(body).toMatchObject(pages[index]!.request.body));
    expect(bodies.map((body) => body.after)).toEqual([undefined, undefined, undefined]);
    expect(bodies[0].properties).toEqual(
      expect.arrayContaining([
        'lifecyclestage',
        'hs_email_open',
        'leadloop_id',
        'hs_merged_object_ids',
      ]),
    );
    // The Date of the first answer (10:00:00) caps what the scan may claim to have seen; it
    // began a minute after the newest change, so the next scan needs no overlap before it.
    expect(cursors).toEqual([
      {
        since: '2026-11-23T09:00:00.000Z',
        afterId: '87422',
        maxSeen: '2026-11-23T09:40:02.510Z',
        scanStartedAt: '2026-11-23T10:00:00.000Z',
      },
      {
        since: '2026-11-23T09:00:00.000Z',
        afterId: '90551',
        maxSeen: '2026-11-23T09:58:59.999Z',
        scanStartedAt: '2026-11-23T10:00:00.000Z',
      },
      {
        since: '2026-11-23T09:58:59.999Z',
        afterId: '0',
        maxSeen: '2026-11-23T09:58:59.999Z',
        scanStartedAt: null,
      },
    ]);
    expect(nock.isDone()).toBe(true);
  });

  it('parses property strings by the property type, and merges into mergedIds', async () => {
    const { pages } = fixture('connector/search-contacts-pages.json') as unknown as {
      pages: { response: { body: Json } }[];
    };
    withProperties(hubspot())
      .post(SEARCH)
      .reply(200, {
        total: 2,
        results: [pages[1]!.response.body.results[0], pages[2]!.response.body.results[0]],
      });
    const page = await connect().readPage('contacts', undefined);

    expect(page.hasMore).toBe(false);
    const [mei, ana] = page.records;
    expect(mei).toEqual({
      system: 'hubspot',
      object: 'contacts',
      id: '90113',
      modifiedAt: '2026-11-23T09:05:31.000Z',
      createdAt: '2026-08-30T11:02:19.771Z',
      deleted: false,
      fields: {
        createdate: '2026-08-30T11:02:19.771Z',
        hs_object_id: 90113,
        lastmodifieddate: '2026-11-23T09:05:31.000Z',
        email: 'mei.tanaka@kitepay.jp',
        firstname: 'Mei',
        lastname: 'Tanaka',
        company: 'KitePay',
        jobtitle: 'Director of Finance',
        phone: '+81 3 5555 0199',
        country: 'Japan',
        hs_analytics_source: 'PAID_SEARCH',
        lifecyclestage: 'opportunity',
        hs_email_open: 22,
        hs_email_click: 9,
        hs_email_last_open_date: '2026-11-22T23:58:10.004Z',
        hubspotscore: 88,
        num_conversion_events: 4,
        hs_merged_object_ids: null,
        leadloop_id: '0d7e2a44-61f3-4b7a-8c2e-5a9f03b7d112',
        leadloop_stage: 'opportunity',
        leadloop_score: 91,
        leadloop_sla_status: 'met',
        leadloop_first_touch_at: '2026-11-10T15:20:00.000Z',
        leadloop_opportunity_amount: 48000.5,
      },
    });
    expect(ana?.mergedIds).toEqual(['88010', '89555']);
    expect(ana?.fields.hs_merged_object_ids).toBe('88010;89555');
  });

  it('reads past 10,000 changed contacts: the cursor moves by hs_object_id', async () => {
    // 10,450 changed contacts; HubSpot refuses `after + limit` beyond 10,000 (as it does).
    const ids = Array.from({ length: 10_450 }, (_, n) => 500_000 + n * 3);
    let searches = 0;
    withProperties(hubspot())
      .post(SEARCH)
      .times(60)
      .reply(async (request: Request) => {
        searches += 1;
        const body = (await request.json()) as Json;
        const offset = Number(body.after ?? 0);
        if (offset + body.limit > 10_000) {
          return [
            400,
            {
              status: 'error',
              message: 'There was a problem with the request.',
              category: 'VALIDATION_ERROR',
            },
          ];
        }
        const after = Number(
          body.filterGroups[0].filters.find((f: Json) => f.propertyName === 'hs_object_id').value,
        );
        const matching = ids.filter((id) => id > after);
        const results = matching
          .slice(offset, offset + body.limit)
          .map((id) => contact(id, { email: `lead${id}@example.com` }));
        const next = offset + body.limit < matching.length;
        return [
          200,
          {
            total: matching.length,
            results,
            ...(next ? { paging: { next: { after: String(offset + body.limit) } } } : {}),
          },
          { date: 'Mon, 23 Nov 2026 10:00:00 GMT' },
        ];
      });
    const connector = connect();
    const seen = new Set<string>();
    let cursor: unknown;
    let pages = 0;
    for (let more = true; more; pages += 1) {
      const page = await connector.readPage('contacts', cursor);
      for (const record of page.records) seen.add(record.id);
      cursor = page.cursor;
      more = page.hasMore;
    }

    expect(pages).toBe(53);
    expect(searches).toBe(53);
    expect(seen.size).toBe(10_450);
    // The scan began half an hour after the newest change: no overlap left to re-read.
    expect(cursor).toMatchObject({ afterId: '0', since: '2026-11-23T09:30:00.000Z' });
  });

  it('deals are read the same way, by hs_lastmodifieddate', async () => {
    const bodies: Json[] = [];
    const deal = {
      id: '31207',
      properties: {
        amount: '48000.50',
        closedate: '2026-12-15T00:00:00.000Z',
        createdate: '2026-11-02T10:11:12.000Z',
        dealname: 'KitePay — annual plan',
        dealstage: 'contractsent',
        hs_is_closed_won: 'false',
        hs_lastmodifieddate: '2026-11-23T09:44:00.000Z',
        hs_object_id: '31207',
        pipeline: 'default',
      },
      createdAt: '2026-11-02T10:11:12.000Z',
      updatedAt: '2026-11-23T09:44:00.000Z',
      archived: false,
    };
    hubspot()
      .get('/crm/v3/properties/deals')
      .reply(
        200,
        {
          results: [
            {
              name: 'amount',
              label: 'Amount',
              type: 'number',
              fieldType: 'number',
              groupName: 'dealinformation',
              options: [],
            },
            {
              name: 'hs_is_closed_won',
              label: 'Is Closed Won',
              type: 'bool',
              fieldType: 'booleancheckbox',
              groupName: 'dealinformation',
              options: [],
            },
            {
              name: 'closedate',
              label: 'Close Date',
              type: 'datetime',
              fieldType: 'date',
              groupName: 'dealinformation',
              options: [],
            },
          ],
        },
        rateHeaders(),
      )
      .post('/crm/v3/objects/deals/search', (body) => bodies.push(body) > 0)
      .reply(200, { total: 1, results: [deal] });
    const page = await connect().readPage('deals', {
      since: '2026-11-23T09:00:00.000Z',
      afterId: '0',
      maxSeen: '2026-11-23T09:00:30.000Z',
      scanStartedAt: null,
    });

    expect(bodies[0].filterGroups[0].filters[1]).toEqual({
      propertyName: 'hs_lastmodifieddate',
      operator: 'GTE',
      value: '1795424400000',
    });
    expect(page.records[0]).toMatchObject({
      object: 'deals',
      id: '31207',
      fields: {
        amount: 48000.5,
        hs_is_closed_won: false,
        closedate: '2026-12-15T00:00:00.000Z',
        dealstage: 'contractsent',
      },
    });
    await expect(connect().findByEmails('deals', ['a@b.example'])).rejects.toMatchObject({
      kind: 'config',
    });
  });

  it('an unreadable cursor means a full resync from the beginning, not a crash', async () => {
    const bodies: Json[] = [];
    withProperties(hubspot())
      .post(SEARCH, (body) => bodies.push(body) > 0)
      .reply(200, {
        total: 1,
        results: [contact(87301, { email: 'priya.patel@acmeanalytics.com' })],
      });
    const page = await connect().readPage('contacts', { since: 'yesterday', afterId: 'abc' });

    expect(page.records.map((record) => record.id)).toEqual(['87301']);
    expect(bodies[0].filterGroups).toEqual([
      { filters: [{ propertyName: 'hs_object_id', operator: 'GT', value: '0' }] },
    ]);
  });
});
