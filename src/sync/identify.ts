import type { SystemName, SystemRecord } from './connector.ts';

/**
 * Identify: which universal lead a pulled record belongs to (DESIGN.md "Which Salesforce record
 * a contact maps to"). Stored links first, then the leadloop id the record carries, then the
 * normalised email. Two records of one object claiming one lead are reported, never merged.
 * Pure: the caller preloads the index for a page with one query per kind of lookup.
 */
export interface LinkKey {
  readonly system: SystemName;
  readonly object: string;
  readonly id: string;
}

export const linkKey = (key: LinkKey): string => `${key.system}:${key.object}:${key.id}`;

export interface KnownLead {
  readonly leadId: string;
  /** Active links of the lead, as `system:object:id`. */
  readonly links: readonly string[];
}

/** Preloaded store state for one page. */
export interface IdentityIndex {
  /** `system:object:id` → lead id. */
  readonly byLink: ReadonlyMap<string, string>;
  /** Normalised email → leads with that email. */
  readonly byEmail: ReadonlyMap<string, readonly KnownLead[]>;
  /** Lead ids that exist in the store (for ids carried in LeadLoop_Id__c / leadloop_id). */
  readonly knownLeadIds: ReadonlySet<string>;
}

export interface IdentityOptions {
  /** Fold `ana+news@x.com` into `ana@x.com` when matching. */
  readonly foldPlusAddressing: boolean;
  /** How to read a record's email and carried leadloop id (vendor field names). */
  readonly emailOf: (record: SystemRecord) => string | undefined;
  readonly leadloopIdOf: (record: SystemRecord) => string | undefined;
  /** A converted Salesforce lead's contact id, so the contact joins the lead's identity. */
  readonly convertedToOf: (record: SystemRecord) => LinkKey | undefined;
  readonly newLeadId: () => string;
}

export type IdentityReason = 'link' | 'leadloop_id' | 'conversion' | 'email' | 'new';

export interface Identified {
  readonly record: SystemRecord;
  readonly leadId: string;
  readonly reason: IdentityReason;
  /** True when this record is not linked yet and the link must be stored. */
  readonly newLink: boolean;
  readonly isNewLead: boolean;
  readonly email: string | undefined;
}

export interface IdentityConflict {
  readonly leadId: string;
  readonly record: SystemRecord;
  /** The already-linked record of the same object claiming the same lead. */
  readonly existing: string;
  readonly email: string;
}

export function normalizeEmail(
  raw: string | null | undefined,
  foldPlusAddressing: boolean,
): string | undefined {
  if (raw === null || raw === undefined) return undefined;
  const email = raw.trim().toLowerCase();
  const at = email.lastIndexOf('@');
  if (at <= 0 || at === email.length - 1) return undefined;
  if (!foldPlusAddressing) return email;
  const local = email.slice(0, at);
  const plus = local.indexOf('+');
  return plus > 0 ? `${local.slice(0, plus)}${email.slice(at)}` : email;
}

export function identifyPage(
  records: readonly SystemRecord[],
  index: IdentityIndex,
  options: IdentityOptions,
): { identified: Identified[]; conflicts: IdentityConflict[] } {
  // What this page learnt, over the index: records earlier in the page inform later ones (same
  // email twice, etc.). The index itself is the caller's and stays as it was; only the emails
  // the page changes get their own list.
  const linksAdded = new Map<string, string>();
  const emailsAdded = new Map<string, KnownLead[]>();
  const leadOfLink = (key: string) => linksAdded.get(key) ?? index.byLink.get(key);
  const leadsOfEmail = (email: string): readonly KnownLead[] =>
    emailsAdded.get(email) ?? index.byEmail.get(email) ?? [];
  const identified: Identified[] = [];
  const conflicts: IdentityConflict[] = [];

  const remember = (leadId: string, key: string, email: string | undefined) => {
    linksAdded.set(key, leadId);
    if (email === undefined) return;
    const leads = leadsOfEmail(email);
    const known = leads.find((lead) => lead.leadId === leadId);
    if (known !== undefined && known.links.includes(key)) return;
    const changed = emailsAdded.get(email) ?? [...leads];
    if (known === undefined) changed.push({ leadId, links: [key] });
    else changed[leads.indexOf(known)] = { leadId, links: [...known.links, key] };
    emailsAdded.set(email, changed);
  };

  for (const record of records) {
    const key = linkKey(record);
    const email = normalizeEmail(options.emailOf(record), options.foldPlusAddressing);
    const done = (leadId: string, reason: IdentityReason, isNewLead = false) => {
      const newLink = !linksAdded.has(key) && !index.byLink.has(key);
      remember(leadId, key, email);
      identified.push({ record, leadId, reason, newLink, isNewLead, email });
    };

    const linked = leadOfLink(key);
    if (linked !== undefined) {
      done(linked, 'link');
      continue;
    }
    const convertedTo = options.convertedToOf(record);
    const convertedLead = convertedTo === undefined ? undefined : leadOfLink(linkKey(convertedTo));
    if (convertedLead !== undefined) {
      done(convertedLead, 'conversion');
      continue;
    }
    const carried = options.leadloopIdOf(record);
    if (carried !== undefined && index.knownLeadIds.has(carried)) {
      done(carried, 'leadloop_id');
      continue;
    }
    if (email !== undefined) {
      const candidates = leadsOfEmail(email);
      if (candidates.length === 1 && candidates[0] !== undefined) {
        const candidate = candidates[0];
        const sameObject = candidate.links.find((link) =>
          link.startsWith(`${record.system}:${record.object}:`),
        );
        if (sameObject === undefined) {
          done(candidate.leadId, 'email');
          continue;
        }
        // Two records of one object with one email: no guess, the admin decides.
        conflicts.push({ leadId: candidate.leadId, record, existing: sameObject, email });
        continue;
      }
      if (candidates.length > 1 && candidates[0] !== undefined) {
        conflicts.push({
          leadId: candidates[0].leadId,
          record,
          existing: candidates[0].links.join(','),
          email,
        });
        continue;
      }
    }
    // A record that already carries a leadloop id keeps it (e.g. the store was rebuilt), so
    // the id written into the vendor never changes under it.
    done(carried ?? options.newLeadId(), 'new', true);
  }
  return { identified, conflicts };
}
