import type { StoredRecord } from './record.ts';

/**
 * value → records, for the fields queries and upserts look records up by (Email, external ids,
 * WhoId, ConvertedContactId …). Most values point to one record, so a single record is stored
 * as it is and only shared values get an array: a million-record index stays small. The index
 * holds the records themselves, not their ids: an upsert's probe lands on the record it writes
 * instead of on an id string to parse and a table slot to read (two more cache misses per
 * record of a collection on a large object). Deleted records stay indexed (queryAll finds
 * them); callers filter.
 */
export class ValueIndex {
  #map = new Map<string, StoredRecord | StoredRecord[]>();

  /** Text is compared ignoring case, as SOQL and external-id upserts do. */
  static key(value: unknown): string | undefined {
    if (value === null || value === undefined || value === '') return undefined;
    return typeof value === 'string' ? value.toLowerCase() : String(value);
  }

  add(value: unknown, record: StoredRecord): void {
    const key = ValueIndex.key(value);
    if (key === undefined) return;
    const current = this.#map.get(key);
    if (current === undefined) this.#map.set(key, record);
    else if (!Array.isArray(current)) {
      if (current !== record) this.#map.set(key, [current, record]);
    } else if (!current.includes(record)) current.push(record);
  }

  remove(value: unknown, record: StoredRecord): void {
    const key = ValueIndex.key(value);
    if (key === undefined) return;
    const current = this.#map.get(key);
    if (current === undefined) return;
    if (!Array.isArray(current)) {
      if (current === record) this.#map.delete(key);
      return;
    }
    const rest = current.filter((candidate) => candidate !== record);
    if (rest.length === 0) this.#map.delete(key);
    else this.#map.set(key, rest.length === 1 ? rest[0]! : rest);
  }

  /** The records holding `value`: one record, several, or undefined (no array made for one). */
  find(value: unknown): StoredRecord | readonly StoredRecord[] | undefined {
    const key = ValueIndex.key(value);
    return key === undefined ? undefined : this.#map.get(key);
  }

  /** Ids of the records holding `value`. */
  get(value: unknown): readonly string[] {
    const found = this.find(value);
    if (found === undefined) return [];
    return Array.isArray(found) ? found.map((record) => record.id) : [(found as StoredRecord).id];
  }

  clear(): void {
    this.#map.clear();
  }
}
