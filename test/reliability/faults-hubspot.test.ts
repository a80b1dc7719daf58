import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import type { PacingClock } from '../../connectors/hubspot/index.ts';
import type { RunningSandboxes } from '../../src/sandbox/start.ts';
import type { Census } from './support/census.ts';
import { cleanCensus, expectConverged } from './support/converge.ts';
import { freshScenario, injectFault, openSandboxes, type Scenario } from './support/world.ts';

/**
 * HubSpot misbehaving the ways its API does on a bad day, injected through the sandbox's admin
 * API in the middle of a real sync of 60 seeded people. Every scenario ends with both systems
 * holding exactly what an uninterrupted sync leaves, and a quiet cycle after it.
 */
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

const hubspotRequests = () => sandboxes.server.accounting.snapshot().hubspot;

describe('HubSpot rate limits', () => {
  test('a 429 TEN_SECONDLY_ROLLING on a batch write: the engine waits out the window and retries', async () => {
    scenario = await freshScenario(sandboxes);
    await injectFault(sandboxes, 'hubspot', { kind: 'rate_limit', path: '/batch/update' });
    const result = await scenario.sync();
    expect(result.status).toBe('succeeded');
    // The rejected batch was sent again: one more batch call than the clean run needs.
    expect(hubspotRequests().byRoute['POST /crm/v3/objects/contacts/batch/update']).toBeGreaterThan(
      1,
    );
    await expectConverged(scenario, sandboxes, reference);
  }, 60_000);

  test('a 429 SECONDLY on search (twice in a row): retried after a second each', async () => {
    scenario = await freshScenario(sandboxes);
    await injectFault(sandboxes, 'hubspot', { kind: 'rate_limit', path: '/search', count: 2 });
    const result = await scenario.sync();
    expect(result.status).toBe('succeeded');
    await expectConverged(scenario, sandboxes, reference);
  }, 60_000);

  test('a 429 DAILY: the run stops and says so, holds off until the probe interval, then resumes and converges', async () => {
    let now = Date.now();
    const clock: PacingClock = {
      now: () => now,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 50))),
    };
    scenario = await freshScenario(sandboxes, { hubspotClock: clock });
    await injectFault(sandboxes, 'hubspot', { kind: 'daily_limit', path: '/batch/update' });
    const stopped = await scenario.sync();
    expect(stopped.status).toBe('stopped');
    expect(stopped.stoppedReason).toMatch(/hubspot/i);
    const [run] = await scenario.store.runs.latest({ kind: 'sync', limit: 1 });
    expect(run).toMatchObject({ status: 'stopped', error: { code: 'budget.exhausted' } });

    // Still the same day: the next run spends no HubSpot call at all.
    sandboxes.server.accounting.reset();
    expect((await scenario.sync()).status).toBe('stopped');
    expect(hubspotRequests().total).toBe(0);

    // 15 minutes later a probe call finds the new day's budget and the sync goes on.
    now += 15 * 60_000 + 1;
    const resumed = await scenario.sync();
    expect(resumed.status).toBe('succeeded');
    await expectConverged(scenario, sandboxes, reference);
  }, 60_000);
});

describe('HubSpot failures', () => {
  test('5xx answers (500, then 503) on batch writes are retried', async () => {
    scenario = await freshScenario(sandboxes);
    await injectFault(sandboxes, 'hubspot', {
      kind: 'server_error',
      path: '/batch/update',
      status: 500,
    });
    await injectFault(sandboxes, 'hubspot', {
      kind: 'server_error',
      path: '/batch/update',
      status: 503,
    });
    expect((await scenario.sync()).status).toBe('succeeded');
    await expectConverged(scenario, sandboxes, reference);
  }, 60_000);

  test('a 5xx on search (a read) is retried', async () => {
    scenario = await freshScenario(sandboxes);
    await injectFault(sandboxes, 'hubspot', { kind: 'server_error', path: '/search', status: 502 });
    expect((await scenario.sync()).status).toBe('succeeded');
    await expectConverged(scenario, sandboxes, reference);
  }, 60_000);

  test('a hung connection times out (timeoutMs) and the call is retried', async () => {
    scenario = await freshScenario(sandboxes, { hubspotTimeoutMs: 1_000 });
    await injectFault(sandboxes, 'hubspot', { kind: 'hang', path: '/batch/update' });
    await injectFault(sandboxes, 'hubspot', { kind: 'hang', path: '/search' });
    expect((await scenario.sync()).status).toBe('succeeded');
    await expectConverged(scenario, sandboxes, reference);
  }, 60_000);

  test('423 Locked (HubSpot’s row lock) on a batch write is retried', async () => {
    scenario = await freshScenario(sandboxes);
    await injectFault(sandboxes, 'hubspot', { kind: 'unable_to_lock_row', path: '/batch/update' });
    expect((await scenario.sync()).status).toBe('succeeded');
    await expectConverged(scenario, sandboxes, reference);
  }, 60_000);

  test('a 401 mid-run fails the run with hubspot.auth and a fix hint; the next run converges', async () => {
    scenario = await freshScenario(sandboxes);
    await injectFault(sandboxes, 'hubspot', { kind: 'invalid_session', path: '/batch/update' });
    await expect(scenario.sync()).rejects.toMatchObject({
      code: 'hubspot.auth',
      hint: expect.stringMatching(/HUBSPOT_ACCESS_TOKEN/),
    });
    const [run] = await scenario.store.runs.latest({ kind: 'sync', limit: 1 });
    expect(run).toMatchObject({ status: 'failed', error: { code: 'hubspot.auth' } });
    expect((await scenario.sync()).status).toBe('succeeded');
    await expectConverged(scenario, sandboxes, reference);
  }, 60_000);
});
