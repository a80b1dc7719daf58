import type { StoredRecord } from './record.ts';

/**
 * value → records, for the fields queries and upserts look records up by (Email, external ids,
 * WhoId, ConvertedContactId …). Most values point to one record, so a single record is stored
 * as it is and only shared values get an array. The index holds the records themselves, not
 * their ids: an upsert's probe lands on the record it writes. Deleted records stay indexed
 * (queryAll finds them); callers filter.
 *
 * The table is open addressing in one array of (hash, key, records) triples, not a Map: on an
 * object of a million records every probe is a cache miss, and a Map's probe reads its bucket,
 * then each entry of the chain and each entry's key string (a Map miss — every create's new
 * Email — touches about five lines). Here a probe reads its triple, whose hash rules out other
 * keys without touching their strings; the key string is compared only when the hashes match.
 */
const EMPTY = 0;
const REMOVED = 1;
/** Array slots per entry: hash, key, records. */
const WIDTH = 3;
const INITIAL_CAPACITY = 16;

type Entry = StoredRecord | StoredRecord[];

export class ValueIndex {
  /** `capacity` triples; a hash of EMPTY or REMOVED marks a free slot. */
  #slots: (number | string | Entry | undefined)[] = ValueIndex.#table(INITIAL_CAPACITY);
  #capacity = INITIAL_CAPACITY;
  /** Live keys, and slots holding a REMOVED mark (both count towards the load). */
  #count = 0;
  #removed = 0;

  /** Text is compared ignoring case, as SOQL and external-id upserts do. */
  static key(value: unknown): string | undefined {
    if (value === null || value === undefined || value === '') return undefined;
    return typeof value === 'string' ? value.toLowerCase() : String(value);
  }

  add(value: unknown, record: StoredRecord): void {
    const key = ValueIndex.key(value);
    if (key === undefined) return;
    const hash = hashOf(key);
    const at = this.#find(key, hash);
    if (at >= 0) {
      const current = this.#slots[at + 2] as Entry;
      if (!Array.isArray(current)) {
        if (current !== record) this.#slots[at + 2] = [current, record];
      } else if (!current.includes(record)) current.push(record);
      return;
    }
    if ((this.#count + this.#removed + 1) * 5 > this.#capacity * 3) this.#grow();
    this.#place(hash, key, record);
    this.#count += 1;
  }

  remove(value: unknown, record: StoredRecord): void {
    const key = ValueIndex.key(value);
    if (key === undefined) return;
    const at = this.#find(key, hashOf(key));
    if (at < 0) return;
    const current = this.#slots[at + 2] as Entry;
    if (!Array.isArray(current)) {
      if (current === record) this.#free(at);
      return;
    }
    const rest = current.filter((candidate) => candidate !== record);
    if (rest.length === 0) this.#free(at);
    else this.#slots[at + 2] = rest.length === 1 ? rest[0]! : rest;
  }

  /** The records holding `value`: one record, several, or undefined (no array made for one). */
  find(value: unknown): StoredRecord | readonly StoredRecord[] | undefined {
    const key = ValueIndex.key(value);
    if (key === undefined) return undefined;
    const at = this.#find(key, hashOf(key));
    return at < 0 ? undefined : (this.#slots[at + 2] as Entry);
  }

  /** Ids of the records holding `value`. */
  get(value: unknown): readonly string[] {
    const found = this.find(value);
    if (found === undefined) return [];
    return Array.isArray(found) ? found.map((record) => record.id) : [(found as StoredRecord).id];
  }

  clear(): void {
    this.#slots = ValueIndex.#table(INITIAL_CAPACITY);
    this.#capacity = INITIAL_CAPACITY;
    this.#count = 0;
    this.#removed = 0;
  }

  /** The slot of `key` (its first array index), or -1. Linear probing from the hash. */
  #find(key: string, hash: number): number {
    const slots = this.#slots;
    const mask = this.#capacity - 1;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const at = i * WIDTH;
      const held = slots[at] as number;
      if (held === EMPTY) return -1;
      if (held === hash && slots[at + 1] === key) return at;
    }
  }

  /** Puts a key known to be absent in the first free slot of its probe sequence. */
  #place(hash: number, key: string, entry: Entry): void {
    const slots = this.#slots;
    const mask = this.#capacity - 1;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const at = i * WIDTH;
      const held = slots[at] as number;
      if (held === EMPTY || held === REMOVED) {
        if (held === REMOVED) this.#removed -= 1;
        slots[at] = hash;
        slots[at + 1] = key;
        slots[at + 2] = entry;
        return;
      }
    }
  }

  /** A REMOVED mark keeps the probe sequences of later keys unbroken. */
  #free(at: number): void {
    this.#slots[at] = REMOVED;
    this.#slots[at + 1] = undefined;
    this.#slots[at + 2] = undefined;
    this.#count -= 1;
    this.#removed += 1;
  }

  /**
   * Rebuilds once live keys and REMOVED marks fill 60 % of the table, at a size the live keys
   * fill at most 30 % of (REMOVED marks dropped): a probe then reads one or two triples.
   */
  #grow(): void {
    const old = this.#slots;
    const oldCapacity = this.#capacity;
    let capacity = INITIAL_CAPACITY;
    while ((this.#count + 1) * 10 > capacity * 3) capacity *= 2;
    this.#slots = ValueIndex.#table(capacity);
    this.#capacity = capacity;
    this.#removed = 0;
    for (let i = 0; i < oldCapacity; i += 1) {
      const at = i * WIDTH;
      const hash = old[at] as number;
      if (hash !== EMPTY && hash !== REMOVED)
        this.#place(hash, old[at + 1] as string, old[at + 2] as Entry);
    }
  }

  static #table(capacity: number): (number | string | Entry | undefined)[] {
    const slots = new Array<number | string | Entry | undefined>(capacity * WIDTH);
    for (let i = 0; i < slots.length; i += WIDTH) {
      slots[i] = EMPTY;
      slots[i + 1] = undefined;
      slots[i + 2] = undefined;
    }
    return slots;
  }
}

/**
 * FNV-1a over the key's UTF-16 code units, mixed (murmur3's finaliser) so that keys differing
 * in their last characters spread over the table; kept to 30 bits (a small integer in the
 * slot array) and never EMPTY or REMOVED.
 */
function hashOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  hash &= 0x3fffffff;
  return hash < 2 ? hash + 2 : hash;
}
