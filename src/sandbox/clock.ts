/**
 * The sandboxes' clock: real time shifted by an adjustable offset, so tests can move a
 * sandbox into the future (SLA breaches, clock skew between systems) without waiting.
 * Each vendor sandbox may get its own clock to emulate skew between vendors.
 */
export class SandboxClock {
  #offsetMs = 0;
  readonly #base: () => number;

  constructor(base: () => number = Date.now) {
    this.#base = base;
  }

  now(): Date {
    return new Date(this.#base() + this.#offsetMs);
  }

  nowMs(): number {
    return this.#base() + this.#offsetMs;
  }

  get offsetMs(): number {
    return this.#offsetMs;
  }

  setOffset(ms: number): void {
    this.#offsetMs = ms;
  }

  advance(ms: number): void {
    this.#offsetMs += ms;
  }

  /** Moves the clock so that now() reads `at` (the offset keeps running from there). */
  setNow(at: Date): void {
    this.#offsetMs = at.getTime() - this.#base();
  }
}
