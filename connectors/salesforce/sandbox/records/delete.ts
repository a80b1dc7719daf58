import type { ObjectStore } from '../store/object-store.ts';
import type { StoredRecord } from '../store/record.ts';
import { findRecord, type SaveOutcome, type WriteContext } from './save.ts';
import { saveError } from './values.ts';

/**
 * Deleting moves a record to the recycle bin: IsDeleted becomes true and SystemModstamp moves,
 * so `queryAll … WHERE SystemModstamp >= X` and Get Deleted see it. Children go with it as on
 * Salesforce: an account takes its contacts and opportunities, an opportunity or contact its
 * contact roles, a lead, contact, account or opportunity its tasks and events.
 */
const CASCADES: Readonly<Record<string, readonly [string, string][]>> = {
  Account: [
    ['Contact', 'AccountId'],
    ['Opportunity', 'AccountId'],
    ['Task', 'WhatId'],
    ['Event', 'WhatId'],
  ],
  Opportunity: [
    ['OpportunityContactRole', 'OpportunityId'],
    ['Task', 'WhatId'],
    ['Event', 'WhatId'],
  ],
  Contact: [
    ['OpportunityContactRole', 'ContactId'],
    ['Task', 'WhoId'],
    ['Event', 'WhoId'],
  ],
  Lead: [
    ['Task', 'WhoId'],
    ['Event', 'WhoId'],
  ],
};

export function deleteRecord(
  ctx: WriteContext,
  rawId: string,
  expected?: ObjectStore,
): SaveOutcome {
  const found = findRecord(ctx.state, rawId, expected);
  if ('error' in found) {
    const malformed = found.error.statusCode === 'MALFORMED_ID';
    return {
      success: false,
      errors: [malformed ? saveError('MALFORMED_ID', `malformed id ${rawId}`) : found.error],
    };
  }
  const { store, record } = found;
  if (!store.schema.def.deletable) {
    return {
      success: false,
      id: record.id,
      errors: [
        saveError(
          'INVALID_TYPE_FOR_OPERATION',
          `entity type cannot be deleted: ${store.schema.name}`,
        ),
      ],
    };
  }
  if (record.deleted)
    return {
      success: false,
      id: record.id,
      errors: [saveError('ENTITY_IS_DELETED', 'entity is deleted')],
    };
  moveToRecycleBin(ctx, store, record);
  return { success: true, id: record.id, created: false };
}

function moveToRecycleBin(ctx: WriteContext, store: ObjectStore, record: StoredRecord): void {
  ctx.undo?.changed(store, record);
  const now = ctx.now ?? ctx.state.now();
  record.deleted = true;
  store.change(record, {
    IsDeleted: true,
    LastModifiedDate: now,
    LastModifiedById: ctx.userId,
    SystemModstamp: now,
  });
  for (const [childObject, field] of CASCADES[store.schema.name] ?? []) {
    const children = ctx.state.store(childObject)!;
    for (const id of children.lookup(field, record.id)) {
      const child = children.get(id);
      if (child !== undefined && !child.deleted) moveToRecycleBin(ctx, children, child);
    }
  }
}
