import { SANDBOX_APP_ID } from '../../connectors/hubspot/sandbox/config.ts';
import { startLeadloopService } from '../../src/app/service.ts';
import { parseEnv } from '../../src/config/env.ts';
import type { LeadloopConfig } from '../../src/config/load-config.ts';
import type { Engine } from '../../src/sync/engine.ts';
import { runSync } from '../../src/sync/run-sync.ts';
import type { BenchWorld } from './world.ts';

/**
 * Propagation latency: a person edits a title in one system (a marketer in HubSpot, a rep in
 * Salesforce, through the sandboxes' UI-edit admin calls, so the change is theirs, not an API
 * integration's) and the bench watches the other system until the new value is there. Changes
 * are spread evenly over the run, one lead each, alternating direction for polling; the
 * webhook path covers HubSpot → Salesforce (HubSpot's signed v3 webhooks → `serve`'s job →
 * a lead-scoped sync).
 */
export interface LatencyResult {
  readonly path: 'polling' | 'webhook';
  readonly changes: number;
  readonly seen: number;
  /** Pause between polling cycles (polling path). */
  readonly intervalMs?: number;
  readonly cycles?: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly maxMs: number;
  readonly byDirection: Readonly<Record<string, { count: number; p50Ms: number; p95Ms: number }>>;
}

interface Change {
  readonly direction: 'hubspot→salesforce' | 'salesforce→hubspot';
  readonly email: string;
  readonly title: string;
  startedAt?: number;
  latencyMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const WATCH_EVERY_MS = 100;

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface People {
  /** email → HubSpot contact id, Salesforce Lead id and both titles now. */
  readonly byEmail: Map<string, { hubspot: string; salesforce: string; hs: string; sf: string }>;
}

async function people(world: BenchWorld): Promise<People> {
  const contacts = (await world.admin('GET', '/dump/hubspot?object=contacts')) as {
    id: string;
    properties: Record<string, string | null>;
  }[];
  const leads = (await world.admin('GET', '/dump/salesforce?object=Lead')) as Record<
    string,
    string | null
  >[];
  const byEmail = new Map<
    string,
    { hubspot: string; salesforce: string; hs: string; sf: string }
  >();
  const sfByEmail = new Map(leads.map((lead) => [String(lead.Email).toLowerCase(), lead]));
  for (const contact of contacts) {
    const email = String(contact.properties.email).toLowerCase();
    const lead = sfByEmail.get(email);
    if (lead === undefined) continue;
    byEmail.set(email, {
      hubspot: contact.id,
      salesforce: String(lead.Id),
      hs: contact.properties.jobtitle ?? '',
      sf: lead.Title ?? '',
    });
  }
  return { byEmail };
}

async function edit(world: BenchWorld, change: Change, ids: People): Promise<void> {
  const person = ids.byEmail.get(change.email)!;
  if (change.direction === 'hubspot→salesforce')
    await world.admin('POST', '/hubspot/ui-edit', {
      id: person.hubspot,
      properties: { jobtitle: change.title },
    });
  else
    await world.admin('POST', '/salesforce/ui-edit', {
      object: 'Lead',
      id: person.salesforce,
      fields: { Title: change.title },
    });
  change.startedAt = performance.now();
}

/** Makes the changes `spacingMs` apart and watches for each one until `deadlineMs` after the last. */
async function runChanges(
  world: BenchWorld,
  changes: Change[],
  spacingMs: number,
  deadlineMs: number,
): Promise<void> {
  const ids = await people(world);
  let editing = true;
  const editor = (async () => {
    for (const change of changes) {
      await edit(world, change, ids);
      await sleep(spacingMs);
    }
    editing = false;
  })();
  let lastEdit = performance.now();
  for (;;) {
    await sleep(WATCH_EVERY_MS);
    const now = await people(world);
    const at = performance.now();
    for (const change of changes) {
      if (change.startedAt === undefined || change.latencyMs !== undefined) continue;
      const person = now.byEmail.get(change.email);
      const there = change.direction === 'hubspot→salesforce' ? person?.sf : person?.hs;
      if (there === change.title) change.latencyMs = at - change.startedAt;
    }
    if (editing) lastEdit = at;
    const open = changes.some((change) => change.latencyMs === undefined);
    if (!open || (!editing && at - lastEdit > deadlineMs)) break;
  }
  await editor;
}

function summarize(
  path: 'polling' | 'webhook',
  changes: readonly Change[],
  extra: Partial<LatencyResult>,
): LatencyResult {
  const latencies = changes.flatMap((c) => (c.latencyMs === undefined ? [] : [c.latencyMs]));
  const byDirection: Record<string, { count: number; p50Ms: number; p95Ms: number }> = {};
  for (const direction of new Set(changes.map((c) => c.direction))) {
    const mine = changes
      .filter((c) => c.direction === direction && c.latencyMs !== undefined)
      .map((c) => c.latencyMs!);
    byDirection[direction] = {
      count: mine.length,
      p50Ms: Math.round(percentile(mine, 50)),
      p95Ms: Math.round(percentile(mine, 95)),
    };
  }
  return {
    path,
    changes: changes.length,
    seen: latencies.length,
    ...extra,
    p50Ms: Math.round(percentile(latencies, 50)),
    p95Ms: Math.round(percentile(latencies, 95)),
    maxMs: Math.round(Math.max(0, ...latencies)),
    byDirection,
  };
}

async function linkedWorld(world: BenchWorld, count: number, engine: Engine): Promise<string[]> {
  await world.reset();
  await world.createMqlContacts(count, 77);
  await runSync(engine, { trigger: 'bench' });
  const ids = await people(world);
  return [...ids.byEmail.keys()];
}

export async function benchPolling(
  world: BenchWorld,
  config: LeadloopConfig,
  options: { changes: number; intervalMs: number; spacingMs: number },
): Promise<LatencyResult> {
  const opened = await world.openEngine(config);
  try {
    const emails = await linkedWorld(world, options.changes, opened.engine);
    const changes: Change[] = emails.slice(0, options.changes).map((email, i) => ({
      direction: i % 2 === 0 ? 'hubspot→salesforce' : 'salesforce→hubspot',
      email,
      title: `Polling bench title ${i}`,
    }));
    let polling = true;
    let cycles = 0;
    // What `leadloop sync` does in the foreground: a cycle, then the configured pause.
    const loop = (async () => {
      while (polling) {
        await runSync(opened.engine, { trigger: 'bench' });
        cycles += 1;
        for (let waited = 0; polling && waited < options.intervalMs; waited += 50) await sleep(50);
      }
    })();
    await runChanges(world, changes, options.spacingMs, options.intervalMs * 3 + 30_000);
    polling = false;
    await loop;
    return summarize('polling', changes, { intervalMs: options.intervalMs, cycles });
  } finally {
    await opened.close();
  }
}

const CLIENT_SECRET = 'bench-webhook-client-secret-5b2d';

export async function benchWebhooks(
  world: BenchWorld,
  config: LeadloopConfig,
  options: { changes: number; spacingMs: number },
): Promise<LatencyResult> {
  const service = await startLeadloopService({
    env: parseEnv({
      ...world.settings,
      HUBSPOT_CLIENT_SECRET: CLIENT_SECRET,
      HUBSPOT_APP_ID: String(SANDBOX_APP_ID),
      LEADLOOP_ADMIN_TOKEN: 'bench-admin-token-000000000000000001',
    }),
    config,
    port: 0,
    host: '127.0.0.1',
    schedules: false,
  });
  try {
    const emails = await linkedWorld(world, options.changes, service.engine);
    await world.admin('POST', '/hubspot/webhooks', {
      targetUrl: `${service.url}/webhooks/hubspot`,
      clientSecret: CLIENT_SECRET,
    });
    const changes: Change[] = emails.slice(0, options.changes).map((email, i) => ({
      direction: 'hubspot→salesforce',
      email,
      title: `Webhook bench title ${i}`,
    }));
    await runChanges(world, changes, options.spacingMs, 30_000);
    return summarize('webhook', changes, {});
  } finally {
    await world.admin('DELETE', '/hubspot/webhooks');
    await service.close();
  }
}
