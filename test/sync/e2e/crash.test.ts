import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSyncChild } from '../../support/crash.ts';
import { startSyncWorld, type SyncWorld } from '../../support/sync-world.ts';

/**
 * kill -9 in the middle of a sync, then a rerun, ends exactly where an uninterrupted sync of the
 * same data ends: the same records in both systems, none twice, none missing.
 */
const PEOPLE = 300;

interface Census {
  salesforceLeads: number;
  salesforceContacts: number;
  hubspotContacts: number;
  leadloopIds: number;
  distinctLeadloopIds: number;
  duplicateEmails: number;
}

async function census(world: SyncWorld): Promise<Census> {
  const leads = await world.salesforce
    .query<{ Email: string | null; LeadLoop_Id__c: string | null }>(
      'SELECT Email, LeadLoop_Id__c FROM Lead WHERE IsConverted = false',
    )
    .run({ autoFetch: true, maxFetch: 100_000 });
  const contacts = await world.salesforce
    .query<{ Email: string | null; LeadLoop_Id__c: string | null }>(
      'SELECT Email, LeadLoop_Id__c FROM Contact',
    )
    .run({ autoFetch: true, maxFetch: 100_000 });
  const people = [...leads.records, ...contacts.records];
  const ids = people
    .map((person) => person.LeadLoop_Id__c)
    .filter((id): id is string => id !== null);
  const emails = people
    .map((person) => person.Email?.toLowerCase())
    .filter((email): email is string => email != null);
  let hubspotContacts = 0;
  let after: string | undefined;
  do {
    const page = await world.hubspot.crm.contacts.basicApi.getPage(100, after);
    hubspotContacts += page.results.length;
    after = page.paging?.next?.after;
  } while (after !== undefined);
  return {
    salesforceLeads: leads.records.length,
    salesforceContacts: contacts.records.length,
    hubspotContacts,
    leadloopIds: ids.length,
    distinctLeadloopIds: new Set(ids).size,
    duplicateEmails: emails.length - new Set(emails).size,
  };
}

let clean: SyncWorld;
let crashed: SyncWorld;
let dataDir: string;

beforeAll(async () => {
  [clean, crashed] = await Promise.all([
    startSyncWorld({ count: PEOPLE }),
    startSyncWorld({ count: PEOPLE }),
  ]);
  dataDir = await mkdtemp(join(tmpdir(), 'leadloop-crash-'));
}, 120_000);
afterAll(async () => {
  await Promise.all([clean?.close(), crashed?.close()]);
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
});

describe('a sync killed with SIGKILL mid-write, then run again', () => {
  test('converges to the uninterrupted result, with no duplicate by email or LeadLoop_Id__c', async () => {
    const reference = await clean.sync();
    expect(reference.status).toBe('succeeded');
    const expected = await census(clean);
    expect(expected.salesforceLeads).toBeGreaterThan(0);
    expect(expected.duplicateEmails).toBe(0);

    crashed.resetAccounting();
    const first = await runSyncChild(
      crashed.sandboxes,
      dataDir,
      (writes) => writes.salesforce >= 1,
    );
    expect(first.killed).toBe(true);
    expect(first.code).toBeNull();

    const rerun = await runSyncChild(crashed.sandboxes, dataDir);
    expect(rerun.stderr).not.toMatch(/"level":"error"/);
    expect(rerun.code).toBe(0);
    expect(JSON.parse(rerun.stdout).status).toBe('succeeded');

    const after = await census(crashed);
    expect(after).toEqual(expected);
    expect(after.distinctLeadloopIds).toBe(after.leadloopIds);
  });
});
