import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { nextSecond, startSyncWorld, type SyncWorld } from '../../support/sync-world.ts';

let world: SyncWorld;
beforeAll(async () => {
  world = await startSyncWorld();
}, 60_000);
afterAll(async () => world?.close());

interface LeadRow {
  Id: string;
  Email: string;
  LastName: string;
  Company: string;
  OwnerId: string;
  Status: string;
  LeadLoop_Id__c: string | null;
  LeadLoop_Stage__c: string | null;
  LeadLoop_Score__c: number | null;
  LeadLoop_Grade__c: string | null;
  LeadLoop_SLA_Status__c: string | null;
}

describe('handoff: an MQL in HubSpot becomes a Salesforce lead assigned by rules', () => {
  let contactId: string;

  test('the first sync creates the Salesforce Lead and writes the lead back to HubSpot', async () => {
    const created = await world.hubspot.crm.contacts.basicApi.create({
      properties: {
        email: 'Dana.Reyes@Northwind.example',
        firstname: 'Dana',
        lastname: 'Reyes',
        company: 'Northwind Traders',
        jobtitle: 'VP Marketing',
        country: 'United States',
        lifecyclestage: 'marketingqualifiedlead',
      },
      associations: [],
    });
    contactId = created.id;

    const result = await world.sync();
    expect(result.status).toBe('succeeded');
    expect(result.counts.salesforce.created).toBe(1);
    expect(result.counts.salesforce.failed).toBe(0);
    expect(result.counts.hubspot.failed).toBe(0);

    const leads = (
      await world.salesforce.query<LeadRow>(
        "SELECT Id, Email, LastName, Company, OwnerId, Status, LeadLoop_Id__c, LeadLoop_Stage__c, LeadLoop_Score__c, LeadLoop_Grade__c, LeadLoop_SLA_Status__c FROM Lead WHERE Email = 'dana.reyes@northwind.example'",
      )
    ).records;
    expect(leads).toHaveLength(1);
    const lead = leads[0]!;
    expect(lead.LastName).toBe('Reyes');
    expect(lead.Company).toBe('Northwind Traders');
    expect(lead.LeadLoop_Stage__c).toBe('MQL');
    expect(lead.LeadLoop_SLA_Status__c).toBe('on_track');
    expect(lead.OwnerId).toMatch(/^005/);

    const stored = await world.store.leads.findByEmail('dana.reyes@northwind.example');
    expect(stored).toHaveLength(1);
    expect(lead.LeadLoop_Id__c).toBe(stored[0]!.id);
    expect(stored[0]!.stage).toBe('mql');

    const contact = await world.hubspot.crm.contacts.basicApi.getById(contactId, [
      'leadloop_id',
      'leadloop_salesforce_id',
      'leadloop_stage',
      'leadloop_score',
      'leadloop_grade',
      'leadloop_score_reasons',
      'leadloop_owner',
      'leadloop_sla_status',
    ]);
    expect(contact.properties.leadloop_id).toBe(stored[0]!.id);
    expect(contact.properties.leadloop_salesforce_id).toBe(lead.Id);
    expect(contact.properties.leadloop_stage).toBe('mql');
    expect(contact.properties.leadloop_score).toBe(String(lead.LeadLoop_Score__c));
    expect(contact.properties.leadloop_grade).toBe(lead.LeadLoop_Grade__c);
    expect(contact.properties.leadloop_sla_status).toBe('on_track');
    expect(contact.properties.leadloop_owner ?? '').not.toBe('');
  });

  test('an immediate second sync writes nothing to either system', async () => {
    world.resetAccounting();
    const result = await world.sync();
    expect(result.status).toBe('succeeded');
    expect(world.writes()).toEqual({ salesforce: 0, hubspot: 0 });
  });

  test('sales working the lead moves it to SAL in both systems', async () => {
    const [lead] = (
      await world.salesforce.query<{ Id: string }>(
        "SELECT Id FROM Lead WHERE Email = 'dana.reyes@northwind.example'",
      )
    ).records;
    // A person edits seconds after leadloop's write: SystemModstamp has second precision and a
    // record re-written within the second leadloop last read is only seen on its next change.
    await nextSecond();
    await world.salesforce.sobject('Lead').update({ Id: lead!.Id, Status: 'Working - Contacted' });
    await world.sync();
    const [stored] = await world.store.leads.findByEmail('dana.reyes@northwind.example');
    expect(stored!.stage).toBe('sal');
    const contact = await world.hubspot.crm.contacts.basicApi.getById(contactId, [
      'leadloop_stage',
      'leadloop_sla_status',
    ]);
    expect(contact.properties.leadloop_stage).toBe('sal');
    expect(contact.properties.leadloop_sla_status).toBe('met');
    const history = await world.store.stageHistory.ofLead(stored!.id);
    expect(history.map((entry) => entry.stage)).toEqual(['inquiry', 'mql', 'sal']);
  });
});
