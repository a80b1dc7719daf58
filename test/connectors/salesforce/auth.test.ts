import { describe, expect, it } from '@jest/globals';
import { createVerify, generateKeyPairSync } from 'node:crypto';
import {
  RefreshGuard,
  resolveSalesforceAuth,
  signJwtAssertion,
} from '../../../connectors/salesforce/auth.ts';
import { ApiBudget } from '../../../connectors/salesforce/budget.ts';
import { parseEnv } from '../../../src/config/env.ts';
import { BudgetExhaustedError, ConnectorError } from '../../../src/sync/connector.ts';

function failure(vars: Record<string, string>): ConnectorError {
  try {
    resolveSalesforceAuth(parseEnv(vars));
  } catch (error) {
    if (error instanceof ConnectorError) return error;
    throw error;
  }
  throw new Error('expected a credentials error');
}

describe('Salesforce credentials from the environment', () => {
  it('direct session', () => {
    expect(
      resolveSalesforceAuth(
        parseEnv({
          SALESFORCE_INSTANCE_URL: 'https://acme.my.salesforce.com/',
          SALESFORCE_ACCESS_TOKEN: 't0k',
        }),
      ),
    ).toEqual({
      mode: 'session',
      instanceUrl: 'https://acme.my.salesforce.com',
      accessToken: 't0k',
    });
  });

  it('client credentials', () => {
    expect(
      resolveSalesforceAuth(
        parseEnv({
          SALESFORCE_LOGIN_URL: 'https://acme.my.salesforce.com',
          SALESFORCE_CLIENT_ID: '3MVG9id',
          SALESFORCE_CLIENT_SECRET: 's3cret',
        }),
      ),
    ).toEqual({
      mode: 'client_credentials',
      loginUrl: 'https://acme.my.salesforce.com',
      clientId: '3MVG9id',
      clientSecret: 's3cret',
    });
  });

  it('JWT bearer, with login.salesforce.com by default', () => {
    expect(
      resolveSalesforceAuth(
        parseEnv({
          SALESFORCE_USERNAME: 'int@acme.example',
          SALESFORCE_PRIVATE_KEY_FILE: '/run/secrets/sf.pem',
          SALESFORCE_CLIENT_ID: '3MVG9id',
        }),
      ),
    ).toEqual({
      mode: 'jwt',
      loginUrl: 'https://login.salesforce.com',
      clientId: '3MVG9id',
      username: 'int@acme.example',
      privateKeyFile: '/run/secrets/sf.pem',
    });
  });

  it('nothing set: one error listing every way to sign in', () => {
    const error = failure({});
    expect(error.code).toBe('config.salesforce_credentials');
    expect(error.message).toBe('Salesforce credentials: nothing is set.');
    expect(error.hint).toContain('SALESFORCE_INSTANCE_URL and SALESFORCE_ACCESS_TOKEN');
    expect(error.hint).toContain(
      'SALESFORCE_USERNAME, SALESFORCE_PRIVATE_KEY_FILE and SALESFORCE_CLIENT_ID',
    );
  });

  it('names exactly what is missing', () => {
    expect(failure({ SALESFORCE_CLIENT_ID: 'x' }).message).toBe(
      'Salesforce credentials: client credentials also need SALESFORCE_LOGIN_URL, SALESFORCE_CLIENT_SECRET.',
    );
    expect(failure({ SALESFORCE_USERNAME: 'u@x.example' }).message).toBe(
      'Salesforce credentials: JWT bearer also needs SALESFORCE_PRIVATE_KEY_FILE, SALESFORCE_CLIENT_ID.',
    );
    expect(failure({ SALESFORCE_ACCESS_TOKEN: 't' }).message).toBe(
      'Salesforce credentials: the direct session also needs SALESFORCE_INSTANCE_URL.',
    );
  });

  it('refuses contradictory settings', () => {
    expect(
      failure({
        SALESFORCE_INSTANCE_URL: 'https://a.example',
        SALESFORCE_ACCESS_TOKEN: 't',
        SALESFORCE_CLIENT_SECRET: 's',
      }).message,
    ).toBe(
      'Salesforce credentials: SALESFORCE_ACCESS_TOKEN (direct session) is set together with SALESFORCE_CLIENT_SECRET (OAuth); unset one of the two.',
    );
    expect(
      failure({
        SALESFORCE_USERNAME: 'u',
        SALESFORCE_PRIVATE_KEY_FILE: 'k',
        SALESFORCE_CLIENT_ID: 'c',
        SALESFORCE_CLIENT_SECRET: 's',
      }).message,
    ).toMatch(/both JWT bearer .* and client credentials/);
  });
});

describe('the JWT bearer assertion', () => {
  it('is an RS256 token over iss/sub/aud/exp that the public key verifies', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const token = signJwtAssertion({
      clientId: '3MVG9id',
      username: 'int@acme.example',
      audience: 'https://login.salesforce.com',
      privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      now: new Date('2026-03-01T08:00:00Z'),
    });
    const [header, claims, signature] = token.split('.');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toEqual({
      alg: 'RS256',
      typ: 'JWT',
    });
    expect(JSON.parse(Buffer.from(claims!, 'base64url').toString())).toEqual({
      iss: '3MVG9id',
      sub: 'int@acme.example',
      aud: 'https://login.salesforce.com',
      exp: Date.parse('2026-03-01T08:03:00Z') / 1000,
    });
    const verifier = createVerify('RSA-SHA256');
    verifier.update(`${header}.${claims}`);
    expect(verifier.verify(publicKey, Buffer.from(signature!, 'base64url'))).toBe(true);
  });
});

describe('guards', () => {
  it('allows N refreshes a minute, then refuses until the window moves on', () => {
    let now = 0;
    const guard = new RefreshGuard({ maxPerWindow: 2, windowMs: 60_000, now: () => now });
    expect([guard.tryAcquire(), guard.tryAcquire(), guard.tryAcquire()]).toEqual([
      true,
      true,
      false,
    ]);
    now = 60_001;
    expect(guard.tryAcquire()).toBe(true);
  });

  it('the API budget stops before the call that would pass the share', () => {
    const budget = new ApiBudget(0.5);
    budget.spend(); // nothing known yet: allowed
    budget.observeHeader('api-usage=4998/10000');
    budget.spend();
    budget.spend();
    expect(() => budget.spend()).toThrow(BudgetExhaustedError);
    expect(budget.usage()).toEqual({
      system: 'salesforce',
      callsMade: 3,
      dailyUsed: 5000,
      dailyLimit: 10000,
      budgetRemaining: 0,
    });
  });
});
