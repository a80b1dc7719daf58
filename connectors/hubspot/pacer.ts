import { intHeader, SYSTEM_CLOCK, type HeaderBag, type PacingClock } from './budget.ts';

export type CallKind = 'api' | 'search';

export interface PacerSettings {
  /** Calls per rolling window before HubSpot says 429 (`X-HubSpot-RateLimit-Max`, 190 on Pro/Enterprise). */
  readonly maxPerWindow?: number;
  /** The window (`X-HubSpot-RateLimit-Interval-Milliseconds`, 10 s). */
  readonly windowMs?: number;
  /** Share of the window leadloop fills; the rest is headroom for retries and clock drift. */
  readonly fill?: number;
  /** CRM search allows about 5 requests per second per account and sends no headers. */
  readonly searchPerSecond?: number;
}

/**
 * Keeps leadloop under HubSpot's rolling ten-second limit instead of tripping 429s: a sliding
 * log of the calls made in the last window (at most a couple of hundred timestamps), with the
 * limit learnt from the answers' headers. Search calls also count against their own
 * one-second window. When `X-HubSpot-RateLimit-Remaining` shows the portal-wide window almost
 * spent (another process with the same app), the next call waits a tenth of the window.
 */
export class RequestPacer {
  readonly #clock: PacingClock;
  readonly #fill: number;
  readonly #searchPerSecond: number;
  #maxPerWindow: number;
  #windowMs: number;
  readonly #calls: number[] = [];
  readonly #searches: number[] = [];
  #brakeUntil = 0;
  /** How many times a call had to wait (for `usage`-style reporting and tests). */
  waits = 0;

  constructor(settings: PacerSettings = {}, clock: PacingClock = SYSTEM_CLOCK) {
    this.#clock = clock;
    this.#maxPerWindow = settings.maxPerWindow ?? 190;
    this.#windowMs = settings.windowMs ?? 10_000;
    this.#fill = settings.fill ?? 0.9;
    this.#searchPerSecond = settings.searchPerSecond ?? 4;
  }

  /** Calls leadloop allows itself per window. */
  get perWindow(): number {
    return Math.max(1, Math.floor(this.#maxPerWindow * this.#fill));
  }

  observe(headers: HeaderBag): void {
    const max = intHeader(headers, 'x-hubspot-ratelimit-max');
    const interval = intHeader(headers, 'x-hubspot-ratelimit-interval-milliseconds');
    const remaining = intHeader(headers, 'x-hubspot-ratelimit-remaining');
    if (max !== undefined && max > 0) this.#maxPerWindow = max;
    if (interval !== undefined && interval > 0) this.#windowMs = interval;
    if (remaining !== undefined && remaining < this.#maxPerWindow - this.perWindow) {
      this.#brakeUntil = this.#clock.now() + this.#windowMs / 10;
    }
  }

  /** Waits until one more call fits, then counts it. */
  async acquire(kind: CallKind): Promise<void> {
    for (;;) {
      const now = this.#clock.now();
      prune(this.#calls, now - this.#windowMs);
      prune(this.#searches, now - 1_000);
      let wait = this.#brakeUntil - now;
      if (this.#calls.length >= this.perWindow) {
        wait = Math.max(
          wait,
          this.#calls[this.#calls.length - this.perWindow]! + this.#windowMs - now,
        );
      }
      if (kind === 'search' && this.#searches.length >= this.#searchPerSecond) {
        wait = Math.max(
          wait,
          this.#searches[this.#searches.length - this.#searchPerSecond]! + 1_000 - now,
        );
      }
      if (wait <= 0) break;
      this.waits += 1;
      await this.#clock.sleep(wait);
    }
    const now = this.#clock.now();
    this.#calls.push(now);
    if (kind === 'search') this.#searches.push(now);
  }
}

/** Drops timestamps at or before `cutoff` (the log is in time order). */
function prune(stamps: number[], cutoff: number): void {
  let drop = 0;
  while (drop < stamps.length && stamps[drop]! <= cutoff) drop += 1;
  if (drop > 0) stamps.splice(0, drop);
}
