import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { BudgetExhaustedError, ConnectorError } from '../../../src/sync/connector.ts';
import { isRetryableError } from '../../../src/sync/retry.ts';
import type { FakeOrg } from './fake-org.ts';
import { connect, oauthEnv, sessionEnv, since, startOrg } from './support.ts';

const TOKEN_CALL = 'POST /services/oauth2/token';

describe('Salesforce sessions, limits and timeouts', () => {
  let org: FakeOrg;

  beforeAll(async () => {
    org = await startOrg();
    org.insert('Lead', { LastName: 'Okafor', Company: 'Acme', Email: 'ada.okafor@acme.example' });
  });
  beforeEach(() => {
    org.clearFaults();
    org.used = 0;
    org.dailyLimit = 15_000;
  });
  afterAll(() => org.close());

  it('signs in with client credentials and renews the session after a 401 mid-run', async () => {
    const connector = connect(org, { env: oauthEnv(org) });
    const from = org.requests.length;
    expect((await connector.readPage('Lead', undefined)).records).toHaveLength(1);
    // The org revokes every session (e.g. an admin reset): the next call gets 401.
    for (const token of [...org.tokens])
      if (token.startsWith('fake-token')) org.tokens.delete(token);
    expect((await connector.readPage('Lead', undefined)).records).toHaveLength(1);
    expect(since(org, from)).toEqual([
      TOKEN_CALL,
      'GET /services/data/v62.0/sobjects/Lead/describe',
      'GET /services/data/v62.0/query',
      'GET /services/data/v62.0/query',
      TOKEN_CALL,
      'GET /services/data/v62.0/query',
    ]);
  });

  it('stops a refresh loop with a clear auth error', async () => {
    const connector = connect(org, { env: oauthEnv(org), maxRefreshesPerMinute: 3 });
    await connector.readPage('Lead', undefined);
    org.fail('invalid_session', '/query', 1_000);
    const from = org.requests.length;
    const error = await connector.readPage('Lead', undefined).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ kind: 'auth', code: 'salesforce.auth_refresh_loop' });
    expect(isRetryableError(error)).toBe(false);
    expect(since(org, from).filter((request) => request === TOKEN_CALL)).toHaveLength(3);
    expect(since(org, from).filter((request) => request.endsWith('/query'))).toHaveLength(4);
  });

  it('a rejected direct session is an auth error telling what to renew', async () => {
    const error = await connect(org, { env: sessionEnv(org, 'expired-token') })
      .readPage('Lead', undefined)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'auth', code: 'salesforce.auth' });
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

  it('REQUEST_LIMIT_EXCEEDED stops the run as a spent budget', async () => {
    org.fail('request_limit', '/query');
    const error = await connect(org)
      .readPage('Lead', undefined)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BudgetExhaustedError);
    expect(isRetryableError(error)).toBe(false);
  });

  it('never spends past its share of the daily limit, and reports the spend', async () => {
    org.dailyLimit = 1_000;
    org.used = 497;
    const connector = connect(org, { budget: { dailyShare: 0.5 } });
    await connector.readPage('Lead', undefined); // describe (498) + query (499)
    const from = org.requests.length;
    await connector.readPage('Lead', undefined); // query (500): the last call the share allows
    await expect(connector.readPage('Lead', undefined)).rejects.toBeInstanceOf(
      BudgetExhaustedError,
    );
    expect(since(org, from)).toEqual(['GET /services/data/v62.0/query']);
    expect(connector.usage()).toEqual({
      system: 'salesforce',
      callsMade: 3,
      dailyUsed: 500,
      dailyLimit: 1_000,
      budgetRemaining: 0,
    });
  });

  it('gives up on a hung connection after the timeout, as a retryable failure', async () => {
    org.fail('hang', '/query');
    const error = await connect(org, { timeoutMs: 300 })
      .readPage('Lead', undefined)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'transient', code: 'salesforce.timeout' });
    expect(isRetryableError(error)).toBe(true);
  });
});
