import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  createMqlContact,
  nextSecond,
  startSyncWorld,
  type SyncWorld,
} from '../../support/sync-world.ts';

let world: SyncWorld;
let contactId: string;

beforeAll(async () => {
  world = await startSyncWorld();
  contactId = await createMqlContact(world, {
    email: 'kwame.asante@goldcoastlogistics.example',
    firstname: 'Kwame',
    lastname: 'Asante',
    company: 'Gold Coast Logistics',
    jobtitle: 'Director of Operations',
  });
  await world.sync();
}, 60_000);
afterAll(async () => world?.close());

const EMAIL = 'kwame.asante@goldcoastlogistics.example';

describe('sales converts the lead: leadloop follows it to the contact, no duplicate', () => {
  test('the converted contact and its opportunity join the same lead', async () => {
    const [lead] = (
      await world.salesforce.query<{ Id: string }>(`SELECT Id FROM Lead WHERE Email = '${EMAIL}'`)
    ).records;
    await nextSecond();
    // jsforce answers one result for one lead, an array for several.
    const answer = await world.salesforce.soap.convertLead({
      leadId: lead!.Id,
      convertedStatus: 'Closed - Converted',
    });
    const converted = Array.isArray(answer) ? answer[0] : answer;
    expect(converted?.success).toBe(true);

    const result = await world.sync();
    expect(result.counts.salesforce.created).toBe(0);

    const leads = await world.store.leads.findByEmail(EMAIL);
    expect(leads).toHaveLength(1);
    const links = await world.store.links.linksOfLead(leads[0]!.id);
    expect(links.map((link) => `${link.system}:${link.object}`).sort()).toEqual([
      'hubspot:contacts',
      'salesforce:Contact',
    ]);
    expect(links.find((link) => link.object === 'Contact')?.externalId).toBe(converted?.contactId);
    expect(leads[0]!.stage).toBe('opportunity');

    const salesforceLeads = await world.salesforce.query(
      `SELECT Id FROM Lead WHERE Email = '${EMAIL}'`,
    );
    const salesforceContacts = await world.salesforce.query<{
      Id: string;
      LeadLoop_Stage__c: string;
    }>(`SELECT Id, LeadLoop_Stage__c FROM Contact WHERE Email = '${EMAIL}'`);
    expect(salesforceLeads.totalSize).toBe(1);
    expect(salesforceContacts.totalSize).toBe(1);
    expect(salesforceContacts.records[0]?.LeadLoop_Stage__c).toBe('Opportunity');

    const contact = await world.hubspot.crm.contacts.basicApi.getById(contactId, [
      'lifecyclestage',
      'leadloop_stage',
      'leadloop_salesforce_id',
      'leadloop_opportunity_stage',
    ]);
    expect(contact.properties.leadloop_stage).toBe('opportunity');
    expect(contact.properties.lifecyclestage).toBe('opportunity');
    expect(contact.properties.leadloop_salesforce_id).toBe(converted?.contactId);
    expect(contact.properties.leadloop_opportunity_stage ?? '').not.toBe('');
  });

  test('the next sync changes nothing', async () => {
    world.resetAccounting();
    await world.sync();
    expect(world.writes()).toEqual({ salesforce: 0, hubspot: 0 });
  });
});
