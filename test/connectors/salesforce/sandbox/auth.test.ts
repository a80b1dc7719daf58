import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { generateKeyPairSync, createSign } from 'node:crypto';
import { Connection, OAuth2 } from 'jsforce';
import {
  SALESFORCE_SANDBOX_CLIENT_ID,
  SALESFORCE_SANDBOX_CLIENT_SECRET,
  SALESFORCE_SANDBOX_REFRESH_TOKEN,
  SANDBOX_ORG_ID,
} from '../../../../connectors/salesforce/sandbox/index.ts';
import { sfError, startSalesforce, VERSION, type SalesforceHarness } from './support.ts';

/**
 * OAuth against the sandbox's token endpoint with jsforce's OAuth2 (client credentials,
 * refresh token, JWT bearer), sessions that expire (401 INVALID_SESSION_ID), and jsforce's
 * session refresh on REST and SOAP calls.
 */
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'RS256' })}.${part(claims)}`;
  return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url')}`;
}

describe('Salesforce sandbox: OAuth and sessions', () => {
  let sf: SalesforceHarness;
  let oauth: OAuth2;

  beforeAll(async () => {
    sf = await startSalesforce();
    oauth = new OAuth2({
      loginUrl: sf.server.url,
      clientId: SALESFORCE_SANDBOX_CLIENT_ID,
      clientSecret: SALESFORCE_SANDBOX_CLIENT_SECRET,
    });
  });
  beforeEach(async () => {
    await sf.admin('/reset', { systems: ['salesforce'] });
  });
  afterAll(() => sf.server.close());

  it('issues a working session for client credentials, in the vendor shape', async () => {
    const users = (await sf.admin('/salesforce/stats', undefined, 'GET')).body.users;
    const token = await oauth.requestToken({ grant_type: 'client_credentials' });
    expect(token).toEqual({
      access_token: expect.stringMatching(/^00DDn000000LdLp!AQ4AQ[\w-]{48}$/),
      signature: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/),
      scope: 'api',
      instance_url: sf.server.url,
      id: `${sf.server.url}/id/${SANDBOX_ORG_ID}/${users.integration}`,
      token_type: 'Bearer',
      issued_at: expect.stringMatching(/^\d{13}$/),
    });
    const conn = new Connection({
      instanceUrl: token.instance_url,
      accessToken: token.access_token,
      version: VERSION,
    });
    expect((await conn.query('SELECT COUNT() FROM User')).totalSize).toBe(9);
    const identity = await conn.identity();
    expect(identity).toMatchObject({
      user_id: users.integration,
      organization_id: SANDBOX_ORG_ID,
      username: 'leadloop.integration@acme-sandbox.example',
    });
  });

  it('refuses a wrong secret, an unknown client and an unknown grant like Salesforce', async () => {
    const wrong = new OAuth2({
      loginUrl: sf.server.url,
      clientId: SALESFORCE_SANDBOX_CLIENT_ID,
      clientSecret: 'nope',
    });
    expect(
      await sfError(() => wrong.requestToken({ grant_type: 'client_credentials' })),
    ).toMatchObject({ name: 'invalid_client', message: 'invalid client credentials' });
    const raw = await fetch(`${sf.server.url}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=client_credentials&client_id=${SALESFORCE_SANDBOX_CLIENT_ID}&client_secret=nope`,
    });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toEqual({
      error: 'invalid_client',
      error_description: 'invalid client credentials',
    });
    const stranger = new OAuth2({
      loginUrl: sf.server.url,
      clientId: 'someone-else',
      clientSecret: 'x',
    });
    expect(
      await sfError(() => stranger.requestToken({ grant_type: 'client_credentials' })),
    ).toMatchObject({ name: 'invalid_client_id', message: 'client identifier invalid' });
    expect(await sfError(() => oauth.requestToken({ grant_type: 'password' }))).toMatchObject({
      name: 'unsupported_grant_type',
    });
    expect(await sfError(() => oauth.refreshToken('5Aep861unknown'))).toMatchObject({
      name: 'invalid_grant',
      message: 'expired access/refresh token',
    });
  });

  it('accepts a well-formed JWT bearer assertion and refuses a malformed one', async () => {
    const assertion = jwt({
      iss: SALESFORCE_SANDBOX_CLIENT_ID,
      sub: 'leadloop.integration@acme-sandbox.example',
      aud: sf.server.url,
      exp: 1_900_000_000,
    });
    const jwtClient = new OAuth2({
      loginUrl: sf.server.url,
      clientId: SALESFORCE_SANDBOX_CLIENT_ID,
    });
    const token = await jwtClient.requestToken({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion,
    });
    expect(token.token_type).toBe('Bearer');
    const conn = new Connection({
      instanceUrl: sf.server.url,
      accessToken: token.access_token,
      version: VERSION,
    });
    expect((await conn.query('SELECT COUNT() FROM Lead')).totalSize).toBe(0);
    expect(
      await sfError(() =>
        jwtClient.requestToken({
          grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
          assertion: 'not.a-jwt',
        }),
      ),
    ).toMatchObject({
      name: 'invalid_grant',
      message: 'invalid assertion',
    });
    const foreign = jwt({ iss: 'other-app', sub: 'x@y.example', aud: sf.server.url });
    expect(
      (
        await sfError(() =>
          jwtClient.requestToken({
            grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
            assertion: foreign,
          }),
        )
      ).name,
    ).toBe('invalid_client_id');
  });

  it('answers 401 INVALID_SESSION_ID once sessions expire, with no API usage counted', async () => {
    const before = (await sf.admin('/salesforce/limits', undefined, 'GET')).body.used;
    expect((await sf.admin('/salesforce/sessions/expire', {})).body).toEqual({ expired: 1 });
    const response = await sf.raw('GET', '/services/data/v62.0/limits');
    expect(response.status).toBe(401);
    expect(response.body).toEqual([
      { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' },
    ]);
    expect(response.headers.get('sforce-limit-info')).toBeNull();
    expect(await sfError(() => sf.connection().query('SELECT Id FROM Lead'))).toMatchObject({
      errorCode: 'INVALID_SESSION_ID',
      message: 'Session expired or invalid',
    });
    expect((await sf.raw('GET', '/services/data/v62.0/limits', { token: null })).status).toBe(401);
    expect((await sf.admin('/salesforce/limits', undefined, 'GET')).body.used).toBe(before);
  });

  it('lets jsforce refresh an expired session through refreshFn and retry, on REST and SOAP calls', async () => {
    let refreshes = 0;
    const conn = sf.connection({
      refreshFn: (_conn, callback) => {
        refreshes += 1;
        oauth.requestToken({ grant_type: 'client_credentials' }).then(
          (token) => callback(null, token.access_token, token),
          (error: Error) => callback(error),
        );
      },
    });
    await sf.admin('/salesforce/sessions/expire', {});
    expect((await conn.query('SELECT COUNT() FROM Lead')).totalSize).toBe(0);
    expect(refreshes).toBe(1);
    await sf.admin('/salesforce/sessions/expire', {});
    const result = await conn.metadata.upsert('CustomField', {
      fullName: 'Lead.Tier__c',
      label: 'Tier',
      type: 'Text',
      length: 10,
    });
    expect(result).toMatchObject({ success: true, created: true });
    expect(refreshes).toBe(2);
  });

  it("uses jsforce's own OAuth refresh with a refresh token", async () => {
    const conn = new Connection({
      oauth2: {
        loginUrl: sf.server.url,
        clientId: SALESFORCE_SANDBOX_CLIENT_ID,
        clientSecret: SALESFORCE_SANDBOX_CLIENT_SECRET,
      },
      instanceUrl: sf.server.url,
      accessToken: 'expired-token',
      refreshToken: SALESFORCE_SANDBOX_REFRESH_TOKEN,
      version: VERSION,
    });
    expect((await conn.query('SELECT COUNT() FROM Group')).totalSize).toBe(1);
    expect(conn.accessToken).toMatch(/^00DDn000000LdLp!/);
  });
});
