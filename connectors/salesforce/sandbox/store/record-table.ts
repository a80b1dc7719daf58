import { idCounter } from './ids.ts';
import type { StoredRecord } from './record.ts';

/**
 * The records of one object by id, with the part of Map's interface the store uses. The ids an
 * object hands out count up, so a record sits in an array at its counter: inserts append, and a
 * lookup is arithmetic on the id instead of hashing it into a table of a million entries (the
 * cache misses of which dominated collection writes). Any other id falls back to a Map.
 * Iteration is in id order, which is the order records were inserted in.
 */
export class RecordTable {
  readonly #base: number;
  #slots: (StoredRecord | undefined)[] = [];
  #others = new Map<string, StoredRecord>();
  #size = 0;

  /** `base` is the counter of the first id the object hands out. */
  constructor(base: number) {
    this.#base = base;
  }

  get size(): number {
    return this.#size;
  }

  get(id: string): StoredRecord | undefined {
    const slot = this.#slot(id);
    if (slot >= 0 && slot < this.#slots.length) {
      const record = this.#slots[slot];
      if (record !== undefined && record.id === id) return record;
    }
    return this.#others.size === 0 ? undefined : this.#others.get(id);
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  set(id: string, record: StoredRecord): void {
    const slot = this.#slot(id);
    // Ids burned by failed creates leave short gaps; a far-off id goes to the Map instead.
    if (slot >= 0 && slot < this.#slots.length + MAX_GAP && !this.#others.has(id)) {
      while (this.#slots.length < slot) this.#slots.push(undefined);
      const current = this.#slots[slot];
      if (current === undefined || current.id !== id) this.#size += 1;
      this.#slots[slot] = record;
      return;
    }
    if (!this.#others.has(id)) this.#size += 1;
    this.#others.set(id, record);
  }

  delete(id: string): boolean {
    const slot = this.#slot(id);
    if (slot >= 0 && slot < this.#slots.length && this.#slots[slot]?.id === id) {
      this.#slots[slot] = undefined;
      this.#size -= 1;
      return true;
    }
    const removed = this.#others.delete(id);
    if (removed) this.#size -= 1;
    return removed;
  }

  clear(): void {
    this.#slots = [];
    this.#others.clear();
    this.#size = 0;
  }

  *values(): Generator<StoredRecord> {
    for (const record of this.#slots) if (record !== undefined) yield record;
    yield* this.#others.values();
  }

  #slot(id: string): number {
    const counter = idCounter(id);
    return counter === undefined ? -1 : counter - this.#base;
  }
}

const MAX_GAP = 100_000;
