import type { FieldDef } from '../schema/fields.ts';
import type { ObjectSchema } from '../schema/registry.ts';
import type { SalesforceState } from '../state.ts';
import type { Value } from '../store/record.ts';
import { convertValue, saveError, type SaveError } from './values.ts';

/**
 * Checks a record's JSON fields against the object, in Salesforce's order: unknown fields
 * (INVALID_FIELD), fields the API user may not set (INVALID_FIELD_FOR_INSERT_UPDATE), then each
 * value (type, picklist, email, length, referenced record). Returns canonical-name changes or
 * the first error, which fails only this record.
 */
export type Prepared = { changes: Record<string, Value> } | { error: SaveError };

/** Keys of a record body that are not fields: the type map, and the id of an update. */
const NOT_FIELDS = new Set(['attributes', 'type']);

/** Scratch space for the fields of the record being prepared (reused: one record at a time). */
const pendingFields: FieldDef[] = [];
const pendingRaw: unknown[] = [];

const sameName = (key: string, lower: string) =>
  key.length === lower.length && key.toLowerCase() === lower;

/**
 * What each key of the last record prepared named (its field, or null for a key that is not a
 * field). The records of one collection call usually spell the same keys in the same order
 * (JSON.parse even gives them one hidden class), so the next record's keys resolve by comparing
 * them with these. One per call and write mode (field security cannot change within a call).
 */
export class KeyMemo {
  mode: 'create' | 'update' | undefined;
  schema: ObjectSchema | undefined;
  skip: string | undefined;
  readonly keys: string[] = [];
  readonly fields: (FieldDef | null)[] = [];
}

/**
 * `skip` (lower-case) is a key the caller has already dealt with: the external id of an upsert
 * that matched a record.
 */
export function prepareFields(
  state: SalesforceState,
  schema: ObjectSchema,
  input: Readonly<Record<string, unknown>>,
  mode: 'create' | 'update',
  skip?: string,
  memo?: KeyMemo,
): Prepared {
  if (memo !== undefined && (memo.mode !== mode || memo.schema !== schema || memo.skip !== skip)) {
    memo.mode = mode;
    memo.schema = schema;
    memo.skip = skip;
    memo.keys.length = 0;
  }
  let count = 0;
  let position = 0;
  let readOnly: string[] | undefined;
  for (const key in input) {
    let field: FieldDef | null | undefined;
    if (memo !== undefined && memo.keys[position] === key) field = memo.fields[position]!;
    else {
      field = keyField(schema, key, mode, skip);
      if (field === undefined) {
        return {
          error: saveError(
            'INVALID_FIELD',
            `No such column '${key}' on sobject of type ${schema.name}`,
          ),
        };
      }
      if (memo !== undefined) {
        memo.keys[position] = key;
        memo.fields[position] = field;
      }
    }
    position += 1;
    if (field === null) continue;
    if (mode === 'create' ? !field.createable : !field.updateable)
      (readOnly ??= []).push(field.name);
    else {
      pendingFields[count] = field;
      pendingRaw[count] = input[key];
      count += 1;
    }
  }
  if (readOnly !== undefined) {
    return {
      error: saveError(
        'INVALID_FIELD_FOR_INSERT_UPDATE',
        `Unable to create/update fields: ${readOnly.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
        readOnly,
      ),
    };
  }
  const changes: Record<string, Value> = {};
  for (let i = 0; i < count; i += 1) {
    const field = pendingFields[i]!;
    const raw = pendingRaw[i];
    const converted = convertValue(field, raw);
    if ('error' in converted) return converted;
    if (converted.value === null && field.picklist?.restricted === true && !field.nillable) {
      return {
        error: saveError(
          'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
          `${field.label}: bad value for restricted picklist field: ${raw === null ? 'null' : String(raw)}`,
          [field.name],
        ),
      };
    }
    if (field.type === 'reference' && converted.value !== null) {
      const problem = checkReference(state, schema, field, converted.value as string, String(raw));
      if (problem !== undefined) return { error: problem };
    }
    changes[field.name] = converted.value;
  }
  return { changes };
}

/** The field a key of a record body names; null for keys that are not fields (or `skip`). */
function keyField(
  schema: ObjectSchema,
  key: string,
  mode: 'create' | 'update',
  skip: string | undefined,
): FieldDef | null | undefined {
  if (NOT_FIELDS.has(key) || (mode === 'update' && sameName(key, 'id'))) return null;
  if (skip !== undefined && sameName(key, skip)) return null;
  return schema.field(key);
}

function checkReference(
  state: SalesforceState,
  schema: ObjectSchema,
  field: FieldDef,
  id: string,
  raw: string,
): SaveError | undefined {
  const store = state.storeForId(id);
  if (store === undefined || !field.referenceTo.includes(store.schema.name)) {
    return saveError('MALFORMED_ID', `${field.label}: id value of incorrect type: ${raw}`, [
      field.name,
    ]);
  }
  const target = store.get(id);
  if (target === undefined)
    return saveError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', [field.name]);
  if (target.deleted) return saveError('ENTITY_IS_DELETED', 'entity is deleted', [field.name]);
  if (field.name === 'OwnerId' && store.schema.name === 'User' && target.values.IsActive !== true) {
    return saveError(
      'INACTIVE_OWNER_OR_USER',
      `operation performed with inactive user [${id}] as owner of ${schema.def.label.toLowerCase()}`,
      [],
    );
  }
  return undefined;
}

/** REQUIRED_FIELD_MISSING for required fields that are empty once the write is applied. */
export function missingRequired(
  schema: ObjectSchema,
  values: Readonly<Record<string, Value>>,
  changes: Readonly<Record<string, Value>>,
): SaveError | undefined {
  let missing: string[] | undefined;
  for (const field of schema.derived().required) {
    // A change is never undefined (prepareFields gives null for empty), so one read tells.
    const changed = changes[field.name];
    const value = changed !== undefined ? changed : values[field.name];
    if (value === null || value === undefined) (missing ??= []).push(field.name);
  }
  if (missing === undefined) return undefined;
  return saveError(
    'REQUIRED_FIELD_MISSING',
    `Required fields are missing: [${missing.join(', ')}]`,
    missing,
  );
}
