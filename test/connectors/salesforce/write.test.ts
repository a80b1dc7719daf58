import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  ConnectorError,
  type WriteOutcome,
  type WriteRequest,
} from '../../../src/sync/connector.ts';
import { isRetryableError } from '../../../src/sync/retry.ts';
import jsforce from 'jsforce';
import { SALESFORCE_SANDBOX_TOKEN } from '../../../connectors/salesforce/sandbox/index.ts';
import { connect, counting, startOrg, V, type Org } from './support.ts';

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

const UPSERT = `PATCH ${V}/composite/sobjects/Lead/LeadLoop_Id__c`;
const CREATE = `POST ${V}/composite/sobjects`;
const idOf = (outcome: WriteOutcome | undefined) => (outcome?.ok === true ? outcome.id : '');

describe('Salesforce batched writes against the sandbox', () => {
  let org: Org;
  const live = (object: string) =>
    [...org.sandbox.state.store(object)!.records.values()].filter((record) => !record.deleted);
  const lead = (id: string) => org.sandbox.state.store('Lead')!.records.get(id)!.values;

  beforeAll(async () => {
    org = await startOrg();
    await connect(org).setup();
  });
  // A fresh org per test; the leadloop fields as `setup` leaves them.
  beforeEach(async () => {
    await org.admin('/reset');
    await org.admin('/salesforce/leadloop-fields');
  });
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
      { ref: 'lead-1', ok: true, id: idOf(first[0]), created: false },
      { ref: 'lead-2', ok: true, id: idOf(first[1]), created: false },
    ]);
    expect(live('Lead')).toHaveLength(2);
    expect(lead(idOf(first[0]))).toMatchObject({ LastName: 'Handoff 1', LeadLoop_Score__c: 64 });
  });

  it('chunks into calls of at most 200 and answers in input order', async () => {
    const requests = Array.from({ length: 450 }, (_, n) => handoff(n));
    const { result: outcomes, calls } = await counting(org, () =>
      connect(org).write('Lead', requests),
    );
    expect(outcomes.map((outcome) => outcome.ref)).toEqual(requests.map((request) => request.ref));
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    expect(calls).toEqual({ [UPSERT]: 3 });
    expect(live('Lead')).toHaveLength(450);
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
    expect(live('Lead')).toHaveLength(199);
  });

  it('a locked row fails as transient per record; the retry writes it once', async () => {
    const connector = connect(org);
    await org.admin('/faults', {
      system: 'salesforce',
      kind: 'unable_to_lock_row',
      path: '/composite/sobjects',
    });
    const locked = await connector.write('Lead', [handoff(1), handoff(2)]);
    expect(
      locked.map((outcome) => !outcome.ok && [outcome.error.kind, outcome.error.code]),
    ).toEqual([
      ['transient', 'UNABLE_TO_LOCK_ROW'],
      ['transient', 'UNABLE_TO_LOCK_ROW'],
    ]);
    expect(live('Lead')).toHaveLength(0);
    const retried = await connector.write('Lead', [handoff(1), handoff(2)]);
    expect(retried.map((outcome) => outcome.ok && outcome.created)).toEqual([true, true]);
    expect(live('Lead')).toHaveLength(2);
  });

  it('runs assignment rules (Sforce-Auto-Assign) only for leads it creates with assign set', async () => {
    const connector = connect(org);
    const { integration, reps } = org.sandbox.state.users;
    const { result: first, calls: firstCalls } = await counting(org, () =>
      connector.write('Lead', [handoff(1, { assign: true })]),
    );
    const [assigned] = first;
    // A new lead costs one call: nothing is asked before it is created.
    expect(firstCalls).toEqual({ [CREATE]: 1 });
    expect(assigned).toMatchObject({ ok: true, created: true });
    const [kept] = await connector.write('Lead', [handoff(2)]);
    // The org's rule hands leads to its reps round-robin; without it the integration user owns them.
    expect(lead(idOf(assigned)).OwnerId).toBe(reps[0]);
    expect(lead(idOf(kept)).OwnerId).toBe(integration);

    // A retried handoff finds the lead already there (its create answers DUPLICATE_VALUE on
    // LeadLoop_Id__c): updated by that id without assignment, so no second owner, no second lead
    // (the sandbox, like Salesforce, would re-run the rule on an update sent without FALSE).
    const { result, calls } = await counting(org, () =>
      connector.write('Lead', [
        handoff(1, { assign: true, fields: { ...handoff(1).fields, LeadLoop_Score__c: 71 } }),
        handoff(3, { assign: true }),
      ]),
    );
    expect(result).toEqual([
      { ref: 'lead-1', ok: true, id: idOf(assigned), created: false },
      { ref: 'lead-3', ok: true, id: idOf(result[1]), created: true },
    ]);
    expect(lead(idOf(assigned))).toMatchObject({ OwnerId: reps[0], LeadLoop_Score__c: 71 });
    expect(reps).toContain(lead(idOf(result[1])).OwnerId);
    expect(calls).toEqual({ [CREATE]: 1, [UPSERT]: 1 });
    expect(live('Lead')).toHaveLength(3);
  });

  it('a handoff refused on another unique field fails with the vendor message and is not retried as an update', async () => {
    // An admin's own unique field on Lead (a badge number), added as through Setup.
    const admin = new jsforce.Connection({
      instanceUrl: org.url,
      accessToken: SALESFORCE_SANDBOX_TOKEN,
      version: '62.0',
    });
    await admin.metadata.upsert('CustomField', {
      fullName: 'Lead.Badge__c',
      label: 'Badge',
      type: 'Text',
      length: 20,
      unique: true,
    });
    const connector = connect(org);
    const badged = (n: number) =>
      handoff(n, { assign: true, fields: { ...handoff(n).fields, Badge__c: 'B-1' } });
    const [first] = await connector.write('Lead', [badged(1)]);
    expect(first).toMatchObject({ ok: true, created: true });

    const { result, calls } = await counting(org, () =>
      connector.write('Lead', [badged(2), handoff(3, { assign: true })]),
    );
    // Lead 2's create is refused on Badge__c, not on its own LeadLoop_Id__c: it is not lead 1's
    // retried handoff, so it fails with Salesforce's words (a dead letter) and nothing else is
    // sent for it; its batch-mate goes through.
    expect(result[0]).toMatchObject({
      ok: false,
      error: {
        code: 'DUPLICATE_VALUE',
        message: `duplicate value found: Badge__c duplicates value on record with id: ${idOf(first)}`,
      },
    });
    expect(result[1]).toMatchObject({ ok: true, created: true });
    expect(calls).toEqual({ [CREATE]: 1 });
    expect(live('Lead')).toHaveLength(2);
    expect(lead(idOf(first))).toMatchObject({ LastName: 'Handoff 1' });
  });

  it('updates by id, creates follow-up Tasks, and reports a deleted record', async () => {
    const connector = connect(org);
    const id = idOf((await connector.write('Lead', [handoff(1)]))[0]);
    const [updated] = await connector.write('Lead', [
      { ref: 'u', action: 'update', id, fields: { LeadLoop_SLA_Status__c: 'breached' } },
    ]);
    expect(updated).toEqual({ ref: 'u', ok: true, id, created: false });
    expect(lead(id).LeadLoop_SLA_Status__c).toBe('breached');
    const [task] = await connector.write('Task', [
      {
        ref: 't',
        action: 'create',
        fields: { WhoId: id, Subject: 'Follow up: SLA breached', Status: 'Not Started' },
      },
    ]);
    expect(task).toMatchObject({ ref: 't', ok: true, created: true });
    expect(live('Task').map((record) => record.values.WhoId)).toEqual([id]);

    const [deleted] = await connector.write('Lead', [
      { ref: 'd', action: 'delete', id, fields: {} },
    ]);
    expect(deleted).toEqual({ ref: 'd', ok: true, id, created: false });
    const [gone] = await connector.write('Lead', [
      { ref: 'g', action: 'update', id, fields: { LeadLoop_Score__c: 1 } },
    ]);
    expect(gone).toEqual({
      ref: 'g',
      ok: false,
      error: { kind: 'not_found', code: 'ENTITY_IS_DELETED', message: 'entity is deleted' },
    });
    // Deleting again is not a failure: the record is gone either way.
    const [again] = await connector.write('Lead', [
      { ref: 'd2', action: 'delete', id, fields: {} },
    ]);
    expect(again).toEqual({ ref: 'd2', ok: true, id, created: false });
  });

  it('refuses malformed requests per record without calling Salesforce for them', async () => {
    const connector = connect(org);
    const id = idOf((await connector.write('Lead', [handoff(1)]))[0]);
    const { result: outcomes, calls } = await counting(org, () =>
      connector.write('Lead', [
        { ref: 'a', action: 'update', id: "x' OR 1=1", fields: {} },
        { ref: 'b', action: 'update', id, fields: { 'Email; DROP': 'x' } },
        { ref: 'c', action: 'upsert', fields: {} },
        { ref: 'd', action: 'update', id: `${id.slice(0, 15)}999`, fields: {} },
      ]),
    );
    expect(outcomes.map((outcome) => (outcome.ok ? 'ok' : outcome.error.code))).toEqual([
      'MALFORMED_ID',
      'INVALID_FIELD_NAME',
      'MISSING_UPSERT_KEY',
      'MALFORMED_ID',
    ]);
    expect(calls).toEqual({});
  });

  it('a whole-call 503 is thrown as transient, for the engine to retry', async () => {
    await org.admin('/faults', {
      system: 'salesforce',
      kind: 'server_error',
      status: 503,
      path: '/composite/sobjects',
    });
    const error = await connect(org)
      .write('Lead', [handoff(1)])
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ kind: 'transient', code: 'salesforce.http_503' });
    expect(isRetryableError(error)).toBe(true);
    expect(live('Lead')).toHaveLength(0);
  });

  it('after a committed batch, a failing batch fails per record instead of throwing', async () => {
    const connector = connect(org);
    const existing = await connector.write(
      'Lead',
      Array.from({ length: 200 }, (_, n) => handoff(n)),
    );
    // Updates go first (PATCH /composite/sobjects), then the upserts' call fails.
    await org.admin('/faults', {
      system: 'salesforce',
      kind: 'server_error',
      status: 503,
      path: '/LeadLoop_Id__c',
    });
    const outcomes = await connector.write('Lead', [
      ...existing.map((outcome, n) => ({
        ref: `u${n}`,
        action: 'update' as const,
        id: idOf(outcome),
        fields: { LeadLoop_Score__c: 50 },
      })),
      ...Array.from({ length: 50 }, (_, n) => handoff(1_000 + n)),
    ]);
    expect(outcomes.slice(0, 200).every((outcome) => outcome.ok)).toBe(true);
    expect(
      outcomes
        .slice(200)
        .every(
          (outcome) =>
            !outcome.ok &&
            outcome.error.kind === 'transient' &&
            outcome.error.code === 'salesforce.http_503',
        ),
    ).toBe(true);
    expect(live('Lead')).toHaveLength(200);
    expect(live('Lead').every((record) => record.values.LeadLoop_Score__c === 50)).toBe(true);
  });
});
