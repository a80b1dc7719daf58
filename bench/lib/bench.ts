import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { loadConfig } from '../../src/config/load-config.ts';
import { benchEngine, type EngineBenchResult } from './engine-bench.ts';
import { benchPolling, benchWebhooks, type LatencyResult } from './latency-bench.ts';
import { startChild } from './run-child.ts';
import { benchSlaDetection, type SlaBenchResult } from './sla-bench.ts';
import { benchSync, type SyncSizeResult } from './sync-bench.ts';
import { startBenchWorld } from './world.ts';

/**
 * `npm run bench`: every section in turn, the results as one JSON document under
 * bench/results/ (and returned, for the smoke test). Sections that need something not built
 * yet say so in `notMeasured` instead of failing.
 */
export const SECTIONS = ['engine', 'sync', 'memory', 'polling', 'webhook', 'sla'] as const;
export type Section = (typeof SECTIONS)[number];

export interface BenchOptions {
  /** Leads for the no-I/O engine bench. */
  readonly engineLeads: number;
  /** Initial-sync sizes (API efficiency, end to end, and their peak RSS). */
  readonly sizes: readonly number[];
  /** Engine-only peak RSS sizes (child processes). */
  readonly memorySizes: readonly number[];
  readonly changes: number;
  /** Pause between polling cycles for the polling-latency run. */
  readonly pollIntervalMs: number;
  /** Leads whose due times pass during the SLA-detection run (spread over a minute). */
  readonly slaLeads?: number;
  /** The SLA job's schedule for that run; default the shipped `schedules.sla` (every minute). */
  readonly slaSchedule?: string;
  /** Wait between an initial sync and its next cycle; default the config's `sync.overlapWindow`. */
  readonly quietAfterMs?: number;
  readonly sections: readonly Section[];
  /** Folder for the JSON result (default bench/results). */
  readonly outDir?: URL;
  readonly log?: (line: string) => void;
}

export interface MemoryResult {
  readonly leads: number;
  readonly mode: 'sync' | 'engine';
  readonly maxRssMb: number;
  /** RSS with the engine open and nothing synced yet (sync mode): PGlite and the code. */
  readonly openRssMb?: number;
  /** Peak RSS of creating the PGlite store (initdb), once per install (sync mode). */
  readonly storeCreateRssMb?: number;
}

export interface BenchReport {
  readonly at: string;
  readonly machine: {
    readonly node: string;
    readonly cpu: string | undefined;
    readonly cores: number;
    readonly memoryGb: number;
  };
  readonly options: Omit<BenchOptions, 'outDir' | 'log'>;
  readonly engine?: EngineBenchResult;
  readonly sync: SyncSizeResult[];
  readonly memory: MemoryResult[];
  readonly latency: LatencyResult[];
  readonly sla?: SlaBenchResult;
  readonly notMeasured: Record<string, string>;
  readonly file: string;
}

export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const log = options.log ?? (() => undefined);
  const on = (section: Section) => options.sections.includes(section);
  const config = loadConfig({ configPath: 'config/leadloop.yaml' });
  const notMeasured: Record<string, string> = {};
  let engine: EngineBenchResult | undefined;
  const sync: SyncSizeResult[] = [];
  const memory: MemoryResult[] = [];
  const latency: LatencyResult[] = [];
  let sla: SlaBenchResult | undefined;

  if (on('engine')) {
    log(`engine: ${options.engineLeads} synthetic leads, no I/O`);
    engine = benchEngine(config, options.engineLeads);
  }
  if (on('sync') || on('polling') || on('webhook') || on('sla')) {
    const world = await startBenchWorld();
    try {
      for (const leads of on('sync') ? options.sizes : []) {
        const overlapMs = options.quietAfterMs ?? config.main.sync.overlapWindow.ms;
        log(`sync: initial sync of ${leads} MQL contacts, ${overlapMs} ms, two more cycles`);
        const result = await benchSync(world, leads, overlapMs);
        sync.push(result);
        memory.push({
          leads,
          mode: 'sync',
          maxRssMb: result.initial.maxRssMb,
          openRssMb: result.initial.openRssMb,
          storeCreateRssMb: result.initial.storeCreateRssMb,
        });
      }
      if (on('polling')) {
        log(`polling: ${options.changes} changes, ${options.pollIntervalMs} ms between cycles`);
        latency.push(
          await benchPolling(world, config, {
            changes: options.changes,
            intervalMs: options.pollIntervalMs,
            spacingMs: Math.max(50, Math.round((options.pollIntervalMs * 8) / options.changes)),
          }),
        );
      }
      if (on('webhook')) {
        log(`webhook: ${options.changes} HubSpot changes through serve's webhook endpoint`);
        latency.push(
          await benchWebhooks(world, config, { changes: options.changes, spacingMs: 100 }),
        );
      }
      if (on('sla')) {
        const schedule = options.slaSchedule ?? config.main.schedules.sla;
        const leads = options.slaLeads ?? 50;
        log(`sla: ${leads} leads falling due over a minute, SLA job on "${schedule}"`);
        sla = await benchSlaDetection(world, config, { leads, schedule });
      }
    } finally {
      await world.close();
    }
  }
  if (on('memory')) {
    for (const leads of options.memorySizes) {
      log(`memory: engine only, ${leads} leads in a child process`);
      const child = startChild(['engine', String(leads)]);
      const report = await child.next();
      await child.done();
      memory.push({ leads, mode: 'engine', maxRssMb: report.maxRssMb });
    }
  }

  const at = new Date().toISOString();
  const dir = options.outDir ?? new URL('../results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const file = new URL(`${at.replace(/[:.]/g, '-')}.json`, dir);
  const { outDir: _outDir, log: _log, ...settings } = options;
  const report: BenchReport = {
    at,
    machine: {
      node: process.version,
      cpu: cpus()[0]?.model,
      cores: availableParallelism(),
      memoryGb: Math.round(totalmem() / 2 ** 30),
    },
    options: settings,
    ...(engine === undefined ? {} : { engine }),
    sync,
    memory,
    latency,
    ...(sla === undefined ? {} : { sla }),
    notMeasured,
    file: file.pathname,
  };
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return report;
}
