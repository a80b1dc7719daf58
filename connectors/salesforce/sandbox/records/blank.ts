import type { ObjectSchema } from '../schema/registry.ts';
import type { StoredRecord, Value } from '../store/record.ts';

/**
 * A new record with every field of its object present (null, or false for checkboxes) in
 * describe order: a copy of the object's blank template, so records of one object share a
 * hidden class and V8 keeps them compact (see `schema/derived.ts`).
 */
export function blankRecord(schema: ObjectSchema, id: string): StoredRecord {
  const values: Record<string, Value> = { ...schema.derived().blank };
  values.Id = id;
  return { id, type: schema.name, values, deleted: false, indexedStamp: -1 };
}

/** Stamps a record as created (and last modified) by `userId` at `at`. */
export function stampCreated(record: StoredRecord, userId: string, at: number): void {
  record.values.CreatedDate = at;
  record.values.CreatedById = userId;
  record.values.LastModifiedDate = at;
  record.values.LastModifiedById = userId;
  record.values.SystemModstamp = at;
}
