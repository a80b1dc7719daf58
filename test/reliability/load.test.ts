import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { hubspotSignatureV3 } from '../../src/server/webhooks/hubspot-signature.ts';
import { startService, type RunningService } from '../../src/server/service.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import type { TestPlace } from '../support/database.ts';
import { fakeSync } from '../server/support.ts';
import { fastBackend } from './support/world.ts';

/**
 * A burst of 5,000 HubSpot webhook events over loopback (50 signed deliveries of 100 events,
 * ten in flight at a time, plus re-sent deliveries as HubSpot retries them) against the real
 * service: HTTP server, signature checks, event dedupe, job queue and worker on the real store.
 * The engine behind the worker is a recording double, so the test counts exactly what reached
 * it. Bounded: fixed counts, and the drain loop gives up after 60 s.
 */
const EVENTS = 5_000;
const PER_DELIVERY = 100;
const IN_FLIGHT = 10;
const SECRET = 'rel-load-hubspot-client-secret';

let place: TestPlace;
let store: Store;
let service: RunningService;
const sync = fakeSync();

beforeAll(async () => {
  place = await fastBackend.createPlace();
  store = await openStore({ env: place.env });
  service = await startService({
    store,
    sync,
    clock: () => new Date(),
    adminToken: 'rel-load-admin-token-31f0a9',
    webhooks: { hubspotClientSecret: SECRET, hubspotAppIds: ['3141592'] },
    port: 0,
    host: '127.0.0.1',
    schedules: false,
  });
}, 60_000);
afterAll(async () => {
  await service?.close();
  await store?.close();
  await place?.drop();
});

function delivery(index: number): string {
  return JSON.stringify(
    Array.from({ length: PER_DELIVERY }, (_, i) => {
      const n = index * PER_DELIVERY + i;
      return {
        eventId: 700_000 + n,
        subscriptionId: 2201,
        portalId: 24681357,
        appId: 3141592,
        occurredAt: Date.now(),
        subscriptionType: 'contact.propertyChange',
        attemptNumber: 0,
        objectId: 51_000 + n,
        propertyName: 'jobtitle',
        propertyValue: `Title ${n}`,
        changeSource: 'CRM_UI',
        sourceId: 'userId:52917384',
      };
    }),
  );
}

async function send(body: string): Promise<number> {
  const timestamp = String(Date.now());
  const uri = `${service.url}/webhooks/hubspot`;
  const response = await fetch(uri, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-hubspot-request-timestamp': timestamp,
      'x-hubspot-signature-v3': hubspotSignatureV3(SECRET, {
        method: 'POST',
        uri,
        body,
        timestamp,
      }),
    },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

describe('a burst of 5,000 webhook events', () => {
  test('every delivery is accepted, /healthz keeps answering, the queue drains, each event reaches the engine once', async () => {
    const health: number[] = [];
    let bursting = true;
    const probe = (async () => {
      while (bursting) {
        const response = await fetch(`${service.url}/healthz`);
        await response.arrayBuffer();
        health.push(response.status);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();

    const deliveries = Array.from({ length: EVENTS / PER_DELIVERY }, (_, i) => delivery(i));
    // HubSpot retries some deliveries: every fifth one is sent twice.
    const queue = [...deliveries, ...deliveries.filter((_, i) => i % 5 === 0)];
    const statuses: number[] = [];
    for (let start = 0; start < queue.length; start += IN_FLIGHT)
      statuses.push(...(await Promise.all(queue.slice(start, start + IN_FLIGHT).map(send))));
    expect(statuses).toEqual(queue.map(() => 200));

    for (let waited = 0; waited < 600 && (await store.jobs.countUnfinished()) > 0; waited += 1)
      await new Promise((resolve) => setTimeout(resolve, 100));
    bursting = false;
    await probe;
    expect(await store.jobs.countUnfinished()).toBe(0);
    expect(health.length).toBeGreaterThanOrEqual(3);
    expect(new Set(health)).toEqual(new Set([200]));

    const synced = sync.calls.flatMap((call) =>
      call.call === 'syncRecords'
        ? call.ids.map((id) => `${call.system} ${call.object} ${id}`)
        : [],
    );
    expect(synced).toHaveLength(EVENTS);
    expect(new Set(synced).size).toBe(EVENTS);
    expect(new Set(synced)).toEqual(
      new Set(Array.from({ length: EVENTS }, (_, n) => `hubspot contact ${51_000 + n}`)),
    );
    const { rows } = await store.db.query<{ count: string | number }>(
      "SELECT count(*) AS count FROM webhook_events WHERE system = 'hubspot'",
      [],
    );
    expect(Number(rows[0]?.count)).toBe(EVENTS);
  }, 90_000);
});
