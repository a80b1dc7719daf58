import type { SystemName } from './connector.ts';

/** What a sync did, for its closing summary, the run record and the metrics. */
export interface WriteCounts {
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
}

export interface SyncCounts {
  pulled: number;
  newLeads: number;
  conflicts: number;
  unlinked: number;
  leads: number;
  stageChanges: number;
  deadLetters: number;
  salesforce: WriteCounts;
  hubspot: WriteCounts;
  /** API calls this run made, per system. */
  apiCalls: Record<SystemName, number>;
  /** Records created or updated, per system and object (`salesforce.Lead`). */
  writtenByObject: Record<SystemName, Record<string, number>>;
  /**
   * Leads handed off to a new Salesforce Lead whose HubSpot write waits for the owner assignment
   * rules gave it: the run's next pass pulls Salesforce Leads for them.
   */
  awaitingOwner: number;
}

export const emptyWriteCounts = (): WriteCounts => ({
  created: 0,
  updated: 0,
  unchanged: 0,
  failed: 0,
});

export const emptySyncCounts = (): SyncCounts => ({
  pulled: 0,
  newLeads: 0,
  conflicts: 0,
  unlinked: 0,
  leads: 0,
  stageChanges: 0,
  deadLetters: 0,
  salesforce: emptyWriteCounts(),
  hubspot: emptyWriteCounts(),
  apiCalls: { salesforce: 0, hubspot: 0 },
  writtenByObject: { salesforce: {}, hubspot: {} },
  awaitingOwner: 0,
});

/** One record created or updated. */
export function countWrite(
  counts: SyncCounts,
  system: SystemName,
  object: string,
  created: boolean,
): void {
  counts[system][created ? 'created' : 'updated'] += 1;
  const byObject = counts.writtenByObject[system];
  byObject[object] = (byObject[object] ?? 0) + 1;
}
