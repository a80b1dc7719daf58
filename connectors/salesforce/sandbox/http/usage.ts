import type { SandboxClock } from '../../../../src/sandbox/clock.ts';

/**
 * The org's daily API request allowance, counted over a rolling 24 hours (per minute, on the
 * sandbox clock) as Salesforce does. Every authenticated REST and SOAP call counts; past the
 * maximum the org answers 403 REQUEST_LIMIT_EXCEEDED until old calls roll out of the window.
 */
const MINUTE = 60_000;
const WINDOW_MINUTES = 24 * 60;

export class ApiUsage {
  max: number;
  readonly #clock: SandboxClock;
  readonly #defaultMax: number;
  /** minute number → calls in that minute. */
  #buckets = new Map<number, number>();

  constructor(clock: SandboxClock, max: number) {
    this.#clock = clock;
    this.max = max;
    this.#defaultMax = max;
  }

  /** Calls in the last 24 hours. */
  used(): number {
    const now = Math.floor(this.#clock.nowMs() / MINUTE);
    let total = 0;
    for (const [minute, count] of this.#buckets) {
      if (minute > now - WINDOW_MINUTES && minute <= now) total += count;
      else if (minute <= now - WINDOW_MINUTES) this.#buckets.delete(minute);
    }
    return total;
  }

  /** Counts one call; false (and nothing counted) when the allowance is spent. */
  admit(): boolean {
    if (this.used() >= this.max) return false;
    const minute = Math.floor(this.#clock.nowMs() / MINUTE);
    this.#buckets.set(minute, (this.#buckets.get(minute) ?? 0) + 1);
    return true;
  }

  /** `api-usage=N/MAX` for the Sforce-Limit-Info header. */
  header(): string {
    return `api-usage=${this.used()}/${this.max}`;
  }

  /** Pretends `count` calls were made just now (tests of nearly spent allowances). */
  setUsed(count: number): void {
    this.#buckets.clear();
    if (count > 0) this.#buckets.set(Math.floor(this.#clock.nowMs() / MINUTE), count);
  }

  reset(): void {
    this.#buckets.clear();
    this.max = this.#defaultMax;
  }
}
