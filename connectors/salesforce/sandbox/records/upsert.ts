import type { FieldDef } from '../schema/fields.ts';
import type { ObjectStore } from '../store/object-store.ts';
import type { StoredRecord } from '../store/record.ts';
import { createRecord, updateRecord, type SaveOutcome, type WriteContext } from './save.ts';
import { saveError } from './values.ts';

/**
 * Upsert by an External ID field: no live record with the value → create it (with the value
 * set), one → update it, several → no write. Matching ignores case, as for text external ids
 * that are not case-sensitive.
 */
export function isUpsertKey(field: FieldDef | undefined): field is FieldDef {
  return field !== undefined && (field.externalId || field.type === 'id');
}

export function liveMatches(store: ObjectStore, field: FieldDef, value: string): StoredRecord[] {
  if (field.type === 'id') {
    const record = store.get(value);
    return record === undefined || record.deleted ? [] : [record];
  }
  const found = store.find(field.name, value);
  if (found === undefined) return [];
  if (!Array.isArray(found)) return (found as StoredRecord).deleted ? [] : [found as StoredRecord];
  return (found as readonly StoredRecord[]).filter((record) => !record.deleted);
}

export function upsertRecord(
  ctx: WriteContext,
  store: ObjectStore,
  field: FieldDef,
  value: string,
  input: Readonly<Record<string, unknown>>,
  /** `field.name` in lower case (a collection works it out once for all its records). */
  key: string = field.name.toLowerCase(),
): SaveOutcome {
  const matches = value === '' ? [] : liveMatches(store, field, value);
  if (matches.length > 1) {
    return {
      success: false,
      errors: [
        saveError(
          'DUPLICATE_EXTERNAL_ID',
          `${field.label}: more than one record found for external id field: [${matches.map((record) => record.id).join(', ')}]`,
          [field.name],
        ),
      ],
    };
  }
  // An update leaves the key as it is; a create writes the value the match was made on.
  if (matches.length === 1) return updateRecord(ctx, store, matches[0]!, input, key);
  if (field.type === 'id' && value !== '') {
    return {
      success: false,
      errors: [saveError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id')],
    };
  }
  if (field.type === 'id') return createRecord(ctx, store, input, key);
  const body: Record<string, unknown> = {};
  for (const name in input) if (name.toLowerCase() !== key) body[name] = input[name];
  body[field.name] = value;
  return createRecord(ctx, store, body);
}
