import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startSyncWorld, type SyncWorld } from '../../support/sync-world.ts';

/**
 * What a handoff costs: 150 MQLs marketing created in HubSpot become Salesforce Leads in one
 * collection call, and each HubSpot contact is written once — its Salesforce id, stage, score,
 * SLA status and the owner Salesforce's assignment rules gave the Lead all in that one write.
 * The Lead is created with its SLA due time; nothing is written a second time to add it.
 */
const MQLS = 150;

/** Counts the statements the store sends while it is on. */
function countStatements(world: SyncWorld): { count(): number; stop(): void } {
  const db = world.store.db;
  const query = db.query.bind(db);
  let count = 0;
  db.query = ((sql: string, params?: readonly unknown[]) => {
    count += 1;
    return query(sql, params);
  }) as typeof db.query;
  return { count: () => count, stop: () => void (db.query = query) };
}

/** Lead, Contact, Opportunity, OpportunityContactRole, Task, Event, User. */
const PULLED_SALESFORCE_OBJECTS = 7;

let world: SyncWorld;
beforeAll(async () => {
  world = await startSyncWorld();
  const inputs = Array.from({ length: MQLS }, (_, n) => ({
    properties: {
      email: `buyer${n}@handoff-cost.example`,
      firstname: 'Robin',
      lastname: `Buyer ${n}`,
      company: 'Initech',
      jobtitle: n % 2 === 0 ? 'VP Sales' : 'Analyst',
      country: 'United States',
      lifecyclestage: 'marketingqualifiedlead',
    },
    associations: [],
  }));
  await world.hubspot.crm.contacts.batchApi.create({ inputs: inputs.slice(0, 100) });
  await world.hubspot.crm.contacts.batchApi.create({ inputs: inputs.slice(100) });
}, 60_000);
afterAll(async () => world?.close());

describe('handing off 150 MQLs', () => {
  test('one Salesforce write call, one HubSpot write per contact, each record written once', async () => {
    world.resetAccounting();
    const statements = countStatements(world);
    const result = await world.sync();
    statements.stop();
    // Store statements scale with pages, not leads, except the clock each handoff starts:
    // about one per lead (235 for 150 here; 1,140 when they were per lead and system).
    expect(statements.count()).toBeLessThan(MQLS * 2);
    expect(result.status).toBe('succeeded');
    expect(result.counts.salesforce).toMatchObject({ created: MQLS, updated: 0, failed: 0 });
    expect(result.counts.hubspot).toMatchObject({ created: 0, updated: MQLS, failed: 0 });
    // Salesforce: one create collection of ≤200. HubSpot: batch updates of ≤100.
    expect(world.writes()).toEqual({ salesforce: 1, hubspot: Math.ceil(MQLS / 100) });
    // Pass 1 created the Leads; pass 2's pull brought their owners and HubSpot was written
    // once, owner included. No pass reads HubSpot's echo back: the next cycle reads it.
    expect(result.passes).toBe(2);
    const hubspotReads = world.sandboxes.server.accounting.snapshot().hubspot.byRoute;
    expect(hubspotReads['POST /crm/v3/objects/contacts/search']).toBe(1);
    // Salesforce reads: one query per object in pass 1, then only Lead in pass 2 (the one
    // object pass 1 wrote to; pass 3 pulled only HubSpot contacts); no look-up before the
    // create and no read-back of the new Leads after it (each was one query per 200).
    const salesforceQueries = Object.entries(
      world.sandboxes.server.accounting.snapshot().salesforce.byRoute,
    )
      .filter(([route]) => route.includes('/query'))
      .reduce((sum, [, count]) => sum + count, 0);
    expect(salesforceQueries).toBe(PULLED_SALESFORCE_OBJECTS + 1);
    expect(result.counts.writtenByObject).toEqual({
      salesforce: { Lead: MQLS },
      hubspot: { contacts: MQLS },
    });
  });

  test('the Lead was created with its due time and the contact shows the owner and status', async () => {
    const leads = (
      await world.salesforce.query<{
        Email: string;
        OwnerId: string;
        Owner: { Name: string; Email: string };
        LeadLoop_SLA_Due__c: string | null;
        LeadLoop_SLA_Status__c: string | null;
      }>(
        "SELECT Email, OwnerId, Owner.Name, Owner.Email, LeadLoop_SLA_Due__c, LeadLoop_SLA_Status__c FROM Lead WHERE Email LIKE '%@handoff-cost.example'",
      )
    ).records;
    expect(leads).toHaveLength(MQLS);
    // leadloop's clocks: one per lead, with the Lead's owner and the due time the Lead shows.
    const { rows: clocks } = await world.store.db.query<{ due: string; owner_id: string | null }>(
      `SELECT to_char(due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') AS due, owner_id
       FROM sla_clocks WHERE closed_at IS NULL`,
    );
    expect(clocks).toHaveLength(MQLS);
    expect(clocks.map((clock) => clock.owner_id).sort()).toEqual(
      leads.map((lead) => lead.OwnerId).sort(),
    );
    expect(new Set(clocks.map((clock) => clock.due))).toEqual(
      new Set(leads.map((lead) => lead.LeadLoop_SLA_Due__c?.slice(0, 19))),
    );
    const contacts = await world.hubspot.crm.contacts.getAll(undefined, undefined, [
      'email',
      'leadloop_owner',
      'leadloop_sla_status',
    ]);
    const byEmail = new Map(contacts.map((contact) => [contact.properties.email, contact]));
    for (const lead of leads) {
      expect(lead.LeadLoop_SLA_Status__c).toBe('on_track');
      expect(lead.LeadLoop_SLA_Due__c).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000\+0000$/);
      const contact = byEmail.get(lead.Email.toLowerCase());
      expect(contact?.properties.leadloop_owner).toBe(`${lead.Owner.Name} <${lead.Owner.Email}>`);
      expect(contact?.properties.leadloop_sla_status).toBe('on_track');
    }
    expect(byEmail.size).toBe(MQLS);
  });

  test('the next cycle is quiet', async () => {
    world.resetAccounting();
    const result = await world.sync();
    expect(result.status).toBe('succeeded');
    expect(world.writes()).toEqual({ salesforce: 0, hubspot: 0 });
    expect(result.passes).toBe(1);
  });
});
