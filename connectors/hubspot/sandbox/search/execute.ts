import type { ObjectTypeName } from '../config.ts';
import type { HubspotState } from '../state.ts';
import type { ObjectStore } from '../store/object-store.ts';
import { CrmRecord } from '../store/record.ts';
import { compareSorted, matchesFilter, sortKeys, type SortKey, type ValueOf } from './filter.ts';
import type { SearchFilter, SearchRequest } from './parse.ts';

/**
 * Runs a search over one object type. Candidates come from an index when the (single) filter
 * group allows it — `hs_object_id` ranges from the id order, last-modified ranges from the
 * modstamp index, an email EQ from the email index — else from a scan. Records written within
 * the indexing delay are matched as search last saw them.
 */
export interface SearchPage {
  readonly total: number;
  readonly records: readonly CrmRecord[];
  readonly nextAfter: number | undefined;
}

const QUERY_PROPERTIES = [
  'email',
  'firstname',
  'lastname',
  'company',
  'phone',
  'name',
  'domain',
  'dealname',
];

function* candidates(store: ObjectStore, request: SearchRequest): Generator<number> {
  const group = request.groups.length === 1 ? request.groups[0]! : [];
  const lower = (filter: SearchFilter) =>
    filter.operator === 'GT' ||
    filter.operator === 'GTE' ||
    filter.operator === 'BETWEEN' ||
    filter.operator === 'EQ';
  const byId = group.find((f) => f.propertyName === 'hs_object_id' && lower(f));
  if (byId !== undefined && /^\d+$/.test(byId.value!)) {
    yield* store.idsFrom(Number(byId.value));
    return;
  }
  const byStamp = group.find((f) => f.propertyName === store.spec.modifiedProperty && lower(f));
  const fromMs = byStamp === undefined ? undefined : toMs(byStamp.value!);
  if (fromMs !== undefined) {
    yield* store.modifiedSince(fromMs);
    return;
  }
  const byEmail = group.find((f) => f.propertyName === 'email' && f.operator === 'EQ');
  if (byEmail !== undefined) {
    const record = store.findUnique('email', byEmail.value!);
    if (record !== undefined) yield record.id;
    return;
  }
  yield* store.idsFrom(0);
}

const toMs = (value: string): number | undefined => {
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
};

/** The record as search currently sees it (stale while its last write is not indexed). */
function searchable(store: ObjectStore, record: CrmRecord, now: number): CrmRecord | undefined {
  const view = record.searchView;
  if (view === null || view.visibleAt <= now) return record.archived ? undefined : record;
  if (!view.exists || view.archived) return undefined;
  const stale = new CrmRecord(
    record.id,
    record.createdAt,
    view.updatedAt,
    record.seedBatch,
    record.seedIndex,
  );
  stale.values = view.values === null ? null : new Map(view.values);
  return stale;
}

function releaseIndexed(store: ObjectStore, now: number): void {
  for (const id of store.pendingSearch) {
    const record = store.get(id);
    if (record === undefined || record.searchView === null || record.searchView.visibleAt <= now) {
      if (record !== undefined) record.searchView = null;
      store.pendingSearch.delete(id);
    }
  }
}

function matchesQuery(query: string, valueOf: ValueOf): boolean {
  const wanted = query.toLowerCase();
  return QUERY_PROPERTIES.some((name) => valueOf(name)?.toLowerCase().includes(wanted) === true);
}

export function runSearch(
  state: HubspotState,
  type: ObjectTypeName,
  request: SearchRequest,
): SearchPage {
  const store = state.stores[type];
  const now = state.now();
  releaseIndexed(store, now);
  const matched: { id: number; keys: SortKey[]; record: CrmRecord }[] = [];
  const consider = (record: CrmRecord | undefined) => {
    if (record === undefined) return;
    const valueOf: ValueOf = (name) => store.value(record, name);
    const groupsMatch =
      request.groups.length === 0 ||
      request.groups.some((group) => group.every((filter) => matchesFilter(filter, valueOf)));
    if (!groupsMatch || (request.query !== undefined && !matchesQuery(request.query, valueOf)))
      return;
    matched.push({ id: record.id, keys: sortKeys(request.sorts, valueOf), record });
  };
  const pending = store.pendingSearch;
  for (const id of candidates(store, request)) {
    if (pending.has(id)) continue;
    const record = store.get(id);
    if (record !== undefined && record.id === id && !record.archived) consider(record);
  }
  for (const id of pending) {
    const record = store.get(id);
    if (record !== undefined) consider(searchable(store, record, now));
  }
  matched.sort(compareSorted(request.sorts));
  const end = request.after + request.limit;
  return {
    total: matched.length,
    records: matched.slice(request.after, end).map((entry) => entry.record),
    nextAfter: end < matched.length ? end : undefined,
  };
}
