/**
 * Records ordered by (SystemModstamp, Id): what `WHERE SystemModstamp >= X ORDER BY
 * SystemModstamp, Id LIMIT n` reads, in O(log n + n) instead of a scan of the whole object.
 * Writes append (the clock moves forward); an entry whose record has been written again since
 * is stale and skipped, and the arrays are compacted once stale entries outnumber live ones.
 * Writes within the newest second go to an unsorted tail, sorted into place when something
 * reads the index or a later second begins: a burst of same-second writes in id disorder (a
 * collection of updates) would otherwise shift the arrays on every write.
 */
export class ModstampIndex {
  #stamps: number[] = [];
  #ids: string[] = [];
  #stale = 0;
  /** Ids written at #tailStamp, not yet in the sorted arrays (unsorted, maybe repeated). */
  #tail: string[] = [];
  #tailStamp = -Infinity;
  readonly #current: (id: string) => number | undefined;

  /** `current(id)` is the record's SystemModstamp now (undefined when it no longer exists). */
  constructor(current: (id: string) => number | undefined) {
    this.#current = current;
  }

  get size(): number {
    this.#settle();
    return this.#ids.length - this.#stale;
  }

  /** Records that `id` now has modstamp `stamp`; `previous` is the one it had (if indexed). */
  put(id: string, stamp: number, previous?: number): void {
    if (previous === stamp) return;
    if (previous !== undefined) this.#stale += 1;
    if (stamp === this.#tailStamp) {
      this.#tail.push(id);
      return;
    }
    if (stamp > this.#tailStamp) {
      this.#settle();
      this.#tailStamp = stamp;
      this.#tail.push(id);
      return;
    }
    // Older than the newest second (a clock moved back): into the sorted arrays.
    this.#settle();
    const at = this.#lowerBound(stamp, id);
    if (this.#ids[at] === id && this.#stamps[at] === stamp) {
      // The record is back at a modstamp it had before: that entry, stale until now, is live again.
      if (previous !== undefined) this.#stale -= 1;
    } else {
      this.#stamps.splice(at, 0, stamp);
      this.#ids.splice(at, 0, id);
    }
    if (this.#stale > 1000 && this.#stale * 2 > this.#ids.length) this.#compact();
  }

  /** Sorts the tail into the arrays (merging with entries already there for that second). */
  #settle(): void {
    if (this.#tail.length === 0) return;
    const stamp = this.#tailStamp;
    let from = this.#ids.length;
    while (from > 0 && this.#stamps[from - 1] === stamp) from -= 1;
    const merged = this.#ids.slice(from).concat(this.#tail).sort();
    this.#tail = [];
    this.#ids.length = from;
    this.#stamps.length = from;
    let previous: string | undefined;
    for (const id of merged) {
      // The same id twice: a record that left this second and came back; one entry is enough.
      if (id === previous) {
        this.#stale -= 1;
        continue;
      }
      this.#ids.push(id);
      this.#stamps.push(stamp);
      previous = id;
    }
    if (this.#stale > 1000 && this.#stale * 2 > this.#ids.length) this.#compact();
  }

  /** Loads many entries at once (seeding): one sort instead of many inserts. */
  bulkLoad(entries: readonly { stamp: number; id: string }[]): void {
    this.#settle();
    const all = this.#ids.map((id, i) => ({ stamp: this.#stamps[i]!, id })).concat(entries);
    all.sort((a, b) => a.stamp - b.stamp || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.#stamps = all.map((entry) => entry.stamp);
    this.#ids = all.map((entry) => entry.id);
    this.#stale = 0;
    this.#compact();
  }

  /**
   * Ids in (modstamp, id) order from the first entry with modstamp ≥ `from` (or > when
   * `exclusive`) up to `to` (inclusive unless `toExclusive`); descending when `descending`.
   */
  *range(options: {
    from?: number;
    exclusive?: boolean;
    to?: number;
    toExclusive?: boolean;
    descending?: boolean;
  }): Generator<string> {
    this.#settle();
    const low =
      options.from === undefined ? 0 : this.#firstAtLeast(options.from, options.exclusive === true);
    const high =
      options.to === undefined
        ? this.#ids.length
        : this.#firstAtLeast(options.to, options.toExclusive !== true);
    if (options.descending === true) {
      for (let i = high - 1; i >= low; i -= 1) if (this.#live(i)) yield this.#ids[i]!;
    } else {
      for (let i = low; i < high; i += 1) if (this.#live(i)) yield this.#ids[i]!;
    }
  }

  clear(): void {
    this.#stamps = [];
    this.#ids = [];
    this.#stale = 0;
    this.#tail = [];
    this.#tailStamp = -Infinity;
  }

  #live(i: number): boolean {
    return this.#current(this.#ids[i]!) === this.#stamps[i];
  }

  /** First index whose stamp is ≥ t (or > t when `strict`). */
  #firstAtLeast(t: number, strict: boolean): number {
    let low = 0;
    let high = this.#stamps.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const stamp = this.#stamps[mid]!;
      if (stamp < t || (strict && stamp === t)) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  #lowerBound(stamp: number, id: string): number {
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

  /**
   * Keeps the live entries. A record has one live entry, the one at its current modstamp; the
   * same entry twice would sit side by side (the arrays are in (modstamp, id) order), so a
   * comparison with the entry kept last drops it without a set of every id.
   */
  #compact(): void {
    const stamps: number[] = [];
    const ids: string[] = [];
    for (let i = 0; i < this.#ids.length; i += 1) {
      const id = this.#ids[i]!;
      const stamp = this.#stamps[i]!;
      const kept = ids.length - 1;
      if (kept >= 0 && ids[kept] === id && stamps[kept] === stamp) continue;
      if (this.#live(i)) {
        stamps.push(stamp);
        ids.push(id);
      }
    }
    this.#stamps = stamps;
    this.#ids = ids;
    this.#stale = 0;
  }
}
