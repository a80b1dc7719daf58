import { beforeEach, describe, expect, it } from '@jest/globals';
import { errorFromResponse, toConnectorError } from '../../../connectors/hubspot/errors.ts';
import { BudgetExhaustedError, ConnectorError } from '../../../src/sync/connector.ts';
import { isRetryableError, withRetry } from '../../../src/sync/retry.ts';
import {
  batchAnswer,
  connect,
  contact,
  fixture,
  hubspot,
  rateHeaders,
  resetNock,
  withProperties,
} from './support.ts';

const READ = '/crm/v3/objects/contacts/batch/read';
const daily = () => ({ used: 0, allowed: 0 });

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConnectorError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('HubSpot failures become neutral ConnectorError kinds', () => {
  beforeEach(resetNock);

  it('429 (ten-second window) is rate_limited with ~10 s to wait; the engine retries and succeeds', async () => {
    const limited = fixture('connector/rate-limit-ten-secondly-429.json').response;
    withProperties(hubspot())
      .post(READ)
      .reply(limited.status, limited.body, limited.headers)
      .post(READ)
      .reply(
        200,
        batchAnswer([contact(87301, { email: 'priya.patel@acmeanalytics.com' })]),
        rateHeaders(),
      );
    const connector = connect();
    const waits: number[] = [];
    const seen: ConnectorError[] = [];
    const records = await withRetry(() => connector.fetchByIds('contacts', ['87301']), undefined, {
      sleep: async (ms) => void waits.push(ms),
      random: () => 0.5,
      onRetry: ({ error }) => void seen.push(error),
    });

    expect(records.map((record) => record.id)).toEqual(['87301']);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 10_000,
      code: 'hubspot.rate_limited',
    });
    expect(seen[0]?.message).toBe(
      'HubSpot answered 429: You have reached your ten_secondly_rolling limit.',
    );
    expect(waits).toEqual([10_000]);
  });

  it('401 is auth, with a hint naming HUBSPOT_ACCESS_TOKEN and the private-app scopes', async () => {
    const rejected = fixture('vendor/unauthorized-401.json').response;
    hubspot()
      .get('/crm/v3/properties/contacts')
      .reply(rejected.status, rejected.body, rejected.headers);
    const error = await failure(connect().describe('contacts'));

    expect(error.kind).toBe('auth');
    expect(isRetryableError(error)).toBe(false);
    expect(error.message).toBe(`HubSpot answered 401: ${rejected.body.message}`);
    expect(error.hint).toContain('HUBSPOT_ACCESS_TOKEN');
    expect(error.hint).toContain('crm.objects.contacts.write');
    expect(error.hint).toContain('crm.schemas.contacts.write');
  });

  it('403 for a missing scope is auth, and the hint names the scope HubSpot asked for', async () => {
    const forbidden = fixture('connector/missing-scopes-403.json').response;
    hubspot()
      .get('/crm/v3/properties/contacts')
      .reply(forbidden.status, forbidden.body, forbidden.headers);
    const error = await failure(connect().describe('contacts'));

    expect(error.kind).toBe('auth');
    expect(error.hint).toMatch(
      /^The private app behind HUBSPOT_ACCESS_TOKEN lacks the scope\(s\) crm\.schemas\.contacts\.read/,
    );
  });

  it('the daily limit is a spent budget: not retried, and no further call is made', async () => {
    const spent = fixture('vendor/rate-limit-daily-429.json').response;
    withProperties(hubspot())
      .post(READ)
      .reply(spent.status, spent.body, { ...spent.headers, ...rateHeaders({ dailyRemaining: 0 }) });
    const connector = connect();
    const first = await failure(connector.fetchByIds('contacts', ['87301']));
    expect(first).toBeInstanceOf(BudgetExhaustedError);
    expect(first).toMatchObject({
      code: 'budget.exhausted',
      kind: 'rate_limited',
      details: { used: 1_000_000, allowed: 500_000 },
    });
    expect(isRetryableError(first)).toBe(false);
    // Net connect is off and no interceptor is left: a request would fail differently.
    const second = await failure(connector.fetchByIds('contacts', ['87301']));
    expect(second).toBeInstanceOf(BudgetExhaustedError);
  });

  it('a 502 HTML page from a proxy, a reset socket: transient, and retried', async () => {
    const outage = fixture('connector/bad-gateway-502.json').response;
    withProperties(hubspot())
      .post(READ)
      .reply(outage.status, outage.body, outage.headers)
      .post(READ)
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const connector = connect();
    const gateway = await failure(connector.fetchByIds('contacts', ['87301']));
    const reset = await failure(connector.fetchByIds('contacts', ['87301']));

    expect(gateway).toMatchObject({ kind: 'transient', details: { status: 502 } });
    expect(reset).toMatchObject({ kind: 'transient', code: 'hubspot.network' });
    expect([gateway, reset].every(isRetryableError)).toBe(true);
  });

  it.each([
    [400, 'vendor/create-contact-invalid-400.json', 'invalid_record'],
    [404, 'vendor/get-contact-404.json', 'not_found'],
    [409, 'vendor/create-contact-409.json', 'conflict'],
    [423, undefined, 'transient'],
    [500, undefined, 'transient'],
  ] as const)('HTTP %i → %s', (status, file, kind) => {
    const body = file === undefined ? {} : fixture(file).response.body;
    const error = errorFromResponse(status, {}, JSON.stringify(body), daily);
    expect(error.kind).toBe(kind);
    if (file !== undefined)
      expect(error.message).toContain(body.errors?.[0]?.message ?? body.message);
  });

  it('an SDK ApiException that got past the middleware is mapped by its code', () => {
    const apiException = Object.assign(new Error('HTTP-Code: 409'), {
      code: 409,
      body: { message: 'Contact already exists. Existing ID: 512', category: 'CONFLICT' },
      headers: {},
    });
    expect(toConnectorError(apiException, daily)).toMatchObject({
      kind: 'conflict',
      message: 'HubSpot answered 409: Contact already exists. Existing ID: 512',
    });
  });
});
