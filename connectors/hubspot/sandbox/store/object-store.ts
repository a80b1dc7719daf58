import { LIMITS, type ObjectTypeSpec } from '../config.ts';
import { ModstampIndex } from './modstamp-index.ts';
import { CrmRecord, type HistoryEntry, type SeedBatch } from './record.ts';

/**
 * The records of one object type: a Map by id, ids in ascending order (list paging and the
 * `hs_object_id GT` search pattern), unique-value indexes (contacts' email, lower-cased, and
 * every `hasUniqueValue` property) and the modstamp index for "modified since" searches.
 */
export interface SeededValues {
  readonly values: Readonly<Record<string, string>>;
  /** sourceType of each seeded value's single history entry (default CRM_UI). */
  readonly sources: Readonly<Record<string, string>>;
}

export type SeedValueSource = (batch: SeedBatch, index: number) => SeededValues;

const SEED_CACHE_SIZE = 4096;
const uniqueKey = (property: string, value: string) =>
  property === 'email' ? value.toLowerCase() : value;

export class ObjectStore {
  readonly spec: ObjectTypeSpec;
  readonly modstamps = new ModstampIndex();
  readonly #records = new Map<number, CrmRecord>();
  #order: number[] = [];
  #nextId = 1;
  readonly #unique = new Map<string, Map<string, number>>();
  /** Merged-away ids answer with their survivor, as HubSpot redirects them. */
  readonly #aliases = new Map<number, number>();
  readonly #seedCache = new Map<string, SeededValues>();
  readonly #seedSource: SeedValueSource;
  /** Records written while search indexing lags; search shows their previous view. */
  readonly pendingSearch = new Set<number>();

  constructor(spec: ObjectTypeSpec, seedSource: SeedValueSource) {
    this.spec = spec;
    this.#seedSource = seedSource;
  }

  reset(): void {
    this.#records.clear();
    this.#order = [];
    this.#nextId = 1;
    this.#unique.clear();
    this.#aliases.clear();
    this.#seedCache.clear();
    this.pendingSearch.clear();
    this.modstamps.clear();
  }

  get size(): number {
    return this.#records.size;
  }

  /** Allocates the next id and stores a new record. */
  insert(
    createdAt: number,
    updatedAt: number,
    seedBatch: SeedBatch | null = null,
    seedIndex = -1,
  ): CrmRecord {
    const record = new CrmRecord(this.#nextId, createdAt, updatedAt, seedBatch, seedIndex);
    this.#nextId += 1;
    this.#records.set(record.id, record);
    this.#order.push(record.id);
    return record;
  }

  /** Any record by id, archived ones included; merged-away ids resolve to the survivor. */
  get(id: number): CrmRecord | undefined {
    const record = this.#records.get(id);
    if (record !== undefined) return record;
    const survivor = this.#aliases.get(id);
    return survivor === undefined ? undefined : this.#records.get(survivor);
  }

  live(id: number): CrmRecord | undefined {
    const record = this.get(id);
    return record === undefined || record.archived ? undefined : record;
  }

  alias(mergedId: number, survivorId: number): void {
    this.#aliases.set(mergedId, survivorId);
    for (const [from, to] of this.#aliases)
      if (to === mergedId) this.#aliases.set(from, survivorId);
  }

  /** Removes a record for good (merged away or GDPR-deleted). */
  remove(record: CrmRecord): void {
    this.#records.delete(record.id);
    const at = this.#indexOfId(record.id);
    if (this.#order[at] === record.id) this.#order.splice(at, 1);
    this.modstamps.drop();
  }

  /** Ids ≥ `minId` in ascending order (archived ones included; callers filter). */
  *idsFrom(minId: number): Generator<number> {
    for (let i = this.#indexOfId(minId); i < this.#order.length; i += 1) yield this.#order[i]!;
  }

  seeded(record: CrmRecord): SeededValues | undefined {
    const batch = record.seedBatch;
    if (batch === null) return undefined;
    const key = `${batch.seed}:${batch.baseMs}:${record.seedIndex}`;
    let values = this.#seedCache.get(key);
    if (values === undefined) {
      values = this.#seedSource(batch, record.seedIndex);
      if (this.#seedCache.size >= SEED_CACHE_SIZE) this.#seedCache.clear();
      this.#seedCache.set(key, values);
    }
    return values;
  }

  /** The current value: written, else computed (ids, stamps), else seeded. */
  value(record: CrmRecord, name: string): string | undefined {
    const own = record.ownValue(name);
    if (own !== undefined) return own;
    if (name === 'hs_object_id') return String(record.id);
    if (name === 'createdate') return new Date(record.createdAt).toISOString();
    if (name === this.spec.modifiedProperty) return new Date(record.updatedAt).toISOString();
    if (record.seedBatch === null) return undefined;
    return this.seeded(record)!.values[name];
  }

  /** History newest first; a seeded value has one entry stamped at the record's creation. */
  history(record: CrmRecord, name: string): HistoryEntry[] {
    const written = record.history?.get(name) ?? [];
    const seeded = this.seeded(record);
    const seededValue = seeded?.values[name];
    if (seededValue === undefined) return written;
    return [
      ...written,
      {
        value: seededValue,
        timestamp: record.createdAt,
        sourceType: seeded!.sources[name] ?? 'CRM_UI',
      },
    ];
  }

  setValue(record: CrmRecord, name: string, value: string, entry: HistoryEntry): void {
    record.setOwnValue(name, value);
    record.pushHistory(name, entry, LIMITS.historyPerProperty);
  }

  /** Puts a record created through the API into the modstamp index. */
  indexNew(record: CrmRecord): void {
    this.modstamps.touch(record.id, record.updatedAt, undefined);
  }

  /** Marks the record modified at `now` (lastmodifieddate / hs_lastmodifieddate). */
  touch(record: CrmRecord, now: number): void {
    const previous = record.updatedAt;
    record.updatedAt = Math.max(now, record.createdAt);
    this.modstamps.touch(record.id, record.updatedAt, previous);
    this.modstamps.compactIfNeeded(this.isLiveStamp);
  }

  readonly isLiveStamp = (id: number, stamp: number): boolean => {
    const record = this.#records.get(id);
    return record !== undefined && record.updatedAt === stamp;
  };

  findUnique(property: string, value: string): CrmRecord | undefined {
    const id = this.#unique.get(property)?.get(uniqueKey(property, value));
    return id === undefined ? undefined : this.live(id);
  }

  indexUnique(property: string, value: string, record: CrmRecord, previous?: string): void {
    let index = this.#unique.get(property);
    if (index === undefined) this.#unique.set(property, (index = new Map()));
    if (
      previous !== undefined &&
      previous !== '' &&
      index.get(uniqueKey(property, previous)) === record.id
    )
      index.delete(uniqueKey(property, previous));
    if (value !== '') index.set(uniqueKey(property, value), record.id);
  }

  unindexUnique(property: string, value: string | undefined, record: CrmRecord): void {
    if (value === undefined || value === '') return;
    const index = this.#unique.get(property);
    if (index?.get(uniqueKey(property, value)) === record.id)
      index.delete(uniqueKey(property, value));
  }

  #indexOfId(id: number): number {
    let low = 0;
    let high = this.#order.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.#order[mid]! < id) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
