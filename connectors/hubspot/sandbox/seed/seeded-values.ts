import {
  companyDomainOf,
  companyOf,
  drawPerson,
  emailOf,
  personAt,
  phoneOf,
  type PersonDraws,
  type SeedPerson,
} from '../../../../src/sandbox/seed/people.ts';
import { SeededRandom } from '../../../../src/sandbox/seed/random.ts';
import type { ObjectTypeName } from '../config.ts';
import { DEAL_STAGES, SANDBOX_OWNERS } from '../properties/standard.ts';
import type { SeededValues, SeedValueSource } from '../store/object-store.ts';
import type { SeedBatch } from '../store/record.ts';

/**
 * Seeded HubSpot records derived from the shared seeded market (`personAt`): a contact per
 * person, a company per seventh person (the founder of the account), a deal per person who is
 * already a Salesforce contact. Values are computed on demand and never stored.
 */
const DAY = 86_400_000;

/** Deterministic spread within a day so seeded timestamps rarely collide. */
const jitter = (index: number, salt: number) => ((index + 1) * 7_919_113 + salt * 104_729) % DAY;

export interface SeedTimes {
  createdAt: number;
  updatedAt: number;
}

/** What a contact's times derive from: a seeded person, or just its draws. */
type Timed = Pick<SeedPerson, 'index' | 'engagement' | 'createdDaysAgo'>;

function activity(batch: SeedBatch, person: Timed, createdAt: number) {
  const e = person.engagement;
  const at = (days: number, salt: number) =>
    Math.max(createdAt + 60_000, batch.baseMs - days * DAY - jitter(person.index, salt));
  return {
    visit: e.visits > 0 ? at(e.daysSinceLastVisit, 1) : undefined,
    open: e.emailOpens > 0 ? at(e.daysSinceLastOpen, 2) : undefined,
    conversion:
      e.conversions > 0 ? at(Math.max(e.daysSinceLastVisit, e.daysSinceLastOpen), 3) : undefined,
  };
}

const contactCreatedAt = (batch: SeedBatch, person: Timed) =>
  batch.baseMs - person.createdDaysAgo * DAY - jitter(person.index, 0);

export function contactTimes(batch: SeedBatch, person: Timed): SeedTimes {
  const createdAt = contactCreatedAt(batch, person);
  const { visit, open, conversion } = activity(batch, person, createdAt);
  const updatedAt = Math.max(createdAt, visit ?? 0, open ?? 0, conversion ?? 0);
  return { createdAt, updatedAt: Math.min(updatedAt, batch.baseMs) };
}

const leadStatus = (person: Pick<SeedPerson, 'lifecycleStage' | 'salesforce'>) =>
  person.lifecycleStage === 'subscriber'
    ? undefined
    : person.salesforce === 'none'
      ? 'NEW'
      : 'OPEN';

/**
 * A seeded contact's values, each built when it is read: a batch read asks for a few
 * properties of a hundred contacts, and building all twenty of each (company, phone, website,
 * counts as text) cost more than the rest of the read. The same values as the person's record
 * would hold, absent where it would have none.
 */
class SeededContact implements SeededValues {
  readonly sources = CONTACT_SOURCES;
  readonly #batch: SeedBatch;
  readonly #person: PersonDraws;
  #activity: ReturnType<typeof activity> | undefined;

  constructor(batch: SeedBatch, index: number) {
    this.#batch = batch;
    this.#person = drawPerson(batch.seed, index);
  }

  value(name: string): string | number | undefined {
    const person = this.#person;
    const e = person.engagement;
    switch (name) {
      case 'email':
        return emailOf(person);
      case 'firstname':
        return person.firstName;
      case 'lastname':
        return person.lastName;
      case 'company':
        return companyOf(person);
      case 'jobtitle':
        return person.title;
      case 'phone':
        return phoneOf(person);
      case 'country':
        return person.country;
      case 'industry':
        return person.industry;
      case 'website':
        return `https://www.${companyDomainOf(person)}`;
      case 'lifecyclestage':
        return person.lifecycleStage;
      case 'hs_analytics_source':
        return person.analyticsSource;
      case 'hs_email_open':
        return String(e.emailOpens);
      case 'hs_email_click':
        return String(e.emailClicks);
      case 'hs_analytics_num_page_views':
        return String(e.pageViews);
      case 'hs_analytics_num_visits':
        return String(e.visits);
      case 'num_conversion_events':
        return String(e.conversions);
      case 'hubspotscore':
        return String(e.hubspotScore);
      case 'hs_lead_status':
        return leadStatus(person);
      case 'hubspot_owner_id':
        return person.salesforce === 'none'
          ? undefined
          : SANDBOX_OWNERS[person.ownerIndex % SANDBOX_OWNERS.length]![0];
      case 'hs_analytics_last_visit_timestamp':
        return this.#times().visit;
      case 'hs_email_last_open_date':
        return this.#times().open;
      case 'recent_conversion_date':
        return this.#times().conversion;
      case 'recent_conversion_event_name':
        return this.#times().conversion === undefined ? undefined : person.campaign;
      default:
        return undefined;
    }
  }

  #times() {
    const person = this.#person;
    return (this.#activity ??= activity(
      this.#batch,
      person,
      contactCreatedAt(this.#batch, person),
    ));
  }
}

/** Values built up front (companies and deals: few are seeded, and reads ask for most). */
function builtValues(
  values: Readonly<Record<string, string | number>>,
  sources: Readonly<Record<string, string>>,
): SeededValues {
  return {
    sources,
    value: (name) => (Object.hasOwn(values, name) ? values[name] : undefined),
  };
}

const CONTACT_SOURCES: Readonly<Record<string, string>> = {
  email: 'FORM',
  firstname: 'FORM',
  lastname: 'FORM',
  company: 'FORM',
  jobtitle: 'FORM',
  phone: 'FORM',
  country: 'FORM',
  hs_analytics_source: 'ANALYTICS',
  hs_analytics_num_page_views: 'ANALYTICS',
  hs_analytics_num_visits: 'ANALYTICS',
  hs_analytics_last_visit_timestamp: 'ANALYTICS',
  hs_email_open: 'EMAIL',
  hs_email_click: 'EMAIL',
  hs_email_last_open_date: 'EMAIL',
  num_conversion_events: 'FORM',
  recent_conversion_date: 'FORM',
  recent_conversion_event_name: 'FORM',
  hubspotscore: 'CALCULATED',
};

/** Every seventh person founded an account; the company record comes from that person. */
export const foundsCompany = (index: number) => index % 7 === 0;
/** People already working with sales have an open or closed deal. */
export const hasDeal = (person: SeedPerson) => person.salesforce === 'contact';

export function companyTimes(batch: SeedBatch, person: SeedPerson): SeedTimes {
  const createdAt = batch.baseMs - (person.createdDaysAgo + 30) * DAY - jitter(person.index, 4);
  return { createdAt, updatedAt: createdAt + jitter(person.index, 5) };
}

function companyValues(batch: SeedBatch, index: number): SeededValues {
  const person = personAt(batch.seed, index);
  const random = new SeededRandom(batch.seed ^ 0xc0ffee, index);
  const values: Record<string, string | number> = {
    name: person.company,
    domain: person.companyDomain,
    industry: person.industry,
    country: person.country,
    phone: person.phone,
    numberofemployees: String(random.pick([8, 25, 60, 150, 400, 1200, 5000])),
    annualrevenue: String(random.int(5, 900) * 100_000),
    lifecyclestage: person.salesforce === 'contact' ? 'customer' : 'lead',
  };
  return builtValues(values, {});
}

export function dealTimes(batch: SeedBatch, person: SeedPerson): SeedTimes {
  const created = contactTimes(batch, person).createdAt + 7 * DAY;
  const createdAt = Math.min(created, batch.baseMs - DAY);
  return { createdAt, updatedAt: createdAt + (jitter(person.index, 6) % (DAY / 2)) };
}

function dealValues(batch: SeedBatch, index: number): SeededValues {
  const person = personAt(batch.seed, index);
  const random = new SeededRandom(batch.seed ^ 0xdea1, index);
  const stage = random.pick(DEAL_STAGES)[0];
  const { createdAt } = dealTimes(batch, person);
  const values: Record<string, string | number> = {
    dealname: `${person.company} - ${random.pick(['New Business', 'Expansion', 'Renewal'])}`,
    amount: String(random.int(20, 600) * 250),
    dealstage: stage,
    pipeline: 'default',
    closedate: createdAt + random.int(20, 120) * DAY,
    dealtype: random.chance(0.7) ? 'newbusiness' : 'existingbusiness',
    deal_currency_code: 'USD',
    hubspot_owner_id: SANDBOX_OWNERS[person.ownerIndex % SANDBOX_OWNERS.length]![0],
  };
  if (stage === 'closedlost')
    values.closed_lost_reason = random.pick(['Budget', 'Timing', 'Competitor', 'No decision']);
  return builtValues(values, {});
}

const CONTACT_NAMES = [
  ...Object.keys(CONTACT_SOURCES),
  'industry',
  'website',
  'lifecyclestage',
  'hs_lead_status',
  'hubspot_owner_id',
];
const COMPANY_NAMES = [
  'name',
  'domain',
  'industry',
  'country',
  'phone',
  'numberofemployees',
  'annualrevenue',
  'lifecyclestage',
];
const DEAL_NAMES = [
  'dealname',
  'amount',
  'dealstage',
  'pipeline',
  'closedate',
  'dealtype',
  'deal_currency_code',
  'hubspot_owner_id',
  'closed_lost_reason',
];

export function seededValuesFor(type: ObjectTypeName): SeedValueSource {
  if (type === 'contacts')
    return {
      values: (batch, index) => new SeededContact(batch, index),
      names: new Set(CONTACT_NAMES),
    };
  if (type === 'companies') return { values: companyValues, names: new Set(COMPANY_NAMES) };
  return { values: dealValues, names: new Set(DEAL_NAMES) };
}
