import type { FieldValue, SystemRecord } from '../../src/sync/connector.ts';
import type { HubspotObject } from './properties.ts';
import type { HubspotHistoryEntryRaw, HubspotObjectRaw } from './schemas.ts';

/**
 * A HubSpot record → `SystemRecord`. HubSpot sends every value as a string; the property's
 * type says what it is: numbers and booleans become JSON scalars, datetimes ISO-8601 UTC,
 * dates `YYYY-MM-DD`, and a blank value is null. Property history gives each property its own
 * change time and tells whether leadloop's app made the change (DESIGN.md "What changed means").
 */
export interface RecordContext {
  /** Property name → HubSpot type (from the properties API). */
  readonly types: ReadonlyMap<string, string>;
  /** leadloop's private app id: history entries with this `sourceId` are leadloop's own writes. */
  readonly appId: string | undefined;
}

function epochOrIso(value: string): Date | undefined {
  const at = /^-?\d+$/.test(value) ? new Date(Number(value)) : new Date(value);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

export function parseValue(type: string | undefined, raw: string | null | undefined): FieldValue {
  if (raw === null || raw === undefined) return null;
  const value = raw.trim();
  if (value === '') return null;
  switch (type) {
    case 'number': {
      const number = Number(value);
      return Number.isFinite(number) ? number : raw;
    }
    case 'bool': {
      const lower = value.toLowerCase();
      return lower === 'true' ? true : lower === 'false' ? false : raw;
    }
    case 'datetime':
      return epochOrIso(value)?.toISOString() ?? raw;
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(value)
        ? value
        : (epochOrIso(value)?.toISOString().slice(0, 10) ?? raw);
    default:
      return raw;
  }
}

/** HubSpot lists history newest first; the newest entry is the current value's change. */
function newest(entries: readonly HubspotHistoryEntryRaw[]): HubspotHistoryEntryRaw | undefined {
  let latest: HubspotHistoryEntryRaw | undefined;
  for (const entry of entries) {
    if (latest === undefined || Date.parse(entry.timestamp) > Date.parse(latest.timestamp)) {
      latest = entry;
    }
  }
  return latest;
}

export function toSystemRecord(
  object: HubspotObject,
  raw: HubspotObjectRaw,
  context: RecordContext,
): SystemRecord {
  const fields: Record<string, FieldValue> = {};
  for (const [name, value] of Object.entries(raw.properties)) {
    fields[name] = parseValue(context.types.get(name), value);
  }
  const changedAt: Record<string, string> = {};
  const byLeadloop: Record<string, boolean> = {};
  for (const [name, entries] of Object.entries(raw.propertiesWithHistory ?? {})) {
    const latest = newest(entries);
    if (latest === undefined) continue;
    changedAt[name] = latest.timestamp;
    if (context.appId !== undefined) {
      byLeadloop[name] = latest.sourceType === 'INTEGRATION' && latest.sourceId === context.appId;
    }
  }
  const merged = (raw.properties.hs_merged_object_ids ?? '')
    .split(';')
    .map((id) => id.trim())
    .filter((id) => /^\d+$/.test(id) && id !== raw.id);
  const hasHistory = Object.keys(changedAt).length > 0;
  return {
    system: 'hubspot',
    object,
    id: raw.id,
    modifiedAt: raw.updatedAt,
    createdAt: raw.createdAt,
    deleted: raw.archived === true,
    fields,
    ...(hasHistory ? { fieldChangedAt: changedAt } : {}),
    ...(hasHistory && context.appId !== undefined ? { fieldChangedByLeadloop: byLeadloop } : {}),
    ...(merged.length > 0 ? { mergedIds: merged } : {}),
  };
}
