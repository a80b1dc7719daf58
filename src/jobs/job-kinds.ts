import { z } from 'zod';

/**
 * The kinds of work in the durable queue (store.jobs) and their payloads. Payloads are parsed
 * when a job is claimed: a job written by an older version that no longer parses gives up
 * with a clear error instead of crashing the worker.
 */
export const JOB_KINDS = {
  /** A full incremental sync cycle. */
  syncCycle: 'sync.cycle',
  /** A lead-scoped sync of a few records a webhook named. */
  syncRecords: 'sync.records',
  /** The follow-up (SLA) sweep. */
  slaSweep: 'sla.sweep',
  /** A funnel snapshot for the report. */
  reportSnapshot: 'report.snapshot',
} as const;
export type JobKind = (typeof JOB_KINDS)[keyof typeof JOB_KINDS];

const Trigger = z.enum(['schedule', 'admin', 'cli', 'webhook']);

export const SyncCyclePayload = z.object({ trigger: Trigger });

export const SyncRecordsPayload = z.object({
  system: z.enum(['hubspot', 'salesforce']),
  /** The vendor's object name: `contact` (HubSpot), `Lead`, `Contact`, `Opportunity`, … */
  object: z.string().min(1),
  ids: z.array(z.string().min(1)).min(1),
  /** When the webhook arrived, for the propagation-latency metric. */
  receivedAt: z.string(),
});
export type SyncRecordsPayload = z.infer<typeof SyncRecordsPayload>;

/** Scheduled jobs carry the tick they belong to. */
export const ScheduledPayload = z.object({ tick: z.string() });
