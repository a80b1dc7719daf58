import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { BudgetExhaustedError, ConnectorError } from '../../../src/sync/connector.ts';
import { isRetryableError } from '../../../src/sync/retry.ts';
import { connect, counting, oauthEnv, sessionEnv, startOrg, V, type Org } from './support.ts';

const TOKEN_CALL = 'POST /services/oauth2/token';
const QUERY = `GET ${V}/query`;

describe('Salesforce sessions, limits and timeouts against the sandbox', () => {
  let org: Org;
  const fault = (body: Record<string, unknown>) =>
    org.admin('/faults', { system: 'salesforce', ...body });

  beforeAll(async () => {
    org = await startOrg();
    await org.admin('/salesforce/ui-edit', {
      object: 'Lead',
      fields: { LastName: 'Okafor', Company: 'Acme', Email: 'ada.okafor@acme.example' },
    });
  });
  beforeEach(async () => {
    await org.admin('/faults', undefined, 'DELETE');
    await org.admin('/salesforce/limits', { dailyApiRequests: 15_000, used: 0 });
  });
  afterAll(() => org.close());

  it('signs in with client credentials and renews the session after a 401 mid-run', async () => {
    const connector = connect(org, { env: oauthEnv(org) });
    const { calls } = await counting(org, async () => {
      expect((await connector.readPage('Lead', undefined)).records).toHaveLength(1);
      // An admin ends every session: the next call gets 401 INVALID_SESSION_ID.
      await org.admin('/salesforce/sessions/expire', { keepStatic: true });
      expect((await connector.readPage('Lead', undefined)).records).toHaveLength(1);
    });
    expect(calls).toEqual({
      [TOKEN_CALL]: 2,
      [`POST ${V}/composite`]: 1,
      // The first read, the rejected one, and its retry with the new session.
      [QUERY]: 3,
    });
  });

  it('stops a refresh loop with a clear auth error', async () => {
    const connector = connect(org, { env: oauthEnv(org), maxRefreshesPerMinute: 3 });
    await connector.readPage('Lead', undefined);
    await fault({ kind: 'invalid_session', path: '/query', count: 1_000 });
    const { result: error, calls } = await counting(org, () =>
      connector.readPage('Lead', undefined).catch((caught: unknown) => caught),
    );
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ kind: 'auth', code: 'salesforce.auth_refresh_loop' });
    expect(isRetryableError(error)).toBe(false);
    expect(calls).toEqual({ [TOKEN_CALL]: 3, [QUERY]: 4 });
  });

  it('a rejected direct session is an auth error telling what to renew', async () => {
    const error = await connect(org, { env: sessionEnv(org, 'expired-token') })
      .readPage('Lead', undefined)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      kind: 'auth',
      code: 'salesforce.auth',
      message: 'Salesforce: Session expired or invalid',
    });
    expect((error as ConnectorError).hint).toMatch(/SALESFORCE_ACCESS_TOKEN/);
  });

  it('a wrong client secret fails sign-in as auth, naming the variables', async () => {
    const error = await connect(org, { env: oauthEnv(org, 'wrong') })
      .readPage('Lead', undefined)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      kind: 'auth',
      message: 'Salesforce login failed: invalid_client: invalid client credentials',
    });
    expect((error as ConnectorError).hint).toMatch(/SALESFORCE_CLIENT_SECRET/);
  });

  it('the daily REQUEST_LIMIT_EXCEEDED stops the run as a spent budget', async () => {
    await fault({ kind: 'daily_limit', path: '/query' });
    const error = await connect(org)
      .readPage('Lead', undefined)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BudgetExhaustedError);
    expect(isRetryableError(error)).toBe(false);
  });

  it('the concurrent-request REQUEST_LIMIT_EXCEEDED is a rate limit to back off from', async () => {
    await fault({ kind: 'rate_limit', path: '/query' });
    const error = await connect(org)
      .readPage('Lead', undefined)
      .catch((caught: unknown) => caught);
    expect(error).not.toBeInstanceOf(BudgetExhaustedError);
    expect(error).toMatchObject({ kind: 'rate_limited' });
    expect(isRetryableError(error)).toBe(true);
  });

  it('never spends past its share of the daily limit (Sforce-Limit-Info), and reports the spend', async () => {
    await org.admin('/salesforce/limits', { dailyApiRequests: 1_000, used: 497 });
    const connector = connect(org, { budget: { dailyShare: 0.5 } });
    await connector.readPage('Lead', undefined); // describe (498) + query (499)
    const { result: error, calls } = await counting(org, async () => {
      await connector.readPage('Lead', undefined); // query (500): the last call the share allows
      return connector.readPage('Lead', undefined).catch((caught: unknown) => caught);
    });
    expect(error).toBeInstanceOf(BudgetExhaustedError);
    expect(error).toMatchObject({ code: 'budget.exhausted', details: { used: 500, allowed: 500 } });
    expect(isRetryableError(error)).toBe(false);
    expect(calls).toEqual({ [QUERY]: 1 });
    expect(connector.usage()).toEqual({
      system: 'salesforce',
      callsMade: 3,
      dailyUsed: 500,
      dailyLimit: 1_000,
      budgetRemaining: 0,
    });
    expect(await org.admin('/salesforce/limits', undefined, 'GET')).toEqual({
      dailyApiRequests: 1_000,
      used: 500,
    });
  });

  it('gives up on a hung connection after the timeout, as a retryable failure', async () => {
    await fault({ kind: 'hang', path: '/query' });
    const error = await connect(org, { timeoutMs: 300 })
      .readPage('Lead', undefined)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'transient', code: 'salesforce.timeout' });
    expect(isRetryableError(error)).toBe(true);
  });

  it('a hung write times out too (jsforce never retries a PATCH), and nothing is half-written', async () => {
    await org.admin('/salesforce/leadloop-fields');
    await fault({ kind: 'hang', path: '/composite/sobjects' });
    const error = await connect(org, { timeoutMs: 300 })
      .write('Lead', [
        {
          ref: 'h',
          action: 'upsert',
          upsertKey: { field: 'LeadLoop_Id__c', value: '7a1c0000-0000-4000-8000-000000000001' },
          fields: { LastName: 'Hung', Company: 'Acme' },
        },
      ])
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'transient', code: 'salesforce.timeout' });
    expect(await org.admin('/dump/salesforce?object=Lead', undefined, 'GET')).toHaveLength(1);
  });
});
