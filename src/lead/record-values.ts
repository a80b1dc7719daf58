import { DateTime } from 'luxon';
import { canonicalIsoMs } from './iso-instant.ts';

/**
 * Reading values out of a flat scoring record. HubSpot sends every property as a string
 * (`"12"`, `"2026-11-02T14:05:31.482Z"`, `""`), older APIs send dates as epoch milliseconds,
 * and the universal fields may hold numbers or booleans. A value that cannot be read as what
 * a rule needs is `undefined`, and the rule simply does not fire.
 */
export type ScoringValue = string | number | boolean | null | undefined;
export type ScoringRecord = Readonly<Record<string, ScoringValue>>;

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
/** Epoch milliseconds between 1973 and 5138: HubSpot's legacy date format. */
const EPOCH_MS = /^\d{12,14}$/;

/**
 * The last value textOf read and its text: several fit rules test one field (title), one after
 * the other, and each reads its text. A pure function of the value, so never stale.
 */
let lastTextValue: ScoringValue = undefined;
let lastText: string | undefined = undefined;

/** Trimmed text; undefined for missing, null or blank values. */
export function textOf(value: ScoringValue): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === lastTextValue) return lastText;
  const trimmed = (typeof value === 'string' ? value : String(value)).trim();
  const text = trimmed === '' ? undefined : trimmed;
  lastTextValue = value;
  lastText = text;
  return text;
}

/** A finite number from a number or a numeric string (`"12"`, `"12.0"`, `" 3 "`). */
export function numberOf(value: ScoringValue): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (!NUMBER.test(text)) return undefined;
  const parsed = Number(text);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** true/false from a boolean or HubSpot's `"true"`/`"false"` (any case). */
export function booleanOf(value: ScoringValue): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const text = textOf(value)?.toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  return undefined;
}

/**
 * An instant from an ISO-8601 timestamp (an offset-less one is read as UTC), a date
 * `YYYY-MM-DD` (midnight UTC, as HubSpot stores date properties), or epoch milliseconds.
 */
export function instantOf(value: ScoringValue): Date | undefined {
  const ms = instantMsOf(value);
  return ms === undefined ? undefined : new Date(ms);
}

/** instantOf as epoch milliseconds, without a Date: engagement rules only subtract it. */
export function instantMsOf(value: ScoringValue): number | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) && EPOCH_MS.test(String(value)) ? value : undefined;
  }
  const text = typeof value === 'string' ? value.trim() : undefined;
  if (text === undefined || text === '') return undefined;
  // Fast path for the canonical UTC form every vendor sends (`2026-11-02T14:05:31.482Z`):
  // Date.parse agrees with luxon exactly when the text round-trips, at a fraction of the cost.
  // (Epoch digits are never canonical, so it may go first.)
  const canonical = canonicalIsoMs(text);
  if (!Number.isNaN(canonical)) return canonical;
  if (EPOCH_MS.test(text)) return Number(text);
  const parsed = DateTime.fromISO(text, { zone: 'utc' });
  return parsed.isValid ? parsed.toJSDate().getTime() : undefined;
}

const DAY_MS = 86_400_000;

/** Whole and fractional days from `then` to `now`; 0 when `then` is in the future (clock skew). */
export function daysSince(then: Date, now: Date): number {
  return daysSinceMs(then.getTime(), now.getTime());
}

/** daysSince of epoch milliseconds. */
export function daysSinceMs(then: number, now: number): number {
  return Math.max(0, (now - then) / DAY_MS);
}
