import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Signature } from '@hubspot/api-client';
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  SANDBOX_APP_ID,
  SANDBOX_PORTAL_ID,
  SANDBOX_UI_USER_ID,
} from '../../../../connectors/hubspot/sandbox/index.ts';
import { startHubspot, type HubspotHarness, type JsonBody } from './support.ts';

// A receiving endpoint like leadloop's own: records each delivery and answers with the next
// queued status (200 once the queue is empty).
interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
  events: JsonBody[];
}

const CLIENT_SECRET = '5f3c1d2e-7a8b-4c9d-8e0f-1a2b3c4d5e6f';
const RECEIVER_APP_ID = 1_160_452;

describe('HubSpot sandbox: signed webhook delivery', () => {
  let hub: HubspotHarness;
  let receiver: Server;
  let targetUrl: string;
  const deliveries: Delivery[] = [];
  const statuses: number[] = [];
  const flush = () => hub.admin('/hubspot/webhooks/flush');

  beforeAll(async () => {
    hub = await startHubspot();
    await hub.admin('/seed', { count: 12, seed: 4, systems: ['hubspot'] });
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        deliveries.push({ headers: req.headers, body, events: JSON.parse(body) });
        res.statusCode = statuses.shift() ?? 200;
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
    targetUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/hubspot?portal=${SANDBOX_PORTAL_ID}`;
    await hub.admin('/hubspot/webhooks', {
      targetUrl,
      clientSecret: CLIENT_SECRET,
      appId: RECEIVER_APP_ID,
      debounceMs: 10,
      retryDelayMs: 20,
    });
  });
  beforeEach(() => {
    deliveries.length = 0;
  });
  afterAll(async () => {
    await hub.server.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('delivers contact creation and property changes made through the API, v3-signed', async () => {
    const contact = await hub.client.crm.contacts.basicApi.create({
      properties: { email: 'nina@summit.io', firstname: 'Nina' },
      associations: [],
    });
    await flush();
    expect(deliveries).toHaveLength(1);
    const [delivery] = deliveries;
    const common = {
      portalId: SANDBOX_PORTAL_ID,
      appId: RECEIVER_APP_ID,
      objectId: Number(contact.id),
      attemptNumber: 0,
      changeSource: 'INTEGRATION',
      sourceId: String(SANDBOX_APP_ID),
    };
    expect(delivery!.events).toEqual([
      {
        ...common,
        eventId: 1,
        subscriptionId: 1001,
        subscriptionType: 'contact.creation',
        changeFlag: 'NEW',
        occurredAt: contact.createdAt.getTime(),
      },
      {
        ...common,
        eventId: 2,
        subscriptionId: 1002,
        subscriptionType: 'contact.propertyChange',
        propertyName: 'email',
        propertyValue: 'nina@summit.io',
        occurredAt: contact.createdAt.getTime(),
      },
      {
        ...common,
        eventId: 3,
        subscriptionId: 1002,
        subscriptionType: 'contact.propertyChange',
        propertyName: 'firstname',
        propertyValue: 'Nina',
        occurredAt: contact.createdAt.getTime(),
      },
    ]);

    const signature = delivery!.headers['x-hubspot-signature-v3'] as string;
    const timestamp = delivery!.headers['x-hubspot-request-timestamp'] as string;
    expect(
      Signature.isValid({
        signatureVersion: 'v3',
        method: 'POST',
        url: targetUrl,
        requestBody: delivery!.body,
        clientSecret: CLIENT_SECRET,
        signature,
        timestamp: Number(timestamp),
      }),
    ).toBe(true);
    const recomputed = createHmac('sha256', CLIENT_SECRET)
      .update(`POST${targetUrl}${delivery!.body}${timestamp}`)
      .digest('base64');
    expect(signature).toBe(recomputed);
    expect(
      Signature.isValid({
        signatureVersion: 'v3',
        method: 'POST',
        url: targetUrl,
        requestBody: delivery!.body,
        clientSecret: 'wrong-secret',
        signature,
        timestamp: Number(timestamp),
      }),
    ).toBe(false);
    expect(delivery!.headers['x-hubspot-signature']).toBe(
      createHash('sha256').update(`${CLIENT_SECRET}${delivery!.body}`).digest('hex'),
    );
    expect(delivery!.headers['x-hubspot-signature-version']).toBe('v1');
  });

  it('attributes a marketer’s edit in HubSpot to CRM_UI and the user, in webhooks and history', async () => {
    const edit = await hub.admin('/hubspot/ui-edit', {
      id: 3,
      properties: { lifecyclestage: 'marketingqualifiedlead', jobtitle: 'Head of Growth' },
    });
    expect(edit.body.changed).toEqual(['lifecyclestage', 'jobtitle']);
    await flush();
    const events = deliveries.flatMap((d) => d.events);
    expect(
      events.map((e) => [e.propertyName, e.propertyValue, e.changeSource, e.sourceId]),
    ).toEqual([
      ['lifecyclestage', 'marketingqualifiedlead', 'CRM_UI', `userId:${SANDBOX_UI_USER_ID}`],
      ['jobtitle', 'Head of Growth', 'CRM_UI', `userId:${SANDBOX_UI_USER_ID}`],
    ]);
    const read = await hub.client.crm.contacts.basicApi.getById(
      '3',
      ['lifecyclestage'],
      ['lifecyclestage'],
    );
    expect(read.propertiesWithHistory!.lifecyclestage![0]).toMatchObject({
      value: 'marketingqualifiedlead',
      sourceType: 'CRM_UI',
      sourceId: `userId:${SANDBOX_UI_USER_ID}`,
      updatedByUserId: SANDBOX_UI_USER_ID,
    });
  });

  it('retries a failed delivery with attemptNumber + 1 and the same events', async () => {
    statuses.push(500);
    await hub.client.crm.contacts.basicApi.update('4', {
      properties: { phone: '+1 415 555 0199' },
    });
    await flush();
    expect(deliveries.map((d) => d.events.map((e) => [e.eventId, e.attemptNumber]))).toEqual([
      [[deliveries[0]!.events[0].eventId, 0]],
      [[deliveries[0]!.events[0].eventId, 1]],
    ]);
    const log = (await hub.admin('/hubspot/webhooks/deliveries', undefined, 'GET')).body
      .deliveries as { status: number; attemptNumber: number }[];
    expect(log.slice(-2).map((d) => [d.attemptNumber, d.status])).toEqual([
      [0, 500],
      [1, 200],
    ]);
  });

  it('sends at most 100 events per request', async () => {
    const inputs = Array.from({ length: 100 }, (_, i) => ({
      properties: { email: `bulk${i}@granite.io`, firstname: `Bulk ${i}` },
      associations: [],
    }));
    await hub.client.crm.contacts.batchApi.create({ inputs });
    await flush();
    expect(deliveries.map((d) => d.events.length)).toEqual([100, 100, 100]);
    expect(new Set(deliveries.flatMap((d) => d.events.map((e) => e.eventId))).size).toBe(300);
  });

  it('reports merges and deletions', async () => {
    await hub.admin('/hubspot/merge', { primaryId: 6, mergedId: 7 });
    await hub.client.crm.contacts.basicApi.archive('8');
    await flush();
    const events = deliveries.flatMap((d) => d.events);
    expect(events.find((e) => e.subscriptionType === 'contact.merge')).toMatchObject({
      objectId: 6,
      primaryObjectId: 6,
      mergedObjectIds: [7],
      newObjectId: 6,
      changeSource: 'CRM_UI',
    });
    expect(events.find((e) => e.subscriptionType === 'contact.deletion')).toMatchObject({
      objectId: 8,
      changeFlag: 'DELETED',
      changeSource: 'INTEGRATION',
    });
  });
});
