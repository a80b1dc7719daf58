import { describe, expect, test } from '@jest/globals';
import { startService } from '../../src/server/service.ts';
import { hubspotSignatureV3 } from '../../src/server/webhooks/hubspot-signature.ts';
import { backends, testClock, useStore } from '../support/database.ts';
import { fakeSync, fixture, gate } from './support.ts';

const SECRET = 'hs-client-secret-1b2c3d4e';

describe.each(backends)('startService on $name', (backend) => {
  const clock = testClock('2026-03-09T14:00:20.000Z');
  const store = useStore(backend, clock);

  test('a HubSpot webhook reaches the SyncPort through the queue; close waits for the job in flight', async () => {
    const sync = fakeSync();
    const started = gate();
    const hold = gate();
    sync.behave(async (call) => {
      if (call.call !== 'syncRecords') return;
      started.open();
      await hold.promise;
    });
    const service = await startService({
      store: store(),
      clock: clock.clock,
      sync,
      port: 0,
      host: '127.0.0.1',
      adminToken: 'token-for-service-test',
      webhooks: { hubspotClientSecret: SECRET, publicBaseUrl: 'https://leadloop.acme.example' },
      schedules: false,
      // A long idle wait: only the webhook's wake-up can make the worker look this soon.
      worker: { pollMs: 60_000 },
    });
    try {
      expect(service.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await fetch(`${service.url}/healthz`);
      expect(await health.json()).toEqual({ status: 'ok' });

      const body = fixture('hubspot/webhooks/contact-changes.json');
      const timestamp = String(clock.clock().getTime());
      const delivered = await fetch(`${service.url}/webhooks/hubspot`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-HubSpot-Request-Timestamp': timestamp,
          'X-HubSpot-Signature-v3': hubspotSignatureV3(SECRET, {
            method: 'POST',
            uri: 'https://leadloop.acme.example/webhooks/hubspot',
            body,
            timestamp,
          }),
        },
        body,
      });
      expect(delivered.status).toBe(200);
      // Acknowledged before the sync ran: the fake is still waiting to be started or held.
      await started.promise;
      expect(sync.calls[0]).toMatchObject({ call: 'syncRecords', system: 'hubspot' });

      const closing = service.close();
      hold.open();
      await closing;
    } finally {
      hold.open();
      await service.close();
    }
    // Both jobs (contacts, deals) were run or left for the next replica; none is held.
    const unfinished = await store().jobs.claim({ workerId: 'after', limit: 10, leaseMs: 1000 });
    const done = sync.calls.filter((c) => c.call === 'syncRecords').length;
    expect(done + unfinished.length).toBe(2);
    expect(unfinished.every((job) => job.attempts === 1)).toBe(true);
    for (const job of unfinished) await store().jobs.complete(job.id, 'after');
  });

  test('schedules from config become jobs the worker runs', async () => {
    const sync = fakeSync();
    const swept = gate();
    sync.behave(async (call) => {
      if (call.call === 'runSlaSweep') swept.open();
    });
    const service = await startService({
      store: store(),
      clock: clock.clock,
      sync,
      port: 0,
      host: '127.0.0.1',
      schedules: {
        sync: '0 0 1 1 *',
        sla: '* * * * *',
        reportSnapshot: '0 6 * * *',
        timezone: 'UTC',
      },
      tickMs: 10,
    });
    try {
      await swept.promise;
    } finally {
      await service.close();
    }
    expect(sync.calls).toEqual([{ call: 'runSlaSweep' }]);
    // No report snapshot function: its schedule is not even queued.
    expect(await store().jobs.countUnfinished()).toBe(0);
  });
});
