/**
 * value → ids, for the fields queries and upserts look records up by (Email, external ids,
 * WhoId, ConvertedContactId …). Most values point to one record, so a single id is stored as a
 * string and only shared values get an array: a million-record index stays small. Deleted
 * records stay indexed (queryAll finds them); callers filter.
 */
export class ValueIndex {
  #map = new Map<string, string | string[]>();

  /** Text is compared ignoring case, as SOQL and external-id upserts do. */
  static key(value: unknown): string | undefined {
    if (value === null || value === undefined || value === '') return undefined;
    return typeof value === 'string' ? value.toLowerCase() : String(value);
  }

  add(value: unknown, id: string): void {
    const key = ValueIndex.key(value);
    if (key === undefined) return;
    const current = this.#map.get(key);
    if (current === undefined) this.#map.set(key, id);
    else if (typeof current === 'string') {
      if (current !== id) this.#map.set(key, [current, id]);
    } else if (!current.includes(id)) current.push(id);
  }

  remove(value: unknown, id: string): void {
    const key = ValueIndex.key(value);
    if (key === undefined) return;
    const current = this.#map.get(key);
    if (current === undefined) return;
    if (typeof current === 'string') {
      if (current === id) this.#map.delete(key);
      return;
    }
    const rest = current.filter((candidate) => candidate !== id);
    if (rest.length === 0) this.#map.delete(key);
    else this.#map.set(key, rest.length === 1 ? rest[0]! : rest);
  }

  get(value: unknown): readonly string[] {
    const key = ValueIndex.key(value);
    if (key === undefined) return [];
    const current = this.#map.get(key);
    return current === undefined ? [] : typeof current === 'string' ? [current] : current;
  }

  clear(): void {
    this.#map.clear();
  }
}
