import type { RunningSandboxes } from '../../../src/sandbox/start.ts';
import { dump } from './world.ts';

/**
 * What both systems hold once a sync is done, read through the sandboxes' admin dump (it costs
 * no API call): every person with the values leadloop decides — stage, score, grade, lifecycle —
 * and the link between the two systems. Two worlds seeded alike end with equal censuses when
 * every record is present exactly once and correct. Vendor ids, owners (assignment rules rotate)
 * and times are left out: they differ between two correct runs.
 */
export interface Census {
  /** `object email status stage score grade` per Salesforce Lead (unconverted) and Contact. */
  readonly salesforce: readonly string[];
  /** `email lifecycle stage score grade linked` per HubSpot contact. */
  readonly hubspot: readonly string[];
  readonly duplicateEmails: number;
  readonly duplicateLeadloopIds: number;
  /** People whose Salesforce LeadLoop_Id__c and HubSpot leadloop_id disagree. */
  readonly mismatchedLinks: number;
}

const text = (value: unknown): string =>
  value === null || value === undefined || value === '' ? '-' : String(value);

const email = (value: unknown): string => text(value).toLowerCase();

export async function census(sandboxes: RunningSandboxes): Promise<Census> {
  const [leads, contacts, hubspot] = await Promise.all([
    dump(sandboxes, 'salesforce', 'Lead'),
    dump(sandboxes, 'salesforce', 'Contact'),
    dump(sandboxes, 'hubspot', 'contacts'),
  ]);
  const people: Record<string, unknown>[] = [
    ...leads
      .filter((lead) => lead.IsConverted !== true)
      .map((lead) => ({ ...lead, object: 'Lead' })),
    ...contacts.map((contact) => ({ ...contact, object: 'Contact', Status: undefined })),
  ];
  const salesforceIds = new Map<string, string>();
  for (const person of people)
    if (typeof person.LeadLoop_Id__c === 'string')
      salesforceIds.set(email(person.Email), person.LeadLoop_Id__c);
  const hubspotProps = hubspot.map(
    (contact) => (contact.properties ?? {}) as Record<string, unknown>,
  );
  // Within one system, an email or a leadloop id held twice is a duplicate record.
  const repeats = (values: readonly unknown[]): number => {
    const present = values.map(text).filter((value) => value !== '-');
    return present.length - new Set(present.map((value) => value.toLowerCase())).size;
  };
  const duplicateEmails =
    repeats(people.map((p) => p.Email)) + repeats(hubspotProps.map((p) => p.email));
  const duplicateLeadloopIds =
    repeats(people.map((p) => p.LeadLoop_Id__c)) + repeats(hubspotProps.map((p) => p.leadloop_id));
  let mismatchedLinks = 0;
  for (const props of hubspotProps) {
    const linked = salesforceIds.get(email(props.email));
    if (linked !== undefined && text(props.leadloop_id) !== linked) mismatchedLinks += 1;
  }
  return {
    salesforce: people
      .map((p) =>
        [
          p.object,
          email(p.Email),
          text(p.Status),
          text(p.LeadLoop_Stage__c),
          text(p.LeadLoop_Score__c),
          text(p.LeadLoop_Grade__c),
          p.LeadLoop_Id__c ? 'linked' : 'unlinked',
        ].join(' '),
      )
      .sort(),
    hubspot: hubspotProps
      .map((p) =>
        [
          email(p.email),
          text(p.lifecyclestage),
          text(p.leadloop_stage),
          text(p.leadloop_score),
          text(p.leadloop_grade),
          text(p.leadloop_id) === '-' ? 'unlinked' : 'linked',
          text(p.leadloop_salesforce_id) === '-' ? 'no-sf' : 'sf',
        ].join(' '),
      )
      .sort(),
    duplicateEmails,
    duplicateLeadloopIds,
    mismatchedLinks,
  };
}
