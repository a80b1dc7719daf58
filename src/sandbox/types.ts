import type { Router } from 'express';
import type { RequestAccounting, SandboxSystem } from './accounting.ts';
import type { SandboxClock } from './clock.ts';
import type { FaultInjector } from './faults.ts';

/** What the shared sandbox server hands each vendor emulator. */
export interface SandboxContext {
  readonly system: SandboxSystem;
  /** This vendor's clock (separate per vendor, so tests can skew one against the other). */
  readonly clock: SandboxClock;
  /** Faults queued for this vendor's requests. */
  readonly faults: FaultInjector;
  /** Shared request accounting; the vendor classifies its own requests as read/write/auth. */
  readonly accounting: RequestAccounting;
  /** The public base URL the server listens on (e.g. http://127.0.0.1:4010), once known. */
  baseUrl(): string;
}

export interface SeedRequest {
  /** Number of people in the seeded market (10 … 1,000,000). */
  count: number;
  /** PRNG seed; the same seed and count always give the same data. */
  seed: number;
}

/** One vendor emulator, as the shared server and admin API see it. */
export interface VendorSandbox {
  readonly system: SandboxSystem;
  /** Serves the vendor's REST API under its own prefixes (/services/... or /crm/...). */
  readonly router: Router;
  /** Vendor-specific admin endpoints, mounted under /__sandbox/<system>/. */
  readonly adminRouter?: Router;
  /** Access tokens the emulator accepts without an OAuth exchange. */
  readonly staticTokens: readonly string[];
  reset(): void;
  /** Adds seeded records; returns counts created per object. */
  seed(request: SeedRequest): Record<string, number>;
  /** All records of one object (or a summary of all objects when omitted). */
  dump(object?: string): unknown;
}
