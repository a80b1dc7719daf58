import type { FieldValue, SystemName, WriteRequest } from './connector.ts';
import { normalizeValue, sameNormalized } from './field-state.ts';

/**
 * Plan: the minimal write per system. A field is written only when the value leadloop wants
 * there differs from the value last seen there — so a quiet cycle writes nothing, and
 * leadloop's own echoes (already equal) never bounce back.
 */
export interface SystemTarget {
  readonly system: SystemName;
  /** Vendor object the lead lives in there: 'Lead', 'Contact', 'contacts'. */
  readonly object: string;
  /** The linked record, when the lead already exists there. */
  readonly recordId: string | undefined;
  /** Vendor field → value last seen there. */
  readonly seen: ReadonlyMap<string, FieldValue>;
  /** Vendor field → value leadloop wants there. */
  readonly desired: Readonly<Record<string, FieldValue>>;
  /** How to create the record when it does not exist yet (handoff); absent = don't create. */
  readonly create?: {
    readonly upsertKey: { readonly field: string; readonly value: string };
    readonly assign: boolean;
  };
  /** Fields whose value must stick even as a backward move (HubSpot lifecyclestage on recycle). */
  readonly forceFields?: readonly string[];
}

export interface FieldChange {
  readonly field: string;
  readonly before: FieldValue;
  readonly after: FieldValue;
}

export interface PlannedWrite {
  readonly system: SystemName;
  readonly object: string;
  readonly request: WriteRequest;
  readonly changes: readonly FieldChange[];
}

/** A value built field by field, its optional parts set only when they apply. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function planWrite(target: SystemTarget, ref: string): PlannedWrite | undefined {
  const { desired, seen } = target;
  const updating = target.recordId !== undefined;
  const changes: FieldChange[] = [];
  const fields: Record<string, FieldValue> = {};
  for (const field in desired) {
    const wanted = desired[field];
    const held = seen.get(field);
    // The same value as seen normalises the same: nothing to write (most fields of a lead).
    if (updating && wanted === held) continue;
    const after = normalizeValue(wanted);
    const before = normalizeValue(held);
    // On create, blanks are simply not sent.
    if (updating ? sameNormalized(before, after) : after === null) continue;
    changes.push({ field, before, after });
    fields[field] = after;
  }
  if (changes.length === 0) return undefined;
  const forceFields = target.forceFields?.filter((field) => field in fields);
  const forced = forceFields !== undefined && forceFields.length > 0 ? forceFields : undefined;

  if (target.recordId !== undefined) {
    const request: Mutable<WriteRequest> = {
      ref,
      action: 'update',
      id: target.recordId,
      fields,
    };
    if (forced !== undefined) request.forceFields = forced;
    return { system: target.system, object: target.object, changes, request };
  }
  if (target.create === undefined) return undefined;
  const request: Mutable<WriteRequest> = {
    ref,
    action: 'upsert',
    upsertKey: target.create.upsertKey,
    fields,
    assign: target.create.assign,
  };
  if (forced !== undefined) request.forceFields = forced;
  return { system: target.system, object: target.object, changes, request };
}
