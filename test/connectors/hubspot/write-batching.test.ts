import { beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
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

const UPDATE = '/crm/v3/objects/contacts/batch/update';

describe('HubSpot write batching and failures', () => {
  beforeEach(resetNock);

  it('≤100 inputs a call, one input per record a call, answers in input order', async () => {
    const calls: string[][] = [];
    hubspot()
      .post(UPDATE)
      .times(3)
      .reply(async (request: Request) => {
        const body = (await request.json()) as Json;
        calls.push(body.inputs.map((input: Json) => input.id));
        // Results come back reversed: matching is by trace id, not position.
        const results = body.inputs.map((input: Json) => ({
          ...contact(Number(input.id), input.properties),
          objectWriteTraceId: input.objectWriteTraceId,
        }));
        return [200, batchAnswer(results.reverse()), rateHeaders()];
      });
    const requests: WriteRequest[] = Array.from({ length: 230 }, (_, n) => ({
      ref: `r${n}`,
      action: 'update',
      id: String(80_000 + n),
      fields: { leadloop_sla_status: 'on_track' },
    }));
    requests.push({
      ref: 'again',
      action: 'update',
      id: '80005',
      fields: { leadloop_sla_status: 'met' },
    });
    const outcomes = await connect().write('contacts', requests);

    expect(calls.map((ids) => ids.length)).toEqual([100, 100, 31]);
    // The second write to 80005 waits for a later call than the first, so it lands last.
    expect(calls.map((ids) => ids.filter((id) => id === '80005').length)).toEqual([1, 0, 1]);
    expect(outcomes.map((outcome) => outcome.ref)).toEqual(requests.map((request) => request.ref));
    expect(outcomes.map((outcome) => outcome.ok && outcome.id)).toEqual(
      requests.map((request) => request.id),
    );
  });

  it('an id HubSpot no longer has fails as not_found; its batch-mate goes through', async () => {
    const answer = fixture('connector/batch-update-contacts-207-not-found.json');
    hubspot()
      .post(UPDATE, answer.request.body)
      .reply(207, answer.response.body, answer.response.headers);
    const outcomes = await connect().write('contacts', [
      { ref: 'oscar', action: 'update', id: '87422', fields: { leadloop_sla_status: 'breached' } },
      {
        ref: 'merged-away',
        action: 'update',
        id: '88010',
        fields: { leadloop_sla_status: 'breached' },
      },
    ]);

    expect(outcomes).toEqual([
      { ref: 'oscar', ok: true, id: '87422', created: false },
      {
        ref: 'merged-away',
        ok: false,
        error: {
          kind: 'not_found',
          code: 'OBJECT_NOT_FOUND',
          message:
            'Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid.',
        },
      },
    ]);
  });

  it('deletes archive by id in one batch call (HubSpot answers 204 either way)', async () => {
    let sent: Json;
    hubspot()
      .post('/crm/v3/objects/contacts/batch/archive', (body) => (sent = body) !== undefined)
      .reply(204);
    const outcomes = await connect().write('contacts', [
      { ref: 'gone', action: 'delete', id: '88010', fields: {} },
      { ref: 'no-id', action: 'delete', fields: {} },
    ]);

    expect(sent).toEqual({ inputs: [{ id: '88010' }] });
    expect(outcomes).toEqual([
      { ref: 'gone', ok: true, id: '88010', created: false },
      {
        ref: 'no-id',
        ok: false,
        error: {
          kind: 'invalid_record',
          code: 'MISSING_ID',
          message: "A HubSpot delete needs the record's numeric id",
        },
      },
    ]);
  });

  it('a failure before anything was written throws; after a committed batch it fails per record', async () => {
    const outage = fixture('connector/bad-gateway-502.json').response;
    hubspot().post(UPDATE).reply(outage.status, outage.body, outage.headers);
    const requests: WriteRequest[] = Array.from({ length: 150 }, (_, n) => ({
      ref: `r${n}`,
      action: 'update',
      id: String(80_000 + n),
      fields: { leadloop_grade: 'B' },
    }));
    await expect(connect().write('contacts', requests)).rejects.toMatchObject({
      kind: 'transient',
      code: 'hubspot.transient',
    });

    hubspot()
      .post(UPDATE)
      .reply(200, async (request: Request) => {
        const body = (await request.json()) as Json;
        return batchAnswer(
          body.inputs.map((input: Json) => contact(Number(input.id), input.properties)),
        );
      })
      .post(UPDATE)
      .reply(outage.status, outage.body, outage.headers);
    const outcomes = await connect().write('contacts', requests);
    expect(outcomes.slice(0, 100).every((outcome) => outcome.ok)).toBe(true);
    expect(outcomes[100]).toEqual({
      ref: 'r100',
      ok: false,
      error: {
        kind: 'transient',
        code: 'hubspot.transient',
        message:
          'HubSpot answered 502: <html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>',
      },
    });
    expect(nock.isDone()).toBe(true);
  });
});
