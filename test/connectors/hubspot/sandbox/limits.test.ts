import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Client } from '@hubspot/api-client';
import type { PublicObjectSearchRequest } from '@hubspot/api-client/lib/codegen/crm/contacts/index.js';
import { apiError, HUBSPOT_SANDBOX_TOKEN, startHubspot, type HubspotHarness } from './support.ts';

// The SDK's retry decorator is a process-wide singleton applied when an API object is first
// built, so each scenario builds a fresh Client with the retries it wants and uses it at once.
const contactsApi = (hub: HubspotHarness, retries: number) =>
  new Client({
    accessToken: HUBSPOT_SANDBOX_TOKEN,
    basePath: hub.server.url,
    numberOfApiCallRetries: retries,
  }).crm.contacts;
const everyone = { filterGroups: [], limit: 1 } as unknown as PublicObjectSearchRequest;

describe('HubSpot sandbox: API budgets, rate-limit headers and injected faults', () => {
  let hub: HubspotHarness;
  const calls = async (route: string) =>
    ((await hub.admin('/requests', undefined, 'GET')).body.hubspot.byRoute[route] as
      number | undefined) ?? 0;
  const freshWindow = () => hub.admin('/clock', { advanceMs: 11_000, systems: ['hubspot'] });

  beforeAll(async () => {
    hub = await startHubspot();
    await hub.admin('/seed', { count: 5, seed: 1, systems: ['hubspot'] });
    // The SDK logs every retry with console.error; the retries themselves are asserted below.
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  beforeEach(async () => {
    await hub.admin('/faults', undefined, 'DELETE');
    await hub.admin('/hubspot/budgets', { tenSecondly: 190, daily: 1_000_000, searchPerSecond: 5 });
    await freshWindow();
  });
  afterAll(() => hub.server.close());

  it('sends the rate-limit headers on every API answer except search', async () => {
    const used = (await hub.admin('/hubspot/budgets', undefined, 'GET')).body.dailyUsed as number;
    const list = await hub.raw('GET', '/crm/v3/objects/contacts?limit=1');
    expect(
      Object.fromEntries(
        [...list.headers].filter(([name]) => name.startsWith('x-hubspot-ratelimit')),
      ),
    ).toEqual({
      'x-hubspot-ratelimit-daily': '1000000',
      'x-hubspot-ratelimit-daily-remaining': String(1_000_000 - used - 1),
      'x-hubspot-ratelimit-interval-milliseconds': '10000',
      'x-hubspot-ratelimit-max': '190',
      'x-hubspot-ratelimit-remaining': '189',
      'x-hubspot-ratelimit-secondly': '19',
      'x-hubspot-ratelimit-secondly-remaining': '18',
    });
    const search = await hub.raw('POST', '/crm/v3/objects/contacts/search', { limit: 1 });
    expect(
      [...search.headers.keys()].filter((name) => name.startsWith('x-hubspot-ratelimit')),
    ).toEqual([]);
    expect(search.headers.get('x-hubspot-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers 429 TEN_SECONDLY_ROLLING past the ten-second budget until the window rolls on', async () => {
    await hub.admin('/hubspot/budgets', { tenSecondly: 2 });
    expect((await hub.raw('GET', '/crm/v3/objects/contacts/1')).status).toBe(200);
    expect((await hub.raw('GET', '/crm/v3/objects/contacts/2')).status).toBe(200);
    const limited = await hub.raw('GET', '/crm/v3/objects/contacts/3');
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      status: 'error',
      message: 'You have reached your ten_secondly_rolling limit.',
      errorType: 'RATE_LIMIT',
      policyName: 'TEN_SECONDLY_ROLLING',
      groupName: expect.stringMatching(/^publicapi:private_app-api-calls-ten-secondly:\d+:\d+$/),
      correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(limited.headers.get('x-hubspot-ratelimit-remaining')).toBe('0');
    // The SDK keeps the raw body (policyName included); it would wait 10 s × attempt before
    // retrying this policy, so the test uses a client without retries to stay fast.
    const before = await calls('GET /crm/v3/objects/contacts/:id');
    const failure = await apiError(() => contactsApi(hub, 1).basicApi.getById('4'));
    expect(failure.code).toBe(429);
    expect(failure.body).toMatchObject({
      policyName: 'TEN_SECONDLY_ROLLING',
      message: 'You have reached your ten_secondly_rolling limit.',
    });
    expect(await calls('GET /crm/v3/objects/contacts/:id')).toBe(before + 1);
    await freshWindow();
    expect((await contactsApi(hub, 1).basicApi.getById('4')).id).toBe('4');
  });

  it('answers 429 DAILY once the daily budget is spent, and the SDK gives up at once', async () => {
    const used = (await hub.admin('/hubspot/budgets', undefined, 'GET')).body.dailyUsed as number;
    await hub.admin('/hubspot/budgets', { daily: used });
    const before = await calls('GET /crm/v3/objects/contacts/:id');
    const failure = await apiError(() => contactsApi(hub, 3).basicApi.getById('1'));
    expect(failure).toMatchObject({
      code: 429,
      body: { message: 'You have reached your daily limit.' },
    });
    expect(await calls('GET /crm/v3/objects/contacts/:id')).toBe(before + 1);
    const raw = await hub.raw('GET', '/crm/v3/objects/contacts/1');
    expect(raw.body).toMatchObject({ errorType: 'RATE_LIMIT', policyName: 'DAILY' });
    expect(raw.headers.get('x-hubspot-ratelimit-daily-remaining')).toBe('0');
  });

  it('limits search per second; the SDK waits a second on "secondly limit" and succeeds', async () => {
    await hub.admin('/hubspot/budgets', { searchPerSecond: 1 });
    const api = contactsApi(hub, 2).searchApi;
    const before = await calls('POST /crm/v3/objects/contacts/search');
    expect((await api.doSearch(everyone)).total).toBe(5);
    expect((await api.doSearch(everyone)).total).toBe(5);
    // First search, then a 429 SECONDLY, then the SDK's retry one second later.
    expect(await calls('POST /crm/v3/objects/contacts/search')).toBe(before + 3);
    const limited = await hub.raw('POST', '/crm/v3/objects/contacts/search', { limit: 1 });
    expect(limited.body).toMatchObject({
      status: 'error',
      message: 'You have reached your secondly limit.',
      errorType: 'RATE_LIMIT',
      policyName: 'SECONDLY',
    });
  });

  it('renders injected faults in HubSpot wire format', async () => {
    await hub.admin('/faults', {
      system: 'hubspot',
      kind: 'server_error',
      status: 503,
      count: 2,
      path: '/crm/v3/objects/contacts/2',
    });
    const before = await calls('GET /crm/v3/objects/contacts/:id');
    expect((await contactsApi(hub, 3).basicApi.getById('2')).id).toBe('2');
    expect(await calls('GET /crm/v3/objects/contacts/:id')).toBe(before + 3);

    await hub.admin('/faults', {
      system: 'hubspot',
      kind: 'unable_to_lock_row',
      path: '/batch/update',
    });
    const locked = await hub.raw('POST', '/crm/v3/objects/contacts/batch/update', { inputs: [] });
    expect(locked).toMatchObject({ status: 423, body: { status: 'error', category: 'LOCKED' } });

    await hub.admin('/faults', { system: 'hubspot', kind: 'invalid_session' });
    expect((await hub.raw('GET', '/crm/v3/objects/contacts')).body.category).toBe(
      'INVALID_AUTHENTICATION',
    );

    await hub.admin('/faults', { system: 'hubspot', kind: 'daily_limit' });
    expect((await hub.raw('GET', '/crm/v3/objects/contacts')).body.policyName).toBe('DAILY');

    await hub.admin('/faults', { system: 'hubspot', kind: 'rate_limit', path: '/search' });
    expect((await hub.raw('POST', '/crm/v3/objects/contacts/search', {})).body.message).toBe(
      'You have reached your secondly limit.',
    );

    await hub.admin('/faults', { system: 'hubspot', kind: 'rate_limit' });
    expect((await hub.raw('GET', '/crm/v3/objects/contacts')).body.policyName).toBe(
      'TEN_SECONDLY_ROLLING',
    );

    await hub.admin('/faults', { system: 'hubspot', kind: 'hang', path: '/crm/v3/objects/deals' });
    const hung = fetch(`${hub.server.url}/crm/v3/objects/deals`, {
      headers: { authorization: `Bearer ${HUBSPOT_SANDBOX_TOKEN}` },
      signal: AbortSignal.timeout(200),
    });
    await expect(hung).rejects.toThrow(/aborted|timeout/i);
    expect((await hub.raw('GET', '/crm/v3/objects/deals')).status).toBe(200);
  });
});
