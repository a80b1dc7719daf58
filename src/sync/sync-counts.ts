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
});

/** Records created or updated so far, per system. */
export const writesBySystem = (counts: SyncCounts): Record<SystemName, number> => ({
  salesforce: counts.salesforce.created + counts.salesforce.updated,
  hubspot: counts.hubspot.created + counts.hubspot.updated,
});
