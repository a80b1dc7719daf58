import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { replayDeadLetters } from '../../../src/sync/replay.ts';
import {
  createMqlContact,
  nextSecond,
  startSyncWorld,
  type SyncWorld,
} from '../../support/sync-world.ts';

let world: SyncWorld;
let badContactId: string;

beforeAll(async () => {
  world = await startSyncWorld();
}, 60_000);
afterAll(async () => world?.close());

describe('a record Salesforce rejects goes to dead letters; the rest of the batch goes through', () => {
  test('two of three MQLs become Leads; the third is a dead letter with the vendor message', async () => {
    await createMqlContact(world, {
      email: 'li.wei@harbourview.example',
      firstname: 'Li',
      lastname: 'Wei',
      company: 'Harbourview',
    });
    await createMqlContact(world, {
      email: 'sofia.marin@altamar.example',
      firstname: 'Sofía',
      lastname: 'Marín',
      company: 'Altamar',
    });
    badContactId = await createMqlContact(world, {
      email: 'ben.okoro@verbose.example',
      firstname: 'Ben',
      lastname: 'Okoro',
      company: 'Verbose Ltd',
      // Salesforce's Lead.Title holds 128 characters.
      jobtitle: `Senior Director ${'of Strategic Partnerships and '.repeat(6)}Growth`,
    });

    const result = await world.sync();
    expect(result.counts.salesforce.created).toBe(2);
    expect(result.counts.salesforce.failed).toBe(1);
    const leads = await world.salesforce.query<{ Email: string }>(
      'SELECT Email FROM Lead ORDER BY Email',
    );
    expect(leads.records.map((lead) => lead.Email)).toEqual([
      'li.wei@harbourview.example',
      'sofia.marin@altamar.example',
    ]);

    const letters = await world.store.deadLetters.listUnresolved({ limit: 10 });
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      system: 'salesforce',
      object: 'Lead',
      operation: 'upsert',
      errorCode: 'STRING_TOO_LONG',
    });
    expect(letters[0]?.errorMessage).toMatch(/Title/);
  });

  test('marketing shortens the title; replay writes the Lead and resolves the letter', async () => {
    await nextSecond();
    await world.hubspot.crm.contacts.basicApi.update(badContactId, {
      properties: { jobtitle: 'Senior Director of Partnerships' },
    });
    const outcomes = await replayDeadLetters(world.engine);
    expect(outcomes.map((outcome) => outcome.result)).toEqual(['resolved']);
    expect(await world.store.deadLetters.countUnresolved()).toBe(0);
    const leads = await world.salesforce.query<{ Email: string; Title: string }>(
      "SELECT Email, Title FROM Lead WHERE Email = 'ben.okoro@verbose.example'",
    );
    expect(leads.records).toEqual([
      expect.objectContaining({ Title: 'Senior Director of Partnerships' }),
    ]);
  });
});

describe('dry run', () => {
  test('prints the plan and writes nothing, anywhere', async () => {
    await createMqlContact(world, {
      email: 'ines.duarte@lisboa-labs.example',
      firstname: 'Inês',
      lastname: 'Duarte',
      company: 'Lisboa Labs',
    });
    world.resetAccounting();
    const leadsBefore = (await world.store.leads.page({ limit: 100 })).length;
    const planned: string[] = [];
    const result = await world.sync({
      dryRun: true,
      onPlan: (lead, _decision, plans) => {
        for (const plan of plans)
          planned.push(
            `${plan.request.action} ${plan.system} ${plan.object} ${lead.lead.emailNormalized}`,
          );
      },
    });
    expect(result.runId).toBeUndefined();
    expect(planned).toEqual(
      expect.arrayContaining(['upsert salesforce Lead ines.duarte@lisboa-labs.example']),
    );
    expect(world.writes()).toEqual({ salesforce: 0, hubspot: 0 });
    expect((await world.store.leads.page({ limit: 100 })).length).toBe(leadsBefore);
    expect(await world.store.leads.findByEmail('ines.duarte@lisboa-labs.example')).toEqual([]);

    const real = await world.sync();
    expect(real.counts.salesforce.created).toBe(1);
  });
});
