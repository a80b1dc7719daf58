import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { nextSecond, startSyncWorld, type SyncWorld } from '../support/sync-world.ts';

/**
 * The closed loop: one opportunity with three contact roles updates all three HubSpot contacts
 * (stage, amount, lifecycle), and its outcome — won or lost — reaches marketing.
 */
let world: SyncWorld;
let accountId: string;
const PEOPLE = [
  {
    FirstName: 'Lena',
    LastName: 'Vogel',
    Email: 'lena.vogel@kestrel-bau.example',
    Title: 'Head of Procurement',
  },
  {
    FirstName: 'Jonas',
    LastName: 'Brandt',
    Email: 'jonas.brandt@kestrel-bau.example',
    Title: 'CFO',
  },
  {
    FirstName: 'Mia',
    LastName: 'Keller',
    Email: 'mia.keller@kestrel-bau.example',
    Title: 'IT Director',
  },
];
const contactIds: string[] = [];

beforeAll(async () => {
  world = await startSyncWorld();
  const account = await world.salesforce.sobject('Account').create({ Name: 'Kestrel Bau GmbH' });
  accountId = (account as { id: string }).id;
  for (const person of PEOPLE) {
    const created = await world.salesforce
      .sobject('Contact')
      .create({ ...person, AccountId: accountId });
    contactIds.push((created as { id: string }).id);
  }
  await world.sync(); // sales' contacts become leads, and HubSpot contacts for marketing
}, 60_000);
afterAll(async () => world?.close());

const PROPERTIES = [
  'email',
  'lifecyclestage',
  'leadloop_stage',
  'leadloop_opportunity_stage',
  'leadloop_opportunity_amount',
  'leadloop_closed_won_at',
];

/** The HubSpot contacts of the three people, found through leadloop's links (search is rate-limited per second). */
async function hubspotContacts(): Promise<Record<string, string | null>[]> {
  const contacts: Record<string, string | null>[] = [];
  for (const person of PEOPLE) {
    const [lead] = await world.store.leads.findByEmail(person.Email.toLowerCase());
    const links = lead === undefined ? [] : await world.store.links.linksOfLead(lead.id);
    const link = links.find((candidate) => candidate.system === 'hubspot');
    if (link === undefined) continue;
    contacts.push(
      (await world.hubspot.crm.contacts.basicApi.getById(link.externalId, PROPERTIES)).properties,
    );
  }
  return contacts;
}

describe('one opportunity, three contact roles', () => {
  let opportunityId: string;

  test("an open opportunity reaches every role's HubSpot contact", async () => {
    expect((await hubspotContacts()).map((c) => c.email)).toEqual(
      PEOPLE.map((p) => p.Email),
    );
    const opportunity = await world.salesforce.sobject('Opportunity').create({
      Name: 'Kestrel Bau — site licence',
      AccountId: accountId,
      StageName: 'Proposal/Price Quote',
      CloseDate: '2026-12-15',
      Amount: 48_000,
    });
    opportunityId = (opportunity as { id: string }).id;
    for (const [index, contactId] of contactIds.entries()) {
      await world.salesforce.sobject('OpportunityContactRole').create({
        OpportunityId: opportunityId,
        ContactId: contactId,
        Role: ['Decision Maker', 'Economic Buyer', 'Technical Buyer'][index],
        IsPrimary: index === 0,
      });
    }
    await world.sync();
    const contacts = await hubspotContacts();
    expect(contacts).toHaveLength(3);
    for (const contact of contacts) {
      expect(contact).toMatchObject({
        leadloop_stage: 'opportunity',
        lifecyclestage: 'opportunity',
        leadloop_opportunity_stage: 'Proposal/Price Quote',
        leadloop_opportunity_amount: '48000',
      });
    }
  });

  test('closed won: all three become customers, with the win date', async () => {
    await nextSecond();
    await world.salesforce
      .sobject('Opportunity')
      .update({ Id: opportunityId, StageName: 'Closed Won', CloseDate: '2026-11-30' });
    await world.sync();
    for (const contact of await hubspotContacts()) {
      expect(contact).toMatchObject({
        leadloop_stage: 'customer',
        lifecyclestage: 'customer',
        leadloop_opportunity_stage: 'Closed Won',
      });
      expect(contact.leadloop_closed_won_at).toMatch(/^2026-11-30T00:00:00(\.000)?Z$/);
    }
    const leads = await Promise.all(
      PEOPLE.map(async (p) => (await world.store.leads.findByEmail(p.Email))[0]?.stage),
    );
    expect(leads).toEqual(['customer', 'customer', 'customer']);
  });
});

describe('closed lost', () => {
  test('recycles the contact with reason "closed lost"', async () => {
    const created = await world.salesforce.sobject('Contact').create({
      FirstName: 'Ada',
      LastName: 'Moreno',
      Email: 'ada.moreno@lattice-labs.example',
      AccountId: accountId,
    });
    await world.sync();
    const opportunity = await world.salesforce.sobject('Opportunity').create({
      Name: 'Lattice pilot',
      AccountId: accountId,
      StageName: 'Negotiation/Review',
      CloseDate: '2026-12-01',
      Amount: 9_000,
    });
    const opportunityId = (opportunity as { id: string }).id;
    await world.salesforce.sobject('OpportunityContactRole').create({
      OpportunityId: opportunityId,
      ContactId: (created as { id: string }).id,
      Role: 'Decision Maker',
      IsPrimary: true,
    });
    await world.sync();
    await nextSecond();
    await world.salesforce
      .sobject('Opportunity')
      .update({ Id: opportunityId, StageName: 'Closed Lost' });
    await world.sync();
    const [lead] = await world.store.leads.findByEmail('ada.moreno@lattice-labs.example');
    expect(lead?.stage).toBe('recycled');
    expect(lead?.recycle?.reason).toBe('closed lost');
    const history = await world.store.stageHistory.ofLead(lead!.id);
    expect(history.map((entry) => entry.stage).slice(-2)).toEqual(['opportunity', 'recycled']);
  });
});
