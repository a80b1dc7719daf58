import type { LeadFields } from '../../src/lead/lead.ts';
import { personAt, type SeedPerson } from '../../src/sandbox/seed/people.ts';
import type { FieldStateRecord } from '../../src/store/field-state-repo.ts';
import type { LeadRecord } from '../../src/store/leads-repo.ts';
import type { SlaClockRecord } from '../../src/store/sla-repo.ts';
import type { FieldValue, SystemRecord } from '../../src/sync/connector.ts';
import type { IdentityIndex, KnownLead } from '../../src/sync/identify.ts';
import type { LeadState, SystemSide } from '../../src/sync/lead-state.ts';
import { SIGNAL_SYSTEM } from '../../src/sync/signals.ts';

/**
 * Synthetic leads for the engine benchmark, shaped the way the store hands them to reconcile
 * (src/sync/lead-state.ts) and the way the connectors hand records to identify. People come
 * from the sandboxes' seeded market, so values (titles, countries, engagement) are the same
 * mix the end-to-end runs see. Four kinds of lead, in turn:
 * - 0: a HubSpot contact marketing just set to MQL, no Salesforce record (handoff);
 * - 1: linked in both systems, nothing new (the common, quiet case);
 * - 2: linked in both, a two-way field edited in both (conflict by change time);
 * - 3: linked in both, sales moved the Lead Status (stage signal, open SLA clock).
 */
const SEED = 7;
const BASE_MS = Date.UTC(2026, 10, 2, 9, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();
const HOUR = 3_600_000;

export const leadIdOf = (index: number) =>
  `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
export const hubspotIdOf = (index: number) => String(1_000 + index);
export const salesforceIdOf = (index: number) => `00Q5f${index.toString(36).padStart(10, '0')}AAA`;

function hubspotFields(person: SeedPerson, kind: number): Record<string, FieldValue> {
  const e = person.engagement;
  return {
    email: person.email,
    firstname: person.firstName,
    lastname: person.lastName,
    company: person.company,
    jobtitle: kind === 2 ? `${person.title} (edited in HubSpot)` : person.title,
    phone: person.phone,
    country: person.country,
    hs_analytics_source: person.analyticsSource,
    utm_campaign: person.campaign,
    lifecyclestage: kind === 0 ? 'marketingqualifiedlead' : person.lifecycleStage,
    industry: person.industry,
    hs_email_open: e.emailOpens,
    hs_email_click: e.emailClicks,
    hs_email_last_open_date: iso(BASE_MS - e.daysSinceLastOpen * 24 * HOUR),
    hs_analytics_num_page_views: e.pageViews,
    hs_analytics_num_visits: e.visits,
    hs_analytics_last_visit_timestamp: iso(BASE_MS - e.daysSinceLastVisit * 24 * HOUR),
    num_conversion_events: e.conversions,
    hubspotscore: e.hubspotScore,
  };
}

function salesforceFields(person: SeedPerson, index: number): Record<string, FieldValue> {
  return {
    Email: person.email,
    FirstName: person.firstName,
    LastName: person.lastName,
    Company: person.company,
    Title: person.title,
    Phone: person.phone,
    Country: person.country,
    LeadSource: 'Web',
    Status: index % 4 === 3 ? 'Working - Contacted' : 'Open - Not Contacted',
    OwnerId: `005000000000${String(person.ownerIndex).padStart(3, '0')}AAA`,
    'Owner.Name': `Rep ${person.ownerIndex}`,
    'Owner.Email': `rep${person.ownerIndex}@example.com`,
    LeadLoop_Id__c: leadIdOf(index),
    LeadLoop_Stage__c: 'MQL',
    LeadLoop_Score__c: 60,
    LeadLoop_Grade__c: 'B',
  };
}

/** A HubSpot contact as the connector returns it from a search page. */
export function hubspotRecord(index: number): SystemRecord {
  const person = personAt(SEED, index);
  const kind = index % 4;
  const fields = hubspotFields(person, kind);
  if (kind !== 0) fields.leadloop_id = leadIdOf(index);
  const changedAt = iso(BASE_MS + (kind === 2 ? 2 * HOUR : 0));
  return {
    system: 'hubspot',
    object: 'contacts',
    id: hubspotIdOf(index),
    modifiedAt: changedAt,
    createdAt: iso(BASE_MS - person.createdDaysAgo * 24 * HOUR),
    deleted: false,
    fields,
    fieldChangedAt: Object.fromEntries(Object.keys(fields).map((name) => [name, changedAt])),
  };
}

/** What the store holds for the page's records before identify: links of the linked kinds. */
export function identityIndex(first: number, count: number): IdentityIndex {
  const byLink = new Map<string, string>();
  const byEmail = new Map<string, KnownLead[]>();
  const knownLeadIds = new Set<string>();
  for (let index = first; index < first + count; index += 1) {
    if (index % 4 === 0) continue;
    const leadId = leadIdOf(index);
    const hubspot = `hubspot:contacts:${hubspotIdOf(index)}`;
    byLink.set(hubspot, leadId);
    byEmail.set(personAt(SEED, index).email, [
      { leadId, links: [hubspot, `salesforce:Lead:${salesforceIdOf(index)}`] },
    ]);
    knownLeadIds.add(leadId);
  }
  return { byLink, byEmail, knownLeadIds };
}

function side(
  object: string,
  recordId: string,
  leadId: string,
  system: string,
  fields: Record<string, FieldValue>,
  changedAt: string,
): SystemSide {
  const rows = new Map<string, FieldStateRecord>();
  for (const [field, value] of Object.entries(fields)) {
    rows.set(field, {
      leadId,
      system,
      field,
      seenValue: value,
      seenAt: changedAt,
      changedAt,
      writtenHash: null,
      writtenAt: null,
      writtenChangedAt: null,
    });
  }
  return { object, recordId, fields: rows };
}

function leadFields(person: SeedPerson): LeadFields {
  return {
    email: person.email,
    firstName: person.firstName,
    lastName: person.lastName,
    company: person.company,
    title: person.title,
    phone: person.phone,
    country: person.country,
    leadSource: person.analyticsSource,
    campaign: person.campaign,
    owner: null,
  };
}

/** One lead as loadLeadStates builds it after its records were staged. */
export function leadState(index: number): LeadState {
  const person = personAt(SEED, index);
  const kind = index % 4;
  const leadId = leadIdOf(index);
  const created = iso(BASE_MS - person.createdDaysAgo * 24 * HOUR);
  const lead: LeadRecord = {
    id: leadId,
    emailNormalized: person.email,
    fields: kind === 0 ? leadFields({ ...person, title: '' }) : leadFields(person),
    score: kind === 0 ? null : { total: 60, grade: 'B', reasons: [] },
    stage: kind === 0 ? 'inquiry' : 'mql',
    owner: null,
    recycle: null,
    pendingSeq: index + 1,
    pendingSince: iso(BASE_MS),
    createdAt: created,
    updatedAt: iso(BASE_MS),
    version: 1,
  };
  const hubspotAt = iso(BASE_MS + (kind === 2 ? 2 * HOUR : 0));
  const hubspot = hubspotFields(person, kind);
  if (kind !== 0) hubspot.leadloop_id = leadId;
  const sides: LeadState['sides'] = {
    hubspot: side('contacts', hubspotIdOf(index), leadId, 'hubspot', hubspot, hubspotAt),
  };
  if (kind !== 0) {
    const salesforceAt = iso(BASE_MS + (kind === 2 ? HOUR : 0));
    const fields = salesforceFields(person, index);
    if (kind === 2) fields.Title = `${person.title} (edited in Salesforce)`;
    sides.salesforce = side(
      'Lead',
      salesforceIdOf(index),
      leadId,
      'salesforce',
      fields,
      salesforceAt,
    );
  }
  const signals: FieldStateRecord[] = [];
  if (kind === 0 || kind === 3) {
    const [system, object, field, value] =
      kind === 0
        ? ['hubspot', 'contacts', 'lifecyclestage', 'marketingqualifiedlead']
        : ['salesforce', 'Lead', 'Status', 'Working - Contacted'];
    signals.push({
      leadId,
      system: SIGNAL_SYSTEM,
      field: `${system}.${object}.${field}`,
      seenValue: value,
      seenAt: iso(BASE_MS),
      changedAt: iso(BASE_MS + HOUR),
      writtenHash: null,
      writtenAt: null,
      writtenChangedAt: null,
    });
  }
  const openClock: SlaClockRecord | undefined =
    kind === 3
      ? {
          id: `clock-${index}`,
          leadId,
          handoffAt: iso(BASE_MS),
          dueAt: iso(BASE_MS + 4 * HOUR),
          grade: 'B',
          ownerId: null,
          status: 'on_track',
          firstTouchAt: null,
          breachedAt: null,
          escalatedAt: null,
          escalationDueAt: iso(BASE_MS + 8 * HOUR),
          closedAt: null,
          alerts: [],
          alertRetryAt: null,
        }
      : undefined;
  return {
    lead,
    sides,
    everLinked: new Set(kind === 0 ? ['hubspot'] : ['hubspot', 'salesforce']),
    signals,
    history:
      kind === 0
        ? []
        : [
            {
              id: index,
              leadId,
              stage: 'mql',
              fromStage: 'inquiry',
              at: iso(BASE_MS - HOUR),
              system: 'hubspot',
              actor: 'hubspot contacts',
              reason: null,
            },
          ],
    openClock,
    latestClock: openClock,
    opportunities: [],
  };
}

/** The bench's clock: a fixed business-day morning, so every run decides the same way. */
export const BENCH_NOW = new Date(BASE_MS + 3 * HOUR);
