import type { Connector, PulledPage, SystemName } from './connector.ts';
import type { RunContext } from './engine.ts';
import { stageActivities } from './follow-up.ts';
import { withRetry } from './retry.ts';
import { stageContactRoles, stageOpportunities, stageUsers } from './stage-crm.ts';
import { stagePeople } from './stage-people.ts';
import type { SyncCounts } from './sync-counts.ts';
import type { TrackedFields } from './tracked-fields.ts';

/**
 * Pull: every object of a system, page by page, from its saved cursor. Each page is staged in
 * one store transaction together with its cursor (decision 002): a crash loses no page and
 * stages none twice. Records are never all in memory: one page at a time.
 */

const PERSON_OBJECTS = new Set(['Lead', 'Contact', 'contacts']);

export async function stagePage(
  run: RunContext,
  page: PulledPage,
  object: string,
  tracked: TrackedFields,
  counts: SyncCounts,
): Promise<string[]> {
  counts.pulled += page.records.length;
  if (PERSON_OBJECTS.has(object)) {
    const staged = await stagePeople(run, page.records, tracked);
    counts.newLeads += staged.newLeads;
    counts.conflicts += staged.conflicts;
    counts.unlinked += staged.unlinked;
    return [...staged.pending];
  }
  switch (object) {
    case 'Opportunity':
      return stageOpportunities(run, page.records);
    case 'OpportunityContactRole':
      return stageContactRoles(run, page.records);
    case 'Task':
    case 'Event':
      return stageActivities(run, page.records);
    case 'User':
      await stageUsers(run, page.records);
      return [];
    default:
      // HubSpot deals and other objects are read for their cursor only.
      return [];
  }
}

export async function pullSystem(
  run: RunContext,
  connector: Connector,
  tracked: TrackedFields,
  counts: SyncCounts,
  objects: ReadonlySet<string> = new Set(connector.pullObjects),
  onPage: (system: SystemName, object: string, records: number) => void = () => undefined,
): Promise<void> {
  const { store } = run.engine;
  for (const object of connector.pullObjects.filter((name) => objects.has(name))) {
    const cursor = (await store.cursors.get(connector.system, object))?.value;
    run.signal?.throwIfAborted();
    let reading = readAhead(connector, object, cursor);
    for (;;) {
      run.signal?.throwIfAborted();
      const page = await reading;
      // The next page is read while this one is staged: the vendor's answer time (and
      // HubSpot's search pacing) overlaps the store's work instead of adding to it. Its cursor
      // is saved only after this page's transaction, so a crash still loses and repeats nothing.
      if (page.hasMore && run.signal?.aborted !== true) {
        reading = readAhead(connector, object, page.cursor);
      }
      await store.transaction(async () => {
        const pending = await stagePage(run, page, object, tracked, counts);
        await store.leads.markPending(pending);
        await store.cursors.save(connector.system, object, page.cursor);
      });
      onPage(connector.system, object, page.records.length);
      if (!page.hasMore) break;
    }
  }
}

/**
 * One page read, with retries, that may be left unawaited: when staging the page before it
 * fails, the pull stops and this read's own failure must not surface as an unhandled rejection.
 */
function readAhead(connector: Connector, object: string, cursor: unknown): Promise<PulledPage> {
  const read = withRetry(() => connector.readPage(object, cursor));
  read.catch(() => undefined);
  return read;
}
