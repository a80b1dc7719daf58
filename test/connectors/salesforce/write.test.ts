import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ConnectorError, type WriteRequest } from '../../../src/sync/connector.ts';
import type { FakeOrg } from './fake-org.ts';
import { connect, since, startOrg } from './support.ts';

const handoff = (n: number, extra: Partial<WriteRequest> = {}): WriteRequest => ({
  ref: `lead-${n}`,
  action: 'upsert',
  upsertKey: {
    field: 'LeadLoop_Id__c',
    value: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  },
  fields: {
    LastName: `Handoff ${n}`,
    Company: 'Northwind',
    Email: `handoff${n}@northwind.example`,
    LeadLoop_Stage__c: 'MQL',
  },
  ...extra,
});

describe('Salesforce batched writes', () => {
  let org: FakeOrg;
  const leads = () => [...org.table('Lead').values()].filter((row) => row.IsDeleted !== true);

  beforeAll(async () => {
    org = await startOrg();
    await connect(org).setup();
  });
  beforeEach(() => org.table('Lead').clear());
  afterAll(() => org.close());

  it('upserts by LeadLoop_Id__c: created once, then updated, never duplicated', async () => {
    const connector = connect(org);
    const first = await connector.write('Lead', [handoff(1), handoff(2)]);
    expect(first.map((outcome) => outcome.ok && outcome.created)).toEqual([true, true]);
    const again = await connector.write('Lead', [
      handoff(1, { fields: { LeadLoop_Score__c: 64 } }),
      handoff(2),
    ]);
    expect(again).toEqual([
      { ref: 'lead-1', ok: true, id: first[0]!.ok ? first[0]!.id : '', created: false },
      { ref: 'lead-2', ok: true, id: first[1]!.ok ? first[1]!.id : '', created: false },
    ]);
    expect(leads()).toHaveLength(2);
    expect(leads()[0]).toMatchObject({ LastName: 'Handoff 1', LeadLoop_Score__c: 64 });
  });

  it('chunks into calls of at most 200 and answers in input order', async () => {
    const from = org.requests.length;
    const requests = Array.from({ length: 450 }, (_, n) => handoff(n));
    const outcomes = await connect(org).write('Lead', requests);
    expect(outcomes.map((outcome) => outcome.ref)).toEqual(requests.map((request) => request.ref));
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    expect(since(org, from)).toEqual(
      Array(3).fill('PATCH /services/data/v62.0/composite/sobjects/Lead/LeadLoop_Id__c'),
    );
    expect(leads()).toHaveLength(450);
  });

  it('one bad email among 200 fails alone, with the vendor code and message', async () => {
    const requests = Array.from({ length: 200 }, (_, n) => handoff(n));
    requests[137] = handoff(137, {
      fields: { LastName: 'Typo', Company: 'Northwind', Email: 'handoff137.northwind.example' },
    });
    const outcomes = await connect(org).write('Lead', requests);
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(199);
    expect(outcomes[137]).toEqual({
      ref: 'lead-137',
      ok: false,
      error: {
        kind: 'invalid_record',
        code: 'INVALID_EMAIL_ADDRESS',
        message: 'Email: invalid email address: handoff137.northwind.example',
        fields: ['Email'],
      },
    });
    expect(leads()).toHaveLength(199);
  });

  it('a locked row fails as transient so the engine retries just that record', async () => {
    org.fail('lock_row', '/composite/sobjects');
    const outcomes = await connect(org).write('Lead', [handoff(1), handoff(2)]);
    expect(outcomes[0]).toMatchObject({
      ok: false,
      error: { kind: 'transient', code: 'UNABLE_TO_LOCK_ROW' },
    });
    expect(outcomes[1]).toMatchObject({ ok: true, created: true });
  });

  it('runs assignment rules only for leads it creates with assign set', async () => {
    const connector = connect(org);
    org.assignHeaders.length = 0;
    const [assigned] = await connector.write('Lead', [handoff(1, { assign: true })]);
    const [kept] = await connector.write('Lead', [handoff(2)]);
    expect(org.assignHeaders).toEqual(['TRUE', 'FALSE']);
    const byRef = (id: string) => org.table('Lead').get(id)!;
    expect(byRef(assigned!.ok ? assigned!.id : '').OwnerId).toBe(org.queues[0]);
    expect(byRef(kept!.ok ? kept!.id : '').OwnerId).toBe('005FAKEINTEGRATION');

    // A retried handoff finds the lead already there: no second assignment, owner unchanged.
    const from = org.requests.length;
    const [retried] = await connector.write('Lead', [handoff(1, { assign: true })]);
    expect(retried).toMatchObject({ ok: true, created: false });
    expect(org.assignHeaders.at(-1)).toBe('FALSE');
    expect(byRef(assigned!.ok ? assigned!.id : '').OwnerId).toBe(org.queues[0]);
    expect(since(org, from)).toEqual([
      'GET /services/data/v62.0/query',
      'PATCH /services/data/v62.0/composite/sobjects/Lead/LeadLoop_Id__c',
    ]);
  });

  it('updates by id, creates follow-up Tasks, and reports a deleted record', async () => {
    const connector = connect(org);
    const [lead] = await connector.write('Lead', [handoff(1)]);
    const id = lead!.ok ? lead!.id : '';
    const [updated] = await connector.write('Lead', [
      { ref: 'u', action: 'update', id, fields: { LeadLoop_SLA_Status__c: 'breached' } },
    ]);
    expect(updated).toEqual({ ref: 'u', ok: true, id, created: false });
    const [task] = await connector.write('Task', [
      {
        ref: 't',
        action: 'create',
        fields: { WhoId: id, Subject: 'Follow up: SLA breached', Status: 'Not Started' },
      },
    ]);
    expect(task).toMatchObject({ ref: 't', ok: true, created: true });
    org.touch(org.table('Lead').get(id)!, { IsDeleted: true });
    const [gone] = await connector.write('Lead', [
      { ref: 'g', action: 'update', id, fields: { LeadLoop_Score__c: 1 } },
    ]);
    expect(gone).toMatchObject({
      ok: false,
      error: { kind: 'not_found', code: 'ENTITY_IS_DELETED' },
    });
  });

  it('refuses malformed requests per record without calling Salesforce for them', async () => {
    const from = org.requests.length;
    const outcomes = await connect(org).write('Lead', [
      { ref: 'a', action: 'update', id: "x' OR 1=1", fields: {} },
      { ref: 'b', action: 'update', id: '00QFAKE00000000001', fields: { 'Email; DROP': 'x' } },
      { ref: 'c', action: 'upsert', fields: {} },
    ]);
    expect(outcomes.map((outcome) => (outcome.ok ? 'ok' : outcome.error.code))).toEqual([
      'MALFORMED_ID',
      'INVALID_FIELD_NAME',
      'MISSING_UPSERT_KEY',
    ]);
    expect(since(org, from)).toEqual([]);
  });

  it('a whole-call 503 is thrown as transient with Retry-After, for the engine to retry', async () => {
    org.fail('server_error', '/composite/sobjects');
    const error = await connect(org)
      .write('Lead', [handoff(1)])
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({
      kind: 'transient',
      retryAfterMs: 2_000,
      code: 'salesforce.http_503',
    });
    expect(leads()).toHaveLength(0);
  });

  it('after a committed batch, a failing batch fails per record instead of throwing', async () => {
    org.fail('server_error', '/composite/sobjects', 1, 1);
    const outcomes = await connect(org).write(
      'Lead',
      Array.from({ length: 250 }, (_, n) => handoff(n)),
    );
    expect(outcomes.slice(0, 200).every((outcome) => outcome.ok)).toBe(true);
    expect(
      outcomes.slice(200).every((outcome) => !outcome.ok && outcome.error.kind === 'transient'),
    ).toBe(true);
    expect(leads()).toHaveLength(200);
  });
});
