import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sfError, startSalesforce, type SalesforceHarness } from './support.ts';

/** Get Updated and Get Deleted through jsforce's `updated()` / `deleted()`. */
describe('Salesforce sandbox: Get Updated / Get Deleted', () => {
  let sf: SalesforceHarness;
  const ids: string[] = [];

  beforeAll(async () => {
    sf = await startSalesforce();
    await sf.admin('/clock', { now: '2026-11-24T10:00:10.000Z' });
    for (const name of ['Early', 'Middle', 'Late']) {
      const created = await sf.conn
        .sobject('Lead')
        .create({ LastName: name, Company: 'Replica Co' });
      ids.push(created.id!);
      await sf.admin('/clock', { advanceMs: 5 * 60_000 });
    }
    // now 10:15:10 — Middle is deleted at 10:15:10, Early updated at 10:20:10.
    await sf.conn.sobject('Lead').destroy(ids[1]!);
    await sf.admin('/clock', { advanceMs: 5 * 60_000 });
    await sf.conn.sobject('Lead').update({ Id: ids[0]!, Title: 'Updated' });
    await sf.admin('/clock', { advanceMs: 60_000 });
  });
  afterAll(() => sf.server.close());

  it('lists records whose SystemModstamp falls in the minute-rounded span', async () => {
    expect(await sf.conn.updated('Lead', '2026-11-24T10:04:59Z', '2026-11-24T10:21:30Z')).toEqual({
      ids: [ids[0], ids[2]],
      latestDateCovered: '2026-11-24T10:21:00.000+0000',
    });
    expect(await sf.conn.updated('Lead', '2026-11-24T10:00:00Z', '2026-11-24T10:05:00Z')).toEqual({
      ids: [],
      latestDateCovered: '2026-11-24T10:05:00.000+0000',
    });
    // The end is never after now.
    expect(
      (await sf.conn.updated('Lead', '2026-11-24T10:00:00Z', '2026-11-25T00:00:00Z'))
        .latestDateCovered,
    ).toBe('2026-11-24T10:21:00.000+0000');
  });

  it('lists deletions with their dates', async () => {
    expect(await sf.conn.deleted('Lead', '2026-11-24T10:00:00Z', '2026-11-24T10:21:00Z')).toEqual({
      deletedRecords: [{ id: ids[1], deletedDate: '2026-11-24T10:15:10.000+0000' }],
      earliestDateAvailable: '2026-11-09T10:21:00.000+0000',
      latestDateCovered: '2026-11-24T10:21:00.000+0000',
    });
  });

  it('refuses spans that end before they start or reach too far back', async () => {
    expect(
      await sfError(() => sf.conn.updated('Lead', '2026-11-24T10:10:00Z', '2026-11-24T10:10:30Z')),
    ).toMatchObject({
      errorCode: 'INVALID_REPLICATION_DATE',
      message: 'startDate must chronologically precede endDate',
    });
    expect(
      await sfError(() => sf.conn.updated('Lead', '2026-10-01T00:00:00Z', '2026-11-24T10:00:00Z')),
    ).toMatchObject({
      errorCode: 'INVALID_REPLICATION_DATE',
      message: 'startDate cannot be more than 30 days ago',
    });
    expect(
      (await sfError(() => sf.conn.deleted('Lead', '2026-11-01T00:00:00Z', '2026-11-24T10:00:00Z')))
        .message,
    ).toBe('startDate cannot be more than 15 days ago');
  });
});
