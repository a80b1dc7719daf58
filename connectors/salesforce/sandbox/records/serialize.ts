import type { FieldDef } from '../schema/fields.ts';
import type { StoredRecord, Value } from '../store/record.ts';
import { formatDateTime } from './time.ts';

/** Records as the REST API returns them: `attributes` first, then fields in the order asked. */
export const recordUrl = (version: string, type: string, id: string) =>
  `/services/data/v${version}/sobjects/${type}/${id}`;

export function attributes(version: string, type: string, id: string) {
  return { type, url: recordUrl(version, type, id) };
}

export function wireValue(field: FieldDef, value: Value | undefined): Value {
  if (value === undefined || value === null) return null;
  return field.type === 'datetime' ? formatDateTime(value as number) : value;
}

export function serializeRecord(
  record: StoredRecord,
  fields: readonly FieldDef[],
  version: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = { attributes: attributes(version, record.type, record.id) };
  for (const field of fields) out[field.name] = wireValue(field, record.values[field.name]);
  return out;
}
