import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import { ALERT_RETRY_MINUTES } from '../../src/lifecycle/sla-actions.ts';
import { runSlaSweep } from '../../src/lifecycle/sla-sweep.ts';
import { createMqlContact, startSyncWorld, type SyncWorld } from '../support/sync-world.ts';

/**
 * Slack is down when a lead breaches its SLA: the alert is recorded as undelivered and later
 * sweeps post it again with growing gaps (not every minute), until Slack takes it — or until
 * the lead is followed up, when a late "not followed up" would be wrong, or the tries run out.
 */
let now = Date.parse('2026-11-18T14:00:00Z'); // Wednesday 09:00 in New York
let world: SyncWorld;
let receiver: Server;
let hookUrl: string;
let slackUp = false;
const posts: { delivered: boolean; text: string }[] = [];

async function setTime(ms: number): Promise<void> {
  now = ms;
  const answer = await fetch(`${world.sandboxes.url}/__sandbox/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ now: new Date(ms).toISOString() }),
  });
  expect(answer.ok).toBe(true);
}
const minutes = (count: number) => count * 60_000;
const sweep = () => runSlaSweep(world.engine, { notifyUrl: hookUrl });

async function clockOf(email: string) {
  const [lead] = await world.store.leads.findByEmail(email);
  const clocks = await world.store.sla.ofLead(lead!.id);
  return clocks.at(-1)!;
}
const alertEntries = async (email: string) =>
  (await clockOf(email)).alerts.filter((alert) => alert.step === 'alert');

/** Sales works the lead in Salesforce, and leadloop reads it. */
async function contact(email: string): Promise<void> {
  const links = await world.store.links.linksOfLead((await clockOf(email)).leadId);
  const id = links.find((link) => link.system === 'salesforce')!.externalId;
  await world.salesforce.sobject('Lead').update({ Id: id, Status: 'Working - Contacted' });
  await world.sync();
  expect((await clockOf(email)).firstTouchAt).not.toBeNull();
}

async function handOff(email: string, firstname: string): Promise<void> {
  await createMqlContact(world, { email, firstname, lastname: 'Okafor', company: 'Tidewater' });
}

beforeAll(async () => {
  world = await startSyncWorld({ clock: () => new Date(now) });
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      posts.push({ delivered: slackUp, text: (JSON.parse(body) as { text: string }).text });
      response.writeHead(slackUp ? 200 : 503).end(slackUp ? 'ok' : 'service unavailable');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const address = receiver.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  hookUrl = `http://127.0.0.1:${port}/services/T000/B000/slack-hook`;
  await setTime(now);
  await handOff('amara.okafor@tidewater.example', 'Amara');
  await handOff('chidi.okafor@tidewater.example', 'Chidi');
  await world.sync();
}, 60_000);
afterAll(async () => {
  await new Promise<void>((resolve) => receiver?.close(() => resolve()));
  await world?.close();
});

describe('an SLA alert while Slack is down', () => {
  test('the breach is recorded with the alert undelivered and a try due a minute later', async () => {
    const due = Date.parse((await clockOf('amara.okafor@tidewater.example')).dueAt);
    await setTime(due + minutes(1));
    const counts = await sweep();
    expect(counts).toMatchObject({ breached: 2, alerts: 0 });
    // Three tries each within the sweep, all refused.
    expect(posts.filter((post) => !post.delivered)).toHaveLength(6);
    const clock = await clockOf('amara.okafor@tidewater.example');
    expect(clock.status).toBe('breached');
    expect(await alertEntries('amara.okafor@tidewater.example')).toEqual([
      expect.objectContaining({ kind: 'breached', delivered: false }),
    ]);
    expect(clock.alertRetryAt).toBe(new Date(now + minutes(ALERT_RETRY_MINUTES[0])).toISOString());
  }, 30_000);

  test('a sweep before the try is due posts nothing; one refusal stops that sweep', async () => {
    posts.length = 0;
    await setTime(now + 30_000);
    await sweep();
    expect(posts).toHaveLength(0);
    await setTime(now + 30_000); // a minute after the breach: both tries due
    await sweep();
    // Slack still down: the first try is refused and the second clock waits for the next sweep.
    expect(posts).toEqual([expect.objectContaining({ delivered: false })]);
    const attempts = await Promise.all(
      ['amara.okafor@tidewater.example', 'chidi.okafor@tidewater.example'].map(alertEntries),
    );
    expect(attempts.map((entries) => entries.length).sort()).toEqual([1, 2]);
  });

  test('sales calls one lead meanwhile: only the other alert goes out when Slack is back', async () => {
    await setTime(now + minutes(5));
    await contact('chidi.okafor@tidewater.example');

    posts.length = 0;
    slackUp = true;
    const counts = await sweep();
    expect(counts.alerts).toBe(1);
    expect(posts).toEqual([
      { delivered: true, text: expect.stringMatching(/^SLA breached: Amara Okafor/) },
    ]);
    for (const email of ['amara.okafor@tidewater.example', 'chidi.okafor@tidewater.example'])
      expect((await clockOf(email)).alertRetryAt).toBeNull();
    expect((await alertEntries('amara.okafor@tidewater.example')).at(-1)).toMatchObject({
      delivered: true,
    });

    // Delivered: later sweeps do not post it again.
    await setTime(now + minutes(120));
    await sweep();
    expect(posts).toHaveLength(1);
  }, 30_000);

  test('Slack down for good: seven tries over about two hours, then the alert is given up', async () => {
    // Sales calls Amara late, so her clock will not escalate while this story runs.
    await contact('amara.okafor@tidewater.example');
    await handOff('bisi.okafor@tidewater.example', 'Bisi');
    await world.sync();
    slackUp = false;
    posts.length = 0;
    await setTime(Date.parse((await clockOf('bisi.okafor@tidewater.example')).dueAt) + 1_000);
    expect(await sweep()).toMatchObject({ breached: 1, alerts: 0 });
    for (const gap of ALERT_RETRY_MINUTES) {
      await setTime(now + minutes(gap));
      await sweep();
    }
    expect(posts).toHaveLength(3 + ALERT_RETRY_MINUTES.length);
    expect(posts.every((post) => post.text.startsWith('SLA breached: Bisi Okafor'))).toBe(true);
    const entries = await alertEntries('bisi.okafor@tidewater.example');
    expect(entries).toHaveLength(1 + ALERT_RETRY_MINUTES.length);
    expect(entries.at(-1)).toMatchObject({ delivered: false, gaveUp: true });
    expect((await clockOf('bisi.okafor@tidewater.example')).alertRetryAt).toBeNull();

    await setTime(now + minutes(24 * 60));
    slackUp = true;
    await sweep();
    expect(posts).toHaveLength(3 + ALERT_RETRY_MINUTES.length);
  }, 60_000);
});
