import type { OpportunityInput } from '../store/opportunities-repo.ts';
import type { FieldValue, SystemRecord } from './connector.ts';
import type { RunContext } from './engine.ts';
import { signalState, type PendingSignal } from './signals.ts';

/**
 * Pull, for what sales does around a lead in Salesforce: opportunities and their contact roles
 * (the closed loop), users (owner names, managers). Returns the leads with something new.
 */
const text = (value: FieldValue | undefined): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value : null;

export function opportunityStatus(record: SystemRecord): OpportunityInput['status'] {
  if (record.fields.IsClosed !== true) return 'open';
  return record.fields.IsWon === true ? 'won' : 'lost';
}

export async function stageOpportunities(
  run: RunContext,
  records: readonly SystemRecord[],
): Promise<string[]> {
  const { store } = run.engine;
  const live = records.filter((record) => !record.deleted);
  const ids = live.map((record) => record.id);
  const ties = await store.closedLoop.leadsOfOpportunities('salesforce', ids);
  const before = new Map(
    (await Promise.all(ids.map((id) => store.opportunities.get('salesforce', id)))).flatMap(
      (row) => (row === undefined ? [] : [[row.id, row] as const]),
    ),
  );
  const rows: OpportunityInput[] = [];
  const signals: PendingSignal[] = [];
  const pending = new Set<string>();
  for (const record of live) {
    const leads = ties.filter((tie) => tie.opportunityId === record.id).map((tie) => tie.leadId);
    const amount = record.fields.Amount;
    const row: OpportunityInput = {
      system: 'salesforce',
      id: record.id,
      leadId: leads[0] ?? null,
      name: text(record.fields.Name) ?? record.id,
      stage: text(record.fields.StageName) ?? '',
      amount: typeof amount === 'number' ? amount : null,
      currency: text(record.fields.CurrencyIsoCode),
      closeDate: text(record.fields.CloseDate),
      status: opportunityStatus(record),
      lossReason: text(record.fields.Loss_Reason__c ?? null),
    };
    rows.push(row);
    const previous = before.get(record.id);
    const changed =
      previous === undefined ||
      previous.stage !== row.stage ||
      previous.status !== row.status ||
      (previous.amount ?? null) !== (row.amount ?? null);
    if (!changed) continue;
    for (const leadId of leads) {
      pending.add(leadId);
      if (previous?.status !== row.status) {
        signals.push(opportunitySignal(leadId, record.id, row.status, record.modifiedAt));
      }
    }
  }
  await store.opportunities.upsertMany(rows);
  await store.fieldState.upsertMany(signals.map(signalState));
  return [...pending];
}

const opportunitySignal = (
  leadId: string,
  opportunityId: string,
  status: string,
  at: string,
): PendingSignal => ({
  leadId,
  system: 'salesforce',
  object: 'Opportunity',
  field: opportunityId,
  value: status,
  at,
});

/** A contact role ties the contact's lead to the opportunity: marketing sees the outcome. */
export async function stageContactRoles(
  run: RunContext,
  records: readonly SystemRecord[],
): Promise<string[]> {
  const { store } = run.engine;
  const live = records.filter(
    (record) =>
      !record.deleted &&
      typeof record.fields.ContactId === 'string' &&
      typeof record.fields.OpportunityId === 'string',
  );
  const links = await store.links.findActive(
    live.map((record) => ({
      system: 'salesforce',
      object: 'Contact',
      externalId: String(record.fields.ContactId),
    })),
  );
  const leadOfContact = new Map(links.map((link) => [link.externalId, link.leadId]));
  const ties = live.flatMap((record) => {
    const leadId = leadOfContact.get(String(record.fields.ContactId));
    return leadId === undefined
      ? []
      : [
          {
            system: 'salesforce',
            opportunityId: String(record.fields.OpportunityId),
            leadId,
            via: record.id,
            at: record.modifiedAt,
          },
        ];
  });
  const before = await store.closedLoop.leadsOfOpportunities(
    'salesforce',
    ties.map((tie) => tie.opportunityId),
  );
  const known = new Set(before.map((tie) => `${tie.opportunityId}:${tie.leadId}`));
  const added = ties.filter((tie) => !known.has(`${tie.opportunityId}:${tie.leadId}`));
  await store.closedLoop.tieLeads(added);
  const signals: PendingSignal[] = [];
  for (const tie of added) {
    const opportunity = await store.opportunities.get('salesforce', tie.opportunityId);
    if (opportunity !== undefined) {
      signals.push(opportunitySignal(tie.leadId, tie.opportunityId, opportunity.status, tie.at));
    }
  }
  await store.fieldState.upsertMany(signals.map(signalState));
  return [...new Set(added.map((tie) => tie.leadId))];
}

export async function stageUsers(run: RunContext, records: readonly SystemRecord[]): Promise<void> {
  await run.engine.store.closedLoop.upsertUsers(
    records.map((record) => ({
      system: record.system,
      id: record.id,
      name: text(record.fields.Name),
      email: text(record.fields.Email),
      managerId: text(record.fields.ManagerId),
      active: record.fields.IsActive !== false && !record.deleted,
    })),
  );
}
