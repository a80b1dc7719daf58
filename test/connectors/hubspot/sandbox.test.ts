import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createHubspotConnector,
  LEADLOOP_PROPERTY_NAMES,
  type HubspotConnector,
} from '../../../connectors/hubspot/index.ts';
import {
  HUBSPOT_SANDBOX_TOKEN,
  hubspotSandbox,
  SANDBOX_APP_ID,
} from '../../../connectors/hubspot/sandbox/index.ts';
import { parseEnv } from '../../../src/config/env.ts';
import type { SystemRecord, WriteRequest } from '../../../src/sync/connector.ts';
import { startSandboxServer, type RunningSandboxServer } from '../../../src/sandbox/server.ts';

/**
 * The connector against the HubSpot sandbox: the real SDK over HTTP to an emulated portal
 * that starts empty (no leadloop properties), enforces HubSpot's validation, the
 * forward-only lifecycle rule and its rate-limit headers.
 */
const leadId = (n: number) => `7a1c0000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('HubSpot connector against the sandbox', () => {
  let server: RunningSandboxServer;
  let connector: HubspotConnector;
  const hubspotCalls = () => server.accounting.snapshot().hubspot;
  const admin = async (path: string, body: unknown) => {
    const response = await fetch(`${server.url}/__sandbox${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as unknown;
  };
  async function readAll(
    cursor: unknown,
  ): Promise<{ records: SystemRecord[]; cursor: unknown; pages: number }> {
    const records: SystemRecord[] = [];
    let pages = 0;
    for (let more = true; more; pages += 1) {
      const page = await connector.readPage('contacts', cursor);
      records.push(...page.records);
      cursor = page.cursor;
      more = page.hasMore;
    }
    return { records, cursor, pages };
  }

  beforeAll(async () => {
    server = await startSandboxServer({ factories: [hubspotSandbox] });
    connector = createHubspotConnector({
      env: parseEnv({ HUBSPOT_ACCESS_TOKEN: HUBSPOT_SANDBOX_TOKEN, HUBSPOT_BASE_URL: server.url }),
      appId: SANDBOX_APP_ID,
    });
  });
  afterAll(async () => {
    await connector.close();
    await server.close();
  });

  it('setup on an empty portal creates everything; a second run changes nothing', async () => {
    const first = await connector.setup();
    expect(first.map((item) => `${item.name} ${item.status}`)).toEqual([
      'contacts group leadloop created',
      ...LEADLOOP_PROPERTY_NAMES.map((name) => `contacts.${name} created`),
    ]);

    const before = hubspotCalls();
    const second = await connector.setup();
    const after = hubspotCalls();
    expect(second.map((item) => item.status)).toEqual(Array(14).fill('exists'));
    expect(after.write - before.write).toBe(0);
    expect(after.read - before.read).toBe(2);

    const described = await connector.describe('contacts');
    expect(described.fields.get('leadloop_score')).toMatchObject({
      type: 'number',
      updateable: true,
    });
    expect(described.fields.get('leadloop_stage')?.picklist?.values).toContain('recycled');
  });

  it('writes round trip: upserts by leadloop_id, reads back typed values, upserts again without duplicates', async () => {
    const handoffs: WriteRequest[] = [1, 2, 3].map((n) => ({
      ref: `lead-${n}`,
      action: 'upsert',
      upsertKey: { field: 'leadloop_id', value: leadId(n) },
      fields: {
        email: `buyer${n}@roundtrip.example`,
        firstname: `Buyer${n}`,
        lifecyclestage: 'marketingqualifiedlead',
        leadloop_stage: 'mql',
        leadloop_score: 70 + n,
        leadloop_first_touch_at: '2026-11-20T09:30:00.000Z',
      },
    }));
    const created = await connector.write('contacts', handoffs);
    expect(created.map((outcome) => outcome.ok && outcome.created)).toEqual([true, true, true]);
    const again = await connector.write('contacts', handoffs);
    expect(again.map((outcome) => outcome.ok && !outcome.created)).toEqual([true, true, true]);
    expect(again.map((outcome) => outcome.ok && outcome.id)).toEqual(
      created.map((outcome) => outcome.ok && outcome.id),
    );

    const { records, pages } = await readAll(undefined);
    expect(pages).toBe(1);
    expect(records).toHaveLength(3);
    expect(records[0]?.fields).toMatchObject({
      email: 'buyer1@roundtrip.example',
      leadloop_id: leadId(1),
      leadloop_score: 71,
      leadloop_first_touch_at: '2026-11-20T09:30:00.000Z',
      lifecyclestage: 'marketingqualifiedlead',
    });

    const found = await connector.findByEmails('contacts', ['BUYER2@roundtrip.example']);
    expect(found.map((record) => record.fields.leadloop_id)).toEqual([leadId(2)]);
  });

  it('a backward lifecycle move sticks only as clear-then-set', async () => {
    const [contact] = await connector.findByEmails('contacts', ['buyer3@roundtrip.example']);
    const id = contact!.id;
    const recycle = (force: boolean): WriteRequest => ({
      ref: 'recycle',
      action: 'update',
      id,
      fields: {
        lifecyclestage: 'lead',
        leadloop_stage: 'recycled',
        leadloop_recycle_reason: 'closed lost',
      },
      ...(force ? { forceFields: ['lifecyclestage'] } : {}),
    });
    await connector.write('contacts', [recycle(false)]);
    const [ignored] = await connector.fetchByIds('contacts', [id]);
    expect(ignored?.fields.lifecyclestage).toBe('marketingqualifiedlead');

    const before = hubspotCalls().byRoute['POST /crm/v3/objects/contacts/batch/update'] ?? 0;
    const outcomes = await connector.write('contacts', [recycle(true)]);
    expect(outcomes).toEqual([{ ref: 'recycle', ok: true, id, created: false }]);
    expect(hubspotCalls().byRoute['POST /crm/v3/objects/contacts/batch/update']).toBe(before + 2);
    const [recycled] = await connector.fetchByIds('contacts', [id], { withHistory: true });
    expect(recycled?.fields).toMatchObject({ lifecyclestage: 'lead', leadloop_stage: 'recycled' });
    expect(recycled?.fieldChangedByLeadloop).toMatchObject({
      lifecyclestage: true,
      leadloop_stage: true,
    });
  });

  it('an incremental read finds a marketer edit; history says it was not leadloop', async () => {
    const { cursor } = await readAll(undefined);
    const [contact] = await connector.findByEmails('contacts', ['buyer1@roundtrip.example']);
    await admin('/hubspot/ui-edit', {
      id: contact!.id,
      properties: { jobtitle: 'Head of Growth' },
    });

    const { records } = await readAll(cursor);
    const edited = records.find((record) => record.id === contact!.id);
    expect(edited?.fields.jobtitle).toBe('Head of Growth');
    const [withHistory] = await connector.fetchByIds('contacts', [contact!.id], {
      withHistory: ['jobtitle', 'leadloop_score'],
    });
    expect(withHistory?.fieldChangedByLeadloop).toEqual({ jobtitle: false, leadloop_score: true });
  });

  it("one invalid email in a batch: one call, that record fails with HubSpot's message", async () => {
    const before = hubspotCalls().byRoute['POST /crm/v3/objects/contacts/batch/upsert'] ?? 0;
    const outcomes = await connector.write('contacts', [
      { ref: 'good', action: 'create', fields: { email: 'good@roundtrip.example' } },
      {
        ref: 'bad',
        action: 'upsert',
        upsertKey: { field: 'leadloop_id', value: leadId(9) },
        fields: { email: 'bad@@roundtrip.example' },
      },
    ]);
    expect(outcomes[0]).toMatchObject({ ref: 'good', ok: true, created: true });
    expect(outcomes[1]).toEqual({
      ref: 'bad',
      ok: false,
      error: {
        kind: 'invalid_record',
        code: 'INVALID_EMAIL',
        message: 'Email address bad@@roundtrip.example is invalid',
        fields: ['email'],
      },
    });
    // Two upsert groups (by email, by leadloop_id): no bisecting was needed.
    expect(hubspotCalls().byRoute['POST /crm/v3/objects/contacts/batch/upsert']).toBe(before + 2);
  });

  it('reads a seeded portal page by page and reports the budget from the headers', async () => {
    await admin('/seed', { count: 450, seed: 7, systems: ['hubspot'] });
    const { records, pages } = await readAll(undefined);
    expect(new Set(records.map((record) => record.id)).size).toBe(records.length);
    expect(records.length).toBeGreaterThanOrEqual(450);
    expect(pages).toBe(Math.ceil(records.length / 200));
    const usage = connector.usage();
    expect(usage.dailyLimit).toBe(1_000_000);
    expect(usage.budgetRemaining).toBe(500_000 - (usage.dailyUsed ?? 0));
  });
});
