/**
 * Advisory locks within this process. PGlite is one PostgreSQL session, and a session may take
 * the same advisory lock twice, so exclusivity between callers sharing it is kept here.
 */
export class LocalLocks {
  readonly #waiters = new Map<bigint, Array<() => void>>();

  isHeld(key: bigint): boolean {
    return this.#waiters.has(key);
  }

  tryTake(key: bigint): boolean {
    if (this.#waiters.has(key)) return false;
    this.#waiters.set(key, []);
    return true;
  }

  take(key: bigint): Promise<void> {
    const queue = this.#waiters.get(key);
    if (queue === undefined) {
      this.#waiters.set(key, []);
      return Promise.resolve();
    }
    return new Promise((resolve) => queue.push(resolve));
  }

  /** Hands the lock to the next waiter, first come first served, or frees it. */
  give(key: bigint): void {
    const queue = this.#waiters.get(key);
    const next = queue?.shift();
    if (next === undefined) this.#waiters.delete(key);
    else next();
  }
}
