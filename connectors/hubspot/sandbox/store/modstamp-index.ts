import type { CrmRecord } from './record.ts';

/**
 * Records ordered by (last-modified time, id), so "modified since the cursor" reads touch only
 * the records past the cursor instead of scanning a million.
 *
 * Two parts: seeded records sit in sorted arrays built once per seed; a record written after
 * that moves to a linked list kept in modstamp order. Writes stamp "now", so a touch appends
 * at the tail in O(1) without allocating (walking back only if a test moved the clock back),
 * and an incremental read walks back from the tail to its cursor.
 */
export class ModstampIndex {
  #stamps: number[] = [];
  #ids: number[] = [];
  #head: CrmRecord | null = null;
  #tail: CrmRecord | null = null;

  clear(): void {
    this.#stamps = [];
    this.#ids = [];
    this.#head = null;
    this.#tail = null;
  }

  /** Adds seeded records at once, then restores the order with one sort. */
  bulkLoad(stamps: readonly number[], ids: readonly number[]): void {
    const allStamps = [...this.#stamps, ...stamps];
    const allIds = [...this.#ids, ...ids];
    const order = new Uint32Array(allIds.length);
    for (let i = 0; i < order.length; i += 1) order[i] = i;
    order.sort((a, b) => allStamps[a]! - allStamps[b]! || allIds[a]! - allIds[b]!);
    this.#stamps = Array.from(order, (i) => allStamps[i]!);
    this.#ids = Array.from(order, (i) => allIds[i]!);
  }

  /** The record's modstamp changed (or it is new): move it into place in the list. */
  touch(record: CrmRecord): void {
    if (record.modListed) this.#unlink(record);
    record.modListed = true;
    let after = this.#tail;
    while (after !== null && before(record, after)) after = after.modPrev;
    record.modPrev = after;
    record.modNext = after === null ? this.#head : after.modNext;
    if (record.modNext === null) this.#tail = record;
    else record.modNext.modPrev = record;
    if (after === null) this.#head = record;
    else after.modNext = record;
  }

  /** The record left the store for good. */
  remove(record: CrmRecord): void {
    if (record.modListed) this.#unlink(record);
    record.modListed = false;
  }

  /**
   * Ids with modstamp ≥ `fromStamp` in (stamp, id) order. `recordOf` resolves seeded entries;
   * an entry whose record has since been written (or removed) is skipped.
   */
  *from(fromStamp: number, recordOf: (id: number) => CrmRecord | undefined): Generator<number> {
    let i = this.#lowerBound(fromStamp);
    let node = this.#firstListed(fromStamp);
    for (;;) {
      while (i < this.#ids.length) {
        const record = recordOf(this.#ids[i]!);
        if (record !== undefined && !record.modListed && record.id === this.#ids[i]) break;
        i += 1;
      }
      const seeded = i < this.#ids.length;
      if (!seeded && node === null) return;
      if (
        node === null ||
        (seeded &&
          (this.#stamps[i]! < node.updatedAt ||
            (this.#stamps[i] === node.updatedAt && this.#ids[i]! < node.id)))
      ) {
        yield this.#ids[i]!;
        i += 1;
      } else {
        yield node.id;
        node = node.modNext;
      }
    }
  }

  #firstListed(fromStamp: number): CrmRecord | null {
    let node = this.#tail;
    while (node !== null && node.modPrev !== null && node.modPrev.updatedAt >= fromStamp)
      node = node.modPrev;
    return node !== null && node.updatedAt >= fromStamp ? node : null;
  }

  #unlink(record: CrmRecord): void {
    if (record.modPrev === null) this.#head = record.modNext;
    else record.modPrev.modNext = record.modNext;
    if (record.modNext === null) this.#tail = record.modPrev;
    else record.modNext.modPrev = record.modPrev;
    record.modPrev = null;
    record.modNext = null;
  }

  #lowerBound(stamp: number): number {
    let low = 0;
    let high = this.#stamps.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.#stamps[mid]! < stamp) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

/** (stamp, id) order. */
const before = (a: CrmRecord, b: CrmRecord) =>
  a.updatedAt < b.updatedAt || (a.updatedAt === b.updatedAt && a.id < b.id);
