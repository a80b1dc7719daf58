import {
  createSalesforceConnector,
  type SalesforceConnectorOptions,
} from '../../../connectors/salesforce/index.ts';
import { parseEnv, type Env } from '../../../src/config/env.ts';
import { FakeOrg } from './fake-org.ts';

/** Environments for the fake org: a direct session, or OAuth client credentials. */
export const sessionEnv = (org: FakeOrg, token = 'fake-session-token'): Env =>
  parseEnv({ SALESFORCE_INSTANCE_URL: org.url, SALESFORCE_ACCESS_TOKEN: token });

export const oauthEnv = (org: FakeOrg, secret = 'app-secret'): Env =>
  parseEnv({
    SALESFORCE_LOGIN_URL: org.url,
    SALESFORCE_CLIENT_ID: 'leadloop-app',
    SALESFORCE_CLIENT_SECRET: secret,
  });

export async function startOrg(): Promise<FakeOrg> {
  const org = new FakeOrg();
  await org.start();
  return org;
}

export const connect = (org: FakeOrg, options: SalesforceConnectorOptions = {}) =>
  createSalesforceConnector({ env: sessionEnv(org), timeoutMs: 5_000, ...options });

/** Requests the org saw since `from` (an index into org.requests). */
export const since = (org: FakeOrg, from: number) => org.requests.slice(from);
