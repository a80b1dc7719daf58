import { BudgetExhaustedError, type ApiUsage } from '../../src/sync/connector.ts';
import type { DailyBudgetState } from './errors.ts';

/** Time as the budget and the pacer see it; tests replace it so that waiting is instant. */
export interface PacingClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const SYSTEM_CLOCK: PacingClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export type HeaderBag = Readonly<Record<string, string | undefined>>;

export function intHeader(headers: HeaderBag, name: string): number | undefined {
  const raw = headers[name];
  if (raw === undefined || !/^\d+$/.test(raw.trim())) return undefined;
  return Number(raw);
}

/**
 * leadloop's share of the portal's daily API limit. HubSpot reports the limit and what is left
 * of it on every non-search answer (`X-HubSpot-RateLimit-Daily`, `-Daily-Remaining`, counted
 * across every private app of the portal); search answers carry no headers, so their calls are
 * added to the last known usage by hand. leadloop throws before a call that would take the
 * portal past `share × limit`, leaving the rest to the portal's other integrations.
 *
 * The daily window resets at midnight in the portal's time zone, which the headers do not
 * say. Once the share is spent, a probe every `probeAfterMs` (default 15 minutes) lets calls
 * through until an answer's headers tell whether a new day has begun — search answers carry
 * none, and a sync starts with a search, so the probe stays open for up to `PROBE_CALLS` calls
 * (or until HubSpot answers 429 DAILY again). That costs at most ~1,000 calls a day beyond the
 * share, instead of stopping the sync until a restart.
 */
const PROBE_CALLS = 10;

export class HubspotBudget {
  readonly #share: number;
  readonly #clock: PacingClock;
  readonly #probeAfterMs: number;
  #callsMade = 0;
  #daily: { limit: number; used: number; observedAt: number } | undefined;
  /** Calls a probe may still make before fresh headers settle it (0: no probe open). */
  #probeLeft = 0;

  constructor(share = 0.5, clock: PacingClock = SYSTEM_CLOCK, probeAfterMs = 15 * 60_000) {
    if (!(share > 0 && share <= 1))
      throw new RangeError(`API budget share must be in (0, 1], got ${share}`);
    this.#share = share;
    this.#clock = clock;
    this.#probeAfterMs = probeAfterMs;
  }

  get share(): number {
    return this.#share;
  }

  /** Reads the daily headers of an answer; answers without them (search) change nothing. */
  observe(headers: HeaderBag): void {
    const limit = intHeader(headers, 'x-hubspot-ratelimit-daily');
    const remaining = intHeader(headers, 'x-hubspot-ratelimit-daily-remaining');
    if (limit === undefined || remaining === undefined || limit === 0) return;
    this.#daily = { limit, used: Math.max(0, limit - remaining), observedAt: this.#clock.now() };
    this.#probeLeft = 0;
  }

  /** HubSpot answered 429 DAILY: the portal's whole day is spent, whatever we counted. */
  markDailyLimitReached(): void {
    this.#probeLeft = 0;
    if (this.#daily !== undefined) {
      this.#daily = { ...this.#daily, used: this.#daily.limit, observedAt: this.#clock.now() };
    }
  }

  get allowed(): number | undefined {
    return this.#daily === undefined ? undefined : Math.floor(this.#daily.limit * this.#share);
  }

  /** Throws before a call that would pass the share; counts the call otherwise. */
  spend(): void {
    const daily = this.#daily;
    const allowed = this.allowed;
    if (daily !== undefined && allowed !== undefined && daily.used + 1 > allowed) {
      if (this.#probeLeft > 0) {
        this.#probeLeft -= 1;
      } else if (this.#clock.now() - daily.observedAt < this.#probeAfterMs) {
        throw new BudgetExhaustedError('hubspot', daily.used, allowed);
      } else {
        // The probe: the first answer with headers refreshes the numbers (a new day, or still spent).
        daily.observedAt = this.#clock.now();
        this.#probeLeft = PROBE_CALLS - 1;
      }
    }
    this.#callsMade += 1;
    if (daily !== undefined) daily.used += 1;
  }

  state(): DailyBudgetState {
    const daily = this.#daily;
    return { used: daily?.used ?? 0, allowed: this.allowed ?? 0 };
  }

  usage(): ApiUsage {
    const daily = this.#daily;
    const allowed = this.allowed;
    return {
      system: 'hubspot',
      callsMade: this.#callsMade,
      ...(daily === undefined ? {} : { dailyUsed: daily.used, dailyLimit: daily.limit }),
      ...(allowed === undefined || daily === undefined
        ? {}
        : { budgetRemaining: Math.max(0, allowed - daily.used) }),
    };
  }
}
