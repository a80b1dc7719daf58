import type { SeedPerson } from '../../../../src/sandbox/seed/people.ts';
import type { SeededRandom } from '../../../../src/sandbox/seed/random.ts';
import { DAY, formatDate } from '../records/time.ts';
import { OPPORTUNITY_STAGES } from '../schema/picklists.ts';
import type { SalesforceState } from '../state.ts';
import type { ObjectStore } from '../store/object-store.ts';
import type { Value } from '../store/record.ts';

/** The field values of seeded records: realistic statuses, sources, stages and activities. */
const INDUSTRY: Readonly<Record<string, string>> = {
  Software: 'Technology',
  'Financial Services': 'Finance',
  Healthcare: 'Healthcare',
  Manufacturing: 'Manufacturing',
  Retail: 'Retail',
  Education: 'Education',
  Media: 'Media',
  Logistics: 'Transportation',
  Energy: 'Energy',
  Telecommunications: 'Telecommunications',
};

const SOURCE: Readonly<Record<SeedPerson['analyticsSource'], string>> = {
  ORGANIC_SEARCH: 'Web',
  PAID_SEARCH: 'Web',
  EMAIL_MARKETING: 'Web',
  SOCIAL_MEDIA: 'Web',
  PAID_SOCIAL: 'Web',
  DIRECT_TRAFFIC: 'Web',
  REFERRALS: 'Partner Referral',
  OTHER_CAMPAIGNS: 'Other',
  OFFLINE: 'Phone Inquiry',
};

export function leadSource(person: SeedPerson, random: SeededRandom): string {
  return random.chance(0.05) ? 'Purchased List' : SOURCE[person.analyticsSource];
}

export function seededLead(
  person: SeedPerson,
  random: SeededRandom,
  owner: string,
): Record<string, Value> {
  const roll = random.next();
  const status =
    roll < 0.5
      ? 'Open - Not Contacted'
      : roll < 0.8
        ? 'Working - Contacted'
        : 'Closed - Not Converted';
  return {
    FirstName: person.firstName,
    LastName: person.lastName,
    Name: `${person.firstName} ${person.lastName}`,
    Email: person.email,
    Company: person.company,
    Title: person.title,
    Phone: person.phone,
    Country: person.country,
    Industry: INDUSTRY[person.industry] ?? 'Other',
    LeadSource: leadSource(person, random),
    Status: status,
    Rating: random.pick(['Hot', 'Warm', 'Warm', 'Cold', 'Cold', 'Cold']),
    NumberOfEmployees: random.pick([12, 45, 120, 350, 800, 2500, 12000]),
    OwnerId: owner,
  };
}

/** The account of the person's company, created the first time a colleague is seeded. */
export function seededAccount(
  state: SalesforceState,
  accounts: ObjectStore,
  person: SeedPerson,
  owner: string,
  create: (values: Record<string, Value>) => string,
): string {
  const existing = state.seededAccounts.get(person.company);
  if (existing !== undefined && accounts.get(existing)?.deleted === false) return existing;
  const id = create({
    Name: person.company,
    Type: 'Prospect',
    Industry: INDUSTRY[person.industry] ?? 'Other',
    Website: `https://www.${person.companyDomain}`,
    BillingCountry: person.country,
    OwnerId: owner,
    AccountSource: SOURCE[person.analyticsSource],
  });
  state.seededAccounts.set(person.company, id);
  return id;
}

export function seededOpportunity(
  person: SeedPerson,
  random: SeededRandom,
  accountId: string,
  owner: string,
  createdAt: number,
  base: number,
): { values: Record<string, Value>; modifiedAt: number } {
  const stage = random.pick(OPPORTUNITY_STAGES);
  const closeDate = stage.closed
    ? Math.min(base - DAY, createdAt + random.int(10, 90) * DAY)
    : base + random.int(5, 120) * DAY;
  const modifiedAt = Math.min(base - 1000, createdAt + random.int(0, 20) * DAY);
  return {
    modifiedAt: Math.max(createdAt, modifiedAt),
    values: {
      Name: `${person.company} - ${random.pick(['Platform', 'Analytics Suite', 'Expansion', 'Renewal', 'Pilot'])}`,
      AccountId: accountId,
      StageName: stage.name,
      Amount: random.int(8, 240) * 500,
      Probability: stage.probability,
      CloseDate: formatDate(closeDate),
      Type: random.pick(['New Customer', 'New Customer', 'Existing Customer - Upgrade']),
      LeadSource: SOURCE[person.analyticsSource],
      IsClosed: stage.closed,
      IsWon: stage.won,
      ForecastCategoryName: stage.forecast,
      OwnerId: owner,
    },
  };
}

/** Zero to three follow-up tasks by the owner after the record was created. */
export function seededTasks(
  random: SeededRandom,
  whoId: string,
  whatId: string | null,
  owner: string,
  createdAt: number,
  base: number,
): { values: Record<string, Value>; at: number }[] {
  if (!random.chance(0.4)) return [];
  const tasks = [];
  const count = random.int(1, 3);
  for (let i = 0; i < count; i += 1) {
    const at = Math.min(base - 1000, createdAt + random.int(1, 72) * 3600 * 1000 + i * DAY);
    const done = random.chance(0.7);
    const kind = random.pick(['Call', 'Email', 'Task'] as const);
    tasks.push({
      at,
      values: {
        WhoId: whoId,
        WhatId: whatId,
        Subject: kind === 'Call' ? 'Call' : kind === 'Email' ? 'Email: Following up' : 'Other',
        ActivityDate: formatDate(at),
        Status: done ? 'Completed' : 'Not Started',
        Priority: 'Normal',
        OwnerId: owner,
        IsClosed: done,
        TaskSubtype: kind,
        CompletedDateTime: done ? at : null,
      } satisfies Record<string, Value>,
    });
  }
  return tasks;
}
