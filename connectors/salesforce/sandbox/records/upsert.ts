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
  return store
    .lookup(field.name, value)
    .map((id) => store.get(id)!)
    .filter((record) => !record.deleted);
}

export function upsertRecord(
  ctx: WriteContext,
  store: ObjectStore,
  field: FieldDef,
  value: string,
  input: Readonly<Record<string, unknown>>,
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
  const body: Record<string, unknown> = {};
  for (const key in input)
    if (key.toLowerCase() !== field.name.toLowerCase()) body[key] = input[key];
  if (matches.length === 1) return updateRecord(ctx, store, matches[0]!, body);
  if (field.type === 'id' && value !== '') {
    return {
      success: false,
      errors: [saveError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id')],
    };
  }
  return createRecord(ctx, store, field.type === 'id' ? body : { ...body, [field.name]: value });
}
