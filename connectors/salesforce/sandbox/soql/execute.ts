import type { FieldType } from '../schema/fields.ts';
import type { SalesforceState } from '../state.ts';
import type { StoredRecord } from '../store/record.ts';
import { compileCondition, getter, type Predicate } from './evaluate.ts';
import { chooseSource } from './plan.ts';
import type { ResolvedQuery } from './resolve.ts';

/**
 * Runs a resolved query: candidates from the chosen source, the WHERE predicate, deleted rows
 * only for queryAll, ORDER BY (free when the modstamp index already gives the order), OFFSET
 * and LIMIT. Returns the matching ids in result order.
 */
export function executeQuery(
  state: SalesforceState,
  query: ResolvedQuery,
  scanAll: boolean,
): string[] {
  const store = state.store(query.object.name)!;
  const { parsed } = query;
  const predicate: Predicate =
    parsed.where === undefined
      ? () => true
      : compileCondition(state, query, parsed.where, state.now());
  const keep = (record: StoredRecord | undefined): record is StoredRecord =>
    record !== undefined && (scanAll || !record.deleted) && predicate(record);
  const offset = parsed.offset?.value ?? 0;
  const wanted = parsed.limit === undefined ? Infinity : offset + parsed.limit;
  let source = chooseSource(state, store, query);
  const order = parsed.orderBy.map((item) => query.paths.get(item.field)!);
  const byModstamp =
    order.length > 0 &&
    order[0]!.hops.length === 0 &&
    order[0]!.field.name === 'SystemModstamp' &&
    (order.length === 1 ||
      (order.length === 2 && order[1]!.hops.length === 0 && order[1]!.field.name === 'Id')) &&
    parsed.orderBy.every((item) => item.descending === parsed.orderBy[0]!.descending);
  if (byModstamp && source.kind === 'scan') source = { kind: 'modstamp' };

  const ids: string[] = [];
  if (source.kind === 'modstamp' && (byModstamp || order.length === 0)) {
    const descending = byModstamp && parsed.orderBy[0]!.descending;
    for (const id of store.modstamps.range({ ...source, descending })) {
      if (keep(store.get(id))) ids.push(id);
      if (ids.length >= wanted) break;
    }
    return ids.slice(offset);
  }

  const matches: StoredRecord[] = [];
  if (source.kind === 'ids') {
    for (const id of source.ids) {
      const record = store.get(id);
      if (keep(record)) matches.push(record);
    }
  } else if (source.kind === 'modstamp') {
    for (const id of store.modstamps.range(source)) {
      const record = store.get(id);
      if (keep(record)) matches.push(record);
    }
  } else {
    for (const record of store.records.values()) if (keep(record)) matches.push(record);
  }
  if (order.length > 0) sortRecords(state, query, matches);
  const end = Math.min(matches.length, wanted);
  for (let i = offset; i < end; i += 1) ids.push(matches[i]!.id);
  return ids;
}

const NOT_TEXT = new Set<FieldType>([
  'id',
  'reference',
  'date',
  'datetime',
  'boolean',
  'double',
  'currency',
  'percent',
  'int',
]);

/** ORDER BY: text ignoring case, ASC NULLS FIRST / DESC NULLS LAST unless stated; ties by Id. */
function sortRecords(state: SalesforceState, query: ResolvedQuery, records: StoredRecord[]): void {
  const keys = query.parsed.orderBy.map((item) => {
    const path = query.paths.get(item.field)!;
    const get = getter(state, path);
    const text = !NOT_TEXT.has(path.field.type);
    return { get, text, descending: item.descending, nullsLast: item.nullsLast };
  });
  const cache = new Map<StoredRecord, unknown[]>();
  const valuesOf = (record: StoredRecord) => {
    let values = cache.get(record);
    if (values === undefined) {
      values = keys.map((key) => {
        const value = key.get(record);
        return key.text && typeof value === 'string' ? value.toLowerCase() : value;
      });
      cache.set(record, values);
    }
    return values;
  };
  records.sort((a, b) => {
    const left = valuesOf(a);
    const right = valuesOf(b);
    for (let i = 0; i < keys.length; i += 1) {
      const key = keys[i]!;
      const x = left[i] as string | number | boolean | null;
      const y = right[i] as string | number | boolean | null;
      if (x === y) continue;
      if (x === null) return key.nullsLast ? 1 : -1;
      if (y === null) return key.nullsLast ? -1 : 1;
      const cmp = x < y ? -1 : 1;
      return key.descending ? -cmp : cmp;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}
