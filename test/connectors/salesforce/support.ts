import {
  createSalesforceConnector,
  type SalesforceConnectorOptions,
} from '../../../connectors/salesforce/index.ts';
import {
  SALESFORCE_SANDBOX_CLIENT_ID,
  SALESFORCE_SANDBOX_CLIENT_SECRET,
  SALESFORCE_SANDBOX_TOKEN,
  salesforceSandbox,
  salesforceSandboxWith,
  type SalesforceSandbox,
  type SalesforceSandboxOptions,
} from '../../../connectors/salesforce/sandbox/index.ts';
import { parseEnv, type Env } from '../../../src/config/env.ts';
import type { SandboxClock } from '../../../src/sandbox/clock.ts';
import { startSandboxServer, type RunningSandboxServer } from '../../../src/sandbox/server.ts';

/**
 * The Salesforce connector's tests run against the Salesforce sandbox (connectors/salesforce/
 * sandbox), spoken to by the real jsforce inside the connector. One sandbox server per file.
 */
export interface Org {
  readonly server: RunningSandboxServer;
  readonly sandbox: SalesforceSandbox;
  readonly clock: SandboxClock;
  readonly url: string;
  /** JSON to the sandbox admin API (`/__sandbox…`); throws unless it answers 2xx. */
  admin(path: string, body?: unknown, method?: string): Promise<unknown>;
  /** Calls per route (`GET /services/data/v62.0/query`), query locators as `/query/:locator`. */
  calls(): Record<string, number>;
  close(): Promise<void>;
}

export async function startOrg(options?: SalesforceSandboxOptions): Promise<Org> {
  const server = await startSandboxServer({
    factories: [options === undefined ? salesforceSandbox : salesforceSandboxWith(options)],
  });
  const entry = server.sandbox('salesforce');
  return {
    server,
    sandbox: entry.sandbox as SalesforceSandbox,
    clock: entry.context.clock,
    url: server.url,
    async admin(path, body, method = 'POST') {
      const response = await fetch(`${server.url}/__sandbox${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`sandbox admin ${path}: ${response.status} ${text}`);
      return text === '' ? undefined : (JSON.parse(text) as unknown);
    },
    calls() {
      const counts: Record<string, number> = {};
      for (const [route, count] of Object.entries(
        server.accounting.snapshot().salesforce.byRoute,
      )) {
        const key = route.replace(/\/query\/[0-9A-Za-z]+-\d+$/, '/query/:locator');
        counts[key] = (counts[key] ?? 0) + count;
      }
      return counts;
    },
    close: () => server.close(),
  };
}

/** Calls made between two `org.calls()` snapshots (routes with no new calls left out). */
export function callsSince(
  before: Record<string, number>,
  after: Record<string, number>,
): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after)
      .map(([route, count]) => [route, count - (before[route] ?? 0)] as const)
      .filter(([, count]) => count > 0),
  );
}

/** Runs `action` and returns the calls the org saw meanwhile. */
export async function counting<T>(
  org: Org,
  action: () => Promise<T>,
): Promise<{ result: T; calls: Record<string, number> }> {
  const before = org.calls();
  const result = await action();
  return { result, calls: callsSince(before, org.calls()) };
}

/** Environments for the sandbox: its static session, or its connected app's client credentials. */
export const sessionEnv = (org: Org, token = SALESFORCE_SANDBOX_TOKEN): Env =>
  parseEnv({ SALESFORCE_INSTANCE_URL: org.url, SALESFORCE_ACCESS_TOKEN: token });

export const oauthEnv = (org: Org, secret = SALESFORCE_SANDBOX_CLIENT_SECRET): Env =>
  parseEnv({
    SALESFORCE_LOGIN_URL: org.url,
    SALESFORCE_CLIENT_ID: SALESFORCE_SANDBOX_CLIENT_ID,
    SALESFORCE_CLIENT_SECRET: secret,
  });

export const connect = (org: Org, options: SalesforceConnectorOptions = {}) =>
  createSalesforceConnector({ env: sessionEnv(org), timeoutMs: 5_000, ...options });

export const V = '/services/data/v62.0';
