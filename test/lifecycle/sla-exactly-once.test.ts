import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { runSlaSweep } from '../../src/lifecycle/sla-sweep.ts';
import type { SlaAlert } from '../../src/store/sla-repo.ts';
import type { Engine } from '../../src/sync/engine.ts';
import { startAlertReceiver } from '../support/alert-receiver.ts';
import { createMqlContact, startSyncWorld, type SyncWorld } from '../support/sync-world.ts';

/**
 * The SLA job's side effects happen once per clock even when the job dies half-way: a Task
 * created but not yet recorded is found again (by WhoId and Subject), not created twice; the
 * clock's status moves only after its Task and alert. And escalation can hand the lead to the
 * next rep of a round-robin pool (`reassignOnEscalation`), once.
 */
let now = Date.parse('2026-12-01T15:00:00Z'); // Tuesday 10:00 in New York
let world: SyncWorld;
let alerts: Awaited<ReturnType<typeof startAlertReceiver>>;
let leadId: string;
let salesforceId: string;
const EMAIL = 'priya.natarajan@kestrelbio.example';
const SUBJECT = 'Follow up: SLA breached for Priya Natarajan';

async function setTime(iso: string): Promise<void> {
  now = Date.parse(iso);
  const answer = await fetch(`${world.sandboxes.url}/__sandbox/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ now: iso }),
  });
  expect(answer.ok).toBe(true);
}
const sweep = (engine: Engine = world.engine) => runSlaSweep(engine, { notifyUrl: alerts.url });
const clock = async () => (await world.store.sla.ofLead(leadId)).at(-1)!;
const steps = async (kind: string) =>
  (await clock()).alerts.filter((alert) => alert.kind === kind).map((alert) => alert.step);
const tasksOnLead = async () =>
  (
    await world.salesforce.query<{ Id: string; Subject: string; OwnerId: string }>(
      `SELECT Id, Subject, OwnerId FROM Task WHERE WhoId = '${salesforceId}' ORDER BY Subject`,
    )
  ).records;

/** The process dies right after the vendor answered this step, before it is recorded. */
function crashAfter(step: string): () => void {
  const original = world.store.sla.addAlert;
  world.store.sla.addAlert = async (id: string, alert: SlaAlert) => {
    if (alert.step === step) throw new Error(`crash after ${step}`);
    return original(id, alert);
  };
  return () => {
    world.store.sla.addAlert = original;
  };
}

beforeAll(async () => {
  world = await startSyncWorld({ clock: () => new Date(now) });
  alerts = await startAlertReceiver();
  await setTime(new Date(now).toISOString());
  await createMqlContact(world, {
    email: EMAIL,
    firstname: 'Priya',
    lastname: 'Natarajan',
    company: 'Kestrel Bio',
    jobtitle: 'Lab Operations Lead',
  });
  await world.sync();
  const [lead] = await world.store.leads.findByEmail(EMAIL);
  leadId = lead!.id;
  const links = await world.store.links.linksOfLead(leadId);
  salesforceId = links.find((link) => link.system === 'salesforce')!.externalId;
}, 60_000);
afterAll(async () => {
  await alerts?.close();
  await world?.close();
});

describe('SLA side effects survive a crash without repeating', () => {
  test('a sweep that dies after creating the Task leaves the clock to be finished', async () => {
    const { dueAt } = await clock();
    await setTime(new Date(Date.parse(dueAt) + 5 * 60_000).toISOString());
    const restore = crashAfter('task');
    await expect(sweep()).rejects.toThrow('crash after task');
    restore();
    expect((await tasksOnLead()).map((task) => task.Subject)).toEqual([SUBJECT]);
    // Only the intent is on record, and the status has not moved: the next sweep sees it again.
    expect(await steps('breached')).toEqual(['intent']);
    expect((await clock()).status).toBe('on_track');
    expect(alerts.received).toHaveLength(0);
  });

  test('the next sweep finds that Task instead of creating another, then alerts once', async () => {
    const counts = await sweep();
    expect(counts).toMatchObject({ breached: 1, tasks: 0, alerts: 1 });
    const tasks = await tasksOnLead();
    expect(tasks.map((task) => task.Subject)).toEqual([SUBJECT]);
    const after = await clock();
    expect(after.status).toBe('breached');
    expect(after.breachedAt).toBe(after.dueAt);
    expect(after.alerts.map((alert) => [alert.step, alert.taskId ?? null])).toEqual([
      ['intent', null],
      ['task', tasks[0]!.Id],
      ['alert', null],
    ]);
    expect(alerts.received).toHaveLength(1);
    expect(String(alerts.received[0]!.text)).toContain('SLA breached: Priya Natarajan');
    // leadloop's own reminder is not a follow-up, whatever a pull makes of it.
    await world.sync();
    expect((await clock()).firstTouchAt).toBeNull();
  });

  test('a third sweep does nothing', async () => {
    expect(await sweep()).toMatchObject({ breached: 0, escalated: 0, tasks: 0, alerts: 0 });
    expect(await tasksOnLead()).toHaveLength(1);
    expect(alerts.received).toHaveLength(1);
  });
});

describe('escalation hands the lead to the next rep of a round-robin pool', () => {
  test('once, to a rep who is not the owner, with the manager told', async () => {
    const before = await clock();
    const owner = before.ownerId!;
    const reps = (
      await world.salesforce.query<{ Id: string; Name: string }>(
        'SELECT Id, Name FROM User WHERE ManagerId != null ORDER BY Id',
      )
    ).records;
    const next = reps.find((rep) => rep.Id !== owner)!;
    const engine: Engine = {
      ...world.engine,
      config: {
        ...world.config,
        sla: { ...world.config.sla, reassignOnEscalation: { roundRobin: [owner, next.Id] } },
      },
    };
    await setTime(new Date(Date.parse(before.escalationDueAt!) + 60_000).toISOString());
    // The owner changes in Salesforce, then the job dies before recording it.
    const restore = crashAfter('reassign');
    await expect(sweep(engine)).rejects.toThrow('crash after reassign');
    restore();
    const counts = await sweep(engine);
    expect(counts).toMatchObject({ escalated: 1, reassigned: 1, tasks: 0, alerts: 1 });
    expect(await steps('escalated')).toEqual(['intent', 'task', 'reassign', 'alert']);
    expect((await clock()).status).toBe('escalated');

    const lead = (await world.salesforce.sobject('Lead').retrieve(salesforceId)) as unknown as {
      OwnerId: string;
    };
    expect(lead.OwnerId).toBe(next.Id);
    const [user] = await world.store.closedLoop.users('salesforce', [owner]);
    expect((await tasksOnLead()).map((task) => [task.Subject, task.OwnerId])).toEqual([
      [`Escalation: Priya Natarajan not followed up by ${user!.name}`, user!.managerId],
      [SUBJECT, owner],
    ]);
    expect(alerts.received).toHaveLength(2);

    // The next sync reads the new owner: the clock and marketing follow it.
    await world.sync();
    expect((await clock()).ownerId).toBe(next.Id);
    const [contact] = (
      await world.hubspot.crm.contacts.searchApi.doSearch({
        filterGroups: [
          { filters: [{ propertyName: 'email', operator: 'EQ' as never, value: EMAIL }] },
        ],
        properties: ['leadloop_owner'],
        limit: 1,
      })
    ).results;
    expect(contact?.properties.leadloop_owner).toContain(next.Name);
  });
});

describe('a Task Salesforce cannot take right now', () => {
  test('is tried again by the next sweep, and the breach waits for it', async () => {
    await createMqlContact(world, {
      email: 'felix.adeyemi@harborline.example',
      firstname: 'Felix',
      lastname: 'Adeyemi',
      company: 'Harborline',
      jobtitle: 'Fleet Manager',
    });
    await world.sync();
    const [lead] = await world.store.leads.findByEmail('felix.adeyemi@harborline.example');
    const [open] = await world.store.sla.openFor([lead!.id]);
    await setTime(new Date(Date.parse(open!.dueAt) + 60_000).toISOString());
    // The record is locked by another transaction: a per-record refusal that passes.
    const fault = await fetch(`${world.sandboxes.url}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        system: 'salesforce',
        kind: 'unable_to_lock_row',
        path: '/composite/sobjects',
        method: 'POST',
      }),
    });
    expect(fault.status).toBe(201);
    const sent = alerts.received.length;
    await expect(sweep()).rejects.toThrow('UNABLE_TO_LOCK_ROW');
    const [waiting] = await world.store.sla.openFor([lead!.id]);
    expect(waiting!.status).toBe('on_track');
    expect(alerts.received).toHaveLength(sent);

    expect(await sweep()).toMatchObject({ breached: 1, tasks: 1, alerts: 1 });
    const [breached] = await world.store.sla.openFor([lead!.id]);
    expect(breached!.status).toBe('breached');
    const whoId = (await world.store.links.linksOfLead(lead!.id)).find(
      (link) => link.system === 'salesforce',
    )!.externalId;
    const tasks = await world.salesforce.query<{ Subject: string }>(
      `SELECT Subject FROM Task WHERE WhoId = '${whoId}'`,
    );
    expect(tasks.records.map((task) => task.Subject)).toEqual([
      'Follow up: SLA breached for Felix Adeyemi',
    ]);
  });
});
