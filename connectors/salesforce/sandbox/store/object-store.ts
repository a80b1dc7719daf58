import type { FieldDef } from '../schema/fields.ts';
import type { ObjectSchema } from '../schema/registry.ts';
import { makeId } from './ids.ts';
import { ModstampIndex } from './modstamp-index.ts';
import { RecordTable } from './record-table.ts';
import { stampOf, type StoredRecord, type Value } from './record.ts';
import { ValueIndex } from './value-index.ts';

/**
 * The records of one object: a table by id (`record-table.ts`), the (SystemModstamp, Id) index
 * and a value index per indexed field. Every change to a record goes through `insert` /
 * `change` / `markDeleted`, so the indexes never drift from the values.
 */
export class ObjectStore {
  /** Ids handed out start here, so the first ids look like a used org's (…0000Hq2…). */
  static readonly FIRST_COUNTER = 4_200_000;
  readonly schema: ObjectSchema;
  readonly records = new RecordTable(ObjectStore.FIRST_COUNTER + 1);
  readonly modstamps: ModstampIndex;
  #indexes = new Map<string, ValueIndex>();
  /** Canonical field name → its index, for writes (rebuilt when indexes or fields change). */
  #byName = new Map<string, ValueIndex>();
  /** The same pairs as a list: inserts and removes walk it (no Map iterator per record). */
  #byNameList: (readonly [string, ValueIndex])[] = [];
  #byNameFor: unknown;
  #counter = 0;

  constructor(schema: ObjectSchema) {
    this.schema = schema;
    // A record's stamp as indexed, kept on the record itself: compaction checks every entry, and
    // reading the stamp from the record's values would be a second cache miss per entry. The
    // store writes it before each put, so it always equals the record's SystemModstamp there.
    this.modstamps = new ModstampIndex((id) => this.records.get(id)?.indexedStamp);
    this.#counter = ObjectStore.FIRST_COUNTER;
    for (const field of schema.allFields()) if (field.indexed) this.ensureIndex(field);
  }

  get size(): number {
    return this.records.size;
  }

  nextId(): string {
    this.#counter += 1;
    return makeId(this.schema.def.keyPrefix, this.#counter);
  }

  get(id: string): StoredRecord | undefined {
    return this.records.get(id);
  }

  /** A value index for `field`, built from the current records when it is new. */
  ensureIndex(field: FieldDef): ValueIndex {
    const key = field.name.toLowerCase();
    let index = this.#indexes.get(key);
    if (index === undefined) {
      index = new ValueIndex();
      this.#indexes.set(key, index);
      for (const record of this.records.values()) index.add(record.values[field.name], record);
      this.#byNameFor = undefined;
    }
    return index;
  }

  index(fieldName: string): ValueIndex | undefined {
    return this.#indexes.get(fieldName.toLowerCase());
  }

  dropIndex(fieldName: string): void {
    this.#indexes.delete(fieldName.toLowerCase());
    this.#byNameFor = undefined;
  }

  insert(record: StoredRecord, options: { deferModstamp?: boolean } = {}): void {
    this.records.set(record.id, record);
    this.#indexesByName();
    for (const [name, index] of this.#byNameList) index.add(record.values[name], record);
    if (options.deferModstamp !== true) {
      record.indexedStamp = stampOf(record);
      this.modstamps.put(record.id, record.indexedStamp);
    }
  }

  /** Applies `changes` (canonical field names) and keeps the indexes in step. */
  change(record: StoredRecord, changes: Readonly<Record<string, Value>>): void {
    this.#apply(record, changes);
    this.#reindexStamp(record);
  }

  /**
   * An update's write: `changes`, then the audit fields every save sets (written by name: they
   * are never indexed, and are the same three on every object).
   */
  update(
    record: StoredRecord,
    changes: Readonly<Record<string, Value>>,
    at: number,
    userId: string,
  ): void {
    this.#apply(record, changes);
    const values = record.values;
    values.LastModifiedDate = at;
    values.LastModifiedById = userId;
    values.SystemModstamp = at;
    this.#reindexStamp(record);
  }

  /**
   * A value equal to the one held is not stored again: the record keeps its string, and the
   * request's copy dies young instead of being promoted into the old generation with the record.
   */
  #apply(record: StoredRecord, changes: Readonly<Record<string, Value>>): void {
    const indexes = this.#indexesByName();
    const values = record.values;
    for (const name in changes) {
      const next = changes[name]!;
      const current = values[name];
      if (current === next) continue;
      const index = indexes.get(name);
      if (index !== undefined) {
        index.remove(current, record);
        index.add(next, record);
      }
      values[name] = next;
    }
  }

  #reindexStamp(record: StoredRecord): void {
    const stamp = stampOf(record);
    const previous = record.indexedStamp;
    if (stamp !== previous) {
      record.indexedStamp = stamp;
      this.modstamps.put(record.id, stamp, previous);
    }
  }

  /** Takes a record out entirely (rollback of a create in an all-or-none request). */
  remove(record: StoredRecord): void {
    this.records.delete(record.id);
    this.#indexesByName();
    for (const [name, index] of this.#byNameList) index.remove(record.values[name], record);
  }

  /** Ids whose `field` equals `value` (text ignoring case), deleted ones included. */
  lookup(fieldName: string, value: unknown): readonly string[] {
    return this.#indexFor(fieldName)?.get(value) ?? [];
  }

  /** The records whose `field` equals `value` (see `ValueIndex.find`), deleted ones included. */
  find(fieldName: string, value: unknown): StoredRecord | readonly StoredRecord[] | undefined {
    return this.#indexFor(fieldName)?.find(value);
  }

  #indexFor(fieldName: string): ValueIndex | undefined {
    return this.#indexesByName().get(fieldName) ?? this.#indexes.get(fieldName.toLowerCase());
  }

  clear(): void {
    this.records.clear();
    this.modstamps.clear();
    for (const index of this.#indexes.values()) index.clear();
    this.#counter = ObjectStore.FIRST_COUNTER;
  }

  /**
   * The indexes by canonical field name (how records and changes spell fields), without a
   * lower-casing per field per write; rebuilt after a field or an index comes or goes.
   */
  #indexesByName(): Map<string, ValueIndex> {
    const fields = this.schema.derived();
    if (this.#byNameFor !== fields) {
      this.#byName = new Map();
      this.#byNameList = [];
      for (const [key, index] of this.#indexes) {
        const field = this.schema.anyField(key);
        if (field !== undefined) {
          this.#byName.set(field.name, index);
          this.#byNameList.push([field.name, index]);
        }
      }
      this.#byNameFor = fields;
    }
    return this.#byName;
  }
}
