import { DAY, formatDate } from '../records/time.ts';
import type { FieldDef } from '../schema/fields.ts';
import type { SalesforceState } from '../state.ts';
import { canonicalId } from '../store/ids.ts';
import type { StoredRecord, Value } from '../store/record.ts';
import type { Condition, Literal } from './ast.ts';
import type { ResolvedPath, ResolvedQuery } from './resolve.ts';

/**
 * Compiles WHERE into a predicate over stored records. SOQL semantics: text compares ignoring
 * case, `!=` and NOT IN keep records whose value is null, ordering operators never match null,
 * date literals such as TODAY or LAST_N_DAYS:n are day ranges in the org's time zone (GMT).
 */
export type Getter = (record: StoredRecord) => Value;
export type Predicate = (record: StoredRecord) => boolean;

export function getter(state: SalesforceState, path: ResolvedPath): Getter {
  const name = path.field.name;
  if (path.hops.length === 0) return (record) => record.values[name] ?? null;
  return (record) => {
    const target = follow(state, record, path.hops);
    if (target === undefined) return null;
    return path.viaName ? nameEntityValue(target, name) : (target.values[name] ?? null);
  };
}

/** The record at the end of a chain of references, or undefined where one is empty. */
export function follow(
  state: SalesforceState,
  record: StoredRecord,
  hops: readonly FieldDef[],
): StoredRecord | undefined {
  let current: StoredRecord | undefined = record;
  for (const hop of hops) {
    const id: Value | undefined = current.values[hop.name];
    if (typeof id !== 'string') return undefined;
    current = state.storeForId(id)?.get(id);
    if (current === undefined) return undefined;
  }
  return current;
}

/** A field of Salesforce's polymorphic `Name` entity, read from the record behind it. */
export function nameEntityValue(target: StoredRecord, field: string): Value {
  if (field === 'Type') return target.type === 'Group' ? (target.values.Type ?? null) : target.type;
  if (field === 'Id') return target.id;
  return target.values[field] ?? null;
}

interface Range {
  readonly start: number;
  readonly end: number;
}

/** [start, end) of a date literal such as TODAY or LAST_N_DAYS:7, in ms (GMT days). */
export function dateRange(literal: Extract<Literal, { kind: 'range' }>, now: number): Range {
  const today = Math.floor(now / DAY) * DAY;
  const d = new Date(today);
  const weekStart = today - d.getUTCDay() * DAY;
  const month = (offset: number) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset, 1);
  const year = (offset: number) => Date.UTC(d.getUTCFullYear() + offset, 0, 1);
  const days = (from: number, count: number) => ({
    start: today + from * DAY,
    end: today + (from + count) * DAY,
  });
  switch (literal.name) {
    case 'TODAY':
      return days(0, 1);
    case 'YESTERDAY':
      return days(-1, 1);
    case 'TOMORROW':
      return days(1, 1);
    case 'LAST_N_DAYS':
      return { start: today - literal.n * DAY, end: today + DAY };
    case 'NEXT_N_DAYS':
      return days(1, literal.n);
    case 'N_DAYS_AGO':
      return days(-literal.n, 1);
    case 'LAST_90_DAYS':
      return { start: today - 90 * DAY, end: today + DAY };
    case 'NEXT_90_DAYS':
      return days(1, 90);
    case 'THIS_WEEK':
      return { start: weekStart, end: weekStart + 7 * DAY };
    case 'LAST_WEEK':
      return { start: weekStart - 7 * DAY, end: weekStart };
    case 'NEXT_WEEK':
      return { start: weekStart + 7 * DAY, end: weekStart + 14 * DAY };
    case 'THIS_MONTH':
      return { start: month(0), end: month(1) };
    case 'LAST_MONTH':
      return { start: month(-1), end: month(0) };
    case 'NEXT_MONTH':
      return { start: month(1), end: month(2) };
    case 'THIS_YEAR':
      return { start: year(0), end: year(1) };
    case 'LAST_YEAR':
      return { start: year(-1), end: year(0) };
    case 'NEXT_YEAR':
      return { start: year(1), end: year(2) };
  }
}

type Comparable = string | number | boolean;

/** The literal in the form stored values of `field` take (null for NULL). */
export function literalValue(field: FieldDef, literal: Literal): Comparable | null {
  switch (literal.kind) {
    case 'null':
      return null;
    case 'string':
      if (field.type === 'id' || field.type === 'reference')
        return canonicalId(literal.value) ?? literal.value;
      return literal.value.replace(/\\([%_])/g, '$1').toLowerCase();
    case 'range':
      throw new Error('ranges are compared by bounds');
    default:
      return literal.value;
  }
}

const normalize = (field: FieldDef, value: Value): Comparable | null => {
  if (value === null) return null;
  return typeof value === 'string' &&
    field.type !== 'id' &&
    field.type !== 'reference' &&
    field.type !== 'date'
    ? value.toLowerCase()
    : value;
};

export function compileCondition(
  state: SalesforceState,
  query: ResolvedQuery,
  condition: Condition,
  now: number,
): Predicate {
  switch (condition.kind) {
    case 'and': {
      const parts = condition.conditions.map((inner) => compileCondition(state, query, inner, now));
      return (record) => parts.every((part) => part(record));
    }
    case 'or': {
      const parts = condition.conditions.map((inner) => compileCondition(state, query, inner, now));
      return (record) => parts.some((part) => part(record));
    }
    case 'not': {
      const inner = compileCondition(state, query, condition.condition, now);
      return (record) => !inner(record);
    }
    case 'like': {
      const path = query.paths.get(condition.field)!;
      const get = getter(state, path);
      const regex = likeRegex((condition.pattern as { value: string }).value);
      return (record) => {
        const value = get(record);
        return typeof value === 'string' && regex.test(value);
      };
    }
    case 'in': {
      const path = query.paths.get(condition.field)!;
      const get = getter(state, path);
      const wanted = new Set(condition.values.map((literal) => literalValue(path.field, literal)));
      return (record) => wanted.has(normalize(path.field, get(record))) !== condition.negated;
    }
    case 'compare':
      return comparison(state, query, condition, now);
  }
}

function comparison(
  state: SalesforceState,
  query: ResolvedQuery,
  condition: Extract<Condition, { kind: 'compare' }>,
  now: number,
): Predicate {
  const path = query.paths.get(condition.field)!;
  const get = getter(state, path);
  const { op, value: literal } = condition;
  if (literal.kind === 'range') {
    const range = dateRange(literal, now);
    const isDate = path.field.type === 'date';
    const start = isDate ? formatDate(range.start) : range.start;
    const end = isDate ? formatDate(range.end) : range.end;
    return (record) => {
      const value = get(record) as string | number | null;
      if (value === null) return op === '!=';
      const inside = value >= start && value < end;
      switch (op) {
        case '=':
          return inside;
        case '!=':
          return !inside;
        case '<':
          return value < start;
        case '<=':
          return value < end;
        case '>':
          return value >= end;
        case '>=':
          return value >= start;
      }
    };
  }
  const target = literalValue(path.field, literal);
  return (record) => {
    const value = normalize(path.field, get(record));
    switch (op) {
      case '=':
        return value === target;
      case '!=':
        return value !== target;
      default:
        if (value === null || target === null) return false;
        if (op === '<') return value < target;
        if (op === '<=') return value <= target;
        if (op === '>') return value > target;
        return value >= target;
    }
  };
}

/** LIKE: `%` any run, `_` one character, `\%` and `\_` themselves; ignoring case. */
export function likeRegex(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const char = pattern[i]!;
    if (char === '\\' && (pattern[i + 1] === '%' || pattern[i + 1] === '_')) {
      source += pattern[i + 1];
      i += 1;
    } else if (char === '%') source += '[\\s\\S]*';
    else if (char === '_') source += '[\\s\\S]';
    else source += char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'i');
}
