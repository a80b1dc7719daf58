import type { FieldStateRecord } from '../store/field-state-repo.ts';
import type { LeadRecord } from '../store/leads-repo.ts';
import type { OpportunityRecord } from '../store/opportunities-repo.ts';
import type { SlaClockRecord } from '../store/sla-repo.ts';
import type { StageHistoryRecord } from '../store/stage-history-repo.ts';
import type { FieldValue, SystemName } from './connector.ts';
import type { RunContext } from './engine.ts';
import { SIGNAL_SYSTEM } from './signals.ts';

/**
 * Everything reconcile needs about one lead, loaded for a page of leads with one query per
 * table. Plain data: the decision that follows is pure.
 */
export interface SystemSide {
  /** The record that holds the lead there: `Contact` over `Lead`, `contacts`. */
  readonly object: string;
  readonly recordId: string;
  /** Vendor field → state (last value seen, its change time, what leadloop wrote). */
  readonly fields: ReadonlyMap<string, FieldStateRecord>;
}

export interface LeadState {
  readonly lead: LeadRecord;
  readonly sides: Partial<Record<SystemName, SystemSide>>;
  /** Systems the lead ever had a record in: a deleted record is not re-created. */
  readonly everLinked: ReadonlySet<SystemName>;
  readonly signals: readonly FieldStateRecord[];
  readonly history: readonly StageHistoryRecord[];
  readonly openClock: SlaClockRecord | undefined;
  /** The latest clock, open or closed: the SLA status and first touch both systems show. */
  readonly latestClock: SlaClockRecord | undefined;
  readonly opportunities: readonly OpportunityRecord[];
}

const SIDE_OBJECTS: Readonly<Record<SystemName, readonly string[]>> = {
  salesforce: ['Contact', 'Lead'],
  hubspot: ['contacts'],
};

/**
 * Vendor field → value last seen there, as a read-only view of a side's rows: desired hands it
 * to plan for every lead and system, and a copy of every row cost more than plan's reads of it.
 */
class SeenValues implements ReadonlyMap<string, FieldValue> {
  private readonly rows: ReadonlyMap<string, FieldStateRecord>;
  constructor(rows: ReadonlyMap<string, FieldStateRecord>) {
    this.rows = rows;
  }
  get size(): number {
    return this.rows.size;
  }
  get(field: string): FieldValue | undefined {
    return this.rows.get(field)?.seenValue;
  }
  has(field: string): boolean {
    return this.rows.has(field);
  }
  *entries(): MapIterator<[string, FieldValue]> {
    for (const [field, row] of this.rows) yield [field, row.seenValue];
  }
  keys(): MapIterator<string> {
    return this.rows.keys();
  }
  *values(): MapIterator<FieldValue> {
    for (const row of this.rows.values()) yield row.seenValue;
  }
  forEach(
    callback: (value: FieldValue, field: string, map: ReadonlyMap<string, FieldValue>) => void,
    thisArg?: unknown,
  ): void {
    for (const [field, row] of this.rows) callback.call(thisArg, row.seenValue, field, this);
  }
  [Symbol.iterator](): MapIterator<[string, FieldValue]> {
    return this.entries();
  }
}

const NOTHING_SEEN: ReadonlyMap<string, FieldValue> = new Map();

export function seenValuesOf(side: SystemSide | undefined): ReadonlyMap<string, FieldValue> {
  return side === undefined ? NOTHING_SEEN : new SeenValues(side.fields);
}

/** Rows grouped by lead, in their order: a page's rows are read once, not once per lead. */
function byLead<T extends { readonly leadId: string }>(rows: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.leadId);
    if (group === undefined) groups.set(row.leadId, [row]);
    else group.push(row);
  }
  return groups;
}

export async function loadLeadStates(
  run: RunContext,
  leads: readonly LeadRecord[],
): Promise<LeadState[]> {
  const { store } = run.engine;
  const ids = leads.map((lead) => lead.id);
  const [links, states, history, clocks, latest, ties] = await Promise.all([
    store.links.historyOfLeads(ids),
    store.fieldState.getForLeads(ids),
    store.stageHistory.ofLeads(ids),
    store.sla.openFor(ids),
    store.sla.latestFor(ids),
    store.closedLoop.opportunitiesOfLeads(ids),
  ]);
  const opportunityIds = [...new Set(ties.map((tie) => tie.opportunityId))];
  const opportunities = (
    await Promise.all(opportunityIds.map((id) => store.opportunities.get('salesforce', id)))
  ).filter((row): row is OpportunityRecord => row !== undefined);

  const linksOf = byLead(links);
  const fieldRowsOf = byLead(states);
  const historyOf = byLead(history);
  const tiesOf = byLead(ties);
  const openOf = byLead(clocks);
  const latestOf = byLead(latest);
  return leads.map((lead) => {
    const mine = linksOf.get(lead.id) ?? [];
    const fieldRows = fieldRowsOf.get(lead.id) ?? [];
    const sides: Partial<Record<SystemName, SystemSide>> = {};
    for (const system of ['salesforce', 'hubspot'] as const) {
      for (const object of SIDE_OBJECTS[system]) {
        const link = mine.find(
          (l) => l.system === system && l.object === object && l.unlinkedAt === null,
        );
        if (link === undefined) continue;
        sides[system] = {
          object,
          recordId: link.externalId,
          fields: new Map(
            fieldRows.filter((row) => row.system === system).map((row) => [row.field, row]),
          ),
        };
        break;
      }
    }
    const myOpportunities = new Set((tiesOf.get(lead.id) ?? []).map((tie) => tie.opportunityId));
    return {
      lead,
      sides,
      everLinked: new Set(
        mine
          .map((link) => link.system)
          .filter((s): s is SystemName => s === 'salesforce' || s === 'hubspot'),
      ),
      signals: fieldRows.filter((row) => row.system === SIGNAL_SYSTEM),
      history: historyOf.get(lead.id) ?? [],
      openClock: openOf.get(lead.id)?.[0],
      latestClock: latestOf.get(lead.id)?.[0],
      opportunities: opportunities.filter((row) => myOpportunities.has(row.id)),
    };
  });
}
