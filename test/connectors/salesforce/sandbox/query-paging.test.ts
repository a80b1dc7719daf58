import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Record as SfRecord } from 'jsforce';
import { sfError, startSalesforce, type JsonBody, type SalesforceHarness } from './support.ts';

/**
 * Large results: 2,000-row pages behind nextRecordsUrl, jsforce's autoFetch and manual
 * queryMore, Sforce-Query-Options batch sizes, queryAll with deleted rows, query cursors that
 * expire, and SystemModstamp at second precision (the incremental-read cursor problem).
 */
const LEADS = 2500;

describe('Salesforce sandbox: query paging, queryAll and modstamps', () => {
  let sf: SalesforceHarness;
  let ids: string[];

  beforeAll(async () => {
    sf = await startSalesforce();
    await sf.admin('/clock', { now: '2026-11-20T09:00:00.000Z' });
    const leads = Array.from({ length: LEADS }, (_, i) => ({
      LastName: `Lead ${String(i).padStart(4, '0')}`,
      Company: `Company ${i % 50}`,
      Email: `lead${i}@paging.example`,
    }));
    // allowRecursive: jsforce splits the 2,500 records into calls of 200.
    const results = await sf.conn
      .sobject('Lead')
      .create(leads, { allowRecursive: true, headers: { 'Sforce-Auto-Assign': 'FALSE' } });
    ids = results.map((result) => result.id!);
  });
  afterAll(() => sf.server.close());

  it('pages 2,500 rows as 2,000 + 500 behind nextRecordsUrl', async () => {
    const first = await sf.conn.query<SfRecord>('SELECT Id, LastName FROM Lead ORDER BY LastName', {
      autoFetch: false,
    });
    expect(first.totalSize).toBe(LEADS);
    expect(first.done).toBe(false);
    expect(first.records).toHaveLength(2000);
    // jsforce rebuilds the URL from the locator; on the wire it is instance-relative.
    expect(first.nextRecordsUrl).toMatch(
      new RegExp(`^${sf.server.url}/services/data/v62\\.0/query/01gDn[0-9A-Za-z]{13}-2000$`),
    );
    const wire = await sf.raw(
      'GET',
      `/services/data/v62.0/query?q=${encodeURIComponent('SELECT Id FROM Lead')}`,
    );
    expect(Object.keys(wire.body)).toEqual(['totalSize', 'done', 'nextRecordsUrl', 'records']);
    expect(wire.body.nextRecordsUrl).toMatch(
      /^\/services\/data\/v62\.0\/query\/01gDn[0-9A-Za-z]{13}-2000$/,
    );
    const second = await sf.conn.queryMore<SfRecord>(first.nextRecordsUrl!);
    expect(second).toMatchObject({ totalSize: LEADS, done: true });
    expect(second.nextRecordsUrl).toBeUndefined();
    expect(second.records).toHaveLength(500);
    expect([...first.records, ...second.records].map((record) => record.LastName)).toEqual(
      Array.from({ length: LEADS }, (_, i) => `Lead ${String(i).padStart(4, '0')}`),
    );
    // The last page closes the cursor.
    const gone = await sfError(() => sf.conn.queryMore(first.nextRecordsUrl!));
    expect(gone).toMatchObject({
      errorCode: 'INVALID_QUERY_LOCATOR',
      message: 'invalid query locator',
    });
  });

  it('fetches every page with autoFetch (maxFetch bounds it)', async () => {
    const all = await sf.conn.query('SELECT Id FROM Lead', { autoFetch: true, maxFetch: 100_000 });
    expect(all.records.map((record: JsonBody) => record.Id)).toEqual(ids);
    const bounded = await sf.conn.query('SELECT Id FROM Lead', { autoFetch: true, maxFetch: 2100 });
    expect(bounded.records).toHaveLength(2100);
  });

  it('honours Sforce-Query-Options batchSize (200 … 2,000)', async () => {
    const small = await sf.conn.query('SELECT Id FROM Lead ORDER BY Id', {
      autoFetch: false,
      headers: { 'Sforce-Query-Options': 'batchSize=300' },
    });
    expect(small.records).toHaveLength(300);
    expect(small.nextRecordsUrl).toMatch(/-300$/);
    const clamped = await sf.conn.query('SELECT Id FROM Lead', {
      autoFetch: false,
      headers: { 'Sforce-Query-Options': 'batchSize=5' },
    });
    expect(clamped.records).toHaveLength(200);
  });

  it('keeps at most 10 open cursors per user and forgets idle ones after 15 minutes', async () => {
    const opened: { nextRecordsUrl?: string }[] = [];
    for (let i = 0; i < 11; i += 1)
      opened.push(await sf.conn.query('SELECT Id FROM Lead', { autoFetch: false }));
    expect((await sfError(() => sf.conn.queryMore(opened[0]!.nextRecordsUrl!))).errorCode).toBe(
      'INVALID_QUERY_LOCATOR',
    );
    expect((await sf.conn.queryMore(opened[10]!.nextRecordsUrl!)).records).toHaveLength(500);
    await sf.admin('/clock', { advanceMs: 16 * 60_000 });
    expect((await sfError(() => sf.conn.queryMore(opened[9]!.nextRecordsUrl!))).errorCode).toBe(
      'INVALID_QUERY_LOCATOR',
    );
  });

  it('returns deleted rows with IsDeleted = true from queryAll only', async () => {
    await sf.conn.sobject('Lead').destroy(ids.slice(0, 3));
    const live = await sf.conn.query("SELECT COUNT() FROM Lead WHERE Company = 'Company 0'");
    expect(live.totalSize).toBe(49);
    const all = await sf.conn.query<JsonBody>(
      "SELECT Id, IsDeleted FROM Lead WHERE Company IN ('Company 0', 'Company 1', 'Company 2') AND IsDeleted = true",
      { scanAll: true },
    );
    expect(all.records.map((record: JsonBody) => [record.Id, record.IsDeleted])).toEqual(
      ids.slice(0, 3).map((id) => [id, true]),
    );
    const viaQuery = await sf.conn.query('SELECT Id FROM Lead WHERE IsDeleted = true');
    expect(viaQuery.totalSize).toBe(0);
  });

  it('stamps SystemModstamp in whole seconds, so a cursor must read >= its last second', async () => {
    await sf.admin('/clock', { now: '2026-11-24T12:30:15.789Z' });
    const written = await sf.conn.sobject('Lead').create(
      ['A', 'B', 'C'].map((name) => ({ LastName: `Same second ${name}`, Company: 'Tick Inc' })),
      { headers: { 'Sforce-Auto-Assign': 'FALSE' } },
    );
    const stamp = '2026-11-24T12:30:15.000+0000';
    const rows = await sf.conn.query<JsonBody>(
      'SELECT Id, SystemModstamp, CreatedDate, LastModifiedDate FROM Lead WHERE SystemModstamp >= 2026-11-24T12:30:15Z ORDER BY SystemModstamp, Id',
    );
    expect(
      rows.records.map((row: JsonBody) => [
        row.Id,
        row.SystemModstamp,
        row.CreatedDate,
        row.LastModifiedDate,
      ]),
    ).toEqual(written.map((result) => [result.id, stamp, stamp, stamp]));
    const strictlyAfter = await sf.conn.query(
      'SELECT Id FROM Lead WHERE SystemModstamp > 2026-11-24T12:30:15Z',
    );
    expect(strictlyAfter.totalSize).toBe(0);
    const page = await sf.conn.query<JsonBody>(
      'SELECT Id FROM Lead WHERE SystemModstamp >= 2026-11-24T12:30:15Z ORDER BY SystemModstamp, Id LIMIT 2',
    );
    expect(page.records.map((row: JsonBody) => row.Id)).toEqual([written[0]!.id, written[1]!.id]);
    // An update in a later second moves the record to the end of the modstamp order.
    await sf.admin('/clock', { advanceMs: 2000 });
    await sf.conn
      .sobject('Lead')
      .update(
        { Id: written[0]!.id!, Title: 'Touched' },
        { headers: { 'Sforce-Auto-Assign': 'FALSE' } },
      );
    const after = await sf.conn.query<JsonBody>(
      'SELECT Id, SystemModstamp FROM Lead WHERE SystemModstamp >= 2026-11-24T12:30:15Z ORDER BY SystemModstamp DESC, Id DESC',
    );
    expect(after.records.map((row: JsonBody) => [row.Id, row.SystemModstamp])).toEqual([
      [written[0]!.id, '2026-11-24T12:30:17.000+0000'],
      [written[2]!.id, stamp],
      [written[1]!.id, stamp],
    ]);
  });
});
