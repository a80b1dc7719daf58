import { personAt } from '../../../../src/sandbox/seed/people.ts';
import type { SeedRequest } from '../../../../src/sandbox/types.ts';
import { PropertyCreateSchema } from '../properties/definitions.ts';
import { LEADLOOP_CONTACT_PROPERTIES, LEADLOOP_GROUP } from '../properties/leadloop.ts';
import type { HubspotState } from '../state.ts';
import { defaultType, typeById } from '../store/associations.ts';
import type { SeedBatch } from '../store/record.ts';
import { companyTimes, contactTimes, dealTimes, foundsCompany, hasDeal } from './seeded-values.ts';

/**
 * Seeds the portal from the shared seeded market, one person at a time (no array of people):
 * a contact per person, the founders' companies, deals for people already working with sales,
 * and their associations. Seeding the same seed again continues where the last call stopped;
 * a person whose email already exists is skipped. Dates count back from the sandbox clock's
 * current UTC day, so a frozen clock gives identical data.
 */
const DAY = 86_400_000;

export interface HubspotSeedRequest extends SeedRequest {
  /** Also create the `leadloop` property group and properties (as `leadloop setup` would). */
  withLeadloopProperties?: boolean;
}

export function seedPortal(
  state: HubspotState,
  request: HubspotSeedRequest,
): Record<string, number> {
  if (request.withLeadloopProperties === true) ensureLeadloopProperties(state);
  const { contacts, companies, deals } = state.stores;
  const offset = state.seededPeople.get(request.seed) ?? 0;
  // Emails carry the person's index, so one seed never repeats one; only contacts from other
  // seeds or from the API can collide, and an empty portal has none.
  const mayCollide =
    contacts.size > 0 &&
    !(
      state.seededPeople.size === 1 &&
      state.seededPeople.has(request.seed) &&
      contacts.size === offset
    );
  const batch: SeedBatch = { seed: request.seed, baseMs: Math.floor(state.now() / DAY) * DAY };
  const contactCompany = defaultType('contacts', 'companies')!;
  const primaryCompany = typeById('contacts', 1)!;
  const dealContact = defaultType('deals', 'contacts')!;
  const dealCompany = defaultType('deals', 'companies')!;
  const stamps = { contacts: [] as number[], companies: [] as number[], deals: [] as number[] };
  const ids = { contacts: [] as number[], companies: [] as number[], deals: [] as number[] };
  for (let index = offset; index < offset + request.count; index += 1) {
    const person = personAt(request.seed, index);
    if (mayCollide && contacts.findUnique('email', person.email) !== undefined) continue;
    const times = contactTimes(batch, person);
    const contact = contacts.insert(times.createdAt, times.updatedAt, batch, index);
    contacts.indexUnique('email', person.email, contact);
    stamps.contacts.push(times.updatedAt);
    ids.contacts.push(contact.id);
    let companyId: number | undefined;
    if (foundsCompany(index)) {
      const companyAt = companyTimes(batch, person);
      const company = companies.insert(companyAt.createdAt, companyAt.updatedAt, batch, index);
      companyId = company.id;
      stamps.companies.push(companyAt.updatedAt);
      ids.companies.push(company.id);
      state.associations.add(contactCompany, contact.id, company.id);
      state.associations.add(primaryCompany, contact.id, company.id);
    }
    if (hasDeal(person)) {
      const dealAt = dealTimes(batch, person);
      const deal = deals.insert(dealAt.createdAt, dealAt.updatedAt, batch, index);
      stamps.deals.push(dealAt.updatedAt);
      ids.deals.push(deal.id);
      state.associations.add(dealContact, deal.id, contact.id);
      if (companyId !== undefined) state.associations.add(dealCompany, deal.id, companyId);
    }
  }
  contacts.modstamps.bulkLoad(stamps.contacts, ids.contacts);
  companies.modstamps.bulkLoad(stamps.companies, ids.companies);
  deals.modstamps.bulkLoad(stamps.deals, ids.deals);
  state.seededPeople.set(request.seed, offset + request.count);
  return {
    contacts: ids.contacts.length,
    companies: ids.companies.length,
    deals: ids.deals.length,
  };
}

/** Creates the leadloop group and contact properties unless they exist (idempotent). */
export function ensureLeadloopProperties(state: HubspotState): number {
  const registry = state.registry;
  if (registry.group('contacts', LEADLOOP_GROUP.name) === undefined)
    registry.createGroup('contacts', { ...LEADLOOP_GROUP });
  let created = 0;
  for (const input of LEADLOOP_CONTACT_PROPERTIES) {
    if (registry.get('contacts', input.name) !== undefined) continue;
    registry.create('contacts', PropertyCreateSchema.parse(input), state.now());
    created += 1;
  }
  return created;
}
