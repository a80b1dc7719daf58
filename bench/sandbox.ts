import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
import { people } from '../src/sandbox/seed/people.ts';
import { runLoad, type LoadPlan, type LoadResult } from './lib/http-load.ts';
import type { FloorAnswers } from './lib/floor-worker.ts';
import type { WorkerReady } from './lib/server-worker.ts';

/**
 * Sandbox throughput benchmark (`npm run bench:sandbox [-- --seed=N --requests=N
 * --concurrency=N]`). The shared sandbox server runs in a worker thread with both vendors (the
 * Salesforce one when it exists); this thread fires batch requests over keep-alive connections
 * and prints requests/s and records/s per endpoint. Results go to bench/results/.
 */
const args = Object.fromEntries(
  process.argv.slice(2).map((arg) => {
    const [key, value] = arg.replace(/^--/, '').split('=');
    return [key, Number(value)];
  }),
) as Record<string, number>;
const SEED_COUNT = args.seed ?? 100_000;
const REQUESTS = args.requests ?? 5_000;
const CONCURRENCY = args.concurrency ?? 16;
/** Each endpoint runs this many rounds; the median round is the headline (the VM is shared). */
const ROUNDS = args.rounds ?? 3;
/** `--only=upsert` (or read, composite) runs the endpoints whose name contains it. */
const ONLY = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
const TARGET = 2_000;
const SEED = 42;

interface EndpointResult {
  name: string;
  median: LoadResult;
  best: LoadResult;
  rounds: LoadResult[];
  /** The same requests against a bare node:http server that only parses them (floor-worker.ts). */
  floor: LoadResult;
}

const out = (line: string) => process.stdout.write(`${line}\n`);
const json = { 'content-type': 'application/json' };

async function admin(url: string, path: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${url}/__sandbox${path}`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

function expectResults(count: number, field: 'results' | null = 'results') {
  return (status: number, body: string | undefined, index: number) => {
    if (status !== 200 && status !== 201)
      throw new Error(`request ${index}: HTTP ${status} ${body ?? ''}`);
    if (body === undefined) return;
    const parsed = JSON.parse(body) as { results?: unknown[] } | unknown[];
    const results =
      field === null ? (parsed as unknown[]) : (parsed as { results: unknown[] }).results;
    if (results.length !== count)
      throw new Error(`request ${index}: ${results.length} results, expected ${count}`);
  };
}

/**
 * Request bodies are built before timing, from a bounded pool (a big heap of prebuilt bodies
 * would make the load generator's garbage collector compete with the server for the two
 * cores). Upserts alternate two value sets per window of 100 contacts, so every upsert really
 * changes three properties of each contact.
 */
const WINDOWS = 500;

function hubspotPlans(url: string, token: string): LoadPlan[] {
  const pool = Math.min(SEED_COUNT, WINDOWS * 100);
  const emails = Array.from(people(SEED, pool), (person) => person.email);
  const headers = { ...json, authorization: `Bearer ${token}` };
  const stages = ['inquiry', 'mql', 'sal', 'sql'];
  const windows = Math.ceil(pool / 100);
  const upsertBody = (window: number, variant: number) =>
    JSON.stringify({
      inputs: Array.from({ length: 100 }, (_, j) => ({
        id: emails[(window * 100 + j) % pool],
        idProperty: 'email',
        properties: {
          leadloop_score: String((j + variant * 50) % 100),
          leadloop_stage: stages[(j + variant * 2) % 4],
          jobtitle: `Title ${variant === 0 ? 'A' : 'B'} ${j % 7}`,
        },
      })),
    });
  const upserts = [0, 1].map((variant) =>
    Array.from({ length: windows }, (_, window) => upsertBody(window, variant)),
  );
  const readWindows = Math.ceil(SEED_COUNT / 100);
  const reads = Array.from({ length: Math.min(readWindows, 2 * WINDOWS) }, (_, i) =>
    JSON.stringify({
      inputs: Array.from({ length: 100 }, (_, j) => ({
        id: String(((i * 100 + j) % SEED_COUNT) + 1),
      })),
      properties: ['email', 'lifecyclestage', 'leadloop_score', 'hubspotscore'],
      propertiesWithHistory: [],
    }),
  );
  return [
    {
      name: 'hubspot POST /crm/v3/objects/contacts/batch/upsert (100 by email)',
      url,
      count: REQUESTS,
      concurrency: CONCURRENCY,
      recordsPerRequest: 100,
      make: (i) => ({
        method: 'POST',
        path: '/crm/v3/objects/contacts/batch/upsert',
        headers,
        body: upserts[Math.floor(i / windows) % 2]![i % windows]!,
      }),
      check: expectResults(100),
    },
    {
      name: 'hubspot POST /crm/v3/objects/contacts/batch/read (100 by id)',
      url,
      count: REQUESTS,
      concurrency: CONCURRENCY,
      recordsPerRequest: 100,
      make: (i) => ({
        method: 'POST',
        path: '/crm/v3/objects/contacts/batch/read',
        headers,
        body: reads[i % reads.length]!,
      }),
      check: expectResults(100),
    },
  ];
}

/**
 * The Salesforce writes leadloop makes, 200 records per collection call. Upserts and updates
 * run over a bounded pool of leads created before timing and alternate two value sets, so
 * every call really changes each record; creates start from an emptied org each round, so the
 * org never grows past one round of leads.
 */
const SF_BATCH = 200;
const SF_WINDOWS = 250;
const SF_PATH = '/services/data/v62.0/composite/sobjects';

interface BenchPlan extends LoadPlan {
  /** Runs once before the warm-up (not timed). */
  readonly prepare?: () => Promise<void>;
  /** Runs before every round (not timed). */
  readonly beforeRound?: () => Promise<void>;
}

function salesforcePlans(url: string, token: string): BenchPlan[] {
  const headers = { ...json, authorization: `Bearer ${token}`, 'sforce-auto-assign': 'FALSE' };
  const stages = ['Inquiry', 'MQL', 'SAL', 'SQL'];
  const lead = (window: number, j: number, variant: number) => ({
    attributes: { type: 'Lead' },
    LeadLoop_Id__c: `00000000-0000-4000-8000-${String(window * SF_BATCH + j).padStart(12, '0')}`,
    FirstName: 'Bench',
    LastName: `Lead ${window}-${j}`,
    Company: `Bench Co ${window}`,
    Email: `bench.${window}.${j}@bench-leads.example`,
    Title: `Title ${variant === 0 ? 'A' : 'B'} ${j % 7}`,
    LeadLoop_Score__c: (j + variant * 50) % 100,
    LeadLoop_Stage__c: stages[(j + variant * 2) % 4],
  });
  const upserts = [0, 1].map((variant) =>
    Array.from({ length: SF_WINDOWS }, (_, window) =>
      JSON.stringify({
        allOrNone: false,
        records: Array.from({ length: SF_BATCH }, (_, j) => lead(window, j, variant)),
      }),
    ),
  );
  /** Lead ids by window, known once the pool exists (the update bodies name them). */
  let updates: string[][] = [[], []];
  const creates = Array.from({ length: SF_WINDOWS }, (_, window) =>
    JSON.stringify({
      allOrNone: false,
      records: Array.from({ length: SF_BATCH }, (_, j) => {
        const {
          LeadLoop_Id__c: _id,
          LeadLoop_Score__c: _s,
          LeadLoop_Stage__c: _t,
          ...rest
        } = lead(window, j, 0);
        return rest;
      }),
    }),
  );
  const createPool = async () => {
    await admin(url, '/reset', { systems: ['salesforce'] });
    await admin(url, '/salesforce/leadloop-fields', {});
    const ids: string[][] = [];
    for (let window = 0; window < SF_WINDOWS; window += 1) {
      const response = await fetch(`${url}${SF_PATH}/Lead/LeadLoop_Id__c`, {
        method: 'PATCH',
        headers,
        body: upserts[0]![window]!,
      });
      const results = (await response.json()) as { id: string; success: boolean }[];
      if (!results.every((result) => result.success))
        throw new Error(`pool upsert failed: ${JSON.stringify(results[0])}`);
      ids.push(results.map((result) => result.id));
    }
    held.fill(0);
    updates = [0, 1].map((variant) =>
      ids.map((window, w) =>
        JSON.stringify({
          allOrNone: false,
          records: window.map((id, j) => {
            const { LeadLoop_Id__c: _id, ...fields } = lead(w, j, variant);
            return { ...fields, Id: id };
          }),
        }),
      ),
    );
  };
  /** The value set each window's leads hold now: every call flips it, so every call changes them. */
  const held = new Uint8Array(SF_WINDOWS);
  const flip = (window: number) => (held[window] = held[window] === 0 ? 1 : 0);
  const base = {
    url,
    count: REQUESTS,
    concurrency: CONCURRENCY,
    recordsPerRequest: SF_BATCH,
    check: expectResults(SF_BATCH, null),
  };
  return [
    {
      ...base,
      name: `salesforce PATCH ${SF_PATH}/Lead/LeadLoop_Id__c (200 upserts by external id)`,
      prepare: createPool,
      make: (i) => ({
        method: 'PATCH',
        path: `${SF_PATH}/Lead/LeadLoop_Id__c`,
        headers,
        body: upserts[flip(i % SF_WINDOWS)]![i % SF_WINDOWS]!,
      }),
    },
    {
      ...base,
      name: `salesforce PATCH ${SF_PATH} (200 updates by Id)`,
      prepare: createPool,
      make: (i) => ({
        method: 'PATCH',
        path: SF_PATH,
        headers,
        body: updates[flip(i % SF_WINDOWS)]![i % SF_WINDOWS]!,
      }),
    },
    {
      ...base,
      name: `salesforce POST ${SF_PATH} (200 Lead creates)`,
      beforeRound: () => admin(url, '/reset', { systems: ['salesforce'] }).then(() => undefined),
      // Each reuse of a body within a round gets its own email domain: every Lead is new.
      make: (i) => ({
        method: 'POST',
        path: SF_PATH,
        headers,
        body: creates[i % SF_WINDOWS]!.replaceAll(
          '@bench-leads.example',
          `@r${Math.floor(i / SF_WINDOWS)}.bench-leads.example`,
        ),
      }),
    },
  ];
}

/** Warm-up (JIT, connections), not counted; then the timed rounds. */
async function measure(plan: BenchPlan): Promise<LoadResult[]> {
  await plan.beforeRound?.();
  await runLoad({ ...plan, count: Math.min(300, plan.count) });
  const rounds: LoadResult[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    await plan.beforeRound?.();
    rounds.push(await runLoad(plan));
  }
  return rounds;
}

/** Keeps the sandbox's first checked answer to each method and path, for the floor to repeat. */
function recordAnswers(plan: BenchPlan, answers: FloorAnswers['answers']): BenchPlan {
  const keys = new Map<number, string>();
  return {
    ...plan,
    make: (index) => {
      const spec = plan.make(index);
      keys.set(index, `${spec.method} ${spec.path}`);
      return spec;
    },
    check: (status, body, index) => {
      plan.check(status, body, index);
      const key = keys.get(index);
      keys.delete(index);
      if (body !== undefined && key !== undefined && answers[key] === undefined)
        answers[key] = { status, body };
    },
  };
}

/** The floor server in its own thread, like the sandbox's. */
async function startFloor() {
  const worker = new Worker(new URL('./lib/floor-worker.ts', import.meta.url), {
    resourceLimits: { maxYoungGenerationSizeMb: 128 },
  });
  const next = () =>
    new Promise<string>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  const url = await next();
  return {
    url,
    answer: async (answers: FloorAnswers['answers']) => {
      const ready = next();
      worker.postMessage({ answers } satisfies FloorAnswers);
      await ready;
    },
    close: () => worker.terminate(),
  };
}

async function main(): Promise<void> {
  // A larger young generation: batch handling allocates many short-lived objects.
  const worker = new Worker(new URL('./lib/server-worker.ts', import.meta.url), {
    resourceLimits: { maxYoungGenerationSizeMb: 128 },
  });
  const ready = await new Promise<WorkerReady>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  out(
    `sandbox server ${ready.url} with ${ready.systems.join(' + ')} (${cpus()[0]?.model ?? 'cpu'}, ${availableParallelism()} cores, Node ${process.version})`,
  );
  if (ready.salesforce !== undefined)
    out(`Salesforce sandbox not benchmarked: ${ready.salesforce}`);

  await admin(ready.url, '/hubspot/budgets', {
    tenSecondly: 1_000_000_000,
    daily: 1_000_000_000,
    searchPerSecond: 1_000_000,
  });
  const seedStarted = performance.now();
  const seeded = await admin(ready.url, '/hubspot/seed', {
    count: SEED_COUNT,
    seed: SEED,
    withLeadloopProperties: true,
  });
  const seedMs = Math.round(performance.now() - seedStarted);
  out(`seeded ${JSON.stringify((seeded as { created: unknown }).created)} in ${seedMs} ms`);

  const plans: BenchPlan[] = hubspotPlans(ready.url, ready.tokens.hubspot!);
  if (ready.tokens.salesforce !== undefined)
    plans.push(...salesforcePlans(ready.url, ready.tokens.salesforce));
  const floor = await startFloor();
  const results: EndpointResult[] = [];
  for (const plan of plans.filter((p) => ONLY === undefined || p.name.includes(ONLY))) {
    await plan.prepare?.();
    const answers: FloorAnswers['answers'] = {};
    const rounds = await measure(recordAnswers(plan, answers));
    const byRate = [...rounds].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
    const median = byRate[Math.floor(byRate.length / 2)]!;
    const best = byRate[byRate.length - 1]!;
    await floor.answer(answers);
    const { beforeRound: _reset, ...sameRequests } = plan;
    const floorRounds = await measure({ ...sameRequests, url: floor.url });
    const floorMedian = [...floorRounds].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[
      Math.floor(floorRounds.length / 2)
    ]!;
    results.push({ name: plan.name, median, best, rounds, floor: floorMedian });
    out(
      `${plan.name}: ${median.requestsPerSecond} req/s, ${median.recordsPerSecond} records/s median of ${ROUNDS} ` +
        `(best ${best.requestsPerSecond} req/s; ${median.requests} requests per round, p50 ${median.latencyMs.p50} ms, p95 ${median.latencyMs.p95} ms)` +
        `; floor ${floorMedian.requestsPerSecond} req/s (${Math.round((100 * median.requestsPerSecond) / floorMedian.requestsPerSecond)} %)`,
    );
  }
  await floor.close();
  const meetsTarget = results.every((result) => result.median.requestsPerSecond >= TARGET);
  out(
    meetsTarget
      ? `every endpoint ≥ ${TARGET} batch requests/s (median round)`
      : `below the ${TARGET} batch requests/s target on at least one endpoint (median round)`,
  );

  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = new URL('./results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const file = new URL(`sandbox-${stamp}.json`, dir);
  const report = {
    at: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model,
    cores: availableParallelism(),
    systems: ready.systems,
    ...(ready.salesforce === undefined ? {} : { salesforceSkipped: ready.salesforce }),
    seed: { count: SEED_COUNT, ms: seedMs },
    concurrency: CONCURRENCY,
    rounds: ROUNDS,
    target: TARGET,
    meetsTarget,
    results,
  };
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  out(`results written to ${file.pathname}`);
  worker.postMessage('close');
  await worker.terminate();
}

await main();
