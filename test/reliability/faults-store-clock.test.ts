import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import pg from 'pg';
import type { RunningSandboxes } from '../../src/sandbox/start.ts';
import type { Census } from './support/census.ts';
import { cleanCensus, expectConverged } from './support/converge.ts';
import {
  dump,
  editInHubspotUi,
  editLeadAsRep,
  fastBackend,
  freshScenario,
  moveClock,
  openSandboxes,
  type Scenario,
} from './support/world.ts';

/**
 * The store losing its database mid-run, and the three systems' clocks disagreeing.
 *
 * PostgreSQL restarted mid-run: the suite shares one PostgreSQL server with other test files,
 * so it cannot restart it. What a restart does to leadloop is what `pg_terminate_backend` does
 * to each of its connections — the server drops them mid-statement, held advisory locks go with
 * them, idle pooled connections die — so the test tags this scenario's connections with an
 * `application_name` and terminates exactly those, at a chosen point of a real sync.
 */
const postgresUrl = process.env.LEADLOOP_TEST_DATABASE_URL;

let sandboxes: RunningSandboxes;
let reference: Census;
let scenario: Scenario | undefined;

beforeAll(async () => {
  sandboxes = await openSandboxes();
  reference = await cleanCensus(sandboxes);
}, 60_000);
afterEach(async () => {
  await scenario?.close().catch(() => undefined);
  scenario = undefined;
});
afterAll(async () => sandboxes?.close());

async function terminateBackends(applicationName: string): Promise<number> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    // Select first, then terminate by pid: a pg_terminate_backend() in the WHERE clause may be
    // evaluated before the filter, on other test files' connections.
    const { rows } = await client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()',
      [applicationName],
    );
    for (const { pid } of rows) await client.query('SELECT pg_terminate_backend($1)', [pid]);
    return rows.length;
  } finally {
    await client.end();
  }
}

// Killing server connections needs a server: registered only with LEADLOOP_TEST_DATABASE_URL,
// which CI always sets (test/support/database.ts refuses to run CI without it).
if (fastBackend.name === 'postgres')
  describe('the store on postgres loses every connection mid-run', () => {
    test.each([
      ['while pulling (after the first page was staged)', 'pull'],
      ['between the first Salesforce write and the commit that records it', 'write'],
    ] as const)(
      '%s: no crash, the run ends succeeded or store.unavailable, and the next run converges',
      async (_, when) => {
        const applicationName = `leadloop_reliability_${randomBytes(4).toString('hex')}`;
        scenario = await freshScenario(sandboxes, {
          databaseParams: { application_name: applicationName },
        });
        let terminated: Promise<number> | undefined;
        const watch =
          when === 'write'
            ? setInterval(() => {
                if (
                  terminated === undefined &&
                  sandboxes.server.accounting.snapshot().salesforce.write >= 1
                )
                  terminated = terminateBackends(applicationName);
              }, 1)
            : undefined;
        const outcome = await scenario
          .sync({
            onProgress: (event) => {
              if (when === 'pull' && event.phase === 'pull' && terminated === undefined)
                terminated = terminateBackends(applicationName);
            },
          })
          .then(
            (result) => result.status,
            (error: unknown) => (error as { code?: unknown }).code,
          );
        clearInterval(watch);
        expect(await terminated).toBeGreaterThan(0);
        // Connections killed while idle in the pool are replaced and the run rides over them;
        // one killed under a statement fails the run with the store's own error — never a crash.
        expect(['succeeded', 'store.unavailable']).toContain(outcome);
        // The run row says so, unless recording it hit a dead connection too: then it stays
        // 'started', as after a crash, and the next leader marks it.
        const [run] = await scenario.store.runs.latest({ kind: 'sync', limit: 1 });
        expect(
          outcome === 'succeeded'
            ? [{ status: 'succeeded', code: undefined }]
            : [
                { status: 'failed', code: 'store.unavailable' },
                { status: 'started', code: undefined },
              ],
        ).toContainEqual({ status: run?.status, code: run?.error?.code });

        const rerun = await scenario.sync();
        expect(rerun.status).toBe('succeeded');
        await expectConverged(scenario, sandboxes, reference);
      },
      60_000,
    );
  });

describe('clock skew between the systems', () => {
  test('HubSpot 7 minutes ahead and Salesforce 4 minutes behind leadloop: the initial sync converges, and later edits in either system still arrive', async () => {
    scenario = await freshScenario(sandboxes);
    await moveClock(sandboxes, 'hubspot', 7 * 60_000);
    await moveClock(sandboxes, 'salesforce', -4 * 60_000);
    expect((await scenario.sync()).status).toBe('succeeded');
    await expectConverged(scenario, sandboxes, reference);

    // A marketer edits one contact's phone, a rep another lead's phone, after the sync.
    const leads = (await dump(sandboxes, 'salesforce', 'Lead')).filter(
      (lead) => lead.IsConverted !== true && typeof lead.LeadLoop_Id__c === 'string',
    );
    const contacts = await dump(sandboxes, 'hubspot', 'contacts');
    const byEmail = (address: unknown) =>
      contacts.find(
        (contact) =>
          String((contact.properties as Record<string, unknown>).email).toLowerCase() ===
          String(address).toLowerCase(),
      );
    const [first, second] = leads.filter((lead) => byEmail(lead.Email) !== undefined);
    expect(second).toBeDefined();
    await editInHubspotUi(sandboxes, String(byEmail(first!.Email)!.id), {
      phone: '+44 20 7946 0018',
    });
    expect(await editLeadAsRep(sandboxes, String(second!.Id), { Phone: '+1 415 555 0142' })).toBe(
      204,
    );

    expect((await scenario.sync()).status).toBe('succeeded');
    const leadsAfter = await dump(sandboxes, 'salesforce', 'Lead');
    const contactsAfter = await dump(sandboxes, 'hubspot', 'contacts');
    const phoneIn = (records: Record<string, unknown>[], address: unknown, field: string) => {
      const record = records.find((candidate) => {
        const values = (candidate.properties ?? candidate) as Record<string, unknown>;
        return String(values.email ?? values.Email).toLowerCase() === String(address).toLowerCase();
      });
      return ((record?.properties ?? record) as Record<string, unknown> | undefined)?.[field];
    };
    expect(phoneIn(leadsAfter, first!.Email, 'Phone')).toBe('+44 20 7946 0018');
    expect(phoneIn(contactsAfter, second!.Email, 'phone')).toBe('+1 415 555 0142');
    await expectConverged(scenario, sandboxes, reference);
  }, 60_000);
});
