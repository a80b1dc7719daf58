import { beforeEach, describe, expect, it } from '@jest/globals';
import type { WriteRequest } from '../../../src/sync/connector.ts';
import {
  batchAnswer,
  connect,
  contact,
  fixture,
  hubspot,
  rateHeaders,
  resetNock,
  type Json,
} from './support.ts';

const UPSERT = '/crm/v3/objects/contacts/batch/upsert';
const UPDATE = '/crm/v3/objects/contacts/batch/update';

const leadId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const handoff = (n: number, fields: WriteRequest['fields'] = {}): WriteRequest => ({
  ref: `lead-${n}`,
  action: 'upsert',
  upsertKey: { field: 'leadloop_id', value: leadId(n) },
  fields: {
    email: `lead${n}@northwind.example`,
    leadloop_stage: 'mql',
    leadloop_score: 60 + (n % 30),
    ...fields,
  },
});

/** Answers an upsert as HubSpot does: one result per input, trace id echoed, all new. */
function upsertResults(body: Json): Json {
  return batchAnswer(
    body.inputs.map((input: Json) => ({
      ...contact(100_000 + Number(input.objectWriteTraceId), input.properties),
      new: true,
      objectWriteTraceId: input.objectWriteTraceId,
    })),
  );
}

describe('HubSpot batched writes', () => {
  beforeEach(resetNock);

  it('207: the bad input fails with its own error, the rest succeed, outcomes in input order', async () => {
    const answer = fixture('connector/batch-upsert-contacts-207.json');
    let sent: Json;
    hubspot()
      .post(UPSERT, (body) => (sent = body) !== undefined)
      .reply(207, answer.response.body, answer.response.headers);
    const outcomes = await connect().write('contacts', [
      {
        ref: 'priya',
        action: 'upsert',
        upsertKey: { field: 'leadloop_id', value: '5b0f3c1e-8a52-4d0e-9f6b-2c7d9e41a3b8' },
        fields: { leadloop_stage: 'sal', leadloop_score: 71 },
      },
      {
        ref: 'nurture',
        action: 'upsert',
        upsertKey: { field: 'leadloop_id', value: 'e2f4a6b8-0c1d-4e3f-8a5b-6c7d8e9f0a1b' },
        fields: { leadloop_stage: 'nurture' },
      },
      {
        ref: 'mei',
        action: 'upsert',
        upsertKey: { field: 'leadloop_id', value: '0d7e2a44-61f3-4b7a-8c2e-5a9f03b7d112' },
        fields: { leadloop_opportunity_amount: 52000 },
      },
    ]);

    expect(sent).toEqual(answer.request.body);
    expect(outcomes).toEqual([
      { ref: 'priya', ok: true, id: '92007', created: true },
      {
        ref: 'nurture',
        ok: false,
        error: {
          kind: 'invalid_record',
          code: 'INVALID_OPTION',
          message:
            'nurture was not one of the allowed options: [inquiry, mql, sal, sql, opportunity, customer, recycled, disqualified]',
          fields: ['leadloop_stage'],
        },
      },
      { ref: 'mei', ok: true, id: '90113', created: false },
    ]);
  });

  it('creates by batch upsert on email: an existing contact is updated, never a 409', async () => {
    // No batch/create interceptor: a create batch would fail the test (and, live, 409 whole).
    let sent: Json;
    hubspot()
      .post(UPSERT, (body) => (sent = body) !== undefined)
      .reply(
        200,
        batchAnswer([
          {
            ...contact(87301, { email: 'priya.patel@acmeanalytics.com', firstname: 'Priya' }),
            new: false,
          },
          {
            ...contact(92011, { email: 'jonas.berg@fjord.example', firstname: 'Jonas' }),
            new: true,
          },
        ]),
        rateHeaders(),
      );
    const outcomes = await connect().write('contacts', [
      {
        ref: 'existing',
        action: 'create',
        fields: { email: 'priya.patel@acmeanalytics.com', firstname: 'Priya' },
      },
      {
        ref: 'new',
        action: 'create',
        fields: { email: 'jonas.berg@fjord.example', firstname: 'Jonas' },
      },
      { ref: 'keyless', action: 'create', fields: { firstname: 'Nobody' } },
    ]);

    expect(sent.inputs.map((input: Json) => [input.idProperty, input.id])).toEqual([
      ['email', 'priya.patel@acmeanalytics.com'],
      ['email', 'jonas.berg@fjord.example'],
    ]);
    expect(outcomes).toEqual([
      { ref: 'existing', ok: true, id: '87301', created: false },
      { ref: 'new', ok: true, id: '92011', created: true },
      {
        ref: 'keyless',
        ok: false,
        error: {
          kind: 'invalid_record',
          code: 'MISSING_UPSERT_KEY',
          message:
            'A HubSpot contacts create needs a unique key (upsertKey, or a leadloop_id or email value) so that a retry never creates a duplicate',
        },
      },
    ]);
  });

  it('a whole-batch 400 from one bad email is bisected: 99 written, the bad one fails alone', async () => {
    const rejected = fixture('connector/batch-upsert-invalid-email-400.json');
    const calls: number[] = [];
    const written = new Set<string>();
    hubspot()
      .post(UPSERT)
      .times(20)
      .reply(async (request: Request) => {
        const body = (await request.json()) as Json;
        calls.push(body.inputs.length);
        if (
          body.inputs.some((input: Json) => input.properties.email === 'lena.fischer@@fahrwerk.de')
        ) {
          return [400, rejected.response.body, rejected.response.headers];
        }
        for (const input of body.inputs) written.add(input.id);
        return [200, upsertResults(body), rateHeaders()];
      });
    const requests = Array.from({ length: 100 }, (_, n) => handoff(n));
    requests[57] = handoff(57, { email: 'lena.fischer@@fahrwerk.de' });
    const outcomes = await connect().write('contacts', requests);

    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(99);
    expect(outcomes[57]).toEqual({
      ref: 'lead-57',
      ok: false,
      error: {
        kind: 'invalid_record',
        code: 'INVALID_EMAIL',
        message: 'Email address lena.fischer@@fahrwerk.de is invalid',
        fields: ['email'],
      },
    });
    expect(outcomes[58]).toEqual({ ref: 'lead-58', ok: true, id: '100058', created: true });
    expect(written.size).toBe(99);
    expect(written.has(leadId(57))).toBe(false);
    // 100 → 50|50 → 25|25 → 13|12 → 7|6 → 3|3 → 2|1 → 1|1: fifteen calls, not a hundred.
    expect(calls).toEqual([100, 50, 50, 25, 13, 7, 6, 3, 2, 1, 1, 1, 3, 12, 25]);
  });

  it('a backward lifecyclestage move: clear it in one request, then set it in a second', async () => {
    const bodies: Json[] = [];
    hubspot()
      .post(UPDATE, (body) => bodies.push(body) > 0)
      .times(2)
      .reply(async (request: Request) => {
        const body = (await request.json()) as Json;
        return [
          200,
          batchAnswer(
            body.inputs.map((input: Json) => contact(Number(input.id), input.properties)),
          ),
          rateHeaders(),
        ];
      });
    const outcomes = await connect().write('contacts', [
      {
        ref: 'recycled',
        action: 'update',
        id: '87301',
        fields: {
          lifecyclestage: 'lead',
          leadloop_stage: 'recycled',
          leadloop_recycle_reason: 'closed lost',
        },
        forceFields: ['lifecyclestage'],
      },
      { ref: 'score', action: 'update', id: '87422', fields: { leadloop_score: 35 } },
    ]);

    expect(bodies).toEqual([
      { inputs: [{ id: '87301', objectWriteTraceId: '0', properties: { lifecyclestage: '' } }] },
      {
        inputs: [
          {
            id: '87301',
            objectWriteTraceId: '0',
            properties: {
              lifecyclestage: 'lead',
              leadloop_stage: 'recycled',
              leadloop_recycle_reason: 'closed lost',
            },
          },
          { id: '87422', objectWriteTraceId: '1', properties: { leadloop_score: '35' } },
        ],
      },
    ]);
    expect(outcomes).toEqual([
      { ref: 'recycled', ok: true, id: '87301', created: false },
      { ref: 'score', ok: true, id: '87422', created: false },
    ]);
  });
});
