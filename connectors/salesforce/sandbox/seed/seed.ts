import { personAt, type SeedPerson } from '../../../../src/sandbox/seed/people.ts';
import { SeededRandom } from '../../../../src/sandbox/seed/random.ts';
import type { SeedRequest } from '../../../../src/sandbox/types.ts';
import { blankRecord, stampCreated } from '../records/blank.ts';
import { DAY } from '../records/time.ts';
import type { SalesforceState } from '../state.ts';
import type { ObjectStore } from '../store/object-store.ts';
import type { StoredRecord, Value } from '../store/record.ts';
import { ensureLeadloopFields } from './leadloop-fields.ts';
import {
  leadSource,
  seededAccount,
  seededLead,
  seededOpportunity,
  seededTasks,
} from './seeded-records.ts';

/**
 * Seeds the org from the shared seeded market, one person at a time (no array of people):
 * people already in Salesforce become a Lead, or a Contact at an Account (one account per
 * company), some contacts have an Opportunity with a primary contact role, and some leads and
 * contacts have Tasks. Seeding the same seed again continues where the last call stopped;
 * dates count back from the sandbox clock's current UTC day, so a frozen clock gives identical
 * data, and a person whose email is already a lead or contact is skipped.
 */
export interface SalesforceSeedRequest extends SeedRequest {
  /** Also create the leadloop custom fields and permission set (as `leadloop setup` would). */
  withLeadloopFields?: boolean;
}

const OBJECTS = [
  'Lead',
  'Account',
  'Contact',
  'Opportunity',
  'OpportunityContactRole',
  'Task',
] as const;

export function seedOrg(
  state: SalesforceState,
  request: SalesforceSeedRequest,
): Record<string, number> {
  if (request.withLeadloopFields === true) ensureLeadloopFields(state);
  const offset = state.seededPeople.get(request.seed) ?? 0;
  const base = Math.floor(state.clock.nowMs() / DAY) * DAY;
  const stores = Object.fromEntries(OBJECTS.map((name) => [name, state.store(name)!])) as Record<
    (typeof OBJECTS)[number],
    ObjectStore
  >;
  const stamps = new Map<ObjectStore, { stamp: number; id: string }[]>(
    Object.values(stores).map((store) => [store, []]),
  );
  const counts: Record<string, number> = Object.fromEntries(OBJECTS.map((name) => [name, 0]));
  const add = (
    store: ObjectStore,
    values: Record<string, Value>,
    createdAt: number,
    modifiedAt: number,
    createdBy: string,
    modifiedBy: string,
  ): StoredRecord => {
    const record = blankRecord(store.schema, store.nextId());
    Object.assign(record.values, values);
    stampCreated(record, createdBy, createdAt);
    record.values.LastModifiedDate = modifiedAt;
    record.values.LastModifiedById = modifiedBy;
    record.values.SystemModstamp = modifiedAt;
    record.indexedStamp = modifiedAt;
    store.insert(record, { deferModstamp: true });
    stamps.get(store)!.push({ stamp: modifiedAt, id: record.id });
    counts[store.schema.name] = (counts[store.schema.name] ?? 0) + 1;
    return record;
  };
  const known = (person: SeedPerson) =>
    stores.Lead.lookup('Email', person.email).length > 0 ||
    stores.Contact.lookup('Email', person.email).length > 0;

  for (let index = offset; index < offset + request.count; index += 1) {
    const person = personAt(request.seed, index);
    if (person.salesforce === 'none' || known(person)) continue;
    const random = new SeededRandom(request.seed + 7919, index);
    const owner = state.users.reps[person.ownerIndex] ?? state.users.integration;
    const createdAt = base - person.createdDaysAgo * DAY + random.int(8 * 3600, 18 * 3600) * 1000;
    const modifiedAt = Math.min(
      base - 1000,
      createdAt +
        random.int(0, Math.min(person.createdDaysAgo, 45)) * DAY +
        random.int(0, 3600) * 1000,
    );
    const integration = state.users.integration;
    if (person.salesforce === 'lead') {
      const lead = add(
        stores.Lead,
        seededLead(person, random, owner),
        createdAt,
        modifiedAt,
        integration,
        owner,
      );
      for (const task of seededTasks(random, lead.id, null, owner, createdAt, base))
        add(stores.Task, task.values, task.at, task.at, owner, owner);
      continue;
    }
    const account = seededAccount(
      state,
      stores.Account,
      person,
      owner,
      (values) => add(stores.Account, values, createdAt, createdAt, integration, integration).id,
    );
    const contact = add(
      stores.Contact,
      {
        AccountId: account,
        FirstName: person.firstName,
        LastName: person.lastName,
        Name: `${person.firstName} ${person.lastName}`,
        Email: person.email,
        Title: person.title,
        Phone: person.phone,
        MailingCountry: person.country,
        LeadSource: leadSource(person, random),
        OwnerId: owner,
      },
      createdAt,
      modifiedAt,
      integration,
      owner,
    );
    let opportunity: string | null = null;
    if (random.chance(0.3)) {
      const deal = seededOpportunity(person, random, account, owner, modifiedAt, base);
      opportunity = add(
        stores.Opportunity,
        deal.values,
        modifiedAt,
        deal.modifiedAt,
        owner,
        owner,
      ).id;
      add(
        stores.OpportunityContactRole,
        {
          OpportunityId: opportunity,
          ContactId: contact.id,
          Role: 'Decision Maker',
          IsPrimary: true,
        },
        modifiedAt,
        modifiedAt,
        owner,
        owner,
      );
    }
    for (const task of seededTasks(random, contact.id, opportunity, owner, createdAt, base))
      add(stores.Task, task.values, task.at, task.at, owner, owner);
  }
  for (const [store, entries] of stamps) if (entries.length > 0) store.modstamps.bulkLoad(entries);
  state.seededPeople.set(request.seed, offset + request.count);
  return counts;
}
