import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SyncResult } from '../../src/sync/run-sync.ts';
import { startChild } from './run-child.ts';
import type { Accounting, BenchWorld } from './world.ts';

/**
 * Initial sync of N HubSpot contacts marketing set to MQL, with no Salesforce record yet, then
 * the cycle after it and a quiet cycle. The sync runs in a child process (its own peak RSS); the vendors' request
 * accounting says what it cost. The minimum a sync of N new MQLs can cost: read the contacts
 * (ceil(N/200) search pages), one read per Salesforce object pulled (nothing there yet), create
 * the Leads (ceil(N/200) collection calls) and write stage, score and Salesforce id back to
 * HubSpot (ceil(N/100) batch updates).
 */
export interface SystemCalls {
  readonly read: number;
  readonly write: number;
  readonly total: number;
  readonly byRoute: Readonly<Record<string, number>>;
}

export interface SyncSizeResult {
  readonly leads: number;
  readonly seedMs: number;
  readonly initial: {
    readonly wallMs: number;
    readonly leadsPerSecond: number;
    readonly maxRssMb: number;
    readonly openRssMb: number;
    /** Peak RSS of creating the store (initdb + migrations), in its own process. */
    readonly storeCreateRssMb: number;
    readonly status: string;
    readonly passes: number;
    readonly created: { salesforce: number; hubspot: number };
    readonly updated: { salesforce: number; hubspot: number };
    readonly calls: Record<'salesforce' | 'hubspot', SystemCalls>;
    readonly minimum: Record<'salesforce' | 'hubspot', number>;
    readonly ratio: Record<'salesforce' | 'hubspot' | 'total', number>;
    /** Write calls against ceil(N/200) Lead creates and ceil(N/100) contact updates. */
    readonly writeRatio: Record<'salesforce' | 'hubspot', number>;
  };
  /**
   * The first cycle after the run, once the overlap window has passed: HubSpot's scan reaches
   * back over the run's last `sync.overlapWindow` (search lags writes) and re-reads its echo.
   */
  readonly afterRun: CycleResult;
  /** The cycle after that: nothing changed, nothing to re-read. */
  readonly quiet: CycleResult;
}

export interface CycleResult {
  readonly wallMs: number;
  readonly calls: Record<'salesforce' | 'hubspot', SystemCalls>;
  readonly writes: number;
  /** Reads per object pulled, from the routes (search per HubSpot object, query per sObject). */
  readonly readsPerObject: Readonly<Record<string, number>>;
}

const SALESFORCE_OBJECTS_PULLED = 7;
const DATE_HEADER_STEP_MS = 1_000;

function calls(snapshot: Accounting): Record<'salesforce' | 'hubspot', SystemCalls> {
  const of = (system: 'salesforce' | 'hubspot'): SystemCalls => ({
    read: snapshot[system].read,
    write: snapshot[system].write,
    total: snapshot[system].total,
    byRoute: snapshot[system].byRoute,
  });
  return { salesforce: of('salesforce'), hubspot: of('hubspot') };
}

/** Salesforce queries name their object in the SOQL, which the route does not show: count pages by route. */
function readsPerObject(snapshot: Accounting): Record<string, number> {
  const reads: Record<string, number> = {};
  for (const system of ['salesforce', 'hubspot'] as const) {
    for (const [route, count] of Object.entries(snapshot[system].byRoute)) {
      if (!route.startsWith('GET') && !route.includes('/search')) continue;
      reads[`${system} ${route}`] = count;
    }
  }
  return reads;
}

const ratio = (actual: number, minimum: number) => Math.round((actual / minimum) * 1000) / 1000;

/**
 * @param overlapMs how long to wait after the run before its first cycle: the shipped
 *   `sync.overlapWindow` makes the cycle after it a quiet one. One second more: the scan knows
 *   when it began from HubSpot's `Date` header, whole seconds, so a cycle exactly one window
 *   after the run's last write can look a fraction of a second early and keep the overlap.
 */
export async function benchSync(
  world: BenchWorld,
  leads: number,
  overlapMs: number,
): Promise<SyncSizeResult> {
  await world.reset();
  const seedStarted = performance.now();
  await world.createMqlContacts(leads, 42);
  const seedMs = Math.round(performance.now() - seedStarted);
  await world.resetRequests();

  // The store is created first in a process of its own: PGlite's initdb peaks near 1.1 GB of
  // RSS once, at install time, and would hide what the sync itself holds.
  const dataDir = mkdtempSync(join(tmpdir(), 'leadloop-bench-'));
  const settings = JSON.stringify({ ...world.settings, LEADLOOP_DATA_DIR: dataDir });
  const init = startChild(['init', settings]);
  const created = await init.next();
  await init.done();
  const child = startChild(['sync', settings]);
  const initial = await child.next();
  const initialCalls = calls(await world.requests());
  await new Promise((resolve) => setTimeout(resolve, overlapMs + DATE_HEADER_STEP_MS));
  const cycle = async (): Promise<CycleResult> => {
    await world.resetRequests();
    child.send('quiet');
    const report = await child.next();
    const snapshot = await world.requests();
    const cycleCalls = calls(snapshot);
    return {
      wallMs: report.wallMs,
      calls: cycleCalls,
      writes: cycleCalls.salesforce.write + cycleCalls.hubspot.write,
      readsPerObject: readsPerObject(snapshot),
    };
  };
  const afterRun = await cycle();
  const quiet = await cycle();
  child.send('end');
  await child.done();
  rmSync(dataDir, { recursive: true, force: true });

  const result = initial.result as SyncResult;
  const minimum = {
    salesforce: Math.ceil(leads / 200) + SALESFORCE_OBJECTS_PULLED,
    hubspot: Math.ceil(leads / 100) + Math.max(1, Math.ceil(leads / 200)),
  };
  return {
    leads,
    seedMs,
    initial: {
      wallMs: initial.wallMs,
      leadsPerSecond: Math.round((leads / initial.wallMs) * 1000),
      maxRssMb: initial.maxRssMb,
      openRssMb: initial.openRssMb ?? 0,
      storeCreateRssMb: created.maxRssMb,
      status: result.status,
      passes: result.passes,
      created: {
        salesforce: result.counts.salesforce.created,
        hubspot: result.counts.hubspot.created,
      },
      updated: {
        salesforce: result.counts.salesforce.updated,
        hubspot: result.counts.hubspot.updated,
      },
      calls: initialCalls,
      minimum,
      writeRatio: {
        salesforce: ratio(initialCalls.salesforce.write, Math.ceil(leads / 200)),
        hubspot: ratio(initialCalls.hubspot.write, Math.ceil(leads / 100)),
      },
      ratio: {
        salesforce: ratio(initialCalls.salesforce.total, minimum.salesforce),
        hubspot: ratio(initialCalls.hubspot.total, minimum.hubspot),
        total: ratio(
          initialCalls.salesforce.total + initialCalls.hubspot.total,
          minimum.salesforce + minimum.hubspot,
        ),
      },
    },
    afterRun,
    quiet,
  };
}
