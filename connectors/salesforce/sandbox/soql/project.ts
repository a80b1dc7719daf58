import { attributes, wireValue } from '../records/serialize.ts';
import type { SalesforceState } from '../state.ts';
import type { StoredRecord } from '../store/record.ts';
import { follow, nameEntityValue } from './evaluate.ts';
import type { ResolvedPath } from './resolve.ts';

/**
 * One query row as the REST API returns it: `attributes`, then the selected fields in SELECT
 * order; a relationship path nests a record under the relationship name (`Owner: {attributes:
 * {type: 'Name', url}, Email}`), or null when the reference is empty. A polymorphic relationship
 * (Lead.Owner, Task.Who) reports its nested record's type as `Name`.
 */
export function projectRow(
  state: SalesforceState,
  record: StoredRecord,
  select: readonly ResolvedPath[],
  version: string,
): Record<string, unknown> {
  const row: Record<string, unknown> = { attributes: attributes(version, record.type, record.id) };
  for (const path of select) {
    if (path.hops.length === 0) {
      row[path.field.name] = wireValue(path.field, record.values[path.field.name]);
      continue;
    }
    let container = row;
    let current: StoredRecord | undefined = record;
    for (let i = 0; i < path.hops.length; i += 1) {
      const hop = path.hops[i]!;
      const key = path.keys[i]!;
      const existing = container[key];
      const next: StoredRecord | undefined =
        current === undefined ? undefined : follow(state, current, [hop]);
      if (next === undefined) {
        if (existing === undefined) container[key] = null;
        current = undefined;
        break;
      }
      if (existing === undefined || existing === null) {
        const polymorphic = hop.referenceTo.length > 1;
        container[key] = {
          attributes: {
            type: polymorphic ? 'Name' : next.type,
            url: attributes(version, next.type, next.id).url,
          },
        };
      }
      container = container[key] as Record<string, unknown>;
      current = next;
    }
    if (current === undefined) continue;
    container[path.field.name] = path.viaName
      ? wireValue(path.field, nameEntityValue(current, path.field.name))
      : wireValue(path.field, current.values[path.field.name]);
  }
  return row;
}
