import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { PulledPage, SystemRecord } from '../../../src/sync/connector.ts';
import type { FakeOrg } from './fake-org.ts';
import { connect, since, startOrg } from './support.ts';

/** Reads every page, persisting the cursor as JSON between pages as the engine does. */
async function readAll(
  read: (cursor: unknown) => Promise<PulledPage>,
  start: unknown,
): Promise<{ records: SystemRecord[]; cursor: unknown; pages: number }> {
  const records: SystemRecord[] = [];
  let cursor = start;
  let pages = 0;
  for (;;) {
    const page = await read(cursor);
    pages += 1;
    records.push(...page.records);
    cursor = JSON.parse(JSON.stringify(page.cursor));
    if (!page.hasMore) return { records, cursor, pages };
  }
}

describe('Salesforce incremental reads', () => {
  let org: FakeOrg;
  const leadIds: string[] = [];

  beforeAll(async () => {
    org = await startOrg();
    // 4,500 leads, ten per second: many share a SystemModstamp second.
    for (let index = 0; index < 4_500; index += 1) {
      if (index % 10 === 0) org.now = new Date(org.now.getTime() + 1_000);
      leadIds.push(
        org.insert('Lead', {
          LastName: `Lead ${index}`,
          Company: 'Acme',
          Email: `lead${index}@acme.example`,
          Status: 'Open - Not Contacted',
          OwnerId: org.queues[0],
        }).Id as string,
      );
    }
  });
  afterAll(() => org.close());

  it('pages 2,000 at a time through nextRecordsUrl, each lead exactly once', async () => {
    const connector = connect(org);
    const from = org.requests.length;
    const { records, cursor, pages } = await readAll(
      (cursor) => connector.readPage('Lead', cursor),
      undefined,
    );
    expect(pages).toBe(3);
    expect(records.map((record) => record.id)).toEqual(leadIds);
    expect(since(org, from)).toEqual([
      'GET /services/data/v62.0/sobjects/Lead/describe',
      'GET /services/data/v62.0/query',
      'GET /services/data/v62.0/query/01gFAKE1-2000',
      'GET /services/data/v62.0/query/01gFAKE2-2000',
    ]);
    expect(records[0]!.fields).toMatchObject({
      'Owner.Name': 'Priya Raman',
      'Owner.Email': 'priya.raman@acme.example',
    });
    expect(cursor).toEqual({
      v: 1,
      modstamp: org.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      seenIdsAtModstamp: leadIds.slice(-10),
    });
  });

  it('does not lose records written in the same second as the cursor, nor re-read seen ones', async () => {
    const connector = connect(org);
    const { cursor } = await readAll((cursor) => connector.readPage('Lead', cursor), undefined);
    // Same second as the cursor: an older lead is edited and a new one is created.
    org.touch(org.table('Lead').get(leadIds[5]!)!, { Status: 'Working - Contacted' });
    const created = org.insert('Lead', {
      LastName: 'Late',
      Company: 'Acme',
      Email: 'late@acme.example',
    });
    const next = await readAll((cursor) => connector.readPage('Lead', cursor), cursor);
    expect(next.records.map((record) => record.id)).toEqual([leadIds[5], created.Id]);
    expect(next.records[0]!.fields.Status).toBe('Working - Contacted');

    // A quiet cycle: one query, nothing returned.
    const from = org.requests.length;
    const quiet = await connector.readPage('Lead', next.cursor);
    expect(quiet).toEqual({ records: [], cursor: next.cursor, hasMore: false });
    expect(since(org, from)).toEqual(['GET /services/data/v62.0/queryAll']);
  });

  it('restarts from the modstamp when Salesforce has expired the query locator', async () => {
    const connector = connect(org);
    const first = await connector.readPage('Lead', undefined, { pageSize: 1_000 });
    org.forgetLocators();
    const rest = await readAll(
      (cursor) => connector.readPage('Lead', cursor, { pageSize: 1_000 }),
      first.cursor,
    );
    const ids = [...first.records, ...rest.records].map((record) => record.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(org.table('Lead').size);
  });

  it('returns deletes through queryAll, in modstamp order with the updates', async () => {
    const connector = connect(org);
    const { cursor } = await readAll((cursor) => connector.readPage('Lead', cursor), undefined);
    org.now = new Date(org.now.getTime() + 5_000);
    const [outcome] = await connector.write('Lead', [
      { ref: 'gone', action: 'delete', id: leadIds[7]!, fields: {} },
    ]);
    expect(outcome).toEqual({ ref: 'gone', ok: true, id: leadIds[7], created: false });
    const from = org.requests.length;
    const page = await connector.readPage('Lead', cursor);
    expect(page.records).toHaveLength(1);
    expect(page.records[0]).toMatchObject({ id: leadIds[7], deleted: true, object: 'Lead' });
    expect(since(org, from)).toEqual(['GET /services/data/v62.0/queryAll']);
  });

  it('reads everything again after an unreadable cursor', async () => {
    const page = await connect(org).readPage(
      'Lead',
      { modstamp: 'last tuesday' },
      { pageSize: 200 },
    );
    expect(page.records).toHaveLength(200);
    expect(page.records[0]!.id).toBe(leadIds[0]);
    expect(page.hasMore).toBe(true);
  });

  it('reads a pre-setup org without the LeadLoop fields, and with them afterwards', async () => {
    const connector = connect(org);
    const before = await connector.readPage('Lead', undefined, { pageSize: 200 });
    expect(
      Object.keys(before.records[0]!.fields).filter((name) => name.startsWith('LeadLoop_')),
    ).toEqual([]);
    await connector.setup();
    const after = await connector.readPage('Lead', undefined, { pageSize: 200 });
    expect(after.records[0]!.fields).toMatchObject({
      LeadLoop_Id__c: null,
      LeadLoop_Stage__c: null,
      LeadLoop_Score__c: null,
    });
  });

  it('fetches by id, 200 ids a query, skipping what cannot be an id', async () => {
    const connector = connect(org);
    const from = org.requests.length;
    const wanted = [...leadIds.slice(100, 350), "00Q' OR Id != '", '00QFAKE99999999999'];
    const records = await connector.fetchByIds('Lead', wanted);
    expect(records.map((record) => record.id).sort()).toEqual(
      leadIds
        .slice(100, 350)
        .filter((id) => id !== leadIds[7])
        .sort(),
    );
    expect(since(org, from).filter((request) => request.endsWith('/query'))).toHaveLength(2);
  });

  it('finds by email case-insensitively, and only those emails', async () => {
    const records = await connect(org).findByEmails('Lead', [
      'LEAD12@Acme.example',
      ' lead13@acme.example ',
      'nobody@acme.example',
    ]);
    expect(records.map((record) => record.fields.Email).sort()).toEqual([
      'lead12@acme.example',
      'lead13@acme.example',
    ]);
  });

  it('refuses objects it does not pull', async () => {
    await expect(connect(org).readPage('Account', undefined)).rejects.toMatchObject({
      kind: 'config',
    });
  });
});
