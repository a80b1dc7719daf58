import { randomUUID } from 'node:crypto';
import type { FieldStateInput, FieldStateRecord } from '../store/field-state-repo.ts';
import type { LinkKey as StoreLinkKey } from '../store/links-repo.ts';
import { HUBSPOT_PROPERTIES, SALESFORCE_FIELDS } from '../mapping/leadloop-fields.ts';
import type { SystemRecord } from './connector.ts';
import { nowIso, type RunContext } from './engine.ts';
import { observeField } from './field-state.ts';
import { identifyPage, linkKey, type IdentityIndex, type KnownLead } from './identify.ts';
import { signalState, type PendingSignal } from './signals.ts';
import type { TrackedFields } from './tracked-fields.ts';

/**
 * Pull, for person records (Salesforce Lead/Contact, HubSpot contacts): identify each record's
 * lead, store new links and leads, fold the values into field state, turn changed stage fields
 * into signals, and mark every lead with something new as pending for reconcile. Runs inside
 * the page's transaction, with the cursor save (decision 002).
 */
export interface StagedPeople {
  readonly pending: readonly string[];
  readonly newLeads: number;
  readonly conflicts: number;
  readonly unlinked: number;
}

const STAGE_FIELDS: Readonly<Record<string, string>> = {
  Lead: 'Status',
  contacts: HUBSPOT_PROPERTIES.lifecycle,
};

export const emailOf = (record: SystemRecord): string | undefined => {
  const value = record.fields[record.system === 'hubspot' ? 'email' : 'Email'];
  return typeof value === 'string' ? value : undefined;
};

export const leadloopIdOf = (record: SystemRecord): string | undefined => {
  const value =
    record.fields[record.system === 'hubspot' ? HUBSPOT_PROPERTIES.id : SALESFORCE_FIELDS.id];
  return typeof value === 'string' && /^[0-9a-f-]{36}$/i.test(value) ? value : undefined;
};

const storeKey = (record: { system: string; object: string; id: string }): StoreLinkKey => ({
  system: record.system,
  object: record.object,
  externalId: record.id,
});

const isConvertedLead = (record: SystemRecord): boolean =>
  record.system === 'salesforce' && record.object === 'Lead' && record.fields.IsConverted === true;

export async function stagePeople(
  run: RunContext,
  records: readonly SystemRecord[],
  tracked: TrackedFields,
): Promise<StagedPeople> {
  const { store, config } = run.engine;
  const at = nowIso(run.engine);
  await followMerges(run, records);
  const converted = records.filter(isConvertedLead);
  const converts = await followConversions(run, converted);
  const live = records.filter((record) => !record.deleted && !isConvertedLead(record));
  const unlinked = await unlinkDeleted(
    run,
    records.filter((record) => record.deleted),
  );

  const index = await loadIndex(run, live);
  const { identified, conflicts } = identifyPage(live, index, {
    foldPlusAddressing: config.main.sync.identity.foldPlusAddresses,
    emailOf,
    leadloopIdOf,
    convertedToOf: () => undefined,
    newLeadId: randomUUID,
  });

  const newLeads = identified.filter((entry) => entry.isNewLead);
  const seenNew = new Set<string>();
  await store.leads.insertMany(
    newLeads
      .filter((entry) => !seenNew.has(entry.leadId) && seenNew.add(entry.leadId))
      .map((entry) => ({
        id: entry.leadId,
        emailNormalized: entry.email ?? null,
        fields: {},
        stage: 'inquiry' as const,
        createdAt: entry.record.createdAt ?? at,
      })),
  );
  await store.stageHistory.add(
    [...seenNew].map((leadId) => {
      const entry = newLeads.find((candidate) => candidate.leadId === leadId);
      return {
        leadId,
        stage: 'inquiry' as const,
        at: entry?.record.createdAt ?? at,
        system: entry?.record.system ?? 'leadloop',
        actor: 'leadloop',
        reason: `first seen in ${entry?.record.system ?? 'a system'}`,
      };
    }),
  );
  const fresh = identified.filter((entry) => entry.newLink);
  await store.links.link(
    fresh.map((entry) => ({ ...storeKey(entry.record), leadId: entry.leadId })),
  );
  await store.identityConflicts.report(
    conflicts.map((conflict) => ({
      leadId: conflict.leadId,
      system: conflict.record.system,
      object: conflict.record.object,
      ids: [...conflict.existing.split(','), linkKey(conflict.record)].sort(),
      emailNormalized: conflict.email,
    })),
  );

  // A Contact joining a lead that had a Salesforce Lead makes the Contact its record there.
  const newContacts = fresh.filter((entry) => entry.record.object === 'Contact');
  for (const entry of newContacts) await store.fieldState.forget(entry.leadId, 'salesforce');

  const primaries = await primaryRecords(run, identified);
  const pending = new Set<string>([...converts, ...fresh.map((entry) => entry.leadId)]);
  const states: FieldStateInput[] = [];
  const signals: PendingSignal[] = [];
  const previous = await previousStates(run, primaries);
  for (const { record, leadId } of primaries) {
    const before = previous.get(`${leadId}\u0000${record.system}`) ?? new Map();
    for (const field of tracked(record)) {
      if (!(field in record.fields)) continue;
      const changeTime = record.fieldChangedAt?.[field] ?? record.modifiedAt;
      const { state, observation } = observeField(
        before.get(field),
        record.fields[field],
        changeTime,
      );
      if (observation === 'unchanged' || observation === 'echo') {
        if (observation === 'echo') states.push(stateInput(leadId, record.system, field, state));
        continue;
      }
      const ours = record.fieldChangedByLeadloop?.[field] === true;
      states.push(stateInput(leadId, record.system, field, state));
      if (ours) continue;
      pending.add(leadId);
      if (STAGE_FIELDS[record.object] === field) {
        signals.push({
          leadId,
          system: record.system,
          object: record.object,
          field,
          value: state.seenValue,
          at: changeTime,
        });
      }
    }
  }
  await store.fieldState.upsertMany([...states, ...signals.map(signalState)]);
  return { pending: [...pending], newLeads: seenNew.size, conflicts: conflicts.length, unlinked };
}

function stateInput(
  leadId: string,
  system: string,
  field: string,
  state: ReturnType<typeof observeField>['state'],
): FieldStateInput {
  return {
    leadId,
    system,
    field,
    seenValue: state.seenValue,
    changedAt: state.changedAt,
    writtenHash: state.writtenHash ?? null,
    writtenChangedAt: state.writtenChangedAt ?? null,
  };
}

/** The records whose values are the lead's in their system: a Contact over a Lead in Salesforce. */
async function primaryRecords(
  run: RunContext,
  identified: readonly { record: SystemRecord; leadId: string }[],
): Promise<{ record: SystemRecord; leadId: string }[]> {
  const leadIds = [
    ...new Set(identified.filter((e) => e.record.object === 'Lead').map((e) => e.leadId)),
  ];
  const links = await run.engine.store.links.linksOfLeads(leadIds);
  const withContact = new Set(
    links
      .filter((link) => link.system === 'salesforce' && link.object === 'Contact')
      .map((link) => link.leadId),
  );
  return identified.filter(
    (entry) => entry.record.object !== 'Lead' || !withContact.has(entry.leadId),
  );
}

async function previousStates(
  run: RunContext,
  entries: readonly { record: SystemRecord; leadId: string }[],
): Promise<
  Map<
    string,
    Map<
      string,
      {
        seenValue: FieldStateRecord['seenValue'];
        changedAt: string;
        writtenHash?: string | undefined;
        writtenChangedAt?: string | undefined;
      }
    >
  >
> {
  // A page comes from one system: its rows are all the comparison needs (a lead's other
  // system and its signals are about as many rows again, read and parsed for nothing).
  const systems = [...new Set(entries.map((e) => e.record.system))];
  const rows = await run.engine.store.fieldState.getForLeads(
    [...new Set(entries.map((e) => e.leadId))],
    systems.length === 1 ? systems[0] : undefined,
  );
  const byLead = new Map<
    string,
    Map<
      string,
      {
        seenValue: FieldStateRecord['seenValue'];
        changedAt: string;
        writtenHash?: string | undefined;
        writtenChangedAt?: string | undefined;
      }
    >
  >();
  for (const row of rows) {
    const key = `${row.leadId}\u0000${row.system}`;
    const fields = byLead.get(key) ?? new Map();
    fields.set(row.field, {
      seenValue: row.seenValue,
      changedAt: row.changedAt,
      writtenHash: row.writtenHash ?? undefined,
      writtenChangedAt: row.writtenChangedAt ?? undefined,
    });
    byLead.set(key, fields);
  }
  return byLead;
}

/** Store state identify needs for a page: links of its records, leads with its emails and ids. */
async function loadIndex(
  run: RunContext,
  records: readonly SystemRecord[],
): Promise<IdentityIndex> {
  const { store, config } = run.engine;
  const fold = config.main.sync.identity.foldPlusAddresses;
  const links = await store.links.findActive(records.map(storeKey));
  const byLink = new Map(
    links.map((link) => [`${link.system}:${link.object}:${link.externalId}`, link.leadId]),
  );
  const emails = new Set<string>();
  for (const record of records) {
    const raw = emailOf(record)?.trim().toLowerCase();
    if (raw === undefined) continue;
    emails.add(raw);
    if (fold) {
      const at = raw.lastIndexOf('@');
      const plus = raw.indexOf('+');
      if (plus > 0 && plus < at) emails.add(`${raw.slice(0, plus)}${raw.slice(at)}`);
    }
  }
  const leads = await store.leads.findByEmails([...emails]);
  const leadLinks = await store.links.linksOfLeads(leads.map((lead) => lead.id));
  const linksByLead = new Map<string, string[]>();
  for (const link of leadLinks) {
    const list = linksByLead.get(link.leadId) ?? [];
    list.push(`${link.system}:${link.object}:${link.externalId}`);
    linksByLead.set(link.leadId, list);
  }
  const byEmail = new Map<string, KnownLead[]>();
  for (const lead of leads) {
    if (lead.emailNormalized === null) continue;
    const known = byEmail.get(lead.emailNormalized) ?? [];
    known.push({ leadId: lead.id, links: linksByLead.get(lead.id) ?? [] });
    byEmail.set(lead.emailNormalized, known);
  }
  const carried = records.map(leadloopIdOf).filter((id): id is string => id !== undefined);
  const knownLeadIds = await store.leads.existingIds(carried);
  return { byLink, byEmail, knownLeadIds };
}

/** Merges in a vendor: the loser's link moves to the survivor (DESIGN.md "Deletes and merges"). */
async function followMerges(run: RunContext, records: readonly SystemRecord[]): Promise<void> {
  for (const record of records) {
    for (const loser of record.mergedIds ?? []) {
      const moved = await run.engine.store.links.replaceLink(
        storeKey({ ...record, id: loser }),
        storeKey(record),
        `merged into ${record.id}`,
      );
      if (moved !== undefined) {
        await run.engine.store.audit.add([
          {
            runId: run.runId,
            leadId: moved.leadId,
            system: record.system,
            object: record.object,
            externalId: record.id,
            operation: 'merge',
            before: { id: loser },
            after: { id: record.id },
          },
        ]);
      }
    }
  }
}

/**
 * A converted Lead hands its link to the converted Contact (and its Opportunity): the same
 * lead, no duplicate. Its Status change is the conversion's stage signal.
 */
async function followConversions(
  run: RunContext,
  leads: readonly SystemRecord[],
): Promise<string[]> {
  const { store } = run.engine;
  const touched: string[] = [];
  for (const record of leads) {
    const contactId = record.fields.ConvertedContactId;
    if (typeof contactId !== 'string') continue;
    const contact = { system: 'salesforce', object: 'Contact', externalId: contactId };
    const moved = await store.links.replaceLink(storeKey(record), contact, 'converted');
    if (moved === undefined) continue;
    await store.fieldState.forget(moved.leadId, 'salesforce');
    const opportunityId = record.fields.ConvertedOpportunityId;
    if (typeof opportunityId === 'string') {
      await store.closedLoop.tieLeads([
        { system: 'salesforce', opportunityId, leadId: moved.leadId, via: 'converted' },
      ]);
    }
    await store.audit.add([
      {
        runId: run.runId,
        leadId: moved.leadId,
        system: 'salesforce',
        object: 'Lead',
        externalId: record.id,
        operation: 'convert',
        before: { Lead: record.id },
        after: { Contact: contactId, Opportunity: opportunityId ?? null },
      },
    ]);
    const status = record.fields.Status;
    await store.fieldState.upsertMany([
      signalState({
        leadId: moved.leadId,
        system: 'salesforce',
        object: 'Lead',
        field: 'Status',
        value: typeof status === 'string' ? status : null,
        at: record.modifiedAt,
      }),
    ]);
    touched.push(moved.leadId);
  }
  return touched;
}

/** A record deleted in its system is unlinked and audited, never re-created. */
async function unlinkDeleted(run: RunContext, records: readonly SystemRecord[]): Promise<number> {
  if (records.length === 0) return 0;
  const { store } = run.engine;
  const ended = await store.links.unlink(
    records.map(storeKey),
    `deleted in ${records[0]?.system ?? 'vendor'}`,
  );
  for (const link of ended) await store.fieldState.forget(link.leadId, link.system);
  await store.audit.add(
    ended.map((link) => ({
      runId: run.runId,
      leadId: link.leadId,
      system: link.system,
      object: link.object,
      externalId: link.externalId,
      operation: 'unlink',
      before: { id: link.externalId },
      after: null,
    })),
  );
  return ended.length;
}
