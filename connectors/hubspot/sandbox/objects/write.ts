import type { ObjectTypeName } from '../config.ts';
import { isRecord } from '../http/body.ts';
import { validationError } from '../http/respond.ts';
import { LIFECYCLE_STAGES } from '../properties/standard.ts';
import { asPropertyText, checkValue, type ValueIssue } from '../properties/validate-value.ts';
import type { HubspotState } from '../state.ts';
import type { CrmRecord } from '../store/record.ts';
import type { WriteSource } from './source.ts';

/**
 * How a write changes a record, in HubSpot's rules: unknown or read-only properties and bad
 * values are refused before anything is stored; a value equal to the current one changes
 * nothing (no history, no new lastmodifieddate); an API write that moves `lifecyclestage`
 * backwards is silently ignored unless the stage was cleared first.
 */
export type PropertyValues = readonly (readonly [name: string, value: string])[];

export interface PreparedProperties {
  readonly values: PropertyValues;
  readonly issues: readonly ValueIssue[];
}

export function prepareProperties(
  state: HubspotState,
  type: ObjectTypeName,
  raw: unknown,
  source: WriteSource,
): PreparedProperties {
  if (raw === undefined) return { values: [], issues: [] };
  if (!isRecord(raw)) throw validationError('Invalid input JSON: properties must be an object');
  const values: [string, string][] = [];
  const issues: ValueIssue[] = [];
  for (const name in raw) {
    const definition = state.registry.get(type, name);
    if (definition === undefined) {
      issues.push({
        error: 'PROPERTY_DOESNT_EXIST',
        message: `Property "${name}" does not exist`,
        name,
      });
      continue;
    }
    if (definition.readOnlyValue && source.viaApi) {
      issues.push({
        error: 'READ_ONLY_VALUE',
        message: `"${name}" is a read only property; its value cannot be set.`,
        name,
      });
      continue;
    }
    const text = asPropertyText(raw[name]);
    if (text === undefined) {
      issues.push({
        error: 'INVALID_VALUE',
        message: `${JSON.stringify(raw[name])} is not a valid value for ${name}`,
        name,
      });
      continue;
    }
    const checked = checkValue(definition, text);
    if (checked.ok) values.push([name, checked.value]);
    else issues.push(checked.issue);
  }
  return { values, issues };
}

/** Properties whose values must be unique: contacts' email and every hasUniqueValue one. */
export const uniqueProperties = (state: HubspotState, type: ObjectTypeName) =>
  state.registry.uniqueSet(type);

export interface UniqueConflict {
  readonly property: string;
  readonly value: string;
  readonly existingId: number;
}

export function findConflict(
  state: HubspotState,
  type: ObjectTypeName,
  values: PropertyValues,
  selfId: number | undefined,
  uniques = uniqueProperties(state, type),
): UniqueConflict | undefined {
  for (const [name, value] of values) {
    if (value === '' || !uniques.has(name)) continue;
    const existing = state.stores[type].findUnique(name, value);
    if (existing !== undefined && existing.id !== selfId)
      return { property: name, value, existingId: existing.id };
  }
  return undefined;
}

const STAGE_RANK = new Map<string, number>(
  LIFECYCLE_STAGES.map(([value], index) => [value, index]),
);

function movesForward(current: string | undefined, next: string): boolean {
  if (next === '' || current === undefined || current === '') return true;
  const from = STAGE_RANK.get(current);
  const to = STAGE_RANK.get(next);
  return from === undefined || to === undefined || to >= from;
}

/** Applies validated values; returns the names that changed. */
export function applyValues(
  state: HubspotState,
  type: ObjectTypeName,
  record: CrmRecord,
  values: PropertyValues,
  source: WriteSource,
  now: number,
  isNew = false,
): string[] {
  const store = state.stores[type];
  const uniques = uniqueProperties(state, type);
  if (!isNew) rememberSearchView(state, type, record, false);
  const changed: string[] = [];
  const stored: string[] = [];
  for (const [name, value] of values) {
    const current = store.value(record, name);
    if (current === value || ((current ?? '') === '' && value === '')) continue;
    if (name === 'lifecyclestage' && source.viaApi && !movesForward(current, value)) continue;
    if (name === 'createdate') {
      const ms = Date.parse(value);
      if (!Number.isNaN(ms)) record.createdAt = ms;
    }
    if (uniques.has(name)) store.indexUnique(name, value, record, current);
    store.setValue(record, name, value, { value, timestamp: now, source });
    changed.push(name);
    stored.push(value);
  }
  if (changed.length > 0 && !isNew) store.touch(record, now);
  for (let i = 0; i < changed.length; i += 1)
    state.events.propertyChanged(type, record, changed[i]!, stored[i]!, source, now);
  return changed;
}

export function createRecord(
  state: HubspotState,
  type: ObjectTypeName,
  values: PropertyValues,
  source: WriteSource,
  now: number,
): CrmRecord {
  const store = state.stores[type];
  const record = store.insert(now, now);
  store.indexNew(record);
  rememberSearchView(state, type, record, true);
  state.events.created(type, record, source, now);
  applyValues(state, type, record, values, source, now, true);
  return record;
}

export function archiveRecord(
  state: HubspotState,
  type: ObjectTypeName,
  record: CrmRecord,
  source: WriteSource,
  now: number,
): void {
  if (record.archived) return;
  rememberSearchView(state, type, record, false);
  const store = state.stores[type];
  for (const name of uniqueProperties(state, type))
    store.unindexUnique(name, store.value(record, name), record);
  record.archived = true;
  record.archivedAt = now;
  state.events.deleted(type, record, source, now);
}

/**
 * HubSpot search is eventually consistent: with an indexing delay configured, search keeps
 * showing a record as it was before the write (or not at all, if it was just created) until
 * the delay has passed.
 */
function rememberSearchView(
  state: HubspotState,
  type: ObjectTypeName,
  record: CrmRecord,
  isNew: boolean,
): void {
  const delay = state.searchIndexingDelayMs;
  if (delay <= 0) return;
  const visibleAt = state.now() + delay;
  if (record.searchView !== null && record.searchView.visibleAt > state.now()) {
    record.searchView.visibleAt = visibleAt;
    return;
  }
  record.searchView = {
    exists: !isNew,
    archived: record.archived,
    updatedAt: record.updatedAt,
    values: record.values === null ? null : new Map(record.values),
    visibleAt,
  };
  state.stores[type].pendingSearch.add(record.id);
}
