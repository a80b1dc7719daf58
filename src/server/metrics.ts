import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics served at `GET /metrics`. One registry for the process; the metric
 * objects are exported so the sync engine, connectors and jobs update them where things
 * happen (`syncRuns.inc({trigger: 'schedule', status: 'succeeded'})`). Store-backed gauges
 * (dead letters, SLA clocks, queued jobs) are refreshed from the store on each scrape.
 * Labels are low-cardinality on purpose: never a lead id or an email.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'leadloop_process_' });

const registers = [metricsRegistry];

/** Sync cycles finished, by trigger and terminal state (succeeded, partial, failed, stopped). */
export const syncRuns = new Counter({
  name: 'leadloop_sync_runs_total',
  help: 'Sync cycles finished, by trigger and terminal state.',
  labelNames: ['trigger', 'status'] as const,
  registers,
});

export const syncRunDuration = new Histogram({
  name: 'leadloop_sync_run_duration_seconds',
  help: 'Wall time of one sync cycle.',
  labelNames: ['trigger'] as const,
  buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900],
  registers,
});

/** Records handled by the engine: created, updated, unchanged, skipped, dead_lettered, … */
export const syncRecords = new Counter({
  name: 'leadloop_sync_records_total',
  help: 'Records handled by the sync engine, by system and outcome.',
  labelNames: ['system', 'outcome'] as const,
  registers,
});

/** Vendor API calls this process made (connectors' `usage().callsMade`). */
export const apiCalls = new Gauge({
  name: 'leadloop_api_calls',
  help: 'Vendor API calls made by this process since it started, per system.',
  labelNames: ['system'] as const,
  registers,
});

/** Calls leadloop may still spend today under its configured share of the daily limit. */
export const apiBudgetRemaining = new Gauge({
  name: 'leadloop_api_budget_remaining',
  help: "Calls left today under leadloop's share of the vendor's daily API limit, per system.",
  labelNames: ['system'] as const,
  registers,
});

export const deadLetters = new Gauge({
  name: 'leadloop_dead_letters',
  help: 'Unresolved dead letters (records a system rejected), waiting for replay.',
  registers,
});

export const slaClocks = new Gauge({
  name: 'leadloop_sla_clocks',
  help: 'Open follow-up clocks by status.',
  labelNames: ['status'] as const,
  registers,
});

/** Seconds from a change in one system to leadloop's write of it in the other. */
export const propagationLatency = new Histogram({
  name: 'leadloop_propagation_latency_seconds',
  help: 'Time from a change in one system until leadloop wrote it to the other.',
  labelNames: ['from', 'to'] as const,
  buckets: [1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600],
  registers,
});

export const jobsQueued = new Gauge({
  name: 'leadloop_jobs_queued',
  help: 'Jobs waiting or running in the durable queue.',
  registers,
});

export const jobsFinished = new Counter({
  name: 'leadloop_jobs_total',
  help: 'Jobs this process ran, by kind and outcome (done, retry, gave_up, released, lease_lost).',
  labelNames: ['kind', 'outcome'] as const,
  registers,
});

export const webhookEvents = new Counter({
  name: 'leadloop_webhook_events_total',
  help: 'Webhook events received, by system and outcome (queued, duplicate, own_change, ignored).',
  labelNames: ['system', 'outcome'] as const,
  registers,
});
