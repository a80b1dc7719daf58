import { Worker } from 'node:worker_threads';
import { SANDBOX_APP_ID } from '../../connectors/hubspot/sandbox/config.ts';
import { openEngine, type OpenEngine } from '../../src/app/engine.ts';
import { parseEnv, type Env } from '../../src/config/env.ts';
import type { LeadloopConfig } from '../../src/config/load-config.ts';
import type { Clock } from '../../src/lead/clock.ts';
import type { RequestCounts } from '../../src/sandbox/accounting.ts';
import { personAt } from '../../src/sandbox/seed/people.ts';
import type { SandboxesReady } from './sandboxes-worker.ts';

/**
 * The benchmark's world: both sandboxes in a worker thread, driven through their admin API
 * (/__sandbox/: reset, set-up fields, budgets, request accounting), and a fresh leadloop engine
 * per run built by the real composition root (openEngine: the shipped config's budgets, batch
 * sizes and overlap window).
 */
export type Accounting = Record<'salesforce' | 'hubspot', RequestCounts>;

export interface BenchWorld {
  readonly url: string;
  readonly env: Env;
  /** The environment variables `env` was parsed from (for child processes). */
  readonly settings: Readonly<Record<string, string>>;
  admin(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown>;
  /** Empties both systems and sets them up as `leadloop setup` would; accounting restarts. */
  reset(): Promise<void>;
  /** HubSpot contacts marketing marked as MQL, created through the batch API; returns their ids. */
  createMqlContacts(count: number, seed: number): Promise<string[]>;
  requests(): Promise<Accounting>;
  resetRequests(): Promise<void>;
  openEngine(config: Readonly<LeadloopConfig>, clock?: Clock): Promise<OpenEngine>;
  close(): Promise<void>;
}

/** HubSpot's documented defaults, which the sandbox enforces: 190 calls per 10 s, search 5/s. */
const HUBSPOT_BUDGETS = { tenSecondly: 190, daily: 1_000_000, searchPerSecond: 5 };
const UNLIMITED = { tenSecondly: 1_000_000_000, daily: 1_000_000_000, searchPerSecond: 1_000_000 };
const TEN_SECONDS = 10_500;
const SMALL_SEED = 1_000;

export async function startBenchWorld(dataDir = 'memory://'): Promise<BenchWorld> {
  const worker = new Worker(new URL('./sandboxes-worker.ts', import.meta.url), {
    resourceLimits: { maxYoungGenerationSizeMb: 128 },
  });
  const ready = await new Promise<SandboxesReady>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const settings: Record<string, string> = {
    SALESFORCE_INSTANCE_URL: ready.salesforce.instanceUrl,
    SALESFORCE_ACCESS_TOKEN: ready.salesforce.accessToken,
    HUBSPOT_BASE_URL: ready.hubspot.baseUrl,
    HUBSPOT_ACCESS_TOKEN: ready.hubspot.accessToken,
    HUBSPOT_APP_ID: String(SANDBOX_APP_ID),
    LEADLOOP_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  };
  const env = parseEnv(settings);
  const admin = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${ready.url}/__sandbox${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok)
      throw new Error(`sandbox ${path}: ${response.status} ${await response.text()}`);
    return response.status === 204 ? undefined : response.json();
  };

  async function createMqlContacts(count: number, seed: number): Promise<string[]> {
    // A few batches fit HubSpot's own limits; more go in unthrottled, then the window drains.
    const bulk = count > SMALL_SEED;
    if (bulk) await admin('POST', '/hubspot/budgets', UNLIMITED);
    const ids: string[] = [];
    const batches = Math.ceil(count / 100);
    let next = 0;
    const worker = async () => {
      for (let batch = next++; batch < batches; batch = next++) {
        const inputs = [];
        for (let i = batch * 100; i < Math.min(count, (batch + 1) * 100); i += 1) {
          const person = personAt(seed, i);
          inputs.push({
            properties: {
              email: person.email,
              firstname: person.firstName,
              lastname: person.lastName,
              company: person.company,
              jobtitle: person.title,
              phone: person.phone,
              country: person.country,
              industry: person.industry,
              lifecyclestage: 'marketingqualifiedlead',
            },
            associations: [],
          });
        }
        const response = await fetch(`${ready.url}/crm/v3/objects/contacts/batch/create`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${ready.hubspot.accessToken}`,
          },
          body: JSON.stringify({ inputs }),
        });
        if (!response.ok)
          throw new Error(`seeding HubSpot: ${response.status} ${await response.text()}`);
        const created = (await response.json()) as { results: { id: string }[] };
        ids.push(...created.results.map((result) => result.id));
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    // Back to HubSpot's own limits, once the seeding calls have left the ten-second window.
    if (bulk) {
      await admin('POST', '/hubspot/budgets', HUBSPOT_BUDGETS);
      await new Promise((resolve) => setTimeout(resolve, TEN_SECONDS));
    }
    return ids;
  }

  return {
    url: ready.url,
    env,
    settings,
    admin,
    async reset() {
      await admin('POST', '/reset', {});
      await admin('POST', '/salesforce/leadloop-fields', {});
      await admin('POST', '/hubspot/leadloop-properties', {});
      await admin('DELETE', '/requests');
    },
    createMqlContacts,
    requests: async () => (await admin('GET', '/requests')) as Accounting,
    resetRequests: async () => {
      await admin('DELETE', '/requests');
    },
    openEngine: (config, clock) =>
      openEngine({ env, config, ...(clock === undefined ? {} : { clock }) }),
    async close() {
      worker.postMessage('close');
      await new Promise((resolve) => worker.once('exit', resolve));
    },
  };
}
