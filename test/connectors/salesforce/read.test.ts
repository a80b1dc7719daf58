import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Connection } from 'jsforce';
import { SALESFORCE_SANDBOX_TOKEN } from '../../../connectors/salesforce/sandbox/index.ts';
import type { PulledPage, SystemRecord } from '../../../src/sync/connector.ts';
import { connect, counting, startOrg, V, type Org } from './support.ts';

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

const START = Date.parse('2026-03-02T09:00:00.000Z');
const LEADS = 4_500;
const second = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('Salesforce incremental reads against the sandbox', () => {
  let org: Org;
  let conn: Connection;
  let rep: { Id: string; Name: string; Email: string };
  const leadIds: string[] = [];
  let lastSecond = START;

  beforeAll(async () => {
    org = await startOrg();
    conn = new Connection({
      instanceUrl: org.url,
      accessToken: SALESFORCE_SANDBOX_TOKEN,
      version: '62.0',
    });
    const users = await conn.query<{ Id: string; Name: string; Email: string }>(
      `SELECT Id, Name, Email FROM User WHERE Id = '${org.sandbox.state.users.reps[0]!}'`,
    );
    rep = users.records[0]!;
    // 4,500 leads written ten per second by another integration: many share a modstamp second.
    for (let start = 0; start < LEADS; start += 10) {
      lastSecond = START + (start / 10) * 1_000;
      org.clock.setNow(new Date(lastSecond));
      const results = await conn.sobject('Lead').create(
        Array.from({ length: 10 }, (_, n) => ({
          LastName: `Lead ${start + n}`,
          Company: 'Acme',
          Email: `lead${start + n}@acme.example`,
          Status: 'Open - Not Contacted',
          OwnerId: rep.Id,
        })),
        { headers: { 'Sforce-Auto-Assign': 'FALSE' } },
      );
      leadIds.push(...results.map((result) => result.id!));
    }
  });
  afterAll(() => org.close());

  it('pages 2,000 at a time through nextRecordsUrl, each lead exactly once', async () => {
    const connector = connect(org);
    const { result, calls } = await counting(org, () =>
      readAll((cursor) => connector.readPage('Lead', cursor), undefined),
    );
    expect(result.pages).toBe(3);
    expect(result.records.map((record) => record.id)).toEqual(leadIds);
    expect(calls).toEqual({
      [`POST ${V}/composite`]: 1,
      [`GET ${V}/query`]: 1,
      [`GET ${V}/query/:locator`]: 2,
    });
    expect(result.records[0]!.fields).toMatchObject({
      LastName: 'Lead 0',
      'Owner.Name': rep.Name,
      'Owner.Email': rep.Email,
    });
    expect(result.cursor).toEqual({
      v: 2,
      modstamp: second(lastSecond),
      seenAtModstamp: leadIds.slice(-10).map((id) => expect.stringMatching(`^${id}:[0-9a-f]{16}$`)),
    });
  });

  it('does not lose records written in the same second as the cursor, nor re-read seen ones', async () => {
    const connector = connect(org);
    const { cursor } = await readAll((cursor) => connector.readPage('Lead', cursor), undefined);
    // Back in the cursor's own second: an older lead is edited, a lead the cursor already saw
    // in that second is edited again, and a new one is created.
    org.clock.setNow(new Date(lastSecond + 100));
    const seenAlready = leadIds[LEADS - 1]!;
    await conn.sobject('Lead').update(
      [
        { Id: leadIds[5]!, Status: 'Working - Contacted' },
        { Id: seenAlready, Phone: '+1 415 555 0142' },
      ],
      { headers: { 'Sforce-Auto-Assign': 'FALSE' } },
    );
    const created = await conn
      .sobject('Lead')
      .create(
        { LastName: 'Late', Company: 'Acme', Email: 'late@acme.example' },
        { headers: { 'Sforce-Auto-Assign': 'FALSE' } },
      );
    const next = await readAll((cursor) => connector.readPage('Lead', cursor), cursor);
    expect(next.records.map((record) => record.id)).toEqual([leadIds[5], seenAlready, created.id]);
    expect(next.records[0]!.fields.Status).toBe('Working - Contacted');
    expect(next.records[1]!.fields.Phone).toBe('+1 415 555 0142');
    leadIds.push(created.id!);

    // A quiet cycle: one queryAll, nothing returned.
    const quiet = await counting(org, () => connector.readPage('Lead', next.cursor));
    expect(quiet.result).toEqual({ records: [], cursor: next.cursor, hasMore: false });
    expect(quiet.calls).toEqual({ [`GET ${V}/queryAll`]: 1 });
  });

  it('restarts from the modstamp when Salesforce has expired the query locator', async () => {
    const connector = connect(org);
    const first = await connector.readPage('Lead', undefined, { pageSize: 1_000 });
    // Salesforce forgets a locator idle for 15 minutes.
    await org.admin('/clock', { systems: ['salesforce'], advanceMs: 16 * 60_000 });
    const rest = await readAll(
      (cursor) => connector.readPage('Lead', cursor, { pageSize: 1_000 }),
      first.cursor,
    );
    const ids = [...first.records, ...rest.records].map((record) => record.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual([...leadIds].sort());
  });

  it('returns deletes through queryAll, in modstamp order with the updates', async () => {
    const connector = connect(org);
    const { cursor } = await readAll((cursor) => connector.readPage('Lead', cursor), undefined);
    await org.admin('/clock', { systems: ['salesforce'], advanceMs: 5_000 });
    const [outcome] = await connector.write('Lead', [
      { ref: 'gone', action: 'delete', id: leadIds[7]!, fields: {} },
    ]);
    expect(outcome).toEqual({ ref: 'gone', ok: true, id: leadIds[7], created: false });
    const { result: page, calls } = await counting(org, () => connector.readPage('Lead', cursor));
    expect(page.records).toHaveLength(1);
    expect(page.records[0]).toMatchObject({ id: leadIds[7], deleted: true, object: 'Lead' });
    expect(calls).toEqual({ [`GET ${V}/queryAll`]: 1 });
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
    const unknownId = `${leadIds[0]!.slice(0, 5)}9999999999999`;
    const wanted = [...leadIds.slice(100, 350), "00Q' OR Id != '", unknownId];
    const { result: records, calls } = await counting(org, () =>
      connector.fetchByIds('Lead', wanted),
    );
    expect(records.map((record) => record.id).sort()).toEqual(leadIds.slice(100, 350).sort());
    expect(calls[`GET ${V}/query`]).toBe(2);

    // A deleted lead is not returned by id.
    const [deleted] = await connector.fetchByIds('Lead', [leadIds[7]!]);
    expect(deleted).toBeUndefined();
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
