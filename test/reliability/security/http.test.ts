import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { hubspotSignatureV3 } from '../../../src/server/webhooks/hubspot-signature.ts';
import { salesforceCalloutSignature } from '../../../src/server/webhooks/salesforce-webhook.ts';
import { startService, type RunningService } from '../../../src/server/service.ts';
import { openStore, type Store } from '../../../src/store/index.ts';
import type { TestPlace } from '../../support/database.ts';
import { fakeSync } from '../../server/support.ts';
import { fastBackend } from '../support/world.ts';

/**
 * The service as an attacker on the network sees it: a real HTTP server on loopback, the real
 * store, the real webhook checks and admin authentication (the engine behind it is a recording
 * double). Forged, stale, replayed and oversize webhooks; generated garbage bodies; the admin
 * API without a token, with a wrong one, and brute-forced; security headers.
 */
const ADMIN_TOKEN = 'rel-admin-9d2e71c4b5a84f0e8c3b6a1d7e5f2c90';
const HUBSPOT_SECRET = 'rel-hubspot-client-secret-5b7e';
const SALESFORCE_SECRET = 'rel-salesforce-callout-secret-0c1d';

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
    adminToken: ADMIN_TOKEN,
    webhooks: {
      hubspotClientSecret: HUBSPOT_SECRET,
      hubspotAppIds: ['3141592'],
      salesforceSecret: SALESFORCE_SECRET,
      salesforceOrgId: '00D5g000004ZxYz',
    },
    port: 0,
    host: '127.0.0.1',
    schedules: false,
    worker: false,
    maxFailedAttempts: 10,
  });
}, 60_000);
afterAll(async () => {
  await service?.close();
  await store?.close();
  await place?.drop();
});

const event = (eventId: number, objectId = 4101) => ({
  eventId,
  subscriptionId: 2201,
  portalId: 24681357,
  appId: 3141592,
  occurredAt: Date.now(),
  subscriptionType: 'contact.propertyChange',
  attemptNumber: 0,
  objectId,
  propertyName: 'jobtitle',
  propertyValue: 'VP Revenue',
  changeSource: 'CRM_UI',
  sourceId: 'userId:52917384',
});

function hubspotPost(body: string, options: { timestamp?: number; secret?: string } = {}) {
  const timestamp = String(options.timestamp ?? Date.now());
  const uri = `${service.url}/webhooks/hubspot`;
  const signature = hubspotSignatureV3(options.secret ?? HUBSPOT_SECRET, {
    method: 'POST',
    uri,
    body,
    timestamp,
  });
  return fetch(uri, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-hubspot-signature-v3': signature,
      'x-hubspot-request-timestamp': timestamp,
    },
    body,
  });
}

const errorCode = async (response: Response) =>
  ((await response.json()) as { error?: { code?: string } }).error?.code;

describe('HubSpot webhooks', () => {
  test('forged (signed with another secret), unsigned, stale and future deliveries are 401 and queue nothing', async () => {
    const body = JSON.stringify([event(9001)]);
    const forged = await hubspotPost(body, { secret: 'not-the-secret' });
    expect([forged.status, await errorCode(forged)]).toEqual([401, 'webhook.signature_invalid']);
    const unsigned = await fetch(`${service.url}/webhooks/hubspot`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect([unsigned.status, await errorCode(unsigned)]).toEqual([
      401,
      'webhook.signature_missing',
    ]);
    const stale = await hubspotPost(body, { timestamp: Date.now() - 5 * 60_000 - 1_000 });
    expect([stale.status, await errorCode(stale)]).toEqual([401, 'webhook.signature_stale']);
    const future = await hubspotPost(body, { timestamp: Date.now() + 5 * 60_000 + 1_000 });
    expect([future.status, await errorCode(future)]).toEqual([401, 'webhook.signature_stale']);
    // A valid signature over another body does not cover this one.
    const timestamp = String(Date.now());
    const tampered = await fetch(`${service.url}/webhooks/hubspot`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hubspot-request-timestamp': timestamp,
        'x-hubspot-signature-v3': hubspotSignatureV3(HUBSPOT_SECRET, {
          method: 'POST',
          uri: `${service.url}/webhooks/hubspot`,
          body: JSON.stringify([event(9002)]),
          timestamp,
        }),
      },
      body: JSON.stringify([event(9002, 666)]),
    });
    expect(tampered.status).toBe(401);
    expect(await store.jobs.countUnfinished()).toBe(0);
  });

  test('a replayed delivery (same eventIds) is acknowledged and queues nothing new', async () => {
    const body = JSON.stringify([event(9101), event(9102, 4102)]);
    const first = await hubspotPost(body);
    expect(await first.json()).toMatchObject({ received: 2, duplicates: 0, jobsQueued: 1 });
    const replayed = await hubspotPost(body);
    expect(await replayed.json()).toMatchObject({ received: 2, duplicates: 2, jobsQueued: 0 });
    expect(await store.jobs.countUnfinished()).toBe(1);
  });

  test('an oversize body (over 1 MB) is 413 before any parsing', async () => {
    const events = Array.from({ length: 1_000 }, (_, i) => ({
      ...event(20_000 + i),
      propertyValue: 'x'.repeat(1_100),
    }));
    const response = await hubspotPost(JSON.stringify(events));
    expect(response.status).toBe(413);
    expect(await errorCode(response)).toMatch(/too_large/);
  });

  test('1,000 generated garbage bodies, correctly signed: each a 400 with a typed error code, never a 500', async () => {
    const codes = new Map<string, number>();
    const bodies = fc.sample(
      fc.oneof(
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
        fc
          .array(
            fc.record(
              {
                eventId: fc.oneof(fc.integer(), fc.string()),
                portalId: fc.oneof(fc.integer(), fc.string()),
                occurredAt: fc.oneof(fc.integer(), fc.double()),
                subscriptionType: fc.string(),
                objectId: fc.oneof(fc.integer({ min: -5 }), fc.string()),
              },
              { requiredKeys: [] },
            ),
            { maxLength: 3 },
          )
          .map((value) => JSON.stringify(value)),
      ),
      { numRuns: 1_000, seed: 11 },
    );
    for (const body of bodies) {
      const response = await hubspotPost(body);
      const key = `${response.status} ${(await errorCode(response)) ?? 'ok'}`;
      codes.set(key, (codes.get(key) ?? 0) + 1);
    }
    const statuses = [...codes.keys()].map((key) => key.split(' ')[0]);
    expect(statuses.every((status) => status === '400' || status === '200')).toBe(true);
    expect([...codes.keys()].filter((key) => key.startsWith('400')).sort()).toEqual([
      '400 request.invalid',
      '400 request.malformed',
    ]);
    const rejected = [...codes].filter(([key]) => key.startsWith('400'));
    expect(rejected.reduce((sum, [, count]) => sum + count, 0)).toBeGreaterThanOrEqual(950);
  }, 60_000);
});

describe('Salesforce callouts', () => {
  const callout = (body: string, secret = SALESFORCE_SECRET, timestamp = String(Date.now())) =>
    fetch(`${service.url}/webhooks/salesforce`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-leadloop-timestamp': timestamp,
        'x-leadloop-signature': salesforceCalloutSignature(secret, timestamp, Buffer.from(body)),
      },
      body,
    });

  test('forged and stale callouts are 401; a replayed eventId is queued once; garbage is 400', async () => {
    const body = JSON.stringify({ eventId: 'flow-7', object: 'Lead', ids: ['00QDn000001AbcdEAC'] });
    expect((await callout(body, 'wrong-secret')).status).toBe(401);
    expect((await callout(body, SALESFORCE_SECRET, String(Date.now() - 6 * 60_000))).status).toBe(
      401,
    );
    expect(await (await callout(body)).json()).toEqual({ duplicate: false, jobsQueued: 1 });
    expect(await (await callout(body)).json()).toEqual({ duplicate: true, jobsQueued: 0 });
    const hostile = JSON.stringify({ object: "Lead' OR Id != null", ids: ["00Q' OR '1'='1"] });
    const refused = await callout(hostile);
    expect([refused.status, await errorCode(refused)]).toEqual([400, 'request.invalid']);
  });
});

describe('Salesforce payloads under generated bad input', () => {
  const outbound = readFileSync(
    new URL('../../fixtures/salesforce/webhooks/outbound-lead-status.xml', import.meta.url),
    'utf8',
  );
  const postXml = (body: string) =>
    fetch(`${service.url}/webhooks/salesforce`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
      body,
    });
  const signedCallout = (body: string) => {
    const timestamp = String(Date.now());
    return fetch(`${service.url}/webhooks/salesforce`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-leadloop-timestamp': timestamp,
        'x-leadloop-signature': salesforceCalloutSignature(
          SALESFORCE_SECRET,
          timestamp,
          Buffer.from(body),
        ),
      },
      body,
    });
  };
  /** Status and the error code an answer names (SOAP fault or JSON), by how often each came. */
  const tally = async (bodies: readonly string[], send: (body: string) => Promise<Response>) => {
    const seen = new Map<string, number>();
    for (const body of bodies) {
      const response = await send(body);
      const text = await response.text();
      const code = /(?:faultstring>|"code":")([a-z_]+\.[a-z_]+)/.exec(text)?.[1] ?? 'ok';
      const key = `${response.status} ${code}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    return seen;
  };

  test('1,000 Outbound Messages cut, spliced and filled with garbage: acknowledged or a SOAP fault, never a 500', async () => {
    const at = fc.nat({ max: outbound.length });
    const bodies = fc.sample(
      fc.oneof(
        fc
          .tuple(at, fc.nat({ max: 80 }))
          .map(([i, n]) => outbound.slice(0, i) + outbound.slice(i + n)),
        fc
          .tuple(at, fc.string({ unit: 'binary', maxLength: 24 }))
          .map(([i, text]) => outbound.slice(0, i) + text + outbound.slice(i)),
        fc
          .string({ maxLength: 30 })
          .map((id) =>
            outbound.replaceAll('00Q5g00000Kx9aBEAR', id).replaceAll('sf:Lead', `sf:${id}`),
          ),
        fc.string({ unit: 'binary', maxLength: 300 }),
      ),
      { numRuns: 1_000, seed: 12 },
    );
    const seen = await tally(bodies, postXml);
    const statuses = new Set([...seen.keys()].map((key) => key.split(' ')[0]));
    expect([...statuses].every((status) => ['200', '400', '403'].includes(status!))).toBe(true);
    const refused = [...seen].filter(([key]) => !key.startsWith('200'));
    expect(refused.every(([key]) => /^4\d\d (request|webhook)\.[a-z_]+$/.test(key))).toBe(true);
    expect(refused.reduce((sum, [, count]) => sum + count, 0)).toBeGreaterThanOrEqual(500);
  }, 90_000);

  test('1,000 signed Flow callouts of generated JSON: queued or a 400 with a typed code, never a 500', async () => {
    const bodies = fc.sample(
      fc.oneof(
        fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
        fc
          .record(
            {
              eventId: fc.oneof(fc.string(), fc.integer()),
              object: fc.oneof(fc.constantFrom('Lead', 'Contact', 'Opportunity'), fc.string()),
              ids: fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 4 }),
            },
            { requiredKeys: [] },
          )
          .map((value) => JSON.stringify(value)),
        fc.string({ unit: 'binary', maxLength: 200 }),
      ),
      { numRuns: 1_000, seed: 13 },
    );
    const seen = await tally(bodies, signedCallout);
    expect([...seen.keys()].every((key) => /^(200 ok|400 request\.[a-z_]+)$/.test(key))).toBe(true);
    const refused = [...seen].filter(([key]) => key.startsWith('400'));
    expect(refused.reduce((sum, [, count]) => sum + count, 0)).toBeGreaterThanOrEqual(900);
  }, 90_000);
});

describe('admin API', () => {
  test('without a token, with a wrong one: 401 and no data', async () => {
    const none = await fetch(`${service.url}/api/leads`);
    expect([none.status, await errorCode(none)]).toEqual([401, 'admin.token_missing']);
    const wrong = await fetch(`${service.url}/api/leads`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN.slice(0, -1)}x` },
    });
    expect([wrong.status, await errorCode(wrong)]).toEqual([401, 'admin.token_invalid']);
    const right = await fetch(`${service.url}/api/leads`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(right.status).toBe(200);
  });

  test('brute force: after 10 failures from one address every attempt is 429, the right token included', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 30; attempt += 1) {
      const response = await fetch(`${service.url}/api/runs`, {
        headers: { authorization: `Bearer guess-${attempt.toString(36).padStart(8, '0')}` },
      });
      statuses.push(response.status);
      await response.arrayBuffer();
    }
    // One 401 already spent by the previous test.
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(10);
    expect(statuses.slice(-20)).toEqual(Array.from({ length: 20 }, () => 429));
    const locked = await fetch(`${service.url}/api/runs`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(locked.status).toBe(429);
  });
});

describe('security headers', () => {
  test('helmet’s headers on every answer: health, webhooks, the API', async () => {
    for (const path of ['/healthz', '/api/leads', '/webhooks/hubspot']) {
      const response = await fetch(`${service.url}${path}`, {
        method: path.startsWith('/webhooks') ? 'POST' : 'GET',
      });
      await response.arrayBuffer();
      expect({
        csp: response.headers.get('content-security-policy'),
        nosniff: response.headers.get('x-content-type-options'),
        frame: response.headers.get('x-frame-options'),
        hsts: response.headers.get('strict-transport-security'),
        referrer: response.headers.get('referrer-policy'),
        poweredBy: response.headers.get('x-powered-by'),
      }).toEqual({
        csp: expect.stringContaining("default-src 'self'"),
        nosniff: 'nosniff',
        frame: 'SAMEORIGIN',
        hsts: expect.stringContaining('max-age='),
        referrer: 'no-referrer',
        poweredBy: null,
      });
    }
  });
});
