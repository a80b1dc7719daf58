import type { Router } from 'express';

/**
 * What the service needs from the rest of leadloop, kept small and plain so the sync engine,
 * the report and the dashboard plug in without the server knowing their insides. Tests use
 * fakes of these ports against the real store.
 */

/** Why a run started: the cron schedule, an admin (API/CLI), or a webhook hint. */
export type RunTrigger = 'schedule' | 'admin' | 'cli' | 'webhook';

/** Passed to every engine call a job makes. */
export interface JobContext {
  /**
   * Aborted on shutdown (SIGTERM): finish the page in flight, then stop (the engine's
   * `shutdown_requested` event). Work not done is picked up again by the next claim.
   */
  readonly signal: AbortSignal;
}

/** The outcome of one sync cycle, as the engine reports it (stored on its run row). */
export interface RunSummary {
  readonly runId: string;
  /** A terminal run state (src/sync/run-state.ts): succeeded, partial, failed, stopped. */
  readonly status: string;
  /** Anything else worth showing (records read/written, dead letters, …). */
  readonly [key: string]: unknown;
}

export interface ReplayOutcome {
  readonly id: number;
  /** `replayed`: the record went through; `failed`: it failed again (still a dead letter). */
  readonly outcome: 'replayed' | 'failed' | 'not_found';
  readonly message?: string;
}

/** The vendor systems a webhook can name (same spelling as `src/sync/connector.ts`). */
export type WebhookSystem = 'hubspot' | 'salesforce';

/** The sync engine, as the service and its jobs drive it. */
export interface SyncPort {
  /** One full incremental cycle: pull → … → checkpoint. */
  runCycle(trigger: RunTrigger, context: JobContext): Promise<RunSummary>;
  /**
   * A lead-scoped sync after a webhook: read these records now and push what changed, so a
   * change reaches the other system in seconds instead of waiting for the next cycle.
   * `object` is the vendor's object name (`contact`, `Lead`, `Contact`, `Opportunity`, …).
   */
  syncRecords(
    system: WebhookSystem,
    object: string,
    ids: readonly string[],
    context: JobContext,
  ): Promise<void>;
  /** Retries dead letters (all unresolved ones when `ids` is omitted). */
  replayDeadLetters(ids?: readonly number[]): Promise<ReplayOutcome[]>;
  /** Marks breached/escalated follow-up clocks and sends their alerts. */
  runSlaSweep(context: JobContext): Promise<unknown>;
}

/** The period a report covers: `[from, to)`, ISO-8601 instants. */
export interface ReportRange {
  readonly from: string;
  readonly to: string;
}

/** Builds the pipeline report (`GET /api/report`), in whatever shape `src/report` defines. */
export type ReportFn = (range: ReportRange) => Promise<unknown>;

/** Stores a funnel snapshot for `at` (the scheduled `reportSnapshot` job). */
export type ReportSnapshotFn = (at: string, context: JobContext) => Promise<unknown>;

/** One reachability check for `/readyz` (a vendor API, …). */
export interface ReadinessResult {
  readonly ok: boolean;
  readonly message?: string;
}

/** Extra checks `/readyz` runs besides the store, by name (e.g. `salesforce`, `hubspot`). */
export type ReadinessCheck = () => Promise<Readonly<Record<string, ReadinessResult>>>;

/** The dashboard: an express Router served at `/` behind the admin token. */
export type DashboardRouter = Router;
