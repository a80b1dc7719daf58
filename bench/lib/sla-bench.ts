import type { LeadloopConfig } from '../../src/config/load-config.ts';
import { slaSweepFor } from '../../src/app/sla.ts';
import { engineSyncPort } from '../../src/app/sync-port.ts';
import { jobHandlers } from '../../src/jobs/handlers.ts';
import { configuredSchedules, createScheduler, cronStepMs } from '../../src/jobs/scheduler.ts';
import { createJobWorker } from '../../src/jobs/worker.ts';
import { runSync } from '../../src/sync/run-sync.ts';
import { percentile } from './latency-bench.ts';
import type { BenchWorld } from './world.ts';

/**
 * SLA detection: how long after a lead's due time it is flagged breached. N handed-off leads
 * get due times spread over the next minute or so; then the production path runs — the
 * scheduler ticking the configured `schedules.sla` (every minute by default), the job worker,
 * the SLA sweep and its write pass — and the bench watches leadloop's store (breach recorded)
 * and Salesforce (`LeadLoop_SLA_Status__c = breached`, what sales sees).
 */
export interface SlaBenchResult {
  readonly leads: number;
  readonly schedule: string;
  readonly seen: number;
  /** Due → breach recorded by the sweep. */
  readonly recorded: { p50Ms: number; p95Ms: number; maxMs: number };
  /** Due → the Lead shows `breached` in Salesforce. */
  readonly visible: { p50Ms: number; p95Ms: number; maxMs: number };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const WATCH_EVERY_MS = 200;

const summary = (values: readonly number[]) => ({
  p50Ms: Math.round(percentile(values, 50)),
  p95Ms: Math.round(percentile(values, 95)),
  maxMs: Math.round(Math.max(0, ...values)),
});

/** Due times spread over a minute on the shipped schedule, over 3 s on a per-second one. */
const SPREAD_MIN_MS = 3_000;
const SPREAD_MAX_MS = 60_000;

export async function benchSlaDetection(
  world: BenchWorld,
  config: LeadloopConfig,
  options: { leads: number; schedule: string },
): Promise<SlaBenchResult> {
  const { schedule } = options;
  const stepMs = cronStepMs(schedule);
  const spreadMs = Math.min(SPREAD_MAX_MS, Math.max(SPREAD_MIN_MS, stepMs));
  await world.reset();
  await world.createMqlContacts(options.leads, 11);
  const opened = await world.openEngine(config);
  const { engine, store } = opened;
  try {
    if ((await runSync(engine, { trigger: 'bench' })).status !== 'succeeded')
      throw new Error('SLA bench: the handoff sync failed');
    // Due times spread from 1 s ahead over the spread; escalation far off (not measured here).
    const { rows: clocks } = await store.db.query<{ id: string; lead_id: string }>(
      'SELECT id, lead_id FROM sla_clocks WHERE closed_at IS NULL ORDER BY id',
    );
    const start = Date.now();
    const dueAt = new Map<string, number>();
    for (const [index, clock] of clocks.entries()) {
      const due = start + 1_000 + Math.round((index / Math.max(1, clocks.length)) * spreadMs);
      dueAt.set(clock.lead_id, due);
      await store.db.query(
        `UPDATE sla_clocks SET due_at = $2::timestamptz, escalation_due_at = $3::timestamptz
         WHERE id = $1`,
        [clock.id, new Date(due).toISOString(), new Date(due + 86_400_000).toISOString()],
      );
    }

    const scheduler = createScheduler({
      store,
      clock: engine.clock,
      schedules: configuredSchedules({ ...config.main.schedules, sla: schedule }).filter(
        (entry) => entry.name === 'sla',
      ),
      timezone: config.main.schedules.timezone,
    });
    const sync = engineSyncPort(engine, { slaSweep: slaSweepFor(world.env) });
    const worker = createJobWorker({ store, handlers: jobHandlers({ store, sync }), pollMs: 100 });
    scheduler.start();
    worker.start();

    const recorded = new Map<string, number>();
    const visible = new Map<string, number>();
    const giveUpAt = start + spreadMs + 2 * stepMs + 30_000;
    try {
      while (visible.size < dueAt.size && Date.now() < giveUpAt) {
        await sleep(WATCH_EVERY_MS);
        // breached_at says when the deadline passed (the due time), not when the sweep saw it:
        // the time is when the store first shows the breach.
        const { rows } = await store.db.query<{ lead_id: string }>(
          'SELECT lead_id FROM sla_clocks WHERE breached_at IS NOT NULL',
        );
        const now = Date.now();
        for (const row of rows) {
          const due = dueAt.get(row.lead_id);
          if (due !== undefined && !recorded.has(row.lead_id)) recorded.set(row.lead_id, now - due);
        }
        for (const leadId of await breachedInSalesforce(world)) {
          const due = dueAt.get(leadId);
          if (due !== undefined && !visible.has(leadId)) visible.set(leadId, now - due);
        }
      }
    } finally {
      await scheduler.stop();
      await worker.stop();
    }
    return {
      leads: dueAt.size,
      schedule,
      seen: visible.size,
      recorded: summary([...recorded.values()]),
      visible: summary([...visible.values()]),
    };
  } finally {
    await opened.close();
  }
}

/** leadloop ids of the Leads Salesforce shows as breached. */
async function breachedInSalesforce(world: BenchWorld): Promise<string[]> {
  const soql =
    "SELECT LeadLoop_Id__c FROM Lead WHERE LeadLoop_SLA_Status__c = 'breached' LIMIT 2000";
  const url = `${world.settings.SALESFORCE_INSTANCE_URL}/services/data/v62.0/query?q=${encodeURIComponent(soql)}`;
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${world.settings.SALESFORCE_ACCESS_TOKEN}` },
  });
  if (!response.ok) throw new Error(`SLA bench: Salesforce query ${response.status}`);
  const body = (await response.json()) as { records: { LeadLoop_Id__c: string | null }[] };
  return body.records.flatMap((record) =>
    record.LeadLoop_Id__c === null ? [] : [record.LeadLoop_Id__c],
  );
}
