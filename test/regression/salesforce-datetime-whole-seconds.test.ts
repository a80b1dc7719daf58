import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { nextSecond, startSyncWorld, type SyncWorld } from '../support/sync-world.ts';

/**
 * Found by the reliability suite: a lead whose MQL time carries milliseconds (HubSpot's
 * lifecycle history does) had LeadLoop_MQL_At__c written with them; Salesforce keeps whole
 * seconds, so every cycle that read the record back saw "….000" ≠ "….909", called it a change
 * and wrote the same time again — one write per cycle, forever.
 */
let world: SyncWorld;
beforeAll(async () => {
  world = await startSyncWorld({ count: 60 });
}, 60_000);
afterAll(async () => world?.close());

describe('Salesforce DateTime fields leadloop owns are written to the whole second', () => {
  test('a sales edit to the contact is carried to HubSpot, and LeadLoop_MQL_At__c is not rewritten', async () => {
    expect((await world.sync()).status).toBe('succeeded');
    const contacts = await world.salesforce.query<{ Id: string; Email: string }>(
      'SELECT Id, Email FROM Contact WHERE LeadLoop_MQL_At__c != null',
    );
    expect(contacts.records.length).toBeGreaterThan(0);
    // Sales retitles every such contact, so the next cycle reads each one back.
    await nextSecond();
    for (const contact of contacts.records)
      await world.salesforce.sobject('Contact').update({ Id: contact.Id, Title: 'VP Revenue' });
    const planned: string[] = [];
    await world.sync({
      onPlan: (_lead, _decision, plans) => {
        for (const plan of plans)
          planned.push(`${plan.system} ${plan.changes.map((change) => change.field).join(',')}`);
      },
    });
    expect(planned).toEqual(contacts.records.map(() => 'hubspot jobtitle'));
    world.resetAccounting();
    await world.sync();
    expect(world.writes()).toEqual({ salesforce: 0, hubspot: 0 });
  });
});
