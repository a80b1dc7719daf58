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
const leadId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const handoff = (n: number, email = `lead${n}@northwind.example`): WriteRequest => ({
  ref: `lead-${n}`,
  action: 'upsert',
  upsertKey: { field: 'leadloop_id', value: leadId(n) },
  fields: { email, leadloop_stage: 'mql' },
});

/**
 * A 409 duplicate: upserting by leadloop_id a contact whose email another contact already has
 * (marketing created it by hand meanwhile). HubSpot fails the whole batch with 409 naming only
 * the first conflict; the connector splits the batch until the duplicate stands alone.
 */
describe('HubSpot batch upsert with a duplicate email (409)', () => {
  beforeEach(resetNock);

  it('fails only the duplicate, as a conflict with the vendor message; the rest are written', async () => {
    const conflict = fixture('vendor/create-contact-409.json').response;
    const taken = 'bcooper@biglytics.net';
    const calls: number[] = [];
    const written: string[] = [];
    hubspot()
      .post(UPSERT)
      .times(20)
      .reply(async (request: Request) => {
        const body = (await request.json()) as Json;
        calls.push(body.inputs.length);
        if (body.inputs.some((input: Json) => input.properties.email === taken))
          return [409, conflict.body, conflict.headers];
        written.push(...body.inputs.map((input: Json) => input.id as string));
        return [
          200,
          batchAnswer(
            body.inputs.map((input: Json) => ({
              ...contact(200_000 + Number(input.objectWriteTraceId), input.properties),
              new: true,
              objectWriteTraceId: input.objectWriteTraceId,
            })),
          ),
          rateHeaders(),
        ];
      });
    const requests = Array.from({ length: 8 }, (_, n) => handoff(n));
    requests[5] = handoff(5, taken);
    const outcomes = await connect().write('contacts', requests);

    expect(outcomes[5]).toEqual({
      ref: 'lead-5',
      ok: false,
      error: {
        kind: 'conflict',
        code: 'CONFLICT',
        message: 'Contact already exists. Existing ID: 512',
      },
    });
    expect(outcomes.filter((outcome) => outcome.ok).map((outcome) => outcome.ref)).toEqual([
      'lead-0',
      'lead-1',
      'lead-2',
      'lead-3',
      'lead-4',
      'lead-6',
      'lead-7',
    ]);
    expect(written.sort()).toEqual([0, 1, 2, 3, 4, 6, 7].map(leadId));
    // 8 → 4|4 → 2|2 → 1|1: the duplicate's halves are split, the clean halves written once.
    expect(calls).toEqual([8, 4, 4, 2, 1, 1, 2]);
  });
});
