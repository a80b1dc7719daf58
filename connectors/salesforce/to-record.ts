import type { FieldValue, SystemRecord } from '../../src/sync/connector.ts';
import { ConnectorError } from '../../src/sync/connector.ts';
import { RAW_SCHEMAS, SalesforceRecordRaw } from './schemas.ts';

/**
 * A queried Salesforce row → `SystemRecord`. Parent references (`Owner: {Name, Email}`)
 * become dotted fields (`Owner.Name`), exactly as they were named in the SOQL, so mappings
 * can refer to them; timestamps become ISO-8601 UTC.
 */
const SKIPPED = new Set(['attributes']);

function flatten(prefix: string, value: unknown, into: Record<string, FieldValue>): void {
  if (value === null || value === undefined) {
    into[prefix] = null;
  } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    into[prefix] = value;
  } else if (typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (!SKIPPED.has(key)) flatten(`${prefix}.${key}`, child, into);
    }
  }
  // Arrays (child sub-queries) and compound values are not selected by leadloop.
}

/** `2024-05-01T12:00:00.000+0000` → `2024-05-01T12:00:00.000Z`. */
export function isoUtc(value: string): string {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw new RangeError(`Not a Salesforce dateTime: ${value}`);
  return at.toISOString();
}

/**
 * `selected` are the SOQL fields: a parent that is empty (`Owner: null`) still yields its
 * selected children (`Owner.Email: null`), so a mapping sees null rather than nothing.
 */
export function toSystemRecord(
  object: string,
  raw: unknown,
  selected: readonly string[] = [],
): SystemRecord {
  const parsed = (RAW_SCHEMAS[object] ?? SalesforceRecordRaw).safeParse(raw);
  if (!parsed.success) {
    throw new ConnectorError(
      'salesforce',
      'unknown',
      `Salesforce returned a ${object} row leadloop cannot read`,
      {
        code: 'salesforce.unexpected_shape',
        hint: 'This is a leadloop bug or an API version mismatch; the issues are in details.',
        details: {
          issues: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
        },
      },
    );
  }
  const row = parsed.data;
  const fields: Record<string, FieldValue> = {};
  for (const [key, value] of Object.entries(row)) {
    if (!SKIPPED.has(key)) flatten(key, value, fields);
  }
  for (const path of selected) {
    const parent = path.split('.')[0];
    if (parent === undefined || parent === path) continue;
    if (!(path in fields)) fields[path] = null;
    if (fields[parent] === null) delete fields[parent];
  }
  const created = typeof row.CreatedDate === 'string' ? isoUtc(row.CreatedDate) : undefined;
  return {
    system: 'salesforce',
    object,
    id: row.Id,
    modifiedAt: isoUtc(row.SystemModstamp),
    ...(created === undefined ? {} : { createdAt: created }),
    deleted: row.IsDeleted === true,
    fields,
  };
}

/**
 * A merge deletes the losers (queryAll shows them with `MasterRecordId` = survivor). When a
 * survivor is in the same page, it gets `mergedIds`; the losers always keep `MasterRecordId`.
 */
export function attachMergedIds(records: readonly SystemRecord[]): SystemRecord[] {
  const absorbed = new Map<string, string[]>();
  for (const record of records) {
    const master = record.fields.MasterRecordId;
    if (record.deleted && typeof master === 'string')
      absorbed.set(master, [...(absorbed.get(master) ?? []), record.id]);
  }
  if (absorbed.size === 0) return [...records];
  return records.map((record) => {
    const merged = absorbed.get(record.id);
    return merged === undefined || record.deleted ? record : { ...record, mergedIds: merged };
  });
}
