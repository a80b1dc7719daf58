import { describe, expect, test } from '@jest/globals';
import request from 'supertest';
import { createApp } from '../../src/server/app.ts';
import { OUTBOUND_ACK } from '../../src/server/webhooks/salesforce-outbound.ts';
import { salesforceCalloutSignature } from '../../src/server/webhooks/salesforce-webhook.ts';
import { backends, testClock, useStore } from '../support/database.ts';
import { fakeSync, fixture } from './support.ts';

const SECRET = 'sf-callout-4c7e1b9a0d2f4e6a8b3c5d7e9f1a2b4c';
const ORG = '00D5g000004ZxYzEAK';

describe.each(backends)('POST /webhooks/salesforce on $name', (backend) => {
  const clock = testClock('2026-03-09T14:00:00.000Z');
  const store = useStore(backend, clock);
  const app = () =>
    createApp({
      store: store(),
      sync: fakeSync(),
      clock: clock.clock,
      // The 15-character org id also identifies the org.
      webhooks: { salesforceSecret: SECRET, salesforceOrgId: ORG.slice(0, 15) },
    });
  const claimAll = async () => {
    const jobs = await store().jobs.claim({ workerId: 'test', limit: 20, leaseMs: 1000 });
    for (const job of jobs) await store().jobs.complete(job.id, 'test');
    return jobs.map((job) => job.payload);
  };

  describe('Flow/Apex callout (JSON, HMAC)', () => {
    const callout = (payload: string, timestamp = clock.clock().getTime(), secret = SECRET) =>
      request(app())
        .post('/webhooks/salesforce')
        .set('Content-Type', 'application/json')
        .set('X-LeadLoop-Timestamp', String(timestamp))
        .set(
          'X-LeadLoop-Signature',
          `sha256=${salesforceCalloutSignature(secret, String(timestamp), Buffer.from(payload))}`,
        )
        .send(payload);
    const body = JSON.stringify({
      eventId: 'a0X5g000001AbCdEAK-1',
      object: 'Lead',
      ids: ['00Q5g00000Kx9aBEAR', '00Q5g00000Kx9aC'],
    });

    test('the signature is hex HMAC-SHA256 over timestamp "." body', () => {
      // Computed independently: printf '<ts>.<body>' | openssl dgst -sha256 -hmac s3cr3t
      const payload = Buffer.from('{"object":"Lead","ids":["00Q5g00000Kx9aBEAR"]}');
      expect(salesforceCalloutSignature('s3cr3t', '1773064800000', payload)).toBe(
        'f25ff0a3d165625e35c7129baf9e57bea46ebbd2e0020ce00c1322440807c474',
      );
    });

    test('a signed callout queues a lead-scoped job; the same eventId again queues nothing', async () => {
      const first = await callout(body).expect(202);
      expect(first.body).toEqual({ duplicate: false, jobsQueued: 1 });
      expect(await claimAll()).toEqual([
        {
          system: 'salesforce',
          object: 'Lead',
          ids: ['00Q5g00000Kx9aBEAR', '00Q5g00000Kx9aC'],
          receivedAt: '2026-03-09T14:00:00.000Z',
        },
      ]);
      const again = await callout(body).expect(202);
      expect(again.body).toEqual({ duplicate: true, jobsQueued: 0 });
      expect(await claimAll()).toEqual([]);
    });

    test('wrong secret, stale timestamp, missing headers: 401', async () => {
      expect((await callout(body, undefined, 'guess').expect(401)).body.error.code).toBe(
        'webhook.signature_invalid',
      );
      const old = clock.clock().getTime() - 6 * 60_000;
      expect((await callout(body, old).expect(401)).body.error.code).toBe(
        'webhook.signature_stale',
      );
      const bare = await request(app()).post('/webhooks/salesforce').send(body).expect(401);
      expect(bare.body.error.code).toBe('webhook.signature_missing');
      expect(await store().jobs.countUnfinished()).toBe(0);
    });

    test('signed but invalid records are 400 with the zod issues', async () => {
      const response = await callout(
        JSON.stringify({ object: 'Lead; DROP', ids: ['not-an-id'] }),
      ).expect(400);
      expect(response.body.error.issues.map((i: { path: unknown[] }) => i.path.join('.'))).toEqual([
        'object',
        'ids.0',
      ]);
      await callout('{"object":').expect(400);
    });
  });

  describe('Outbound Messages (SOAP)', () => {
    const outbound = fixture('salesforce/webhooks/outbound-lead-status.xml');
    const send = (xml: string) =>
      request(app())
        .post('/webhooks/salesforce')
        .set('Content-Type', 'text/xml; charset=utf-8')
        .set('SOAPAction', '""')
        .send(xml);

    test('acknowledges with the exact notificationsResponse and queues the records', async () => {
      const response = await send(outbound).expect(200);
      expect(response.headers['content-type']).toBe('text/xml; charset=utf-8');
      expect(response.text).toBe(OUTBOUND_ACK);
      expect(response.text).toContain(
        '<notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound">',
      );
      expect(response.text).toContain('<Ack>true</Ack>');
      expect(await claimAll()).toEqual([
        {
          system: 'salesforce',
          object: 'Lead',
          ids: ['00Q5g00000Kx9aBEAR', '00Q5g00000Kx9aCEAR'],
          receivedAt: '2026-03-09T14:00:00.000Z',
        },
      ]);
    });

    test('a re-sent message is acknowledged again without queueing twice', async () => {
      const response = await send(outbound).expect(200);
      expect(response.text).toBe(OUTBOUND_ACK);
      expect(await claimAll()).toEqual([]);
    });

    test('another org is refused with a SOAP fault; broken XML is 400', async () => {
      const foreign = outbound.replace('00D5g000004ZxYzEAK', '00D3x000001AaAaEAK');
      const refused = await send(foreign.replace(/04l5g00000Ab1C/g, '04l5g00000Zz9Z')).expect(403);
      expect(refused.text).toContain('<faultstring>webhook.wrong_org');
      const broken = await send('<soapenv:Envelope><soapenv:Body>').expect(400);
      expect(broken.text).toContain('request.malformed');
      const notOutbound = await send('<?xml version="1.0"?><a><b>1</b></a>').expect(400);
      expect(notOutbound.text).toContain('request.invalid');
      expect(await store().jobs.countUnfinished()).toBe(0);
    });

    test('without SALESFORCE_ORG_ID Outbound Messages are refused (503)', async () => {
      const off = createApp({ store: store(), sync: fakeSync(), clock: clock.clock });
      await request(off)
        .post('/webhooks/salesforce')
        .set('Content-Type', 'text/xml')
        .send(outbound)
        .expect(503);
    });
  });
});
