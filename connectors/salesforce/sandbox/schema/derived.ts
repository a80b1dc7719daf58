import type { Value } from '../store/record.ts';
import type { FieldDef } from './fields.ts';

/**
 * What the write path needs from an object's fields, worked out once per field list instead of
 * once per record: the blank record, the defaults the org fills on create, the fields
 * REQUIRED_FIELD_MISSING checks, the unique ones, and JSON keys as clients spell them.
 * `ObjectSchema` rebuilds it whenever a custom field comes or goes.
 */
export interface DerivedFields {
  /** Every field null (false for checkboxes) in describe order: each new record copies it. */
  readonly blank: Readonly<Record<string, Value>>;
  /** Picklist defaults the org fills on create (Lead.Status …). */
  readonly defaults: readonly (readonly [string, Value])[];
  /** Fields that must hold a value once a create or update is applied. */
  readonly required: readonly FieldDef[];
  /** Canonical names of unique fields (DUPLICATE_VALUE). */
  readonly unique: readonly string[];
  /** Whether the object has an OwnerId (a create without one is owned by the caller). */
  readonly hasOwner: boolean;
  /** JSON keys as sent (`FirstName`, `firstname` …) → field; only keys that name a field. */
  readonly byKey: Map<string, FieldDef>;
}

/** Distinct spellings remembered per object; a client inventing casings cannot grow it forever. */
const MAX_SPELLINGS = 2_000;

export function deriveFieldInfo(fields: readonly FieldDef[]): DerivedFields {
  const blank: Record<string, Value> = {};
  const defaults: [string, Value][] = [];
  const required: FieldDef[] = [];
  const unique: string[] = [];
  for (const field of fields) {
    blank[field.name] = field.type === 'boolean' ? false : null;
    const initial = field.picklist?.values.find((entry) => entry.defaultValue);
    if (initial !== undefined) defaults.push([field.name, initial.value]);
    if (!(
      field.nillable ||
      field.type === 'boolean' ||
      field.defaultedOnCreate ||
      !field.createable
    ))
      required.push(field);
    if (field.unique) unique.push(field.name);
  }
  const hasOwner = fields.some((field) => field.name.toLowerCase() === 'ownerid');
  return { blank: fastObject(blank), defaults, required, unique, hasOwner, byKey: new Map() };
}

/**
 * The same object in V8's fast mode. An object given dozens of properties one computed key at a
 * time turns into a hash table (about 3 kB for a Lead's 48 fields, and slower to read and
 * write); one that JSON.parse builds shares a hidden class with every other, and so do its
 * shallow copies: a million records then take a few hundred MB instead of a few GB.
 */
function fastObject(values: Record<string, Value>): Record<string, Value> {
  return JSON.parse(JSON.stringify(values)) as Record<string, Value>;
}

/** The field a JSON key names (any case), remembering the spelling for the next record. */
export function fieldForKey(
  derived: DerivedFields,
  key: string,
  byLower: (lower: string) => FieldDef | undefined,
): FieldDef | undefined {
  const known = derived.byKey.get(key);
  if (known !== undefined) return known;
  const found = byLower(key.toLowerCase());
  if (found !== undefined && derived.byKey.size < MAX_SPELLINGS) derived.byKey.set(key, found);
  return found;
}
