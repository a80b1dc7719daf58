import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  createMqlContact,
  nextSecond,
  startSyncWorld,
  type SyncWorld,
} from '../support/sync-world.ts';

/**
 * The closed loop through conversion: sales converts a handed-off lead with an opportunity
 * (`ConvertedOpportunityId`); marketing sees the opportunity, then how it ended — won (customer,
 * amount, win date) or lost (back to nurture, "closed lost: <loss reason>" from the org's
 * Loss_Reason__c field).
 */
let world: SyncWorld;

const PROPERTIES = [
  'lifecyclestage',
  'leadloop_stage',
  'leadloop_opportunity_stage',
  'leadloop_opportunity_amount',
  'leadloop_closed_won_at',
  'leadloop_recycle_reason',
];

/** Hands a HubSpot MQL to sales, who convert it with an opportunity; returns the ids. */
async function convertedLead(person: Record<string, string>) {
  const contactId = await createMqlContact(world, person);
  await world.sync();
  const { records } = await world.salesforce.query<{ Id: string }>(
    `SELECT Id FROM Lead WHERE Email = '${person.email!}'`,
  );
  await nextSecond();
  const answer = await world.salesforce.soap.convertLead({
    leadId: records[0]!.Id,
    convertedStatus: 'Closed - Converted',
  });
  const converted = Array.isArray(answer) ? answer[0] : answer;
  expect(converted?.success).toBe(true);
  await world.sync();
  return {
    contactId,
    salesforceContactId: String(converted!.contactId),
    opportunityId: String(converted!.opportunityId),
  };
}

const hubspot = async (id: string) =>
  (await world.hubspot.crm.contacts.basicApi.getById(id, PROPERTIES, ['lifecyclestage']))
    .properties;
const salesforceContact = async (id: string) =>
  (await world.salesforce.sobject('Contact').retrieve(id)) as unknown as Record<string, unknown>;

beforeAll(async () => {
  world = await startSyncWorld();
  // The org's own "why we lost" field, as many admins add it.
  const [field] = [
    await world.salesforce.metadata.upsert('CustomField', {
      fullName: 'Opportunity.Loss_Reason__c',
      label: 'Loss Reason',
      type: 'Text',
      length: 255,
    }),
  ].flat();
  expect(field?.success).toBe(true);
}, 60_000);
afterAll(async () => world?.close());

describe('a converted lead whose opportunity is won', () => {
  let ids: Awaited<ReturnType<typeof convertedLead>>;

  test('conversion ties the opportunity to the lead: marketing sees it at once', async () => {
    ids = await convertedLead({
      email: 'marta.quintero@quinterofreight.example',
      firstname: 'Marta',
      lastname: 'Quintero',
      company: 'Quintero Freight',
      jobtitle: 'COO',
    });
    expect(await hubspot(ids.contactId)).toMatchObject({
      lifecyclestage: 'opportunity',
      leadloop_stage: 'opportunity',
      leadloop_opportunity_stage: 'Prospecting',
    });
    const [lead] = await world.store.leads.findByEmail('marta.quintero@quinterofreight.example');
    const ties = await world.store.closedLoop.opportunitiesOfLeads([lead!.id]);
    expect(ties.map((tie) => tie.opportunityId)).toEqual([ids.opportunityId]);
  });

  test('closed won: customer, with the amount and the win date', async () => {
    await nextSecond();
    await world.salesforce.sobject('Opportunity').update({
      Id: ids.opportunityId,
      StageName: 'Closed Won',
      Amount: 48_000,
      CloseDate: '2026-11-30',
    });
    await world.sync();
    const contact = await hubspot(ids.contactId);
    expect(contact).toMatchObject({
      lifecyclestage: 'customer',
      leadloop_stage: 'customer',
      leadloop_opportunity_stage: 'Closed Won',
      leadloop_opportunity_amount: '48000',
    });
    expect(contact.leadloop_closed_won_at).toMatch(/^2026-11-30T00:00:00(\.000)?Z$/);
    expect((await salesforceContact(ids.salesforceContactId)).LeadLoop_Stage__c).toBe('Customer');
  });
});

describe('a converted lead whose opportunity is lost', () => {
  let ids: Awaited<ReturnType<typeof convertedLead>>;

  test('closed lost with a reason: back to nurture with "closed lost: <reason>"', async () => {
    ids = await convertedLead({
      email: 'oskar.lind@northpeak.example',
      firstname: 'Oskar',
      lastname: 'Lind',
      company: 'Northpeak Outdoor',
      jobtitle: 'Head of E-commerce',
    });
    await nextSecond();
    await world.salesforce.sobject('Opportunity').update({
      Id: ids.opportunityId,
      StageName: 'Closed Lost',
      Loss_Reason__c: 'Chose a competitor',
    });
    await world.sync();

    const [lead] = await world.store.leads.findByEmail('oskar.lind@northpeak.example');
    expect(lead!.stage).toBe('recycled');
    expect(lead!.recycle).toMatchObject({ reason: 'closed lost: Chose a competitor', count: 1 });
    const contact = await world.hubspot.crm.contacts.basicApi.getById(ids.contactId, PROPERTIES, [
      'lifecyclestage',
    ]);
    expect(contact.properties).toMatchObject({
      lifecyclestage: 'lead',
      leadloop_stage: 'recycled',
      leadloop_recycle_reason: 'closed lost: Chose a competitor',
      leadloop_opportunity_stage: 'Closed Lost',
    });
    expect(contact.properties.leadloop_closed_won_at ?? null).toBeNull();
    // From opportunity back to nurture: cleared first, or HubSpot would have ignored it.
    expect(
      contact.propertiesWithHistory?.lifecyclestage?.slice(0, 3).map((entry) => entry.value),
    ).toEqual(['lead', '', 'opportunity']);
    const record = await salesforceContact(ids.salesforceContactId);
    expect(record.LeadLoop_Stage__c).toBe('Recycled');
    expect(record.LeadLoop_Recycle_Reason__c).toBe('closed lost: Chose a competitor');
  });

  test('the next sync writes nothing', async () => {
    world.resetAccounting();
    await world.sync();
    expect(world.writes()).toEqual({ salesforce: 0, hubspot: 0 });
  });
});
