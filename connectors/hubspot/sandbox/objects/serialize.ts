import type { ObjectTypeName } from '../config.ts';
import type { HubspotState } from '../state.ts';
import type { CrmRecord, HistoryEntry } from '../store/record.ts';
import type { PropertyValues } from './write.ts';

/**
 * A record as HubSpot answers it (`SimplePublicObject`): id as a string, every property value
 * a string (null when a requested property has no value), ISO timestamps. Requested properties
 * always come with createdate, hs_object_id and the last-modified property; unknown names are
 * silently left out.
 */
export interface ReadOptions {
  /** Undefined: the object type's default properties. */
  readonly properties?: readonly string[] | undefined;
  readonly propertiesWithHistory?: readonly string[] | undefined;
}

export interface SerializedRecord {
  id: string;
  properties: Record<string, string | null>;
  propertiesWithHistory?: Record<string, SerializedHistory[]>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
  /** Upsert answers only: whether the record was created. */
  new?: boolean;
  /** Record reads with `?associations=`. */
  associations?: Record<string, { results: { id: string; type: string }[] }>;
}

export interface SerializedHistory {
  value: string;
  timestamp: string;
  sourceType: string;
  sourceId?: string;
  updatedByUserId?: number;
}

export function propertyNames(
  state: HubspotState,
  type: ObjectTypeName,
  requested: readonly string[] | undefined,
): string[] {
  const spec = state.stores[type].spec;
  if (requested === undefined) return [...spec.defaultProperties];
  const names = new Set(['createdate', 'hs_object_id', spec.modifiedProperty]);
  for (const name of requested) if (state.registry.get(type, name) !== undefined) names.add(name);
  return [...names];
}

const historyJson = ({ value, timestamp, source }: HistoryEntry): SerializedHistory => ({
  value,
  timestamp: new Date(timestamp).toISOString(),
  sourceType: source.sourceType,
  ...(source.sourceId === undefined ? {} : { sourceId: source.sourceId }),
  ...(source.updatedByUserId === undefined ? {} : { updatedByUserId: source.updatedByUserId }),
});

export function serializeRecord(
  state: HubspotState,
  type: ObjectTypeName,
  record: CrmRecord,
  names: readonly string[],
  historyNames?: readonly string[],
): SerializedRecord {
  const store = state.stores[type];
  const properties: Record<string, string | null> = {};
  for (const name of names) properties[name] = store.value(record, name) ?? null;
  const result: SerializedRecord = {
    id: record.idText(),
    properties,
    createdAt: record.createdIso(),
    updatedAt: record.updatedIso(),
    archived: record.archived,
  };
  if (record.archived) result.archivedAt = new Date(record.archivedAt).toISOString();
  if (historyNames !== undefined && historyNames.length > 0) {
    const history: Record<string, SerializedHistory[]> = {};
    for (const name of historyNames) {
      if (state.registry.get(type, name) === undefined) continue;
      history[name] = store.history(record, name).map(historyJson);
    }
    result.propertiesWithHistory = history;
  }
  return result;
}

/** The answer to a write: the written properties plus the record's base properties. */
export function writeResultNames(
  state: HubspotState,
  type: ObjectTypeName,
  written: Iterable<string>,
): string[] {
  return propertyNames(state, type, [...written]);
}

/**
 * The answer's property names for each input's written values. The inputs of one call usually
 * write the same properties in the same order: the names worked out for the previous input are
 * reused when its written names were the same (the registry cannot change within a call).
 */
export function writeResultNamesOfCall(state: HubspotState, type: ObjectTypeName) {
  let written: string[] | undefined;
  let names: string[] = [];
  return (values: PropertyValues): string[] => {
    let same = written !== undefined && values.length === written.length;
    for (let i = 0; same && i < values.length; i += 1) same = values[i]![0] === written![i];
    if (!same) {
      written = values.map(([name]) => name);
      names = writeResultNames(state, type, written);
    }
    return names;
  };
}

/** `properties=a&properties=b` and `properties=a,b` both work on HubSpot. */
export function listParam(query: URLSearchParams, name: string): string[] | undefined {
  const raw = query.getAll(name);
  if (raw.length === 0) return undefined;
  return raw
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

export function bodyList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter((item): item is string => typeof item === 'string');
}
