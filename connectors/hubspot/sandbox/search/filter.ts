import type { PropertyDefinition } from '../properties/definitions.ts';
import { toEpochMs } from '../properties/validate-value.ts';
import type { SearchFilter, SearchSort } from './parse.ts';

/**
 * Filter and sort semantics of CRM search: numbers, dates and datetimes compare as numbers
 * (datetime filter values may be epoch milliseconds or ISO strings), text compares without
 * regard to case, a property without a value matches only NEQ, NOT_IN, NOT_HAS_PROPERTY and
 * NOT_CONTAINS_TOKEN, and CONTAINS_TOKEN matches whole tokens or `*` wildcards.
 */
export type ValueOf = (name: string) => string | undefined;

const numeric = (definition: PropertyDefinition) =>
  definition.type === 'number' || definition.type === 'datetime' || definition.type === 'date';

function comparable(definition: PropertyDefinition, value: string): number | string | undefined {
  if (definition.type === 'number') {
    const n = Number(value);
    return Number.isNaN(n) ? undefined : n;
  }
  if (definition.type === 'datetime' || definition.type === 'date') return toEpochMs(value);
  return value.toLowerCase();
}

function compare(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

const tokens = (value: string) =>
  value
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t !== '');

function containsToken(value: string, token: string): boolean {
  const wanted = token.toLowerCase();
  if (wanted.includes('*')) {
    const pattern = wanted
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    return (
      new RegExp(`^${pattern}$`).test(value.toLowerCase()) ||
      tokens(value).some((t) => new RegExp(`^${pattern}$`).test(t))
    );
  }
  return value.toLowerCase() === wanted || tokens(value).includes(wanted);
}

export function matchesFilter(filter: SearchFilter, valueOf: ValueOf): boolean {
  const raw = valueOf(filter.propertyName);
  const present = raw !== undefined && raw !== '';
  const definition = filter.definition;
  switch (filter.operator) {
    case 'HAS_PROPERTY':
      return present;
    case 'NOT_HAS_PROPERTY':
      return !present;
    case 'NEQ':
      return !present || !equals(definition, raw, filter.value!);
    case 'NOT_IN':
      return !present || !filter.values!.some((v) => equals(definition, raw, v));
    case 'NOT_CONTAINS_TOKEN':
      return !present || !containsToken(raw, filter.value!);
    default:
      break;
  }
  if (!present) return false;
  switch (filter.operator) {
    case 'EQ':
      return equals(definition, raw, filter.value!);
    case 'IN':
      return filter.values!.some((v) => equals(definition, raw, v));
    case 'CONTAINS_TOKEN':
      return containsToken(raw, filter.value!);
    case 'BETWEEN':
      return (
        ordered(definition, raw, filter.value!) >= 0 &&
        ordered(definition, raw, filter.highValue!) <= 0
      );
    case 'LT':
      return ordered(definition, raw, filter.value!) < 0;
    case 'LTE':
      return ordered(definition, raw, filter.value!) <= 0;
    case 'GT':
      return ordered(definition, raw, filter.value!) > 0;
    case 'GTE':
      return ordered(definition, raw, filter.value!) >= 0;
  }
}

function equals(definition: PropertyDefinition, value: string, wanted: string): boolean {
  if (numeric(definition)) return ordered(definition, value, wanted) === 0;
  if (definition.fieldType === 'checkbox')
    return value.toLowerCase().split(';').includes(wanted.toLowerCase());
  return value.toLowerCase() === wanted.toLowerCase();
}

/** Sign of (value - bound); NaN when either side does not parse (so every comparison fails). */
function ordered(definition: PropertyDefinition, value: string, bound: string): number {
  const a = comparable(definition, value);
  const b = comparable(definition, bound);
  if (a === undefined || b === undefined) return Number.NaN;
  return compare(a, b);
}

export type SortKey = number | string | undefined;

/** The values a record sorts by, computed once per record rather than per comparison. */
export function sortKeys(sorts: readonly SearchSort[], valueOf: ValueOf): SortKey[] {
  return sorts.map((sort) => {
    const value = valueOf(sort.propertyName);
    return value === undefined || value === '' ? undefined : comparable(sort.definition, value);
  });
}

/** Orders by the requested properties (missing values last), then by record id. */
export function compareSorted(sorts: readonly SearchSort[]) {
  return (a: { id: number; keys: SortKey[] }, b: { id: number; keys: SortKey[] }): number => {
    for (let i = 0; i < sorts.length; i += 1) {
      const x = a.keys[i];
      const y = b.keys[i];
      if (x === undefined && y === undefined) continue;
      if (x === undefined) return 1;
      if (y === undefined) return -1;
      const order = compare(x, y);
      if (order !== 0) return sorts[i]!.descending ? -order : order;
    }
    return a.id - b.id;
  };
}
