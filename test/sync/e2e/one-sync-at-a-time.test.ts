import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { runSync } from '../../../src/sync/run-sync.ts';
import { createMqlContact, startSyncWorld, type SyncWorld } from '../../support/sync-world.ts';

/**
 * One sync at a time per store: a second one either gives up at once (`leadloop sync` from a
 * shell while serve syncs) or, as serve's scheduled cycle does, waits for the short sync that
 * holds the lock — an SLA sweep's write pass, a webhook's lead-scoped sync — and then runs.
 */
let world: SyncWorld;
beforeAll(async () => {
  world = await startSyncWorld();
  expect((await world.sync()).status).toBe('succeeded');
}, 60_000);
afterAll(async () => world?.close());

describe('a sync while another one holds the store', () => {
  test('gives up at once by default, naming the reason', async () => {
    const held = await world.store.db.tryAdvisoryLock('leadloop.sync');
    expect(held).toBeDefined();
    try {
      await expect(runSync(world.engine)).rejects.toMatchObject({ code: 'sync.busy' });
    } finally {
      await held?.release();
    }
  });

  test('waits for it when asked to, then syncs what changed meanwhile', async () => {
    await createMqlContact(world, {
      email: 'waits.for.lock@northwind.example',
      firstname: 'Wen',
      lastname: 'Lockwood',
      company: 'Northwind Traders',
    });
    const held = await world.store.db.tryAdvisoryLock('leadloop.sync');
    expect(held).toBeDefined();
    const waiting = runSync(world.engine, { waitForLockMs: 30_000 });
    let settled = false;
    void waiting.finally(() => (settled = true)).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(settled).toBe(false);
    await held?.release();
    const result = await waiting;
    expect(result.status).toBe('succeeded');
    expect(result.counts.salesforce.created).toBe(1);
  });
});
