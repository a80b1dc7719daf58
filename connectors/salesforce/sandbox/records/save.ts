import type { SalesforceState } from '../state.ts';
import type { ObjectStore } from '../store/object-store.ts';
import { canonicalId } from '../store/ids.ts';
import type { StoredRecord, Value } from '../store/record.ts';
import { blankRecord, stampCreated } from './blank.ts';
import { deriveFields } from './derive.ts';
import { missingRequired, prepareFields, type KeyMemo } from './prepare.ts';
import type { UndoLog } from './undo.ts';
import { saveError, type SaveError } from './values.ts';

/**
 * Create, update and delete of one record with everything the org does around them: defaults,
 * derived fields, required fields, unique values, the lead assignment rule, audit fields and
 * SystemModstamp (every save bumps it, even one that changes no value).
 */
export interface WriteContext {
  readonly state: SalesforceState;
  /** The user the session belongs to: CreatedById / LastModifiedById. */
  readonly userId: string;
  /** `Sforce-Auto-Assign` (absent means TRUE): run the active lead assignment rule. */
  readonly autoAssign: boolean;
  readonly undo?: UndoLog;
  /** The save time of the whole call, read once for all its records (else the clock, per record). */
  readonly now?: number;
  /** The keys of the call's last record prepared, per write mode (collections). */
  readonly keys?: { readonly create: KeyMemo; readonly update: KeyMemo };
}

export type SaveOutcome =
  | { readonly success: true; readonly id: string; readonly created: boolean }
  | { readonly success: false; readonly id?: string; readonly errors: SaveError[] };

const failed = (error: SaveError, id?: string): SaveOutcome => ({
  success: false,
  ...(id === undefined ? {} : { id }),
  errors: [error],
});

/** `skip` (lower-case): a key of `input` the caller has handled (see `prepareFields`). */
export function createRecord(
  ctx: WriteContext,
  store: ObjectStore,
  input: Readonly<Record<string, unknown>>,
  skip?: string,
): SaveOutcome {
  const { schema } = store;
  if (!schema.def.createable)
    return failed(
      saveError('INVALID_TYPE_FOR_OPERATION', `entity type cannot be inserted: ${schema.name}`),
    );
  const prepared = prepareFields(ctx.state, schema, input, 'create', skip, ctx.keys?.create);
  if ('error' in prepared) return failed(prepared.error);
  const record = blankRecord(schema, store.nextId());
  const changes = withDefaults(ctx, store, prepared.changes);
  const problem = finish(ctx, store, record, changes);
  if (problem !== undefined) return failed(problem);
  Object.assign(record.values, changes);
  stampCreated(record, ctx.userId, ctx.now ?? ctx.state.now());
  store.insert(record);
  ctx.undo?.created(store, record);
  return { success: true, id: record.id, created: true };
}

export function updateRecord(
  ctx: WriteContext,
  store: ObjectStore,
  record: StoredRecord,
  input: Readonly<Record<string, unknown>>,
  skip?: string,
): SaveOutcome {
  if (record.deleted) return failed(saveError('ENTITY_IS_DELETED', 'entity is deleted'), record.id);
  if (record.type === 'Lead' && record.values.IsConverted === true) {
    return failed(
      saveError('CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead'),
      record.id,
    );
  }
  const prepared = prepareFields(ctx.state, store.schema, input, 'update', skip, ctx.keys?.update);
  if ('error' in prepared) return failed(prepared.error, record.id);
  const changes = prepared.changes;
  const problem = finish(ctx, store, record, changes);
  if (problem !== undefined) return failed(problem, record.id);
  ctx.undo?.changed(store, record);
  store.update(record, changes, ctx.now ?? ctx.state.now(), ctx.userId);
  return { success: true, id: record.id, created: false };
}

/** The record an id names, or the SaveError Salesforce gives for it. */
export function findRecord(
  state: SalesforceState,
  rawId: string,
  expected?: ObjectStore,
): { store: ObjectStore; record: StoredRecord } | { error: SaveError } {
  const id = canonicalId(rawId);
  // The object expected is found by comparing its prefix (no 3-character string made per id).
  const store =
    id === undefined
      ? undefined
      : expected !== undefined && id.startsWith(expected.schema.def.keyPrefix)
        ? expected
        : state.storeForId(id);
  if (id === undefined || store === undefined || (expected !== undefined && store !== expected)) {
    const label = expected?.schema.def.label ?? 'Record';
    return {
      error: saveError('MALFORMED_ID', `${label} ID: id value of incorrect type: ${rawId}`, ['Id']),
    };
  }
  const record = store.get(id);
  if (record === undefined)
    return { error: saveError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id') };
  return { store, record };
}

/**
 * The request's values plus what the org fills on create where the request gave nothing
 * (picklist defaults, the owner). `given` is the prepared changes, new for this record: the
 * defaults are added to it instead of copying everything into another object.
 */
function withDefaults(
  ctx: WriteContext,
  store: ObjectStore,
  given: Record<string, Value>,
): Record<string, Value> {
  const derived = store.schema.derived();
  for (const [name, value] of derived.defaults) if (given[name] === undefined) given[name] = value;
  if (given.OwnerId === undefined && derived.hasOwner) given.OwnerId = ctx.userId;
  return given;
}

/** Derived fields, required fields, assignment and unique values; the first problem fails the save. */
function finish(
  ctx: WriteContext,
  store: ObjectStore,
  record: StoredRecord,
  changes: Record<string, Value>,
): SaveError | undefined {
  const now = ctx.now ?? ctx.state.now();
  const derived = deriveFields(store.schema.name, record.values, changes, now);
  if (derived !== undefined) return derived;
  // A new record's values are its blank fields: required ones are empty unless `changes` fills them.
  const missing = missingRequired(store.schema, record.values, changes);
  if (missing !== undefined) return missing;
  if (store.schema.name === 'Lead' && ctx.autoAssign) {
    const owner = nextAssignee(ctx.state);
    if (owner !== undefined) changes.OwnerId = owner;
  }
  return duplicateValue(store, record, changes);
}

/** DUPLICATE_VALUE when a unique field's new value is held by another live record. */
function duplicateValue(
  store: ObjectStore,
  record: StoredRecord,
  changes: Readonly<Record<string, Value>>,
): SaveError | undefined {
  for (const name of store.schema.derived().unique) {
    const value = changes[name];
    if (value === undefined || value === null) continue;
    const holder = otherLiveHolder(store.find(name, value), record);
    if (holder !== undefined) {
      return saveError(
        'DUPLICATE_VALUE',
        `duplicate value found: ${name} duplicates value on record with id: ${holder.id}`,
      );
    }
  }
  return undefined;
}

/** The first live record of `found` other than `record`. */
function otherLiveHolder(
  found: StoredRecord | readonly StoredRecord[] | undefined,
  record: StoredRecord,
): StoredRecord | undefined {
  if (found === undefined) return undefined;
  if (!Array.isArray(found)) {
    const holder = found as StoredRecord;
    return holder !== record && !holder.deleted ? holder : undefined;
  }
  return (found as readonly StoredRecord[]).find(
    (holder) => holder !== record && !holder.deleted,
  );
}

/** The lead assignment rule: round-robin over the active sales reps (none when inactive). */
export function nextAssignee(state: SalesforceState): string | undefined {
  if (!state.assignment.active) return undefined;
  const users = state.store('User')!;
  const reps = state.users.reps.filter((id) => users.get(id)?.values.IsActive === true);
  if (reps.length === 0) return undefined;
  const owner = reps[state.assignment.next % reps.length]!;
  state.assignment.next += 1;
  return owner;
}
