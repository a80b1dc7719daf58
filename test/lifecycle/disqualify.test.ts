import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  createMqlContact,
  nextSecond,
  startSyncWorld,
  type SyncWorld,
} from '../support/sync-world.ts';

/** Disqualified (bad data, a competitor) is not recycled: it does not go back to nurture. */
const EMAIL = 'felix.grant@rivalsoft.example';
let world: SyncWorld;

beforeAll(async () => {
  world = await startSyncWorld();
  await createMqlContact(world, {
    email: EMAIL,
    firstname: 'Felix',
    lastname: 'Grant',
    company: 'Rivalsoft',
    jobtitle: 'Product Marketing Manager',
  });
  await world.sync();
}, 60_000);
afterAll(async () => world?.close());

describe('sales closes a lead as a competitor', () => {
  test('the lead is disqualified with the reason; HubSpot keeps its lifecycle and shows the stage', async () => {
    const [record] = (
      await world.salesforce.query<{ Id: string }>(`SELECT Id FROM Lead WHERE Email = '${EMAIL}'`)
    ).records;
    await nextSecond();
    await world.salesforce.sobject('Lead').update({
      Id: record!.Id,
      Status: 'Closed - Not Converted',
      LeadLoop_Recycle_Reason__c: 'competitor',
    });
    await world.sync();
    const [lead] = await world.store.leads.findByEmail(EMAIL);
    expect(lead?.stage).toBe('disqualified');
    expect(lead?.recycle).toBeNull();
    const history = await world.store.stageHistory.ofLead(lead!.id);
    expect(history.at(-1)).toMatchObject({
      stage: 'disqualified',
      system: 'salesforce',
      reason: 'competitor',
    });
    const links = await world.store.links.linksOfLead(lead!.id);
    const contactId = links.find((link) => link.system === 'hubspot')!.externalId;
    const contact = await world.hubspot.crm.contacts.basicApi.getById(contactId, [
      'lifecyclestage',
      'leadloop_stage',
    ]);
    expect(contact.properties).toMatchObject({
      leadloop_stage: 'disqualified',
      lifecyclestage: 'marketingqualifiedlead',
    });
  });
});
