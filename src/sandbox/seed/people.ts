import { SeededRandom } from './random.ts';
import {
  ANALYTICS_SOURCES,
  CAMPAIGNS,
  COMPANY_SUFFIXES,
  COMPANY_WORDS,
  COUNTRIES,
  EMAIL_DOMAINS_TLD,
  FIRST_NAMES,
  INDUSTRIES,
  LAST_NAMES,
  SALES_REPS,
  TITLES,
} from './vocabulary.ts';

/**
 * One synthetic person of the seeded market, vendor-neutral. Each vendor sandbox turns people
 * into its own records (HubSpot contacts; Salesforce Leads, or Contacts with Accounts), with
 * the same email so leadloop has real identity work to do.
 */
export interface SeedPerson {
  index: number;
  firstName: string;
  lastName: string;
  email: string;
  company: string;
  companyDomain: string;
  industry: string;
  title: string;
  phone: string;
  country: string;
  analyticsSource: (typeof ANALYTICS_SOURCES)[number];
  campaign: string;
  /** HubSpot lifecycle stage at seed time. */
  lifecycleStage: 'subscriber' | 'lead' | 'marketingqualifiedlead';
  /** Where this person already exists in Salesforce at seed time. */
  salesforce: 'none' | 'lead' | 'contact';
  /** Index into SALES_REPS of the record owner in Salesforce. */
  ownerIndex: number;
  engagement: {
    emailOpens: number;
    emailClicks: number;
    pageViews: number;
    visits: number;
    conversions: number;
    hubspotScore: number;
    daysSinceLastVisit: number;
    daysSinceLastOpen: number;
  };
  /** Days before the seed's base time the person was created. */
  createdDaysAgo: number;
}

const asciiCache = new Map<string, string>();
/** Words come from small vocabularies, so each is folded to ASCII once (seeding a million). */
const ascii = (text: string) => {
  let folded = asciiCache.get(text);
  if (folded === undefined) {
    folded = text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-zA-Z0-9]/g, '')
      .toLowerCase();
    asciiCache.set(text, folded);
  }
  return folded;
};

/**
 * The random draws of one person, in the order `personAt` has always made them, before any
 * text is built: a reader that needs a few of a seeded person's values (a HubSpot batch read
 * asks for an email and two numbers) builds only those (`emailOf`, `phoneOf` …).
 */
export interface PersonDraws {
  readonly index: number;
  readonly firstName: string;
  readonly lastName: string;
  readonly companyWord: string;
  readonly companySuffix: string;
  readonly tld: string;
  readonly industry: string;
  readonly title: string;
  readonly phoneArea: number;
  readonly phoneLine: number;
  readonly country: string;
  readonly analyticsSource: SeedPerson['analyticsSource'];
  readonly campaign: string;
  readonly lifecycleStage: SeedPerson['lifecycleStage'];
  readonly salesforce: SeedPerson['salesforce'];
  readonly ownerIndex: number;
  readonly engagement: SeedPerson['engagement'];
  readonly createdDaysAgo: number;
}

export function drawPerson(seed: number, index: number): PersonDraws {
  const random = new SeededRandom(seed, index);
  const firstName = random.pick(FIRST_NAMES);
  const lastName = random.pick(LAST_NAMES);
  const companyWord = random.pick(COMPANY_WORDS);
  const companySuffix = random.pick(COMPANY_SUFFIXES);
  const tld = random.pick(EMAIL_DOMAINS_TLD);
  const engaged = random.chance(0.35);
  const roll = random.next();
  return {
    index,
    firstName,
    lastName,
    companyWord,
    companySuffix,
    tld,
    industry: random.pick(INDUSTRIES),
    title: random.pick(TITLES),
    phoneArea: random.int(201, 989),
    phoneLine: random.int(0, 9999),
    country: random.pick(COUNTRIES),
    analyticsSource: random.pick(ANALYTICS_SOURCES),
    campaign: random.pick(CAMPAIGNS),
    lifecycleStage: roll < 0.25 ? 'subscriber' : roll < 0.9 ? 'lead' : 'marketingqualifiedlead',
    salesforce: random.chance(0.1) ? (random.chance(0.5) ? 'lead' : 'contact') : 'none',
    ownerIndex: random.int(0, SALES_REPS.length - 1),
    engagement: {
      emailOpens: engaged ? random.int(3, 40) : random.int(0, 3),
      emailClicks: engaged ? random.int(1, 12) : random.int(0, 1),
      pageViews: engaged ? random.int(5, 80) : random.int(0, 6),
      visits: engaged ? random.int(2, 25) : random.int(0, 3),
      conversions: engaged ? random.int(1, 5) : random.int(0, 1),
      hubspotScore: engaged ? random.int(20, 95) : random.int(0, 25),
      daysSinceLastVisit: random.int(0, engaged ? 20 : 120),
      daysSinceLastOpen: random.int(0, engaged ? 15 : 90),
    },
    createdDaysAgo: random.int(1, 400),
  };
}

// The index keeps companies (and so emails) unique across large datasets.
const companyNumber = (draws: PersonDraws) => Math.floor(draws.index / 7);

export function companyOf(draws: PersonDraws): string {
  const n = companyNumber(draws);
  return `${draws.companyWord} ${draws.companySuffix}${n > 0 ? ` ${n}` : ''}`;
}

export function companyDomainOf(draws: PersonDraws): string {
  const n = companyNumber(draws);
  return `${ascii(draws.companyWord)}${n > 0 ? n : ''}.${draws.tld}`;
}

export function emailOf(draws: PersonDraws, companyDomain = companyDomainOf(draws)): string {
  return `${ascii(draws.firstName)}.${ascii(draws.lastName)}${draws.index}@${companyDomain}`;
}

export const phoneOf = (draws: PersonDraws): string =>
  `+1 ${draws.phoneArea} 555 ${String(draws.phoneLine).padStart(4, '0')}`;

export function personAt(seed: number, index: number): SeedPerson {
  const draws = drawPerson(seed, index);
  const companyDomain = companyDomainOf(draws);
  return {
    index,
    firstName: draws.firstName,
    lastName: draws.lastName,
    email: emailOf(draws, companyDomain),
    company: companyOf(draws),
    companyDomain,
    industry: draws.industry,
    title: draws.title,
    phone: phoneOf(draws),
    country: draws.country,
    analyticsSource: draws.analyticsSource,
    campaign: draws.campaign,
    lifecycleStage: draws.lifecycleStage,
    salesforce: draws.salesforce,
    ownerIndex: draws.ownerIndex,
    engagement: draws.engagement,
    createdDaysAgo: draws.createdDaysAgo,
  };
}

/** Iterates people lazily, so callers can stream a million without an array of them. */
export function* people(seed: number, count: number, offset = 0): Generator<SeedPerson> {
  for (let index = offset; index < offset + count; index += 1) yield personAt(seed, index);
}
