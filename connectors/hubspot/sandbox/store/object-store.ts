import { LIMITS, type ObjectTypeSpec } from '../config.ts';
import { ModstampIndex } from './modstamp-index.ts';
import {
  CrmRecord,
  isoOf,
  type HistoryEntry,
  type HistorySource,
  type SeedBatch,
} from './record.ts';

/**
 * The records of one object type: an array indexed by id (ids are dense and ascending, which
 * gives list paging and the `hs_object_id GT` search pattern for free), unique-value indexes
 * (contacts' email, lower-cased, and every `hasUniqueValue` property) and the modstamp index
 * for "modified since" searches.
 */
export interface SeededValues {
  /** A seeded property's value; datetimes stay epoch ms until read (most reads never ask). */
  value(name: string): string | number | undefined;
  /** sourceType of each seeded value's single history entry (default CRM_UI). */
  readonly sources: Readonly<Record<string, string>>;
}

export interface SeedValueSource {
  readonly values: (batch: SeedBatch, index: number) => SeededValues;
  /** Every property a seeded record may have: others are never looked up in the seed. */
  readonly names: ReadonlySet<string>;
}

/**
 * Seeded values are cheap to compute (about a microsecond) but asked for several times per
 * record in a row; a small direct-mapped cache by record id keeps the recent ones. A large
 * cache would only promote garbage to the old generation when a sync streams through a
 * million records.
 */
const SEED_CACHE_SLOTS = 1024;
const seededSources = new Map<string, HistorySource>();
const seededSource = (sourceType: string): HistorySource => {
  let source = seededSources.get(sourceType);
  if (source === undefined) seededSources.set(sourceType, (source = { sourceType }));
  return source;
};
const uniqueKey = (property: string, value: string) =>
  property === 'email' ? value.toLowerCase() : value;

export class ObjectStore {
  readonly spec: ObjectTypeSpec;
  readonly modstamps = new ModstampIndex();
  /** Slot `id` holds record `id`; removed records leave a hole. */
  #records: (CrmRecord | undefined)[] = [undefined];
  #size = 0;
  readonly #unique = new Map<string, Map<string, number>>();
  /** Merged-away ids answer with their survivor, as HubSpot redirects them. */
  readonly #aliases = new Map<number, number>();
  #seedOwners: (CrmRecord | undefined)[] = new Array<CrmRecord | undefined>(SEED_CACHE_SLOTS);
  #seedValues: (SeededValues | undefined)[] = new Array<SeededValues | undefined>(SEED_CACHE_SLOTS);
  readonly #seedSource: SeedValueSource;
  /** Records written while search indexing lags; search shows their previous view. */
  readonly pendingSearch = new Set<number>();

  constructor(spec: ObjectTypeSpec, seedSource: SeedValueSource) {
    this.spec = spec;
    this.#seedSource = seedSource;
  }

  reset(): void {
    this.#records = [undefined];
    this.#size = 0;
    this.#unique.clear();
    this.#aliases.clear();
    this.#seedOwners = new Array<CrmRecord | undefined>(SEED_CACHE_SLOTS);
    this.#seedValues = new Array<SeededValues | undefined>(SEED_CACHE_SLOTS);
    this.pendingSearch.clear();
    this.modstamps.clear();
  }

  get size(): number {
    return this.#size;
  }

  /** Allocates the next id and stores a new record. */
  insert(
    createdAt: number,
    updatedAt: number,
    seedBatch: SeedBatch | null = null,
    seedIndex = -1,
  ): CrmRecord {
    const record = new CrmRecord(this.#records.length, createdAt, updatedAt, seedBatch, seedIndex);
    this.#records.push(record);
    this.#size += 1;
    return record;
  }

  /** Any record by id, archived ones included; merged-away ids resolve to the survivor. */
  get(id: number): CrmRecord | undefined {
    const record = this.#records[id];
    if (record !== undefined) return record;
    const survivor = this.#aliases.get(id);
    return survivor === undefined ? undefined : this.#records[survivor];
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
    if (this.#records[record.id] !== record) return;
    this.#records[record.id] = undefined;
    this.#size -= 1;
    this.modstamps.remove(record);
  }

  /** Ids ≥ `minId` in ascending order (archived ones included; callers filter). */
  *idsFrom(minId: number): Generator<number> {
    for (let id = Math.max(1, minId); id < this.#records.length; id += 1)
      if (this.#records[id] !== undefined) yield id;
  }

  seeded(record: CrmRecord): SeededValues | undefined {
    const batch = record.seedBatch;
    if (batch === null) return undefined;
    const slot = record.id & (SEED_CACHE_SLOTS - 1);
    if (this.#seedOwners[slot] === record) return this.#seedValues[slot];
    const values = this.#seedSource.values(batch, record.seedIndex);
    this.#seedOwners[slot] = record;
    this.#seedValues[slot] = values;
    return values;
  }

  /** The current value: written, else computed (ids, stamps), else seeded. */
  value(record: CrmRecord, name: string): string | undefined {
    const own = record.ownValue(name);
    if (own !== undefined) return own;
    if (name === 'hs_object_id') return record.idText();
    if (name === 'createdate') return record.createdIso();
    if (name === this.spec.modifiedProperty) return record.updatedIso();
    if (record.seedBatch === null || !this.#seedSource.names.has(name)) return undefined;
    const seeded = this.seeded(record)!.value(name);
    return typeof seeded === 'number' ? isoOf(seeded) : seeded;
  }

  /** History newest first; a seeded value has one entry stamped at the record's creation. */
  history(record: CrmRecord, name: string): HistoryEntry[] {
    const written = record.historyOf(name, LIMITS.historyPerProperty);
    const seeded = this.seeded(record);
    const raw = seeded?.value(name);
    if (raw === undefined) return written;
    const seededValue = typeof raw === 'number' ? isoOf(raw) : raw;
    return [
      ...written,
      {
        value: seededValue,
        timestamp: record.createdAt,
        source: seededSource(seeded!.sources[name] ?? 'CRM_UI'),
      },
    ];
  }

  setValue(record: CrmRecord, name: string, value: string, entry: HistoryEntry): void {
    record.setOwnValue(name, value);
    record.pushHistory(name, entry, LIMITS.historyPerProperty);
  }

  /** Puts a record created through the API into the modstamp index. */
  indexNew(record: CrmRecord): void {
    this.modstamps.touch(record);
  }

  /** Marks the record modified at `now` (lastmodifieddate / hs_lastmodifieddate). */
  touch(record: CrmRecord, now: number): void {
    const stamp = Math.max(now, record.createdAt);
    if (stamp === record.updatedAt && record.modListed) return;
    record.updatedAt = stamp;
    this.modstamps.touch(record);
  }

  /** Ids modified at or after `fromMs`, oldest change first. */
  modifiedSince(fromMs: number): Generator<number> {
    return this.modstamps.from(fromMs, (id) => this.#records[id]);
  }

  findUnique(property: string, value: string): CrmRecord | undefined {
    const index = this.#unique.get(property);
    if (index === undefined) return undefined;
    // Most emails arrive lower-case already: look up as given before lower-casing.
    let id = index.get(value);
    if (id === undefined && property === 'email') {
      const lower = value.toLowerCase();
      if (lower !== value) id = index.get(lower);
    }
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
}
