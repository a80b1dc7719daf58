import { beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import type { HubspotCursor } from '../../../connectors/hubspot/index.ts';
import {
  batchAnswer,
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
    // The Date of the first answer (10:00:00) caps what the scan may claim to have seen.
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
        since: '2026-11-23T09:58:29.999Z',
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
    expect(cursor).toMatchObject({ afterId: '0', since: '2026-11-23T09:29:30.000Z' });
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

  it('fetchByIds: ≤100 ids a call, unknown ids absent, history only when asked (≤50 a call)', async () => {
    const ids = Array.from({ length: 120 }, (_, n) => String(70_000 + n));
    const bodies: Json[] = [];
    const read = (body: Json) => bodies.push(body) > 0;
    const answer = async (request: Request) => {
      const body = (await request.json()) as Json;
      const known = body.inputs.filter((input: Json) => input.id !== '70007');
      const errors =
        known.length < body.inputs.length
          ? [
              {
                status: 'error',
                category: 'OBJECT_NOT_FOUND',
                message:
                  'Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid.',
                context: { ids: ['70007'] },
              },
            ]
          : [];
      return [
        errors.length > 0 ? 207 : 200,
        batchAnswer(
          known.map((input: Json) => contact(Number(input.id), {})),
          errors,
        ),
        rateHeaders(),
      ];
    };
    withProperties(hubspot())
      .post('/crm/v3/objects/contacts/batch/read', read)
      .times(5)
      .reply(answer);
    const connector = connect();

    const plain = await connector.fetchByIds('contacts', [...ids, 'not-an-id', '70001']);
    expect(plain).toHaveLength(119);
    expect(bodies.map((body) => body.inputs.length)).toEqual([100, 20]);
    expect(bodies[0].propertiesWithHistory).toEqual([]);

    await connector.fetchByIds('contacts', ids, { withHistory: ['lifecyclestage'] });
    expect(bodies.slice(2).map((body) => body.inputs.length)).toEqual([50, 50, 20]);
    expect(bodies[2].propertiesWithHistory).toEqual(['lifecyclestage']);
  });

  it('property history gives per-field change times and tells leadloop its own writes', async () => {
    const history = fixture('connector/batch-read-contacts-history.json');
    let body: Json;
    withProperties(hubspot())
      .post('/crm/v3/objects/contacts/batch/read', (sent) => (body = sent) !== undefined)
      .reply(200, history.response.body, history.response.headers);
    const [priya] = await connect().fetchByIds('contacts', ['87301'], { withHistory: true });

    expect(body.propertiesWithHistory).toEqual(
      expect.arrayContaining(['firstname', 'lifecyclestage', 'leadloop_score']),
    );
    expect(priya?.fieldChangedAt).toEqual({
      email: '2026-09-14T13:22:05.119Z',
      firstname: '2026-11-23T09:12:44.201Z',
      lifecyclestage: '2026-11-21T16:00:03.442Z',
      leadloop_score: '2026-11-21T16:00:03.442Z',
    });
    expect(priya?.fieldChangedByLeadloop).toEqual({
      email: false,
      firstname: false,
      lifecyclestage: true,
      leadloop_score: true,
    });
  });

  it('findByEmails: one batch read by email, trimmed and lower-cased, each contact once', async () => {
    let body: Json;
    withProperties(hubspot())
      .post('/crm/v3/objects/contacts/batch/read', (sent) => (body = sent) !== undefined)
      .reply(
        207,
        batchAnswer(
          [contact(87301, { email: 'priya.patel@acmeanalytics.com' })],
          [
            {
              status: 'error',
              category: 'OBJECT_NOT_FOUND',
              message:
                'Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid.',
              context: { ids: ['nobody@example.com'] },
            },
          ],
        ),
        rateHeaders(),
      );
    const found = await connect().findByEmails('contacts', [
      ' Priya.Patel@AcmeAnalytics.com',
      'priya.patel@acmeanalytics.com',
      'nobody@example.com',
      '',
    ]);

    expect(body.idProperty).toBe('email');
    expect(body.inputs).toEqual([
      { id: 'priya.patel@acmeanalytics.com' },
      { id: 'nobody@example.com' },
    ]);
    expect(found.map((record) => record.id)).toEqual(['87301']);
  });

  it('fetchArchived asks batch read for archived records: deletions come back as deleted', async () => {
    const archived = {
      ...contact(88010, { email: 'old@acmeanalytics.com' }),
      archived: true,
      archivedAt: '2026-11-20T08:00:00.000Z',
    };
    withProperties(hubspot())
      .post('/crm/v3/objects/contacts/batch/read')
      .query({ archived: 'true' })
      .reply(200, batchAnswer([archived]), rateHeaders());
    const [record] = await connect().fetchArchived('contacts', ['88010']);

    expect(record).toMatchObject({ id: '88010', deleted: true });
  });
});
