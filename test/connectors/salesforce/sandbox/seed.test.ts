import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { personAt } from '../../../../src/sandbox/seed/people.ts';
import { startSalesforce, type JsonBody, type SalesforceHarness } from './support.ts';

/**
 * Seeding from the shared market: users with managers, leads and contacts (with accounts,
 * opportunities, contact roles, tasks) for the people already in Salesforce; deterministic for
 * a seed and a clock day, continued by a second call.
 */
describe('Salesforce sandbox: seeded org', () => {
  let sf: SalesforceHarness;
  const seed = (count: number) => sf.admin('/seed', { count, seed: 7, systems: ['salesforce'] });

  beforeAll(async () => {
    sf = await startSalesforce();
    await sf.admin('/clock', { now: '2026-11-24T06:00:00.000Z' });
  });
  afterAll(() => sf.server.close());

  it('starts with the integration user, managers, reps reporting to them and a lead queue', async () => {
    const users = await sf.conn.query<JsonBody>(
      'SELECT Name, Title, Manager.Name, IsActive FROM User ORDER BY CreatedDate, Id',
    );
    expect(
      users.records.map((user: JsonBody) => [user.Name, user.Title, user.Manager?.Name ?? null]),
    ).toEqual([
      ['LeadLoop Integration', 'Integration User', null],
      ['Morgan Blake', 'Sales Manager', null],
      ['Sam Lindqvist', 'Sales Manager', null],
      ['Jordan Reyes', 'Account Executive', 'Morgan Blake'],
      ['Casey Morgan', 'Account Executive', 'Morgan Blake'],
      ['Riley Chen', 'Account Executive', 'Morgan Blake'],
      ['Avery Patel', 'Account Executive', 'Sam Lindqvist'],
      ['Quinn Okafor', 'Account Executive', 'Sam Lindqvist'],
      ['Taylor Nakamura', 'Account Executive', 'Sam Lindqvist'],
    ]);
    expect((await sf.conn.query("SELECT COUNT() FROM Group WHERE Type = 'Queue'")).totalSize).toBe(
      1,
    );
  });

  it('seeds leads and contacts for the people already in Salesforce, deterministically', async () => {
    const first = await seed(400);
    const expectedLeads = Array.from({ length: 400 }, (_, i) => personAt(7, i)).filter(
      (person) => person.salesforce === 'lead',
    );
    expect(first.body.created.salesforce.Lead).toBe(expectedLeads.length);
    const leads = await sf.conn.query<JsonBody>(
      'SELECT Email, Status, Owner.Name, CreatedDate, SystemModstamp FROM Lead ORDER BY CreatedDate, Id',
      { autoFetch: true },
    );
    expect(new Set(leads.records.map((lead: JsonBody) => lead.Email))).toEqual(
      new Set(expectedLeads.map((person) => person.email)),
    );
    for (const lead of leads.records as JsonBody[]) {
      expect(['Open - Not Contacted', 'Working - Contacted', 'Closed - Not Converted']).toContain(
        lead.Status,
      );
      expect(lead.SystemModstamp >= lead.CreatedDate).toBe(true);
      expect(lead.SystemModstamp < '2026-11-24T00:00:00.000+0000').toBe(true);
    }
    const contacts = await sf.conn.query<JsonBody>(
      'SELECT Email, Account.Name, OwnerId FROM Contact',
      { autoFetch: true },
    );
    const expectedContacts = Array.from({ length: 400 }, (_, i) => personAt(7, i)).filter(
      (person) => person.salesforce === 'contact',
    );
    expect(contacts.totalSize).toBe(expectedContacts.length);
    const byEmail = new Map(expectedContacts.map((person) => [person.email, person.company]));
    for (const contact of contacts.records as JsonBody[])
      expect(contact.Account.Name).toBe(byEmail.get(contact.Email));
    const dump = (await sf.admin('/dump/salesforce', undefined, 'GET')).body;
    await sf.admin('/reset', { systems: ['salesforce'] });
    await sf.admin('/clock', { now: '2026-11-24T06:00:00.000Z' });
    await seed(400);
    expect((await sf.admin('/dump/salesforce', undefined, 'GET')).body).toEqual(dump);
    const leadsAgain = (await sf.admin('/dump/salesforce?object=Lead', undefined, 'GET')).body;
    expect(leadsAgain.map((lead: JsonBody) => lead.Id)).toEqual(
      leads.records.map((lead: JsonBody) => lead.attributes.url.split('/').pop()).sort(),
    );
  });

  it('continues the market on a second call and can create the leadloop fields', async () => {
    const before = (await sf.admin('/dump/salesforce', undefined, 'GET')).body;
    // The Salesforce admin endpoint takes the vendor option; the shared one seeds every sandbox.
    const more = await sf.admin('/salesforce/seed', {
      count: 400,
      seed: 7,
      withLeadloopFields: true,
    });
    const expected = Array.from({ length: 400 }, (_, i) => personAt(7, 400 + i)).filter(
      (person) => person.salesforce === 'lead',
    ).length;
    expect(more.body.created.Lead).toBe(expected);
    expect((await sf.admin('/dump/salesforce', undefined, 'GET')).body.Lead).toBe(
      before.Lead + expected,
    );
    const opportunities = await sf.conn.query<JsonBody>(
      'SELECT StageName, IsClosed, IsWon, Amount FROM Opportunity',
      { autoFetch: true },
    );
    expect(opportunities.totalSize).toBeGreaterThan(0);
    for (const deal of opportunities.records as JsonBody[]) {
      expect(deal.IsWon).toBe(deal.StageName === 'Closed Won');
      expect(deal.IsClosed).toBe(
        deal.StageName === 'Closed Won' || deal.StageName === 'Closed Lost',
      );
    }
    expect(
      (await sf.conn.query('SELECT COUNT() FROM Lead WHERE LeadLoop_Id__c = null')).totalSize,
    ).toBe(before.Lead + expected);
  });
});
