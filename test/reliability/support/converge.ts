import { expect } from '@jest/globals';
import type { RunningSandboxes } from '../../../src/sandbox/start.ts';
import { census, type Census } from './census.ts';
import { freshScenario, type Scenario } from './world.ts';

/**
 * The reference every fault scenario ends at: the census of an uninterrupted sync of the same
 * seeded people, on the same sandboxes. Computed once per test file.
 */
export async function cleanCensus(sandboxes: RunningSandboxes): Promise<Census> {
  const scenario = await freshScenario(sandboxes);
  try {
    const result = await scenario.sync();
    if (result.status !== 'succeeded') throw new Error(`clean run ${result.status}`);
    const reference = await census(sandboxes);
    if (reference.salesforce.length === 0 || reference.hubspot.length === 0)
      throw new Error('the clean run synced nobody');
    return reference;
  } finally {
    await scenario.close();
  }
}

/**
 * A scenario has converged when both systems hold exactly what the clean run left, nothing is
 * waiting in dead letters, and one more cycle reads and writes nothing new (no flip-flop).
 */
export async function expectConverged(
  scenario: Scenario,
  sandboxes: RunningSandboxes,
  reference: Census,
): Promise<void> {
  const after = await census(sandboxes);
  expect(after).toEqual(reference);
  expect(after.duplicateEmails).toBe(0);
  expect(after.duplicateLeadloopIds).toBe(0);
  expect(after.mismatchedLinks).toBe(0);
  expect(await scenario.store.deadLetters.countUnresolved()).toBe(0);
  sandboxes.server.accounting.reset();
  const planned: string[] = [];
  const quiet = await scenario.sync({
    trigger: 'test',
    onPlan: (lead, _decision, plans) => {
      for (const plan of plans)
        planned.push(`${plan.system} ${lead.lead.emailNormalized} ${JSON.stringify(plan.changes)}`);
    },
  });
  expect(quiet.status).toBe('succeeded');
  expect(planned).toEqual([]);
  const writes = sandboxes.server.accounting.snapshot();
  expect({ salesforce: writes.salesforce.write, hubspot: writes.hubspot.write }).toEqual({
    salesforce: 0,
    hubspot: 0,
  });
}
