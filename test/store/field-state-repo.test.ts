import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { backends, testClock, useStore } from '../support/database.ts';

describe.each(backends)('field state repository on $name', (backend) => {
  const clock = testClock('2026-03-09T14:00:00.000Z');
  const store = useStore(backend, clock);
  const leadIds = Array.from({ length: 150 }, () => randomUUID());
  const [first, second] = leadIds;

  beforeAll(async () => {
    await store().leads.insertMany(
      leadIds.map((id, i) => ({
        id,
        emailNormalized: `p${i}@fabrikam.example`,
        fields: {},
        stage: 'inquiry' as const,
      })),
    );
  });

  test('upserts a page of states in one statement and reads them back for many leads', async () => {
    const states = leadIds.flatMap((leadId, i) => [
      {
        leadId,
        system: 'hubspot',
        field: 'firstname',
        seenValue: `Person ${i}`,
        changedAt: '2026-03-09T13:59:30.000Z',
      },
      {
        leadId,
        system: 'salesforce',
        field: 'NumberOfEmployees',
        seenValue: 250 + i,
        changedAt: '2026-03-09T13:00:00.000Z',
      },
    ]);
    expect(await store().fieldState.upsertMany(states)).toBe(300);
    const all = await store().fieldState.getForLeads(leadIds);
    expect(all).toHaveLength(300);
    const mine = await store().fieldState.getForLeads([first ?? ''], 'salesforce');
    expect(mine).toEqual([
      {
        leadId: first,
        system: 'salesforce',
        field: 'NumberOfEmployees',
        seenValue: 250,
        seenAt: '2026-03-09T14:00:00.000Z',
        changedAt: '2026-03-09T13:00:00.000Z',
        writtenHash: null,
        writtenAt: null,
        writtenChangedAt: null,
      },
    ]);
  });

  test('keeps the JSON type of values: text, number, boolean, null', async () => {
    const leadId = second ?? '';
    await store().fieldState.upsertMany([
      {
        leadId,
        system: 'hubspot',
        field: 'hs_email_optout',
        seenValue: false,
        changedAt: '2026-03-09T10:00:00.000Z',
      },
      {
        leadId,
        system: 'hubspot',
        field: 'jobtitle',
        seenValue: null,
        changedAt: '2026-03-09T10:00:00.000Z',
      },
      {
        leadId,
        system: 'hubspot',
        field: 'zip',
        seenValue: '02134',
        changedAt: '2026-03-09T10:00:00.000Z',
      },
    ]);
    const values = Object.fromEntries(
      (await store().fieldState.getForLeads([leadId], 'hubspot')).map((s) => [
        s.field,
        s.seenValue,
      ]),
    );
    expect(values).toEqual({
      firstname: 'Person 1',
      hs_email_optout: false,
      jobtitle: null,
      zip: '02134',
    });
  });

  test('written_at moves only when what leadloop wrote changes; an echo keeps it', async () => {
    const leadId = first ?? '';
    const key = { leadId, system: 'salesforce', field: 'LeadLoop_Stage__c' };
    await store().fieldState.upsertMany([
      {
        ...key,
        seenValue: 'MQL',
        changedAt: '2026-03-09T13:00:00.000Z',
        writtenHash: 'h-mql',
        writtenChangedAt: '2026-03-09T13:00:00.000Z',
      },
    ]);
    clock.advance(5 * 60_000);
    // The next cycle reads our own value back: same hash, new seen time, write time unchanged.
    await store().fieldState.upsertMany([
      {
        ...key,
        seenValue: 'MQL',
        changedAt: '2026-03-09T13:00:00.000Z',
        writtenHash: 'h-mql',
        writtenChangedAt: '2026-03-09T13:00:00.000Z',
      },
    ]);
    const [echo] = await store()
      .fieldState.getForLeads([leadId], 'salesforce')
      .then((s) => s.filter((x) => x.field === key.field));
    expect(echo).toMatchObject({
      seenAt: '2026-03-09T14:05:00.000Z',
      writtenAt: '2026-03-09T14:00:00.000Z',
    });

    clock.advance(5 * 60_000);
    await store().fieldState.upsertMany([
      {
        ...key,
        seenValue: 'SAL',
        changedAt: '2026-03-09T14:09:00.000Z',
        writtenHash: 'h-sal',
        writtenChangedAt: '2026-03-09T14:09:00.000Z',
      },
      // A key given twice in one batch: the last entry wins.
      {
        ...key,
        seenValue: 'SQL',
        changedAt: '2026-03-09T14:09:30.000Z',
        writtenHash: 'h-sql',
        writtenChangedAt: '2026-03-09T14:09:30.000Z',
      },
    ]);
    const [rewritten] = await store()
      .fieldState.getForLeads([leadId], 'salesforce')
      .then((s) => s.filter((x) => x.field === key.field));
    expect(rewritten).toMatchObject({
      seenValue: 'SQL',
      writtenHash: 'h-sql',
      writtenAt: '2026-03-09T14:10:00.000Z',
      writtenChangedAt: '2026-03-09T14:09:30.000Z',
    });
  });

  test('reads rows ordered by lead, system and field, times to the millisecond', async () => {
    const [a, b] = [leadIds[10] ?? '', leadIds[11] ?? ''];
    await store().fieldState.upsertMany([
      {
        leadId: b,
        system: 'salesforce',
        field: 'Title',
        seenValue: 'CTO',
        changedAt: '2026-03-09T09:00:00.000Z',
      },
      {
        leadId: a,
        system: 'salesforce',
        field: 'Title',
        seenValue: 'CFO',
        changedAt: '2026-03-09T09:00:00.000Z',
      },
      {
        leadId: a,
        system: 'hubspot',
        field: 'zip',
        seenValue: '10115',
        changedAt: '2026-03-09T09:00:00.000Z',
      },
      {
        leadId: a,
        system: 'hubspot',
        field: 'city',
        seenValue: 'Berlin',
        changedAt: '2026-03-09T09:00:00.000Z',
      },
    ]);
    // A time written by another tool, to the microsecond (PostgreSQL's precision).
    await store().db.query(
      "UPDATE field_state SET changed_at = '2026-03-09T09:00:00.123987Z', written_at = '2026-03-09T09:00:01.000500Z', written_hash = 'h' WHERE lead_id = $1 AND field = 'zip'",
      [a],
    );
    const rows = (await store().fieldState.getForLeads([b, a])).filter((row) =>
      ['city', 'zip', 'Title'].includes(row.field),
    );
    const leadOrder = [a, b].sort();
    expect(rows.map((row) => [row.leadId, row.system, row.field])).toEqual(
      leadOrder.flatMap((leadId) =>
        leadId === a
          ? [
              [a, 'hubspot', 'city'],
              [a, 'hubspot', 'zip'],
              [a, 'salesforce', 'Title'],
            ]
          : [[b, 'salesforce', 'Title']],
      ),
    );
    expect(rows.find((row) => row.field === 'zip')).toMatchObject({
      changedAt: '2026-03-09T09:00:00.123Z',
      writtenHash: 'h',
      writtenAt: '2026-03-09T09:00:01.000Z',
      writtenChangedAt: null,
    });
  });

  test('a value edited in by hand that no vendor sends is refused, naming the table', async () => {
    const leadId = leadIds[12] ?? '';
    await store().fieldState.upsertMany([
      {
        leadId,
        system: 'hubspot',
        field: 'notes',
        seenValue: 'ok',
        changedAt: '2026-03-09T09:00:00.000Z',
      },
    ]);
    await store().db.query(
      `UPDATE field_state SET seen_value = '{"edited": true}'::jsonb WHERE lead_id = $1`,
      [leadId],
    );
    await expect(store().fieldState.getForLeads([leadId])).rejects.toMatchObject({
      code: 'store.invalid_row',
      details: { table: 'field_state' },
    });
  });

  test('forget drops one system of a lead', async () => {
    const leadId = second ?? '';
    expect(await store().fieldState.forget(leadId, 'hubspot')).toBe(4);
    expect((await store().fieldState.getForLeads([leadId])).map((s) => s.system)).toEqual([
      'salesforce',
    ]);
  });
});
