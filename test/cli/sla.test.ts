import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { RunningSandboxes } from '../../src/sandbox/start.ts';
import { dump, freshSystems, openSandboxes, sandboxEnv } from '../reliability/support/world.ts';
import { runBin } from './run.ts';

/**
 * `leadloop sla` as an admin runs it from a shell (its own process, everything from the
 * environment): after a sync handed a lead to sales, one pass past the lead's due time flags
 * the breach in Salesforce, creates the owner's Task and says so; a second pass adds nothing.
 */
let sandboxes: RunningSandboxes;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  sandboxes = await openSandboxes();
  await freshSystems(sandboxes);
  dir = await mkdtemp(join(tmpdir(), 'leadloop-sla-cli-'));
  env = { ...sandboxEnv(sandboxes), LEADLOOP_DATA_DIR: dir, LOG_LEVEL: 'error' };
}, 60_000);
afterAll(async () => {
  await sandboxes?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('leadloop sla', () => {
  test('flags the leads past their due time, once', async () => {
    const synced = await runBin(['sync', '--once'], env);
    expect({ code: synced.code, stderr: synced.stderr }).toEqual({ code: 0, stderr: '' });
    const handedOff = (await dump(sandboxes, 'salesforce', 'Lead')).filter(
      (lead) => lead.LeadLoop_SLA_Status__c === 'on_track',
    );
    expect(handedOff.length).toBeGreaterThan(0);
    // One minute past the earliest due time: that lead (and any due as early) is late.
    const earliest = handedOff
      .map((lead) => Date.parse(String(lead.LeadLoop_SLA_Due__c)))
      .sort((a, b) => a - b)[0]!;
    const late = handedOff.filter(
      (lead) => Date.parse(String(lead.LeadLoop_SLA_Due__c)) <= earliest + 60_000,
    );
    const at = { ...env, LEADLOOP_NOW: new Date(earliest + 60_000).toISOString() };

    const first = await runBin(['sla'], at);
    expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: '' });
    expect(first.stdout).toContain(`sla: ${late.length} newly breached, 0 escalated`);
    expect(first.stdout).toContain(`${late.length} Tasks created`);
    const breached = (await dump(sandboxes, 'salesforce', 'Lead')).filter(
      (lead) => lead.LeadLoop_SLA_Status__c === 'breached',
    );
    expect(breached.map((lead) => lead.Id).sort()).toEqual(late.map((lead) => lead.Id).sort());
    const tasks = (await dump(sandboxes, 'salesforce', 'Task')).filter((task) =>
      late.some((lead) => lead.Id === task.WhoId),
    );
    expect(tasks).toHaveLength(late.length);

    const again = await runBin(['sla'], at);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('sla: 0 newly breached, 0 escalated');
    expect(again.stdout).toContain('0 Tasks created');
  }, 90_000);
});
