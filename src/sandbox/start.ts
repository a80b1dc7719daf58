import { hubspotSandbox, HUBSPOT_SANDBOX_TOKEN } from '../../connectors/hubspot/sandbox/index.ts';
import {
  salesforceSandbox,
  SALESFORCE_SANDBOX_TOKEN,
} from '../../connectors/salesforce/sandbox/index.ts';
import { LeadloopError } from '../errors/leadloop-error.ts';
import { startSandboxServer, type RunningSandboxServer } from './server.ts';

/**
 * Both vendor emulators on one port — Salesforce under /services/..., HubSpot under /crm/...,
 * the admin API under /__sandbox/ — optionally seeded with the same deterministic market.
 * This is what `leadloop sandbox`, the `npm start` demo and the sync engine's end-to-end tests
 * use:
 *
 * ```ts
 * const sandboxes = await startBothSandboxes({ count: 500 });
 * new jsforce.Connection({ ...sandboxes.salesforce, version: '62.0' });
 * new Client({ accessToken: sandboxes.hubspot.accessToken, basePath: sandboxes.hubspot.baseUrl });
 * await sandboxes.close();
 * ```
 */
export interface BothSandboxesOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; default 127.0.0.1 (loopback only). */
  host?: string;
  /** Seed this many people (10 … 1,000,000) into both systems; omitted or 0 starts empty. */
  count?: number;
  /** PRNG seed of the seeded market (default 42): the same seed and count give the same data. */
  seed?: number;
}

export interface RunningSandboxes {
  /** Base URL of the shared server, e.g. http://127.0.0.1:4010. */
  readonly url: string;
  readonly port: number;
  /** For `new jsforce.Connection({instanceUrl, accessToken, version: '62.0'})`. */
  readonly salesforce: { readonly instanceUrl: string; readonly accessToken: string };
  /** For `new Client({basePath: baseUrl, accessToken})`. */
  readonly hubspot: { readonly baseUrl: string; readonly accessToken: string };
  /** Records created per system and object when `count` was given, else empty. */
  readonly seeded: Readonly<Record<string, Record<string, number>>>;
  /** The underlying server: admin access (faults, clock, accounting) for tests. */
  readonly server: RunningSandboxServer;
  close(): Promise<void>;
}

export const DEFAULT_SANDBOX_SEED = 42;
export const MAX_SANDBOX_COUNT = 1_000_000;

function checkCount(count: number | undefined): void {
  if (count === undefined || (Number.isInteger(count) && count >= 0 && count <= MAX_SANDBOX_COUNT))
    return;
  throw new LeadloopError('sandbox.invalid_count', `Cannot seed ${count} people`, {
    hint: `give a whole number from 1 to ${MAX_SANDBOX_COUNT.toLocaleString('en-US')} (0 starts empty)`,
  });
}

export async function startBothSandboxes(
  options: BothSandboxesOptions = {},
): Promise<RunningSandboxes> {
  checkCount(options.count);
  const server = await startSandboxServer({
    port: options.port ?? 0,
    ...(options.host === undefined ? {} : { host: options.host }),
    factories: [salesforceSandbox, hubspotSandbox],
  });
  const seeded: Record<string, Record<string, number>> = {};
  try {
    if (options.count !== undefined && options.count > 0) {
      const request = { count: options.count, seed: options.seed ?? DEFAULT_SANDBOX_SEED };
      for (const { sandbox } of server.entries) seeded[sandbox.system] = sandbox.seed(request);
    }
  } catch (error) {
    await server.close();
    throw error;
  }
  return {
    url: server.url,
    port: server.port,
    salesforce: { instanceUrl: server.url, accessToken: SALESFORCE_SANDBOX_TOKEN },
    hubspot: { baseUrl: server.url, accessToken: HUBSPOT_SANDBOX_TOKEN },
    seeded,
    server,
    close: () => server.close(),
  };
}
