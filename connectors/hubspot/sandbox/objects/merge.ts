import { OBJECT_TYPES, type ObjectTypeName } from '../config.ts';
import { LIFECYCLE_STAGES } from '../properties/standard.ts';
import type { HubspotState } from '../state.ts';
import type { CrmRecord } from '../store/record.ts';
import type { WriteSource } from './source.ts';
import { applyValues } from './write.ts';

/**
 * Merging two records the way HubSpot does: the primary survives with its id; it keeps its own
 * values, takes the merged record's values where it has none, keeps the furthest lifecycle
 * stage, lists the merged id in `hs_merged_object_ids` and (contacts) the merged email in
 * `hs_additional_emails`. The merged id disappears but still resolves to the survivor, and its
 * associations move over.
 */
const SKIPPED = new Set([
  'hs_object_id',
  'createdate',
  'lastmodifieddate',
  'hs_lastmodifieddate',
  'hs_merged_object_ids',
  'hs_additional_emails',
  'lifecyclestage',
]);
const STAGE_RANK = new Map<string, number>(
  LIFECYCLE_STAGES.map(([value], index) => [value, index]),
);

const joinIds = (...lists: (string | undefined)[]) =>
  [...new Set(lists.flatMap((list) => (list ?? '').split(';')).filter((id) => id !== ''))].join(
    ';',
  );

export function mergeRecords(
  state: HubspotState,
  type: ObjectTypeName,
  primary: CrmRecord,
  merged: CrmRecord,
  source: WriteSource,
  now: number,
): CrmRecord {
  const store = state.stores[type];
  const uniques = state.registry.uniqueSet(type);
  const values: [string, string][] = [];
  for (const definition of state.registry.list(type, false)) {
    const name = definition.name;
    if (SKIPPED.has(name) || uniques.has(name)) continue;
    const theirs = store.value(merged, name);
    if ((store.value(primary, name) ?? '') === '' && theirs !== undefined && theirs !== '')
      values.push([name, theirs]);
  }
  const moved = values.length;
  const mine = store.value(primary, 'lifecyclestage');
  const theirs = store.value(merged, 'lifecyclestage');
  if (theirs !== undefined && (STAGE_RANK.get(theirs) ?? -1) > (STAGE_RANK.get(mine ?? '') ?? -1))
    values.push(['lifecyclestage', theirs]);
  values.push([
    'hs_merged_object_ids',
    joinIds(
      store.value(primary, 'hs_merged_object_ids'),
      store.value(merged, 'hs_merged_object_ids'),
      String(merged.id),
    ),
  ]);
  if (type === 'contacts')
    values.push([
      'hs_additional_emails',
      joinIds(
        store.value(primary, 'hs_additional_emails'),
        store.value(merged, 'email'),
        store.value(merged, 'hs_additional_emails'),
      ),
    ]);

  for (const name of uniques) store.unindexUnique(name, store.value(merged, name), merged);
  const others = (Object.keys(OBJECT_TYPES) as ObjectTypeName[]).filter((other) => other !== type);
  state.associations.moveAll(type, merged.id, primary.id, others);
  store.remove(merged);
  store.alias(merged.id, primary.id);
  // Merging is HubSpot's own process: it may set read-only properties and move stages.
  applyValues(state, type, primary, values, { ...source, viaApi: false }, now);
  state.events.merged(type, primary, merged.id, moved, source, now);
  return primary;
}
