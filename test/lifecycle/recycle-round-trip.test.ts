import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  createMqlContact,
  nextSecond,
  startSyncWorld,
  type SyncWorld,
} from '../support/sync-world.ts';

/**
 * Leads never die: sales closes a lead without converting it, with a reason; marketing gets it
 * back in nurture (HubSpot lifecycle cleared, then set to `lead`), sees why, and when the lead
 * qualifies again it is a new handoff with a new follow-up clock and its history kept.
 */
let world: SyncWorld;
let contactId: string;
let leadId: string;
let salesforceLeadId: string;
const EMAIL = 'ines.moreau@lumenfabrics.example';

interface SalesforceLeadRow {
  Id: string;
  Status: string;
  LeadLoop_Stage__c: string | null;
  LeadLoop_SLA_Status__c: string | null;
  LeadLoop_SLA_Due__c: string | null;
  LeadLoop_Recycle_Reason__c: string | null;
}

const salesforceLead = async (): Promise<SalesforceLeadRow> => {
  const { records } = await world.salesforce.query<SalesforceLeadRow>(
    `SELECT Id, Status, LeadLoop_Stage__c, LeadLoop_SLA_Status__c, LeadLoop_SLA_Due__c, LeadLoop_Recycle_Reason__c FROM Lead WHERE Email = '${EMAIL}'`,
  );
  expect(records).toHaveLength(1);
  return records[0]!;
};

const hubspotContact = async () =>
  (
    await world.hubspot.crm.contacts.basicApi.getById(
      contactId,
      [
        'lifecyclestage',
        'leadloop_stage',
        'leadloop_recycle_reason',
        'leadloop_sla_status',
        'leadloop_first_touch_at',
      ],
      ['lifecyclestage'],
    )
  ).propertiesWithHistory?.lifecyclestage?.map((entry) => entry.value);

beforeAll(async () => {
  world = await startSyncWorld();
  contactId = await createMqlContact(world, {
    email: EMAIL,
    firstname: 'Ines',
    lastname: 'Moreau',
    company: 'Lumen Fabrics',
    jobtitle: 'Head of Procurement',
  });
  await world.sync();
  const [stored] = await world.store.leads.findByEmail(EMAIL);
  leadId = stored!.id;
  salesforceLeadId = (await salesforceLead()).Id;
}, 60_000);
afterAll(async () => world?.close());

describe('recycle to nurture and back', () => {
  test('sales closes the lead, not converted, with a reason: marketing gets it back in nurture', async () => {
    await nextSecond();
    await world.salesforce.sobject('Lead').update({
      Id: salesforceLeadId,
      Status: 'Closed - Not Converted',
      LeadLoop_Recycle_Reason__c: 'No budget until Q3',
    });
    const result = await world.sync();
    expect(result.counts.hubspot.failed).toBe(0);

    const [stored] = await world.store.leads.findByEmail(EMAIL);
    expect(stored!.stage).toBe('recycled');
    expect(stored!.recycle).toMatchObject({ reason: 'No budget until Q3', count: 1 });

    const contact = await world.hubspot.crm.contacts.basicApi.getById(
      contactId,
      ['lifecyclestage', 'leadloop_stage', 'leadloop_recycle_reason', 'leadloop_sla_status'],
      ['lifecyclestage'],
    );
    expect(contact.properties.lifecyclestage).toBe('lead');
    expect(contact.properties.leadloop_stage).toBe('recycled');
    expect(contact.properties.leadloop_recycle_reason).toBe('No budget until Q3');
    // HubSpot ignores a backward move: leadloop cleared the stage, then set nurture (newest first).
    expect(contact.propertiesWithHistory?.lifecyclestage?.map((entry) => entry.value)).toEqual([
      'lead',
      '',
      'marketingqualifiedlead',
    ]);

    const lead = await salesforceLead();
    expect(lead.LeadLoop_Stage__c).toBe('Recycled');
    expect(lead.LeadLoop_Recycle_Reason__c).toBe('No budget until Q3');

    // Closing the lead is sales' first move on it: the clock stops, met, and stays on record.
    const clocks = await world.store.sla.ofLead(leadId);
    expect(clocks).toHaveLength(1);
    expect(clocks[0]!.closedAt).not.toBeNull();
    expect(clocks[0]!.status).toBe('met');
    expect(lead.LeadLoop_SLA_Status__c).toBe('met');
    expect(contact.properties.leadloop_sla_status).toBe('met');
  });

  test('the next sync writes nothing: the nurture stage is not cleared and set again', async () => {
    world.resetAccounting();
    await world.sync();
    expect(world.writes()).toEqual({ salesforce: 0, hubspot: 0 });
    expect(await hubspotContact()).toHaveLength(3);
  });

  test('the lead qualifies again: a new handoff with a new clock, its history kept', async () => {
    await world.hubspot.crm.contacts.basicApi.update(contactId, {
      properties: { lifecyclestage: 'marketingqualifiedlead' },
    });
    await world.sync();

    const [stored] = await world.store.leads.findByEmail(EMAIL);
    expect(stored!.stage).toBe('mql');
    // The recycle stays on record: it happened once.
    expect(stored!.recycle).toMatchObject({ reason: 'No budget until Q3', count: 1 });
    const history = await world.store.stageHistory.ofLead(leadId);
    expect(history.map((entry) => entry.stage)).toEqual(['inquiry', 'mql', 'recycled', 'mql']);
    expect(history[2]!.reason).toBe('No budget until Q3');

    const clocks = await world.store.sla.ofLead(leadId);
    expect(clocks).toHaveLength(2);
    expect(clocks[0]!.status).toBe('met');
    expect(clocks[1]).toMatchObject({ status: 'on_track', closedAt: null, firstTouchAt: null });
    expect(Date.parse(clocks[1]!.handoffAt)).toBeGreaterThan(Date.parse(clocks[0]!.handoffAt));

    const lead = await salesforceLead();
    expect(lead.Id).toBe(salesforceLeadId);
    expect(lead.LeadLoop_Stage__c).toBe('MQL');
    expect(lead.LeadLoop_SLA_Status__c).toBe('on_track');
    expect(Date.parse(lead.LeadLoop_SLA_Due__c!)).toBe(
      Math.floor(Date.parse(clocks[1]!.dueAt) / 1000) * 1000,
    );
    expect(lead.LeadLoop_Recycle_Reason__c).toBeNull();
    const contact = await world.hubspot.crm.contacts.basicApi.getById(contactId, [
      'leadloop_stage',
      'leadloop_recycle_reason',
      'leadloop_sla_status',
    ]);
    expect(contact.properties.leadloop_stage).toBe('mql');
    expect(contact.properties.leadloop_sla_status).toBe('on_track');
  });

  test('sales works the requalified lead: the new clock is met', async () => {
    await nextSecond();
    await world.salesforce
      .sobject('Lead')
      .update({ Id: salesforceLeadId, Status: 'Working - Contacted' });
    await world.sync();
    const clocks = await world.store.sla.ofLead(leadId);
    expect(clocks.map((clock) => clock.status)).toEqual(['met', 'met']);
    const [stored] = await world.store.leads.findByEmail(EMAIL);
    expect(stored!.stage).toBe('sal');
    expect((await salesforceLead()).LeadLoop_SLA_Status__c).toBe('met');
  });
});
