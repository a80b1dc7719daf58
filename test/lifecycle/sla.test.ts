import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { DateTime } from 'luxon';
import { runSlaSweep } from '../../src/lifecycle/sla-sweep.ts';
import { slaDueAt } from '../../src/lead/sla.ts';
import { GradeSchema } from '../../src/lead/lead.ts';
import { startAlertReceiver } from '../support/alert-receiver.ts';
import { createMqlContact, startSyncWorld, type SyncWorld } from '../support/sync-world.ts';

/**
 * The follow-up SLA end to end, on frozen clocks: leadloop's and both sandboxes' time is set by
 * the test (config/sla.yaml: New York business hours, US holidays, A 1 h … D 2 business days).
 */
let now = Date.parse('2026-11-20T22:30:00Z'); // Friday 17:30 in New York
let world: SyncWorld;
let alerts: Awaited<ReturnType<typeof startAlertReceiver>>;

async function setTime(iso: string): Promise<void> {
  now = Date.parse(iso);
  const answer = await fetch(`${world.sandboxes.url}/__sandbox/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ now: iso }),
  });
  expect(answer.ok).toBe(true);
}

const sweep = () =>
  runSlaSweep(world.engine, {
    notifyUrl: alerts.url,
    recordUrl: (object, id) => `https://acme.my.salesforce.com/lightning/r/${object}/${id}/view`,
  });

async function leadOf(email: string) {
  const [lead] = await world.store.leads.findByEmail(email);
  if (lead === undefined) throw new Error(`no lead ${email}`);
  const links = await world.store.links.linksOfLead(lead.id);
  const salesforceId = links.find((link) => link.system === 'salesforce')?.externalId;
  const hubspotId = links.find((link) => link.system === 'hubspot')?.externalId;
  const clocks = await world.store.sla.ofLead(lead.id);
  return { lead, salesforceId: salesforceId!, hubspotId: hubspotId!, clock: clocks.at(-1)! };
}

const local = (iso: string) => DateTime.fromISO(iso, { zone: 'America/New_York' });

beforeAll(async () => {
  world = await startSyncWorld({ clock: () => new Date(now) });
  alerts = await startAlertReceiver();
  await setTime(new Date(now).toISOString());
}, 60_000);
afterAll(async () => {
  await alerts?.close();
  await world?.close();
});

describe('a lead handed off on Friday evening', () => {
  const email = 'dana.whitfield@brightpath.example';

  test('is due on Monday, in business hours, shown in Salesforce', async () => {
    const id = await createMqlContact(world, {
      email,
      firstname: 'Dana',
      lastname: 'Whitfield',
      company: 'Brightpath',
      jobtitle: 'VP Marketing',
      country: 'United States',
    });
    // This week's activity, as HubSpot analytics records it: a hot lead, grade A (1 h window).
    const at = new Date(now).toISOString();
    const activity = await fetch(`${world.sandboxes.url}/__sandbox/hubspot/ui-edit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id,
        sourceType: 'ANALYTICS',
        properties: {
          hs_email_open: '6',
          hs_email_click: '4',
          hs_email_last_open_date: at,
          hs_analytics_num_page_views: '30',
          hs_analytics_num_visits: '6',
          hs_analytics_last_visit_timestamp: at,
          num_conversion_events: '2',
          recent_conversion_date: at,
        },
      }),
    });
    expect(activity.ok).toBe(true);
    await world.sync();
    const { lead, salesforceId, clock } = await leadOf(email);
    expect(lead.score?.grade).toBe('A');
    expect(clock.handoffAt).toBe('2026-11-20T22:30:00.000Z');
    expect(clock.dueAt).toBe(
      slaDueAt(world.config.sla, new Date(clock.handoffAt), 'A').toISOString(),
    );
    // An hour of business time after 17:30 on Friday: 10:00 on Monday.
    expect(local(clock.dueAt).toFormat('cccc HH:mm')).toBe('Monday 10:00');
    const record = (await world.salesforce
      .sobject('Lead')
      .retrieve(salesforceId)) as unknown as Record<string, unknown>;
    expect(record.LeadLoop_SLA_Status__c).toBe('on_track');
    expect(new Date(String(record.LeadLoop_SLA_Due__c)).toISOString()).toBe(clock.dueAt);
  });

  test('a Task logged before the handoff does not count as follow-up', async () => {
    const { salesforceId } = await leadOf(email);
    await setTime('2026-11-20T20:00:00Z'); // the sandbox's clock: two hours before the handoff
    await world.salesforce
      .sobject('Task')
      .create({ WhoId: salesforceId, Subject: 'Old call note', Status: 'Completed' });
    await setTime('2026-11-21T15:00:00Z');
    await world.sync();
    const { clock } = await leadOf(email);
    expect(clock.status).toBe('on_track');
    expect(clock.firstTouchAt).toBeNull();
  });

  test('untouched past the deadline: breached, a Task for the owner, an alert', async () => {
    const { clock: before } = await leadOf(email);
    await setTime(new Date(Date.parse(before.dueAt) + 30 * 60_000).toISOString());
    const counts = await sweep();
    expect(counts).toMatchObject({ breached: 1, tasks: 1, alerts: 1 });
    const { clock, salesforceId, hubspotId } = await leadOf(email);
    expect(clock.status).toBe('breached');
    const tasks = await world.salesforce.query<{
      Subject: string;
      OwnerId: string;
      ActivityDate: string;
    }>(
      `SELECT Subject, OwnerId, ActivityDate FROM Task WHERE WhoId = '${salesforceId}' AND Subject LIKE 'Follow up%'`,
    );
    expect(tasks.records).toHaveLength(1);
    expect(tasks.records[0]?.Subject).toBe('Follow up: SLA breached for Dana Whitfield');
    expect(tasks.records[0]?.OwnerId).toBe(clock.ownerId);
    const record = (await world.salesforce
      .sobject('Lead')
      .retrieve(salesforceId)) as unknown as Record<string, unknown>;
    expect(record.LeadLoop_SLA_Status__c).toBe('breached');
    const contact = await world.hubspot.crm.contacts.basicApi.getById(hubspotId, [
      'leadloop_sla_status',
    ]);
    expect(contact.properties.leadloop_sla_status).toBe('breached');

    expect(alerts.received).toHaveLength(1);
    const alert = alerts.received[0] as { text: string; blocks: { text?: { text: string } }[] };
    expect(alert.text).toMatch(
      /^SLA breached: Dana Whitfield \(owner .+\) was handed to sales .+ ago/,
    );
    expect(alert.blocks[0]?.text?.text).toBe(
      `*SLA breached* for <https://acme.my.salesforce.com/lightning/r/Lead/${salesforceId}/view|Dana Whitfield>`,
    );

    // The next minute's sweep changes nothing and sends nothing again.
    expect(await sweep()).toMatchObject({ breached: 0, tasks: 0, alerts: 0 });
    expect(alerts.received).toHaveLength(1);
  });

  test('a late call: the status stays breached and the first touch is recorded in both systems', async () => {
    const { salesforceId, hubspotId, clock: before } = await leadOf(email);
    const callAt = new Date(Date.parse(before.dueAt) + 50 * 60_000).toISOString();
    await setTime(callAt);
    await world.salesforce
      .sobject('Task')
      .create({ WhoId: salesforceId, Subject: 'Call', Status: 'Completed', TaskSubtype: 'Call' });
    await setTime(new Date(Date.parse(callAt) + 5 * 60_000).toISOString());
    await world.sync();
    const { clock } = await leadOf(email);
    expect(clock.status).toBe('breached');
    expect(clock.firstTouchAt).toBe(callAt);
    const contact = await world.hubspot.crm.contacts.basicApi.getById(hubspotId, [
      'leadloop_sla_status',
      'leadloop_first_touch_at',
    ]);
    expect(contact.properties.leadloop_sla_status).toBe('breached');
    expect(new Date(contact.properties.leadloop_first_touch_at!).toISOString()).toBe(callAt);
  });
});

describe('a lead handed off the evening before Thanksgiving, and nobody calls', () => {
  const email = 'omar.haddad@northgate.example';

  test('is due on the Monday after the holiday weekend', async () => {
    await setTime('2026-11-25T22:30:00Z'); // Wednesday 17:30; Thursday and Friday are holidays
    await createMqlContact(world, {
      email,
      firstname: 'Omar',
      lastname: 'Haddad',
      company: 'Northgate',
      jobtitle: 'Director of IT',
      country: 'Canada',
    });
    await world.sync();
    const { lead, clock } = await leadOf(email);
    const grade = GradeSchema.parse(lead.score?.grade);
    expect(clock.dueAt).toBe(
      slaDueAt(world.config.sla, new Date(clock.handoffAt), grade).toISOString(),
    );
    expect(local(clock.dueAt).toISODate()! >= '2026-11-30').toBe(true);
  });

  test("escalates to the owner's manager with a Task and an alert", async () => {
    const { clock: before } = await leadOf(email);
    await setTime(new Date(Date.parse(before.escalationDueAt!) + 60_000).toISOString());
    const sent = alerts.received.length;
    const counts = await sweep();
    expect(counts).toMatchObject({ breached: 1, escalated: 1 });
    const { clock, salesforceId } = await leadOf(email);
    expect(clock.status).toBe('escalated');
    const [owner] = await world.store.closedLoop.users('salesforce', [clock.ownerId!]);
    expect(owner?.managerId).toBeTruthy();
    const tasks = await world.salesforce.query<{ Subject: string; OwnerId: string }>(
      `SELECT Subject, OwnerId FROM Task WHERE WhoId = '${salesforceId}' ORDER BY Subject`,
    );
    expect(tasks.records.map((task) => [task.Subject, task.OwnerId])).toEqual([
      [`Escalation: Omar Haddad not followed up by ${owner!.name}`, owner!.managerId],
      ['Follow up: SLA breached for Omar Haddad', clock.ownerId],
    ]);
    const escalation = alerts.received
      .slice(sent)
      .find((alert) => String(alert.text).startsWith('SLA escalated'));
    expect(escalation).toBeDefined();
  });

  test('thirty days untouched: back to marketing nurture with reason "no follow-up"', async () => {
    const { clock: before, hubspotId } = await leadOf(email);
    await setTime(new Date(Date.parse(before.handoffAt) + 31 * 86_400_000).toISOString());
    expect(await sweep()).toMatchObject({ recycled: 1 });
    const { lead, clock } = await leadOf(email);
    expect(lead.stage).toBe('recycled');
    expect(lead.recycle).toMatchObject({ reason: 'no follow-up', count: 1 });
    expect(clock.closedAt).not.toBeNull();
    const contact = await world.hubspot.crm.contacts.basicApi.getById(hubspotId, [
      'lifecyclestage',
      'leadloop_stage',
      'leadloop_recycle_reason',
    ]);
    expect(contact.properties).toMatchObject({
      lifecyclestage: 'lead',
      leadloop_stage: 'recycled',
      leadloop_recycle_reason: 'no follow-up',
    });
  });
});
