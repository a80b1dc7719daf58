import { createHash } from 'node:crypto';
import { isCanonicalIso } from '../lead/iso-instant.ts';
import type { FieldValue } from './connector.ts';

/**
 * Loop safety (DESIGN.md): what leadloop wrote to a system is remembered as a hash per field;
 * reading it back is not a change. A field counts as changed in a system when its value differs
 * from the last value leadloop saw there and is not leadloop's own echo.
 */
export interface FieldState {
  /** Last value seen in the system (normalised). */
  readonly seenValue: FieldValue;
  /** ISO time of the change that produced the seen value. */
  readonly changedAt: string;
  /** Hash of the value leadloop last wrote there, if any. */
  readonly writtenHash?: string | undefined;
  /** ISO time of the change leadloop propagated with that write. */
  readonly writtenChangedAt?: string | undefined;
}

/** A vendor date-time in any offset form: Salesforce says `+0000`, HubSpot and leadloop `Z`. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Blank strings are null, strings are trimmed: " " and null are the same value to a human.
 * Date-times become ISO-8601 UTC, so `…+0000` read back from Salesforce equals the `…Z` written.
 */
export function normalizeValue(value: FieldValue | undefined): FieldValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed === '') return null;
    // Cheap look at the shape first: most values are not date-times (hot in plan and pull).
    if (trimmed.length >= 16 && trimmed.charCodeAt(10) === 84 /* T */) {
      // Already what toISOString writes (leadloop's own times, HubSpot's): nothing to convert.
      if (isCanonicalIso(trimmed)) return trimmed;
      if (DATE_TIME.test(trimmed)) {
        const at = Date.parse(trimmed.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
        if (!Number.isNaN(at)) return new Date(at).toISOString();
      }
    }
    return trimmed;
  }
  return value;
}

export function valueHash(value: FieldValue | undefined): string {
  return createHash('sha1')
    .update(JSON.stringify(normalizeValue(value)))
    .digest('base64url')
    .slice(0, 16);
}

/** Equal once normalised; a non-finite number counts as null (as its JSON, which the hash uses). */
export function sameValue(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  return sameNormalized(normalizeValue(a), normalizeValue(b));
}

const comparable = (value: FieldValue): FieldValue =>
  typeof value === 'number' && !Number.isFinite(value) ? null : value;

/** sameValue for values already normalised (plan normalises each value once). */
export function sameNormalized(a: FieldValue, b: FieldValue): boolean {
  return comparable(a) === comparable(b);
}

export type Observation = 'new' | 'unchanged' | 'echo' | 'changed';

/** Folds a freshly pulled value into the field's state. */
export function observeField(
  previous: FieldState | undefined,
  pulled: FieldValue | undefined,
  changeTime: string,
): { state: FieldState; observation: Observation } {
  const value = normalizeValue(pulled);
  if (previous === undefined)
    return { state: { seenValue: value, changedAt: changeTime }, observation: 'new' };
  if (sameValue(previous.seenValue, value)) return { state: previous, observation: 'unchanged' };
  if (previous.writtenHash !== undefined && previous.writtenHash === valueHash(value)) {
    // Our own write coming back: it carries the time of the change we propagated, so it never
    // looks newer than that change did.
    return {
      state: {
        ...previous,
        seenValue: value,
        changedAt: previous.writtenChangedAt ?? previous.changedAt,
      },
      observation: 'echo',
    };
  }
  return {
    state: { ...previous, seenValue: value, changedAt: changeTime },
    observation: 'changed',
  };
}

/** The state after leadloop wrote `value` to the system, propagating a change made at `changedAt`. */
export function recordWrite(value: FieldValue, changedAt: string): FieldState {
  const normalized = normalizeValue(value);
  return {
    seenValue: normalized,
    changedAt,
    writtenHash: valueHash(normalized),
    writtenChangedAt: changedAt,
  };
}
