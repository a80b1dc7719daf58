import type { LeadloopConfig } from '../config/load-config.ts';
import type { Clock } from '../lead/clock.ts';
import type { Store } from '../store/index.ts';
import type { Connector, SystemName } from './connector.ts';

/**
 * What one sync needs, handed to every step: the store, the connectors of the systems that are
 * enabled, the loaded config and the clock (`LEADLOOP_NOW` freezes it).
 */
export interface Engine {
  readonly store: Store;
  readonly connectors: Partial<Record<SystemName, Connector>>;
  readonly config: LeadloopConfig;
  readonly clock: Clock;
  /** Leads reconciled per store transaction (and per batch of writes). */
  readonly pageSize?: number;
}

/** The run an engine step works for: its id tags audit rows and dead letters. */
export interface RunContext {
  readonly engine: Engine;
  readonly runId: string | undefined;
  /** Plan without writing: no vendor write, and the store changes are rolled back. */
  readonly dryRun: boolean;
  /** Aborted on shutdown: the page in flight finishes and commits, then the run stops. */
  readonly signal?: AbortSignal | undefined;
  /**
   * The run pulls again before its next pass: a new Lead's owner (assignment rules) arrives with
   * that pull, 2,000 Leads a page, so its HubSpot write waits for it instead of a read-back
   * query per 200.
   */
  readonly pullsAgain?: boolean;
}

export const nowIso = (engine: Engine): string => engine.clock().toISOString();
