import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/index.ts';
import { logRecords } from '../support/database.ts';
import { startSyncWorld, type SyncWorld } from '../support/sync-world.ts';
import {
  adminApi,
  census,
  salesforcePeople,
  startServe,
  writeConfig,
  type ServeProcess,
} from './serve-process.ts';

/**
 * An orchestrator stops `leadloop serve` with SIGTERM while a sync is writing (a deploy, a
 * scale-down). The batch in flight finishes and is recorded, the run ends `stopped`, the
 * process exits 0; after a restart the next sync ends exactly where an uninterrupted sync of
 * the same data ends: nothing lost, nothing written twice.
 */
const PEOPLE = 300;
// No scheduled tick during the test (only at New Year, 00:00 UTC): only the admin's syncs run.
const NEVER = '0 0 1 1 *';

interface RunRow {
  status: string;
  trigger: string;
  finishedAt: string | null;
  error: Record<string, unknown> | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function hubspotLeadloopIds(world: SyncWorld): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  let after: string | undefined;
  do {
    const page = await world.hubspot.crm.contacts.basicApi.getPage(100, after, ['leadloop_id']);
    for (const contact of page.results) {
      const id = contact.properties.leadloop_id;
      if (id !== undefined && id !== null && id !== '') ids.set(contact.id, id);
    }
    after = page.paging?.next?.after;
  } while (after !== undefined);
  return ids;
}

/** Every vendor record that carries a leadloop id, as `system:object:recordId → leadId`. */
async function writtenByLeadloop(world: SyncWorld): Promise<Map<string, string>> {
  const written = new Map<string, string>();
  const { leads, contacts } = await salesforcePeople(world);
  for (const [object, people] of [
    ['Lead', leads],
    ['Contact', contacts],
  ] as const) {
    for (const person of people) {
      if (person.LeadLoop_Id__c !== null)
        written.set(`salesforce:${object}:${person.Id}`, person.LeadLoop_Id__c);
    }
  }
  for (const [id, leadId] of await hubspotLeadloopIds(world))
    written.set(`hubspot:contacts:${id}`, leadId);
  return written;
}

let clean: SyncWorld;
let interrupted: SyncWorld;
let dir: string;
/** Killed after the test whatever happened, so a failed assertion leaves no process behind. */
const started: ServeProcess[] = [];

beforeAll(async () => {
  [clean, interrupted] = await Promise.all([
    startSyncWorld({ count: PEOPLE }),
    startSyncWorld({ count: PEOPLE }),
  ]);
  dir = await mkdtemp(join(tmpdir(), 'leadloop-shutdown-'));
}, 60_000);
afterAll(async () => {
  for (const serve of started) serve.kill('SIGKILL');
  await Promise.all([clean?.close(), interrupted?.close()]);
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('SIGTERM to leadloop serve during a sync, then a restart', () => {
  test('the batch in flight is kept, the process exits 0, and the next sync neither loses nor duplicates', async () => {
    const reference = await clean.sync();
    expect(reference.status).toBe('succeeded');
    const expected = await census(clean);
    expect(expected.salesforceLeads).toBeGreaterThan(0);

    const configPath = writeConfig(dir, { sync: NEVER, sla: NEVER, reportSnapshot: NEVER });
    const store = { LEADLOOP_DATA_DIR: join(dir, 'data') };
    const first = await startServe({ sandboxes: interrupted.sandboxes, configPath, store });
    started.push(first);
    interrupted.resetAccounting();
    let signalled = false;
    const watch = setInterval(() => {
      const writes = interrupted.writes();
      if (!signalled && writes.salesforce + writes.hubspot > 0) {
        signalled = true;
        first.kill('SIGTERM');
      }
    }, 1);
    const trigger = await adminApi(first, '/api/sync', { method: 'POST', body: {} });
    expect(trigger).toMatchObject({ status: 202, body: { queued: true } });
    const code = await first.exited;
    clearInterval(watch);
    expect(signalled).toBe(true);
    expect(code).toBe(0);
    expect(first.stdout()).toContain('SIGTERM: finishing the job in flight, then stopping.');

    // What the stopped process left: a run that says it stopped, and every record the vendors
    // accepted before it stopped is known to the store — no write in flight was abandoned.
    const left = await openStore({ env: { DATABASE_URL: undefined, ...store } });
    try {
      const runs = (await left.runs.latest({ kind: 'sync', limit: 10 })) as RunRow[];
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({
        status: 'stopped',
        trigger: 'admin',
        error: { code: 'sync.shutdown' },
      });
      expect(runs[0]?.finishedAt).not.toBeNull();
      const written = await writtenByLeadloop(interrupted);
      expect(written.size).toBeGreaterThan(0);
      const { rows } = await left.db.query<{ key: string; leadId: string }>(
        `SELECT system || ':' || object || ':' || external_id AS key, lead_id AS "leadId"
         FROM links WHERE unlinked_at IS NULL`,
      );
      const linked = new Map(rows.map((row) => [row.key, row.leadId]));
      const lost = [...written].filter(([key, leadId]) => linked.get(key) !== leadId);
      expect(lost).toEqual([]);
    } finally {
      await left.close();
    }
    const partial = await census(interrupted);
    expect(partial.leadloopIds).toBeLessThan(expected.leadloopIds);

    const second = await startServe({ sandboxes: interrupted.sandboxes, configPath, store });
    started.push(second);
    try {
      // The stopped cycle's job was released, not finished: the restarted replica takes it up
      // again on its own, so asking for a sync finds it already queued.
      const again = await adminApi(second, '/api/sync', { method: 'POST', body: {} });
      expect(again).toMatchObject({ status: 202, body: { queued: false } });
      let runs: RunRow[] = [];
      for (let waited = 0; waited < 40_000; waited += 250) {
        runs = ((await adminApi(second, '/api/runs?kind=sync')).body as { runs: RunRow[] }).runs;
        if (runs.length === 2 && runs[0]?.finishedAt !== null) break;
        await sleep(250);
      }
      expect(runs.map((run) => [run.trigger, run.status])).toEqual([
        ['admin', 'succeeded'],
        ['admin', 'stopped'],
      ]);
    } finally {
      second.kill('SIGTERM');
    }
    expect(await second.exited).toBe(0);

    const after = await census(interrupted);
    expect(after).toEqual(expected);
    expect(after.duplicateEmails).toBe(0);
    expect(after.distinctLeadloopIds).toBe(after.leadloopIds);
    expect(logRecords.filter((record) => record.level === 'error')).toEqual([]);
    for (const serve of [first, second])
      expect(serve.logs().filter((record) => record.level === 'error')).toEqual([]);
  }, 60_000);
});
