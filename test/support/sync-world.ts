import { Client } from '@hubspot/api-client';
import jsforce from 'jsforce';
import { createHubspotConnector } from '../../connectors/hubspot/index.ts';
import { SANDBOX_APP_ID } from '../../connectors/hubspot/sandbox/config.ts';
import { createSalesforceConnector } from '../../connectors/salesforce/index.ts';
import { parseEnv, type Env } from '../../src/config/env.ts';
import { loadConfig, type LeadloopConfig } from '../../src/config/load-config.ts';
import { startBothSandboxes, type RunningSandboxes } from '../../src/sandbox/start.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import type { Engine } from '../../src/sync/engine.ts';
import { runSync, type SyncOptions, type SyncResult } from '../../src/sync/run-sync.ts';
import type { TestBackend } from './database.ts';

/**
 * Waits for the next wall-clock second: Salesforce's SystemModstamp has second precision, and a
 * person edits seconds after leadloop's write, never within the same second.
 */
export const nextSecond = (): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, 1_050 - (Date.now() % 1_000)));

/** A HubSpot contact marketing marked as MQL, as the SDK creates it; returns its id. */
export async function createMqlContact(
  world: Pick<SyncWorld, 'hubspot'>,
  properties: Record<string, string>,
): Promise<string> {
  const created = await world.hubspot.crm.contacts.basicApi.create({
    properties: { lifecyclestage: 'marketingqualifiedlead', ...properties },
    associations: [],
  });
  return created.id;
}

/**
 * A whole leadloop world for end-to-end sync stories: both sandboxes on one port, set up the way
 * `leadloop setup` leaves a real org and portal, the real connectors (jsforce and the HubSpot
 * SDK over HTTP), a fresh store, and SDK clients for the test to act as sales and marketing.
 */
export interface SyncWorld {
  readonly sandboxes: RunningSandboxes;
  readonly env: Env;
  readonly config: LeadloopConfig;
  readonly store: Store;
  readonly engine: Engine;
  /** Sales' side: a jsforce connection to the Salesforce sandbox. */
  readonly salesforce: jsforce.Connection;
  /** Marketing's side: a HubSpot SDK client. */
  readonly hubspot: Client;
  sync(options?: SyncOptions): Promise<SyncResult>;
  /** Writes the sandboxes served since the last reset, per system. */
  writes(): { salesforce: number; hubspot: number };
  resetAccounting(): void;
  close(): Promise<void>;
}

export async function startSyncWorld(
  options: {
    backend?: TestBackend;
    count?: number;
    configPath?: string;
    /** The engine's clock (default: real time); the sandboxes' clocks are the test's to move. */
    clock?: () => Date;
  } = {},
): Promise<SyncWorld> {
  const sandboxes = await startBothSandboxes({ count: options.count ?? 0 });
  const place = await options.backend?.createPlace();
  const env = parseEnv({
    SALESFORCE_INSTANCE_URL: sandboxes.salesforce.instanceUrl,
    SALESFORCE_ACCESS_TOKEN: sandboxes.salesforce.accessToken,
    HUBSPOT_BASE_URL: sandboxes.hubspot.baseUrl,
    HUBSPOT_ACCESS_TOKEN: sandboxes.hubspot.accessToken,
    LEADLOOP_DATA_DIR: 'memory://',
    ...(place?.env.DATABASE_URL === undefined ? {} : { DATABASE_URL: place.env.DATABASE_URL }),
  });
  const salesforceConnector = createSalesforceConnector({ env, describeTtlMs: 0 });
  const hubspotConnector = createHubspotConnector({ env, appId: SANDBOX_APP_ID });
  await salesforceConnector.setup();
  await hubspotConnector.setup();
  const config = loadConfig({ configPath: options.configPath ?? 'config/leadloop.yaml' });
  const store = await openStore({ env });
  const engine: Engine = {
    store,
    config,
    clock: options.clock ?? (() => new Date()),
    connectors: { salesforce: salesforceConnector, hubspot: hubspotConnector },
  };
  const accounting = sandboxes.server.accounting;
  return {
    sandboxes,
    env,
    config,
    store,
    engine,
    salesforce: new jsforce.Connection({
      instanceUrl: sandboxes.salesforce.instanceUrl,
      accessToken: sandboxes.salesforce.accessToken,
      version: '62.0',
    }),
    hubspot: new Client({
      basePath: sandboxes.hubspot.baseUrl,
      accessToken: sandboxes.hubspot.accessToken,
    }),
    sync: (syncOptions) => runSync(engine, syncOptions),
    writes: () => {
      const snapshot = accounting.snapshot();
      return { salesforce: snapshot.salesforce.write, hubspot: snapshot.hubspot.write };
    },
    resetAccounting: () => accounting.reset(),
    close: async () => {
      await store.close();
      await salesforceConnector.close();
      await hubspotConnector.close();
      await sandboxes.close();
      await place?.drop();
    },
  };
}
