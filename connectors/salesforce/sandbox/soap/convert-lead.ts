import { createRecord, findRecord, updateRecord, type WriteContext } from '../records/save.ts';
import { formatDate, DAY } from '../records/time.ts';
import { wireValue } from '../records/serialize.ts';
import { UndoLog } from '../records/undo.ts';
import { saveError, type SaveError } from '../records/values.ts';
import { CONVERTED_LEAD_STATUSES } from '../schema/picklists.ts';
import type { SalesforceState } from '../state.ts';
import type { StoredRecord, Value } from '../store/record.ts';
import { list, text, child, type XmlNode, type XmlValue } from './xml.ts';

/**
 * `convertLead` (partner SOAP API, what `conn.soap.convertLead()` calls): turns a Lead into an
 * Account (new, or the given accountId), a Contact (new, or the given contactId) and, unless
 * doNotCreateOpportunity, an Opportunity with the contact as primary contact role. The lead
 * becomes read-only: IsConverted, the converted status, Converted*Id and ConvertedDate; its
 * activities move to the contact. Custom fields map to the contact's fields of the same name
 * (the org's lead field mapping). Each conversion succeeds or fails on its own.
 */
interface LeadConvertResult {
  accountId: string | null;
  contactId: string | null;
  errors: { fields?: string[]; message: string; statusCode: string }[];
  leadId: string | null;
  opportunityId: string | null;
  success: boolean;
}

export function convertLeads(state: SalesforceState, userId: string, args: XmlNode): XmlValue {
  const results = list(child(args, 'leadConverts')).map((request) =>
    convertOne(state, userId, request),
  );
  return results as unknown as XmlValue;
}

const failure = (error: SaveError, leadId: string | null): LeadConvertResult => ({
  accountId: null,
  contactId: null,
  errors: [
    {
      ...(error.fields.length > 0 ? { fields: error.fields } : {}),
      message: error.message,
      statusCode: error.statusCode,
    },
  ],
  leadId,
  opportunityId: null,
  success: false,
});

function convertOne(state: SalesforceState, userId: string, request: XmlNode): LeadConvertResult {
  const field = (name: string) => text(child(request, name)) ?? null;
  const leadId = field('leadId') ?? '';
  const undo = new UndoLog();
  const ctx: WriteContext = { state, userId, autoAssign: false, undo };
  const leads = state.store('Lead')!;
  const found = findRecord(state, leadId, leads);
  if ('error' in found)
    return failure(saveError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id'), null);
  const lead = found.record;
  if (lead.deleted) return failure(saveError('ENTITY_IS_DELETED', 'entity is deleted'), lead.id);
  if (lead.values.IsConverted === true)
    return failure(
      saveError('CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead'),
      lead.id,
    );
  const status = field('convertedStatus');
  if (status === null || !CONVERTED_LEAD_STATUSES.includes(status)) {
    return failure(
      saveError('INVALID_STATUS', `invalid convertedStatus: ${status ?? ''}`, ['ConvertedStatus']),
      lead.id,
    );
  }
  const ownerId = field('ownerId') ?? (lead.values.OwnerId as string);
  const owner = ownerId.startsWith('005') ? ownerId : userId;
  const result = attempt(ctx, lead, owner, {
    accountId: field('accountId'),
    contactId: field('contactId'),
    opportunityName: field('opportunityName'),
    doNotCreateOpportunity: field('doNotCreateOpportunity') === 'true',
    overwriteLeadSource: field('overwriteLeadSource') === 'true',
    status,
  });
  if ('error' in result) {
    undo.rollback();
    return failure(result.error, lead.id);
  }
  return { ...result, errors: [], leadId: lead.id, success: true };
}

interface ConvertOptions {
  accountId: string | null;
  contactId: string | null;
  opportunityName: string | null;
  doNotCreateOpportunity: boolean;
  overwriteLeadSource: boolean;
  status: string;
}

type Converted =
  { accountId: string; contactId: string; opportunityId: string | null } | { error: SaveError };

function attempt(
  ctx: WriteContext,
  lead: StoredRecord,
  owner: string,
  options: ConvertOptions,
): Converted {
  const { state } = ctx;
  const v = lead.values;
  const account = existingOrNew(ctx, 'Account', options.accountId, {
    Name: v.Company,
    OwnerId: owner,
    Industry: v.Industry,
    Phone: v.Phone,
    Website: v.Website,
    BillingCountry: v.Country,
    BillingCity: v.City,
    AccountSource: v.LeadSource,
  });
  if ('error' in account) return account;
  const contactFields: Record<string, Value | undefined> = {
    FirstName: v.FirstName,
    LastName: v.LastName,
    Salutation: v.Salutation,
    Email: v.Email,
    Title: v.Title,
    Phone: v.Phone,
    MobilePhone: v.MobilePhone,
    MailingCountry: v.Country,
    MailingCity: v.City,
    LeadSource: v.LeadSource,
    AccountId: account.id,
    OwnerId: owner,
    ...mappedCustomFields(state, lead),
  };
  if (options.contactId !== null && !options.overwriteLeadSource) delete contactFields.LeadSource;
  const contact =
    options.contactId === null
      ? existingOrNew(ctx, 'Contact', null, contactFields)
      : existingOrNew(ctx, 'Contact', options.contactId, {
          AccountId: account.id,
          ...(options.overwriteLeadSource ? { LeadSource: v.LeadSource } : {}),
        });
  if ('error' in contact) return contact;
  let opportunityId: string | null = null;
  if (!options.doNotCreateOpportunity) {
    const today = state.now();
    const opportunity = existingOrNew(ctx, 'Opportunity', null, {
      Name: options.opportunityName ?? `${String(v.Company)}-`,
      AccountId: account.id,
      StageName: 'Prospecting',
      CloseDate: formatDate(endOfQuarter(today)),
      LeadSource: v.LeadSource,
      OwnerId: owner,
    });
    if ('error' in opportunity) return opportunity;
    opportunityId = opportunity.id;
    const role = existingOrNew(ctx, 'OpportunityContactRole', null, {
      OpportunityId: opportunity.id,
      ContactId: contact.id,
      IsPrimary: true,
    });
    if ('error' in role) return role;
  }
  moveActivities(ctx, lead.id, contact.id);
  const leads = state.store('Lead')!;
  ctx.undo?.changed(leads, lead);
  const now = state.now();
  leads.change(lead, {
    IsConverted: true,
    Status: options.status,
    ConvertedAccountId: account.id,
    ConvertedContactId: contact.id,
    ConvertedOpportunityId: opportunityId,
    ConvertedDate: formatDate(now),
    LastModifiedDate: now,
    LastModifiedById: ctx.userId,
    SystemModstamp: now,
  });
  return { accountId: account.id, contactId: contact.id, opportunityId };
}

/** Saves a new record, or updates the given existing one with `fields`. */
function existingOrNew(
  ctx: WriteContext,
  object: string,
  id: string | null,
  fields: Readonly<Record<string, Value | undefined>>,
): { id: string } | { error: SaveError } {
  const store = ctx.state.store(object)!;
  const clean: Record<string, Value> = {};
  for (const key in fields) {
    const value = fields[key];
    if (value !== null && value !== undefined) clean[key] = value;
  }
  if (id === null) {
    const outcome = createRecord(ctx, store, clean);
    return outcome.success ? { id: outcome.id } : { error: outcome.errors[0]! };
  }
  const found = findRecord(ctx.state, id, store);
  if ('error' in found) return found;
  const outcome = updateRecord(ctx, store, found.record, clean);
  return outcome.success ? { id: outcome.id } : { error: outcome.errors[0]! };
}

/** Lead custom fields that the Contact also has (by name): the org's lead field mapping. */
function mappedCustomFields(state: SalesforceState, lead: StoredRecord): Record<string, Value> {
  const contact = state.store('Contact')!.schema;
  const mapped: Record<string, Value> = {};
  for (const field of state.store('Lead')!.schema.customFields()) {
    const target = contact.anyField(field.name);
    if (target !== undefined && target.custom && target.type === field.type)
      // Stored values are internal (a datetime is epoch ms); the save path takes wire values.
      mapped[target.name] = wireValue(field, lead.values[field.name]);
  }
  return mapped;
}

/** Open and closed activities of the lead now belong to the contact. */
function moveActivities(ctx: WriteContext, leadId: string, contactId: string): void {
  for (const object of ['Task', 'Event']) {
    const store = ctx.state.store(object)!;
    for (const id of [...store.lookup('WhoId', leadId)]) {
      const activity = store.get(id);
      if (activity === undefined || activity.deleted) continue;
      ctx.undo?.changed(store, activity);
      const now = ctx.state.now();
      store.change(activity, {
        WhoId: contactId,
        LastModifiedDate: now,
        LastModifiedById: ctx.userId,
        SystemModstamp: now,
      });
    }
  }
}

function endOfQuarter(ms: number): number {
  const d = new Date(ms);
  const quarterEndMonth = Math.floor(d.getUTCMonth() / 3) * 3 + 3;
  return Date.UTC(d.getUTCFullYear(), quarterEndMonth, 1) - DAY;
}
