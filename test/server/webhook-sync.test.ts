import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { SANDBOX_APP_ID } from '../../connectors/hubspot/sandbox/config.ts';
import { startLeadloopService, type LeadloopService } from '../../src/app/service.ts';
import { parseEnv } from '../../src/config/env.ts';
import { runSync } from '../../src/sync/run-sync.ts';
import { createMqlContact, startSyncWorld, type SyncWorld } from '../support/sync-world.ts';

/**
 * The webhook path end to end: a marketer edits a contact in HubSpot, the HubSpot sandbox
 * delivers a v3-signed webhook to `serve`, the job queue runs a lead-scoped sync, and the
 * Salesforce Lead has the new value — without waiting for a polling cycle.
 */
const CLIENT_SECRET = 'webhook-test-client-secret-6f1c';
let world: SyncWorld;
let service: LeadloopService;
let contactId: string;

beforeAll(async () => {
  world = await startSyncWorld();
  service = await startLeadloopService({
    env: parseEnv({
      SALESFORCE_INSTANCE_URL: world.env.SALESFORCE_INSTANCE_URL,
      SALESFORCE_ACCESS_TOKEN: world.env.SALESFORCE_ACCESS_TOKEN,
      HUBSPOT_BASE_URL: world.env.HUBSPOT_BASE_URL,
      HUBSPOT_ACCESS_TOKEN: world.env.HUBSPOT_ACCESS_TOKEN,
      HUBSPOT_CLIENT_SECRET: CLIENT_SECRET,
      HUBSPOT_APP_ID: String(SANDBOX_APP_ID),
      LEADLOOP_ADMIN_TOKEN: 'admin-token-for-the-webhook-test-0001',
      LEADLOOP_DATA_DIR: 'memory://',
    }),
    config: world.config,
    port: 0,
    host: '127.0.0.1',
    schedules: false,
  });
  contactId = await createMqlContact(world, {
    email: 'yuki.tanaka@sakura-robotics.example',
    firstname: 'Yuki',
    lastname: 'Tanaka',
    company: 'Sakura Robotics',
    jobtitle: 'Marketing Lead',
  });
  await runSync(service.engine, { trigger: 'test' });
  const answer = await fetch(`${world.sandboxes.url}/__sandbox/hubspot/webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      targetUrl: `${service.url}/webhooks/hubspot`,
      clientSecret: CLIENT_SECRET,
    }),
  });
  expect(answer.ok).toBe(true);
}, 60_000);
afterAll(async () => {
  await service?.close();
  await world?.close();
});

async function salesforceTitle(): Promise<string | undefined> {
  const result = await world.salesforce.query<{ Title: string | null }>(
    "SELECT Title FROM Lead WHERE Email = 'yuki.tanaka@sakura-robotics.example'",
  );
  return result.records[0]?.Title ?? undefined;
}

describe('a HubSpot change reaches Salesforce through the signed webhook', () => {
  test('a marketer retitles the contact; the Lead follows within seconds', async () => {
    expect(await salesforceTitle()).toBe('Marketing Lead');
    const edit = await fetch(`${world.sandboxes.url}/__sandbox/hubspot/ui-edit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: contactId, properties: { jobtitle: 'Head of Marketing' } }),
    });
    expect(edit.ok).toBe(true);
    await fetch(`${world.sandboxes.url}/__sandbox/hubspot/webhooks/flush`, { method: 'POST' });

    let title = await salesforceTitle();
    for (let attempt = 0; attempt < 100 && title !== 'Head of Marketing'; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      title = await salesforceTitle();
    }
    expect(title).toBe('Head of Marketing');
    const deliveries = (await (
      await fetch(`${world.sandboxes.url}/__sandbox/hubspot/webhooks/deliveries`)
    ).json()) as { deliveries?: { status: number }[] } | { status: number }[];
    const list = Array.isArray(deliveries) ? deliveries : (deliveries.deliveries ?? []);
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((delivery) => delivery.status >= 200 && delivery.status < 300)).toBe(true);
  });
});
