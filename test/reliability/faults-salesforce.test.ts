import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import type { RunningSandboxes } from '../../src/sandbox/start.ts';
import { replayDeadLetters } from '../../src/sync/replay.ts';
import type { Census } from './support/census.ts';
import { cleanCensus, expectConverged } from './support/converge.ts';
import {
  dump,
  editInHubspotUi,
  freshScenario,
  injectFault,
  openSandboxes,
  type Scenario,
} from './support/world.ts';

/**
 * Salesforce misbehaving the ways an org does, injected through the sandbox's admin API in the
 * middle of a real sync of 60 seeded people (jsforce over HTTP). Every scenario ends with both
 * systems holding exactly what an uninterrupted sync leaves, and a quiet cycle after it.
 */
const COLLECTIONS = '/composite/sobjects';
const QUERY = '/query';

let sandboxes: RunningSandboxes;
let reference: Census;
let scenario: Scenario | undefined;

beforeAll(async () => {
  sandboxes = await openSandboxes();
  reference = await cleanCensus(sandboxes);
}, 60_000);
afterEach(async () => {
  await scenario?.close();
  scenario = undefined;
});
afterAll(async () => sandboxes?.close());

const salesforceRequests = () => sandboxes.server.accounting.snapshot().salesforce;

describe('Salesforce REQUEST_LIMIT_EXCEEDED', () => {
  test('the daily limit on a write: the run stops, the run row reports it, the next run resumes and converges', async () => {
    scenario = await freshScenario(sandboxes);
    await injectFault(sandboxes, 'salesforce', { kind: 'daily_limit', path: COLLECTIONS });
    const stopped = await scenario.sync();
    expect(stopped.status).toBe('stopped');
    expect(stopped.stoppedReason).toMatch(/salesforce/i);
    const [run] = await scenario.store.runs.latest({ kind: 'sync', limit: 1 });
    expect(run).toMatchObject({ status: 'stopped', error: { code: 'budget.exhausted' } });
    // Nothing was written past the refusal, and nothing became a dead letter.
    expect(await scenario.store.deadLetters.countUnresolved()).toBe(0);

    expect((await scenario.sync()).status).toBe('succeeded');
    await expectConverged(scenario, sandboxes, reference);
  }, 60_000);

  test('the daily limit on a read (query): the run stops cleanly too', async () => {
    scenario = await freshScenario(sandboxes);
    await injectFault(sandboxes, 'salesforce', { kind: 'daily_limit', path: QUERY });
    const stopped = await scenario.sync();
    expect(stopped.status).toBe('stopped');
    expect((await scenario.sync()).status).toBe('succeeded');
    await expectConverged(scenario, sandboxes, reference);
  }, 60_000);

  test('the concurrent-request limit ("slow down") is retried within the run', async () => {
    scenario = await freshScenario(sandboxes);
    await injectFault(sandboxes, 'salesforce', { kind: 'rate_limit', path: COLLECTIONS });
    await injectFault(sandboxes, 'salesforce', { kind: 'rate_limit', path: QUERY });
    expect((await scenario.sync()).status).toBe('succeeded');
    await expectConverged(scenario, sandboxes, reference);
  }, 60_000);
});

describe('Salesforce failures', () => {
  test('503 SERVER_UNAVAILABLE on a collection write (POST/PATCH, never retried by jsforce) is retried by the engine', async () => {
    scenario = await freshScenario(sandboxes);
    await injectFault(sandboxes, 'salesforce', {
      kind: 'server_error',
      path: COLLECTIONS,
      status: 503,
      count: 2,
    });
    expect((await scenario.sync()).status).toBe('succeeded');
    await expectConverged(scenario, sandboxes, reference);
  }, 60_000);

  test('500 UNKNOWN_EXCEPTION and 502 on queries are retried', async () => {
    scenario = await freshScenario(sandboxes);
    await injectFault(sandboxes, 'salesforce', { kind: 'server_error', path: QUERY, status: 500 });
    await injectFault(sandboxes, 'salesforce', { kind: 'server_error', path: QUERY, status: 502 });
    expect((await scenario.sync()).status).toBe('succeeded');
    await expectConverged(scenario, sandboxes, reference);
  }, 60_000);

  test('a hung query and a hung write time out (timeoutMs) and are retried', async () => {
    scenario = await freshScenario(sandboxes, { salesforceTimeoutMs: 1_000 });
    await injectFault(sandboxes, 'salesforce', { kind: 'hang', path: QUERY });
    await injectFault(sandboxes, 'salesforce', { kind: 'hang', path: COLLECTIONS });
    expect((await scenario.sync()).status).toBe('succeeded');
    await expectConverged(scenario, sandboxes, reference);
  }, 60_000);

  test('UNABLE_TO_LOCK_ROW on every record of a collection: those records are written again, none is left as a dead letter', async () => {
    scenario = await freshScenario(sandboxes);
    await injectFault(sandboxes, 'salesforce', { kind: 'unable_to_lock_row', path: COLLECTIONS });
    const result = await scenario.sync();
    expect(result.status).toBe('succeeded');
    expect(result.counts.deadLetters).toBe(0);
    await expectConverged(scenario, sandboxes, reference);
  }, 60_000);

  test('INVALID_SESSION_ID mid-run with OAuth client credentials: the session is renewed and the run goes on', async () => {
    scenario = await freshScenario(sandboxes, { oauth: true });
    await injectFault(sandboxes, 'salesforce', { kind: 'invalid_session', path: COLLECTIONS });
    await injectFault(sandboxes, 'salesforce', { kind: 'invalid_session', path: QUERY });
    expect((await scenario.sync()).status).toBe('succeeded');
    expect(salesforceRequests().auth).toBeGreaterThanOrEqual(2);
    await expectConverged(scenario, sandboxes, reference);
  }, 60_000);

  test('INVALID_SESSION_ID with a fixed access token: the run fails with salesforce.auth and a fix hint; the next run converges', async () => {
    scenario = await freshScenario(sandboxes);
    await injectFault(sandboxes, 'salesforce', { kind: 'invalid_session', path: COLLECTIONS });
    await expect(scenario.sync()).rejects.toMatchObject({
      code: 'salesforce.auth',
      hint: expect.stringMatching(/SALESFORCE_ACCESS_TOKEN/),
    });
    const [run] = await scenario.store.runs.latest({ kind: 'sync', limit: 1 });
    expect(run).toMatchObject({ status: 'failed', error: { code: 'salesforce.auth' } });
    expect((await scenario.sync()).status).toBe('succeeded');
    await expectConverged(scenario, sandboxes, reference);
  }, 60_000);

  test('a partial batch failure: the rejected Lead is a dead letter with the vendor message, the rest of the batch goes through; fixed at its source and replayed, it converges', async () => {
    scenario = await freshScenario(sandboxes);
    const email = (record: Record<string, unknown>) => String(record.Email).toLowerCase();
    const inSalesforce = new Set(
      [
        ...(await dump(sandboxes, 'salesforce', 'Lead')),
        ...(await dump(sandboxes, 'salesforce', 'Contact')),
      ].map(email),
    );
    // A contact the clean run handed off to Salesforce as a new Lead.
    const handedOff = new Set(
      reference.salesforce.filter((line) => line.startsWith('Lead ')).map((l) => l.split(' ')[1]),
    );
    const contact = (await dump(sandboxes, 'hubspot', 'contacts'))
      .map((record) => ({
        id: String(record.id),
        properties: record.properties as Record<string, string | null>,
      }))
      .find(({ properties }) => {
        const address = String(properties.email).toLowerCase();
        return handedOff.has(address) && !inSalesforce.has(address);
      });
    expect(contact).toBeDefined();
    const title = contact?.properties.jobtitle ?? '';
    // Salesforce's Lead.Title holds 128 characters.
    await editInHubspotUi(sandboxes, contact!.id, {
      jobtitle: `Senior Director ${'of Strategic Partnerships and '.repeat(6)}Growth`,
    });

    const result = await scenario.sync();
    expect(result.status).toBe('succeeded');
    expect(result.counts.salesforce.failed).toBe(1);
    expect(result.counts.salesforce.created).toBeGreaterThan(1);
    const letters = await scenario.store.deadLetters.listUnresolved({ limit: 10 });
    expect(letters).toEqual([
      expect.objectContaining({
        system: 'salesforce',
        object: 'Lead',
        errorCode: 'STRING_TOO_LONG',
        errorMessage: expect.stringMatching(/Title/),
      }),
    ]);

    await editInHubspotUi(sandboxes, contact!.id, { jobtitle: title });
    const outcomes = await replayDeadLetters(scenario.engine);
    expect(outcomes.map((outcome) => outcome.result)).toEqual(['resolved']);
    await expectConverged(scenario, sandboxes, reference);
  }, 60_000);
});
