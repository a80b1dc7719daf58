import { createHubspotConnector, type PacingClock } from '../../../connectors/hubspot/index.ts';
import { SANDBOX_APP_ID } from '../../../connectors/hubspot/sandbox/config.ts';
import { createSalesforceConnector } from '../../../connectors/salesforce/index.ts';
import {
  SALESFORCE_SANDBOX_CLIENT_ID,
  SALESFORCE_SANDBOX_CLIENT_SECRET,
} from '../../../connectors/salesforce/sandbox/config.ts';
import { parseEnv, type Env } from '../../../src/config/env.ts';
import { loadConfig, type LeadloopConfig } from '../../../src/config/load-config.ts';
import type { FaultRuleInput } from '../../../src/sandbox/faults.ts';
import { startBothSandboxes, type RunningSandboxes } from '../../../src/sandbox/start.ts';
import { openStore, type Store } from '../../../src/store/index.ts';
import type { Connector } from '../../../src/sync/connector.ts';
import type { Engine } from '../../../src/sync/engine.ts';
import { runSync, type SyncOptions, type SyncResult } from '../../../src/sync/run-sync.ts';
import { backends, type TestBackend, type TestPlace } from '../../support/database.ts';

/**
 * The reliability suite's world: one pair of sandboxes per test file, reused across scenarios
 * by resetting and reseeding them through their admin API (as an operator would), and for each
 * scenario fresh connectors (their budgets and sessions start clean), `leadloop setup` run
 * again, and a fresh store. Seeded data is deterministic, so a scenario's end state can be
 * compared with a clean run's census.
 */
export const PEOPLE = 60;
export const SEED = 42;

/** PostgreSQL when the suite has it (CI always does): a fresh schema opens in a blink. */
export const fastBackend: TestBackend = backends.at(-1) ?? backends[0]!;

export async function openSandboxes(): Promise<RunningSandboxes> {
  return startBothSandboxes({ count: 0 });
}

async function admin(sandboxes: RunningSandboxes, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${sandboxes.url}/__sandbox/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`sandbox admin ${path}: ${response.status}`);
  return response.status === 204 ? undefined : response.json();
}

/** A fault for the next `count` requests whose path contains `path`, through the admin API. */
export async function injectFault(
  sandboxes: RunningSandboxes,
  system: 'salesforce' | 'hubspot',
  rule: FaultRuleInput,
): Promise<void> {
  await admin(sandboxes, 'faults', { system, ...rule });
}

export async function moveClock(
  sandboxes: RunningSandboxes,
  system: 'salesforce' | 'hubspot',
  offsetMs: number,
): Promise<void> {
  await admin(sandboxes, 'clock', { systems: [system], offsetMs });
}

export async function dump(
  sandboxes: RunningSandboxes,
  system: 'salesforce' | 'hubspot',
  object: string,
): Promise<Record<string, unknown>[]> {
  return (await admin(sandboxes, `dump/${system}?object=${encodeURIComponent(object)}`)) as Record<
    string,
    unknown
  >[];
}

/** A marketer's edit in the HubSpot UI (the sandbox's admin API; no API call is counted). */
export async function editInHubspotUi(
  sandboxes: RunningSandboxes,
  id: string,
  properties: Record<string, string>,
): Promise<void> {
  await admin(sandboxes, 'hubspot/ui-edit', { id, properties });
}

/** A rep's edit of a Lead through Salesforce's REST API; returns the HTTP status (204 saved). */
export async function editLeadAsRep(
  sandboxes: RunningSandboxes,
  id: string,
  fields: Record<string, unknown>,
): Promise<number> {
  const response = await fetch(
    `${sandboxes.salesforce.instanceUrl}/services/data/v62.0/sobjects/Lead/${id}`,
    {
      method: 'PATCH',
      headers: {
        authorization: `Bearer ${sandboxes.salesforce.accessToken}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(fields),
    },
  );
  return response.status;
}

export function sandboxEnv(sandboxes: RunningSandboxes, oauth = false): Record<string, string> {
  return {
    ...(oauth
      ? {
          SALESFORCE_LOGIN_URL: sandboxes.salesforce.instanceUrl,
          SALESFORCE_CLIENT_ID: SALESFORCE_SANDBOX_CLIENT_ID,
          SALESFORCE_CLIENT_SECRET: SALESFORCE_SANDBOX_CLIENT_SECRET,
        }
      : {
          SALESFORCE_INSTANCE_URL: sandboxes.salesforce.instanceUrl,
          SALESFORCE_ACCESS_TOKEN: sandboxes.salesforce.accessToken,
        }),
    HUBSPOT_BASE_URL: sandboxes.hubspot.baseUrl,
    HUBSPOT_ACCESS_TOKEN: sandboxes.hubspot.accessToken,
    HUBSPOT_APP_ID: String(SANDBOX_APP_ID),
  };
}

export interface ScenarioOptions {
  /** Salesforce through OAuth client credentials (sessions renew) instead of a fixed token. */
  readonly oauth?: boolean;
  readonly salesforceTimeoutMs?: number;
  readonly hubspotTimeoutMs?: number;
  /** Time for HubSpot's budget and pacer (to move past the daily-limit probe interval). */
  readonly hubspotClock?: PacingClock;
  /** Extra `?key=value` on the store's DATABASE_URL (PostgreSQL), e.g. application_name. */
  readonly databaseParams?: Readonly<Record<string, string>>;
  readonly people?: number;
  readonly seed?: number;
}

export interface Scenario {
  readonly env: Env;
  readonly engine: Engine;
  readonly store: Store;
  readonly place: TestPlace;
  sync(options?: SyncOptions): Promise<SyncResult>;
  close(): Promise<void>;
}

let sharedConfig: LeadloopConfig | undefined;
export const shippedConfig = (): LeadloopConfig =>
  (sharedConfig ??= loadConfig({ configPath: 'config/leadloop.yaml' }));

/** Both sandboxes back to a fresh org and portal with the same seeded people. */
export async function reseed(
  sandboxes: RunningSandboxes,
  people: number = PEOPLE,
  seed: number = SEED,
): Promise<void> {
  await admin(sandboxes, 'reset', {});
  await admin(sandboxes, 'seed', { count: people, seed });
}

/** Fresh sandboxes as `leadloop setup` leaves them, without a store (crash tests bring their own). */
export async function freshSystems(sandboxes: RunningSandboxes): Promise<void> {
  await reseed(sandboxes);
  const env = parseEnv({ ...sandboxEnv(sandboxes), LEADLOOP_DATA_DIR: 'memory://' });
  const salesforce = createSalesforceConnector({ env });
  const hubspot = createHubspotConnector({ env, appId: SANDBOX_APP_ID });
  await salesforce.setup();
  await hubspot.setup();
  await Promise.all([salesforce.close(), hubspot.close()]);
}

export async function freshScenario(
  sandboxes: RunningSandboxes,
  options: ScenarioOptions = {},
): Promise<Scenario> {
  await reseed(sandboxes, options.people, options.seed);
  const place = await fastBackend.createPlace();
  let databaseUrl = place.env.DATABASE_URL;
  if (databaseUrl !== undefined && options.databaseParams !== undefined) {
    const url = new URL(databaseUrl);
    for (const [key, value] of Object.entries(options.databaseParams))
      url.searchParams.set(key, value);
    databaseUrl = url.toString();
  }
  const env = parseEnv({
    ...sandboxEnv(sandboxes, options.oauth),
    LEADLOOP_DATA_DIR: 'memory://',
    ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }),
  });
  const salesforce = createSalesforceConnector({
    env,
    ...(options.salesforceTimeoutMs === undefined
      ? {}
      : { timeoutMs: options.salesforceTimeoutMs }),
  });
  const hubspot = createHubspotConnector({
    env,
    appId: SANDBOX_APP_ID,
    ...(options.hubspotTimeoutMs === undefined ? {} : { timeoutMs: options.hubspotTimeoutMs }),
    ...(options.hubspotClock === undefined ? {} : { clock: options.hubspotClock }),
  });
  await salesforce.setup();
  await hubspot.setup();
  const store = await openStore({ env });
  const engine: Engine = {
    store,
    config: shippedConfig(),
    clock: () => new Date(),
    connectors: { salesforce, hubspot },
  };
  sandboxes.server.accounting.reset();
  return {
    env,
    engine,
    store,
    place,
    sync: (syncOptions) => runSync(engine, syncOptions),
    close: async () => {
      await store.close();
      await Promise.all(
        Object.values(engine.connectors).map((connector: Connector) => connector.close()),
      );
      await place.drop();
    },
  };
}
