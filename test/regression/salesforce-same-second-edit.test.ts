import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { RunningSandboxes } from '../../src/sandbox/start.ts';
import {
  dump,
  editLeadAsRep,
  freshScenario,
  openSandboxes,
  type Scenario,
} from '../reliability/support/world.ts';

/**
 * Found by CI (the clock-skew reliability test failed once): SystemModstamp has second
 * precision, and the Salesforce cursor dropped every row of its last second whose Id it had
 * already read. A rep who edited a lead within the same second as leadloop's own write to it
 * was therefore not seen until the lead changed again. The cursor now remembers what each row
 * said, so a row of that second with new values is read again.
 */
let sandboxes: RunningSandboxes;
let scenario: Scenario;

beforeAll(async () => {
  sandboxes = await openSandboxes();
  scenario = await freshScenario(sandboxes, { people: 20 });
}, 60_000);
afterAll(async () => {
  await scenario?.close();
  await sandboxes?.close();
});

async function setSalesforceNow(at: string): Promise<void> {
  const response = await fetch(`${sandboxes.url}/__sandbox/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ systems: ['salesforce'], now: at }),
  });
  expect(response.status).toBe(200);
}

describe('a rep edits a lead in the same second leadloop wrote it', () => {
  test('the edit still reaches HubSpot on the next sync', async () => {
    expect((await scenario.sync()).status).toBe('succeeded');
    // The lead leadloop wrote last: its second is the one the cursor has already read.
    const leads = (await dump(sandboxes, 'salesforce', 'Lead')).filter(
      (lead) => lead.IsConverted !== true && typeof lead.LeadLoop_Id__c === 'string',
    );
    const newest = leads.reduce((a, b) =>
      String(a.SystemModstamp) >= String(b.SystemModstamp) ? a : b,
    );
    const secondStart = String(newest.SystemModstamp).replace(/\.\d{3}(Z|\+0000)$/, '.000Z');
    await setSalesforceNow(secondStart);

    expect(await editLeadAsRep(sandboxes, String(newest.Id), { Phone: '+1 415 555 0199' })).toBe(
      204,
    );
    const [edited] = (await dump(sandboxes, 'salesforce', 'Lead')).filter(
      (lead) => lead.Id === newest.Id,
    );
    // The premise: same modstamp second as the write the cursor saw.
    expect(String(edited!.SystemModstamp).slice(0, 19)).toBe(
      String(newest.SystemModstamp).slice(0, 19),
    );

    expect((await scenario.sync()).status).toBe('succeeded');
    const contact = (await dump(sandboxes, 'hubspot', 'contacts')).find((candidate) => {
      const properties = candidate.properties as Record<string, unknown>;
      return String(properties.email).toLowerCase() === String(newest.Email).toLowerCase();
    });
    expect((contact?.properties as Record<string, unknown> | undefined)?.phone).toBe(
      '+1 415 555 0199',
    );
  }, 60_000);
});
