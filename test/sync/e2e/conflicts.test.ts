import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  createMqlContact,
  nextSecond,
  startSyncWorld,
  type SyncWorld,
} from '../../support/sync-world.ts';

let world: SyncWorld;
let contactId: string;
let leadId: string;

beforeAll(async () => {
  world = await startSyncWorld();
  contactId = await createMqlContact(world, {
    email: 'marta.lindqvist@fjordline.example',
    firstname: 'Marta',
    lastname: 'Lindqvist',
    company: 'Fjordline AS',
    jobtitle: 'Marketing Manager',
  });
  await world.sync();
  const [lead] = (
    await world.salesforce.query<{ Id: string }>(
      "SELECT Id FROM Lead WHERE Email = 'marta.lindqvist@fjordline.example'",
    )
  ).records;
  leadId = lead!.Id;
}, 60_000);
afterAll(async () => world?.close());

async function both(): Promise<{
  hubspot: Record<string, string | null>;
  salesforce: Record<string, unknown>;
}> {
  const contact = await world.hubspot.crm.contacts.basicApi.getById(contactId, [
    'jobtitle',
    'company',
  ]);
  const lead = await world.salesforce.sobject('Lead').retrieve(leadId);
  return { hubspot: contact.properties, salesforce: lead as unknown as Record<string, unknown> };
}

describe('the same field edited in both systems', () => {
  test('two-way: the later edit wins in both systems (sales retitled her after marketing did)', async () => {
    await nextSecond();
    await world.hubspot.crm.contacts.basicApi.update(contactId, {
      properties: { jobtitle: 'Head of Growth' },
    });
    await nextSecond();
    await world.salesforce.sobject('Lead').update({ Id: leadId, Title: 'Chief Marketing Officer' });

    await world.sync();
    const { hubspot, salesforce } = await both();
    expect(salesforce.Title).toBe('Chief Marketing Officer');
    expect(hubspot.jobtitle).toBe('Chief Marketing Officer');
  });

  test("prefer salesforce: sales' account name wins even when marketing edited later", async () => {
    await nextSecond();
    await world.salesforce.sobject('Lead').update({ Id: leadId, Company: 'Fjordline Group AS' });
    await nextSecond();
    await world.hubspot.crm.contacts.basicApi.update(contactId, {
      properties: { company: 'Fjordline' },
    });

    await world.sync();
    const { hubspot, salesforce } = await both();
    expect(salesforce.Company).toBe('Fjordline Group AS');
    expect(hubspot.company).toBe('Fjordline Group AS');
  });

  test('stable over three more cycles: no flip-flop, no writes', async () => {
    world.resetAccounting();
    for (let cycle = 0; cycle < 3; cycle += 1) {
      const result = await world.sync();
      expect(result.counts.salesforce.updated + result.counts.hubspot.updated).toBe(0);
    }
    expect(world.writes()).toEqual({ salesforce: 0, hubspot: 0 });
    const { hubspot, salesforce } = await both();
    expect([salesforce.Title, hubspot.jobtitle]).toEqual([
      'Chief Marketing Officer',
      'Chief Marketing Officer',
    ]);
    expect([salesforce.Company, hubspot.company]).toEqual([
      'Fjordline Group AS',
      'Fjordline Group AS',
    ]);
  });
});
