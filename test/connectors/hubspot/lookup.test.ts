import { beforeEach, describe, expect, it } from '@jest/globals';
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

describe('HubSpot look-ups by id and by email', () => {
  beforeEach(resetNock);

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
