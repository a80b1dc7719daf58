import { randomUUID } from 'node:crypto';
import type { SandboxClock } from '../../../../src/sandbox/clock.ts';
import { DEFAULT_BUDGETS, SANDBOX_APP_ID, SANDBOX_PORTAL_ID } from '../config.ts';
import { HubspotApiError, type HeaderBag } from './respond.ts';

/**
 * HubSpot's API budgets: a rolling ten-second window and a daily count per private app, plus
 * the CRM search endpoints' own ~5 requests per second. Counts use the sandbox clock, so a test
 * that advances the clock by ten seconds frees the window without waiting.
 */
export class RollingCounter {
  readonly #bucketMs: number;
  readonly #counts: number[];
  readonly #stamps: number[];

  constructor(windowMs: number, buckets = 10) {
    this.#bucketMs = windowMs / buckets;
    this.#counts = new Array<number>(buckets).fill(0);
    this.#stamps = new Array<number>(buckets).fill(-1);
  }

  /** Requests counted in the window ending at `nowMs`. */
  count(nowMs: number): number {
    const current = Math.floor(nowMs / this.#bucketMs);
    const size = this.#counts.length;
    let total = 0;
    for (let i = 0; i < size; i += 1) {
      const stamp = this.#stamps[i]!;
      if (stamp > current - size && stamp <= current) total += this.#counts[i]!;
    }
    return total;
  }

  add(nowMs: number): void {
    const current = Math.floor(nowMs / this.#bucketMs);
    const slot = current % this.#counts.length;
    if (this.#stamps[slot] !== current) {
      this.#stamps[slot] = current;
      this.#counts[slot] = 0;
    }
    this.#counts[slot] = this.#counts[slot]! + 1;
  }

  clear(): void {
    this.#counts.fill(0);
    this.#stamps.fill(-1);
  }
}

export interface Budgets {
  tenSecondly: number;
  daily: number;
  searchPerSecond: number;
}

const rateLimitError = (message: string, policyName: string, extra: Record<string, string>) =>
  new HubspotApiError(429, undefined, message, {
    errorType: 'RATE_LIMIT',
    policyName,
    ...extra,
  });

/** The daily window resets at midnight in the portal's time zone; the sandbox portal is UTC. */
const dayOf = (nowMs: number) => Math.floor(nowMs / 86_400_000);

export class RateLimiter {
  budgets: Budgets = { ...DEFAULT_BUDGETS };
  readonly #tenSecondly = new RollingCounter(10_000, 100);
  readonly #search = new RollingCounter(1_000, 10);
  #day = -1;
  #dailyUsed = 0;
  readonly #clock: SandboxClock;

  constructor(clock: SandboxClock) {
    this.#clock = clock;
  }

  reset(): void {
    this.budgets = { ...DEFAULT_BUDGETS };
    this.#tenSecondly.clear();
    this.#search.clear();
    this.#dailyUsed = 0;
    this.#day = -1;
  }

  /** Counts one request, or throws the vendor's 429 when a budget is used up. */
  admit(search: boolean): void {
    const now = this.#clock.nowMs();
    if (dayOf(now) !== this.#day) {
      this.#day = dayOf(now);
      this.#dailyUsed = 0;
    }
    if (this.#dailyUsed >= this.budgets.daily) throw dailyLimitError();
    if (search) {
      if (this.#search.count(now) >= this.budgets.searchPerSecond) throw secondlyLimitError();
    } else if (this.#tenSecondly.count(now) >= this.budgets.tenSecondly) {
      throw tenSecondlyLimitError();
    }
    this.#dailyUsed += 1;
    if (search) this.#search.add(now);
    else this.#tenSecondly.add(now);
  }

  usage(): { dailyUsed: number; tenSecondlyUsed: number; searchUsed: number; budgets: Budgets } {
    const now = this.#clock.nowMs();
    return {
      dailyUsed: dayOf(now) === this.#day ? this.#dailyUsed : 0,
      tenSecondlyUsed: this.#tenSecondly.count(now),
      searchUsed: this.#search.count(now),
      budgets: { ...this.budgets },
    };
  }

  /**
   * The headers HubSpot sends on every non-search response of a private app. The Secondly pair
   * is deprecated (the limit it names is no longer enforced) but still sent with live numbers.
   */
  headers(): HeaderBag {
    const now = this.#clock.nowMs();
    const used = this.#tenSecondly.count(now);
    const perSecond = Math.max(1, Math.floor(this.budgets.tenSecondly / 10));
    const dailyUsed = dayOf(now) === this.#day ? this.#dailyUsed : 0;
    return {
      'X-HubSpot-RateLimit-Daily': this.budgets.daily,
      'X-HubSpot-RateLimit-Daily-Remaining': Math.max(0, this.budgets.daily - dailyUsed),
      'X-HubSpot-RateLimit-Interval-Milliseconds': 10_000,
      'X-HubSpot-RateLimit-Max': this.budgets.tenSecondly,
      'X-HubSpot-RateLimit-Remaining': Math.max(0, this.budgets.tenSecondly - used),
      'X-HubSpot-RateLimit-Secondly': perSecond,
      'X-HubSpot-RateLimit-Secondly-Remaining': Math.max(0, perSecond - Math.ceil(used / 10)),
    };
  }
}

export const tenSecondlyLimitError = () =>
  rateLimitError('You have reached your ten_secondly_rolling limit.', 'TEN_SECONDLY_ROLLING', {
    groupName: `publicapi:private_app-api-calls-ten-secondly:${SANDBOX_APP_ID}:${SANDBOX_PORTAL_ID}`,
  });

export const dailyLimitError = () =>
  rateLimitError('You have reached your daily limit.', 'DAILY', { requestId: randomUUID() });

/** The SDK retries this one (1 s × attempt) because it matches the message exactly. */
export const secondlyLimitError = () =>
  rateLimitError('You have reached your secondly limit.', 'SECONDLY', {});
