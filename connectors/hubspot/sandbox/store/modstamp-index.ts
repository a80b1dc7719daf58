/**
 * Records ordered by (last-modified time, id), so "modified since the cursor" reads touch only
 * the records past the cursor instead of scanning a million. A write appends a fresh entry
 * (times only grow, unless a test moves the clock back); the old entry goes stale and is
 * skipped, and the array is compacted once stale entries outnumber live ones.
 */
export class ModstampIndex {
  #stamps: number[] = [];
  #ids: number[] = [];
  #stale = 0;

  get size(): number {
    return this.#ids.length - this.#stale;
  }

  clear(): void {
    this.#stamps = [];
    this.#ids = [];
    this.#stale = 0;
  }

  /** Adds many entries at once (seeding), then restores the order with one sort. */
  bulkLoad(stamps: readonly number[], ids: readonly number[]): void {
    const allStamps = [...this.#stamps, ...stamps];
    const allIds = [...this.#ids, ...ids];
    const order = new Uint32Array(allIds.length);
    for (let i = 0; i < order.length; i += 1) order[i] = i;
    order.sort((a, b) => allStamps[a]! - allStamps[b]! || allIds[a]! - allIds[b]!);
    this.#stamps = Array.from(order, (i) => allStamps[i]!);
    this.#ids = Array.from(order, (i) => allIds[i]!);
  }

  /** Records that the record now has modstamp `stamp`; its `previous` entry becomes stale. */
  touch(id: number, stamp: number, previous: number | undefined): void {
    if (previous === stamp) return;
    if (previous !== undefined) this.#stale += 1;
    const last = this.#stamps.length - 1;
    if (
      last < 0 ||
      this.#stamps[last]! < stamp ||
      (this.#stamps[last] === stamp && this.#ids[last]! < id)
    ) {
      this.#stamps.push(stamp);
      this.#ids.push(id);
    } else {
      const at = this.#lowerBound(stamp, id);
      this.#stamps.splice(at, 0, stamp);
      this.#ids.splice(at, 0, id);
    }
  }

  /** A record left the index for good (hard delete). */
  drop(): void {
    this.#stale += 1;
  }

  /**
   * Ids with modstamp ≥ `fromStamp` in (stamp, id) order, skipping stale entries; `isLive`
   * tells whether the entry still matches the record.
   */
  *from(fromStamp: number, isLive: (id: number, stamp: number) => boolean): Generator<number> {
    for (let i = this.#lowerBound(fromStamp, -Infinity); i < this.#ids.length; i += 1) {
      const id = this.#ids[i]!;
      if (isLive(id, this.#stamps[i]!)) yield id;
    }
  }

  compactIfNeeded(isLive: (id: number, stamp: number) => boolean): void {
    if (this.#stale < 1024 || this.#stale < this.#ids.length / 2) return;
    const stamps: number[] = [];
    const ids: number[] = [];
    for (let i = 0; i < this.#ids.length; i += 1) {
      if (!isLive(this.#ids[i]!, this.#stamps[i]!)) continue;
      stamps.push(this.#stamps[i]!);
      ids.push(this.#ids[i]!);
    }
    this.#stamps = stamps;
    this.#ids = ids;
    this.#stale = 0;
  }

  #lowerBound(stamp: number, id: number): number {
    let low = 0;
    let high = this.#stamps.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const s = this.#stamps[mid]!;
      if (s < stamp || (s === stamp && this.#ids[mid]! < id)) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
