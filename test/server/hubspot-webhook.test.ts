import { describe, expect, test } from '@jest/globals';
import { Signature } from '@hubspot/api-client';
import request from 'supertest';
import { createApp } from '../../src/server/app.ts';
import {
  hubspotSignatureUri,
  hubspotSignatureV3,
  verifyHubspotSignature,
} from '../../src/server/webhooks/hubspot-signature.ts';
import { backends, testClock, useStore } from '../support/database.ts';
import { fakeSync, fixture } from './support.ts';

// The client secret and body are the ones in HubSpot's request-validation examples. HubSpot
// publishes no fixed v3 result (its SDKs' tests sign with Date.now()), so the expected values
// below were computed once with `openssl dgst -sha256 -hmac <secret> -binary | base64` over
// the documented source string method + uri + body + timestamp.
const SECRET = 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy';

describe('HubSpot v3 signature', () => {
  test('matches the vector built from the documented algorithm', () => {
    const signed = {
      method: 'POST',
      uri: 'https://www.example.com/webhook_uri',
      body: '{"example_field":"example_value"}',
      timestamp: '1564113600000',
    };
    expect(hubspotSignatureV3(SECRET, signed)).toBe('eT0ip2TKVpsIi1vb5C2Uu42eNdHL+oTE3NRZOF67O2U=');
    // HubSpot's own SDK agrees (it signs the same source string).
    expect(
      Signature.getSignature('POST', 'v3', {
        signature: '',
        clientSecret: SECRET,
        requestBody: signed.body,
        url: signed.uri,
        timestamp: 1564113600000,
      }),
    ).toBe('eT0ip2TKVpsIi1vb5C2Uu42eNdHL+oTE3NRZOF67O2U=');
  });

  test('decodes the escapes HubSpot lists before signing, and nothing else', () => {
    expect(hubspotSignatureUri('https://h.example/webhooks/hubspot?portal=62515&note=a%3Ab')).toBe(
      'https://h.example/webhooks/hubspot?portal=62515&note=a:b',
    );
    expect(hubspotSignatureUri('https://h.example/x?a=%2f%40%21%24%27%28%29%2A%2C%3B%3F')).toBe(
      "https://h.example/x?a=/@!$'()*,;?",
    );
    // A space or an ampersand stays encoded.
    expect(hubspotSignatureUri('https://h.example/x?q=a%20b%26c')).toBe(
      'https://h.example/x?q=a%20b%26c',
    );
    const body = fixture('hubspot/webhooks/contact-changes.json');
    const at = { method: 'POST', body: body, timestamp: '1564113600000' };
    expect(
      hubspotSignatureV3(SECRET, {
        ...at,
        uri: 'https://leadloop.example.com/webhooks/hubspot?portal=62515&note=a%3Ab',
      }),
    ).toBe(
      hubspotSignatureV3(SECRET, {
        ...at,
        uri: 'https://leadloop.example.com/webhooks/hubspot?portal=62515&note=a:b',
      }),
    );
  });

  test('verdicts: valid, stale either way past 5 minutes, tampered, missing', () => {
    const signed = {
      method: 'POST',
      uri: 'https://www.example.com/webhook_uri',
      body: '{"example_field":"example_value"}',
      timestamp: '1564113600000',
      signature: 'eT0ip2TKVpsIi1vb5C2Uu42eNdHL+oTE3NRZOF67O2U=',
    };
    const at = 1564113600000;
    expect(verifyHubspotSignature(SECRET, signed, at + 299_000)).toBe('valid');
    expect(verifyHubspotSignature(SECRET, signed, at + 300_001)).toBe('stale');
    expect(verifyHubspotSignature(SECRET, signed, at - 300_001)).toBe('stale');
    expect(
      verifyHubspotSignature(SECRET, { ...signed, body: '{"example_field":"other"}' }, at),
    ).toBe('invalid');
    expect(verifyHubspotSignature('another-secret', signed, at)).toBe('invalid');
    expect(verifyHubspotSignature(SECRET, { ...signed, signature: 'c2hvcnQ=' }, at)).toBe(
      'invalid',
    );
    expect(verifyHubspotSignature(SECRET, { ...signed, signature: undefined }, at)).toBe('missing');
    expect(verifyHubspotSignature(SECRET, { ...signed, timestamp: 'yesterday' }, at)).toBe(
      'invalid',
    );
  });
});

describe.each(backends)('POST /webhooks/hubspot on $name', (backend) => {
  const clock = testClock('2026-03-09T14:00:00.000Z');
  const store = useStore(backend, clock);
  const PUBLIC = 'https://leadloop.acme.example';
  const body = fixture('hubspot/webhooks/contact-changes.json');
  let woken = 0;
  const app = () =>
    createApp({
      store: store(),
      sync: fakeSync(),
      clock: clock.clock,
      webhooks: { hubspotClientSecret: SECRET, hubspotAppIds: ['1160452'], publicBaseUrl: PUBLIC },
      onJobQueued: () => {
        woken += 1;
      },
    });
  const deliver = (payload: string, options: { timestamp?: number; uri?: string } = {}) => {
    const timestamp = String(options.timestamp ?? clock.clock().getTime());
    const signature = hubspotSignatureV3(SECRET, {
      method: 'POST',
      uri: options.uri ?? `${PUBLIC}/webhooks/hubspot`,
      body: payload,
      timestamp,
    });
    return request(app())
      .post('/webhooks/hubspot')
      .set('Content-Type', 'application/json')
      .set('X-HubSpot-Signature-v3', signature)
      .set('X-HubSpot-Request-Timestamp', timestamp)
      .send(payload);
  };

  test('a signed batch is acknowledged and queued as lead-scoped jobs; own changes are dropped', async () => {
    const response = await deliver(body).expect(200);
    expect(response.body).toEqual({ received: 5, duplicates: 0, ownChanges: 1, jobsQueued: 2 });
    expect(woken).toBe(1);
    const jobs = await store().jobs.claim({ workerId: 'test', limit: 10, leaseMs: 1000 });
    expect(
      jobs
        .map((job) => job.payload)
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    ).toEqual([
      {
        system: 'hubspot',
        object: 'contact',
        ids: ['51234501', '51234502', '51234504'],
        receivedAt: '2026-03-09T14:00:00.000Z',
      },
      {
        system: 'hubspot',
        object: 'deal',
        ids: ['9120001'],
        receivedAt: '2026-03-09T14:00:00.000Z',
      },
    ]);
    expect(jobs.every((job) => job.kind === 'sync.records')).toBe(true);
    for (const job of jobs) await store().jobs.complete(job.id, 'test');
  });

  test('a replayed delivery (same eventIds, fresh signature) queues nothing', async () => {
    clock.advance(60_000);
    const response = await deliver(body).expect(200);
    expect(response.body).toEqual({ received: 5, duplicates: 5, ownChanges: 0, jobsQueued: 0 });
    expect(await store().jobs.claim({ workerId: 'test', limit: 10, leaseMs: 1000 })).toEqual([]);
  });

  test('a stale timestamp, a bad signature or none are 401 and queue nothing', async () => {
    const fresh = body.replace(/17350810/g, '17350820');
    const stale = await deliver(fresh, { timestamp: clock.clock().getTime() - 301_000 }).expect(
      401,
    );
    expect(stale.body.error.code).toBe('webhook.signature_stale');
    // Signed for the URL the service sees, not the public one HubSpot called.
    const wrongUrl = await deliver(fresh, { uri: 'http://127.0.0.1/webhooks/hubspot' }).expect(401);
    expect(wrongUrl.body.error.code).toBe('webhook.signature_invalid');
    const unsigned = await request(app())
      .post('/webhooks/hubspot')
      .set('Content-Type', 'application/json')
      .send(fresh)
      .expect(401);
    expect(unsigned.body.error.code).toBe('webhook.signature_missing');
    expect(await store().jobs.countUnfinished()).toBe(0);
  });

  test('signed but malformed or not a HubSpot batch is 400 with the zod issues', async () => {
    const malformed = await deliver('[{"eventId": 1,').expect(400);
    expect(malformed.body.error.code).toBe('request.malformed');
    const wrongShape = await deliver(JSON.stringify([{ eventId: 7, objectId: 'abc' }])).expect(400);
    expect(wrongShape.body.error.code).toBe('request.invalid');
    expect(
      wrongShape.body.error.issues.map((i: { path: unknown[] }) => i.path.join('.')).sort(),
    ).toEqual(['0.objectId', '0.occurredAt', '0.portalId', '0.subscriptionType']);
    await deliver('[]').expect(400);
  });

  test('without HUBSPOT_CLIENT_SECRET the endpoint is off (503)', async () => {
    const off = createApp({ store: store(), sync: fakeSync(), clock: clock.clock });
    const response = await request(off).post('/webhooks/hubspot').send(body).expect(503);
    expect(response.body.error.code).toBe('webhook.disabled');
  });

  test('behind a trusted proxy without a public URL, the forwarded scheme and host are signed', async () => {
    const proxied = createApp({
      store: store(),
      sync: fakeSync(),
      clock: clock.clock,
      trustProxy: true,
      webhooks: { hubspotClientSecret: SECRET },
    });
    const payload = body.replace(/17350810/g, '17350830');
    const timestamp = String(clock.clock().getTime());
    const signature = hubspotSignatureV3(SECRET, {
      method: 'POST',
      uri: 'https://hooks.acme.example/webhooks/hubspot',
      body: payload,
      timestamp,
    });
    const response = await request(proxied)
      .post('/webhooks/hubspot')
      .set('Host', 'hooks.acme.example')
      .set('X-Forwarded-Proto', 'https')
      .set('X-HubSpot-Signature-v3', signature)
      .set('X-HubSpot-Request-Timestamp', timestamp)
      .send(payload)
      .expect(200);
    expect(response.body.jobsQueued).toBe(2);
  });
});
