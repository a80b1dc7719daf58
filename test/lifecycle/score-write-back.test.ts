import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  createMqlContact,
  nextSecond,
  startSyncWorld,
  type SyncWorld,
} from '../support/sync-world.ts';

/**
 * Score write-back: sales sees score, grade and the reasons behind them on the Salesforce Lead,
 * marketing on the HubSpot contact — written when they change, and only then (request
 * accounting and the audit log say exactly what each sync wrote).
 */
let world: SyncWorld;
let contactId: string;
let leadId: string;
let salesforceLeadId: string;
const EMAIL = 'tomas.lindqvist@brightline.example';
const SCORE_FIELDS = ['LeadLoop_Grade__c', 'LeadLoop_Score_Reasons__c', 'LeadLoop_Score__c'];

interface ScoreRow {
  Id: string;
  Title: string;
  LeadLoop_Score__c: number | null;
  LeadLoop_Grade__c: string | null;
  LeadLoop_Score_Reasons__c: string | null;
}

const salesforceScore = async (): Promise<ScoreRow> => {
  const { records } = await world.salesforce.query<ScoreRow>(
    `SELECT Id, Title, LeadLoop_Score__c, LeadLoop_Grade__c, LeadLoop_Score_Reasons__c FROM Lead WHERE Email = '${EMAIL}'`,
  );
  return records[0]!;
};
const hubspotScore = async () =>
  (
    await world.hubspot.crm.contacts.basicApi.getById(contactId, [
      'jobtitle',
      'leadloop_score',
      'leadloop_grade',
      'leadloop_score_reasons',
    ])
  ).properties;
/** A form submission, recorded by HubSpot itself (the sandbox's admin API, not a leadloop call). */
const fillInForm = async (id: string, at: string) => {
  const answer = await fetch(`${world.sandboxes.url}/__sandbox/hubspot/ui-edit`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      id,
      sourceType: 'FORM',
      properties: { num_conversion_events: '1', recent_conversion_date: at },
    }),
  });
  expect(answer.status).toBe(200);
};
/**
 * The rep edits the Lead in the Salesforce UI (the sandbox's admin API): an API update without
 * `Sforce-Auto-Assign: FALSE` would re-run the assignment rules and hand the lead to another rep.
 */
const editAsRep = async (fields: Record<string, string>) => {
  const answer = await fetch(`${world.sandboxes.url}/__sandbox/salesforce/ui-edit`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ object: 'Lead', id: salesforceLeadId, fields }),
  });
  expect(answer.status).toBe(200);
};
/** The fields each system got in a run, from the audit log. */
const writtenIn = async (runId: string | undefined) => {
  const entries = await world.store.audit.ofRun(runId!);
  return Object.fromEntries(
    entries.map((entry) => [entry.system, Object.keys(entry.after ?? {}).sort()]),
  );
};

beforeAll(async () => {
  world = await startSyncWorld();
  contactId = await createMqlContact(world, {
    email: EMAIL,
    firstname: 'Tomas',
    lastname: 'Lindqvist',
    company: 'Brightline Freight',
    jobtitle: 'Operations Manager',
    country: 'United States',
  });
  await world.sync();
  const [stored] = await world.store.leads.findByEmail(EMAIL);
  leadId = stored!.id;
  salesforceLeadId = (await salesforceScore()).Id;
}, 60_000);
afterAll(async () => world?.close());

describe('score, grade and reasons reach both systems when they change, never when they do not', () => {
  test('the handoff carries the score: manager title and a core market, grade D', async () => {
    const lead = await salesforceScore();
    expect(lead.LeadLoop_Score__c).toBe(20);
    expect(lead.LeadLoop_Grade__c).toBe('D');
    expect(lead.LeadLoop_Score_Reasons__c).toContain('Manager or team lead title');
    expect(lead.LeadLoop_Score_Reasons__c).toContain('In a core market (US, Canada, UK)');
    const contact = await hubspotScore();
    expect(contact.leadloop_score).toBe('20');
    expect(contact.leadloop_grade).toBe('D');
    expect(contact.leadloop_score_reasons).toBe(lead.LeadLoop_Score_Reasons__c);
  });

  test('marketing activity raises the score: exactly the score fields are written, once per system', async () => {
    // A demo request through a HubSpot form (HubSpot's own update) and the industry marketing
    // enriched: +10 and +5.
    await fillInForm(contactId, new Date().toISOString());
    await world.hubspot.crm.contacts.basicApi.update(contactId, {
      properties: { industry: 'Software' },
    });
    world.resetAccounting();
    const result = await world.sync();
    // One update per system; nothing else changed.
    expect(world.writes()).toEqual({ salesforce: 1, hubspot: 1 });
    expect(await writtenIn(result.runId)).toEqual({
      salesforce: SCORE_FIELDS,
      hubspot: ['leadloop_grade', 'leadloop_score', 'leadloop_score_reasons'],
    });
    const lead = await salesforceScore();
    expect(lead.LeadLoop_Score__c).toBe(35);
    expect(lead.LeadLoop_Grade__c).toBe('C');
    expect(lead.LeadLoop_Score_Reasons__c).toContain('Filled in forms (demo, trial, content)');
    expect(lead.LeadLoop_Score_Reasons__c).toContain('Target industry');
    const contact = await hubspotScore();
    expect([contact.leadloop_score, contact.leadloop_grade]).toEqual(['35', 'C']);
    expect((await world.store.leads.getById(leadId))?.score).toMatchObject({
      total: 35,
      grade: 'C',
    });
  });

  test('an edit that leaves the score alone is copied without rewriting the score', async () => {
    await nextSecond();
    // Still a manager title: the same rule fires, the same points.
    await editAsRep({ Title: 'Senior Operations Manager' });
    world.resetAccounting();
    const result = await world.sync();
    expect(world.writes()).toEqual({ salesforce: 0, hubspot: 1 });
    expect(await writtenIn(result.runId)).toEqual({ hubspot: ['jobtitle'] });
    const contact = await hubspotScore();
    expect(contact.jobtitle).toBe('Senior Operations Manager');
    expect(contact.leadloop_score).toBe('35');
  });

  test('a quiet cycle writes nothing', async () => {
    world.resetAccounting();
    const result = await world.sync();
    expect(world.writes()).toEqual({ salesforce: 0, hubspot: 0 });
    expect(await writtenIn(result.runId)).toEqual({});
  });

  test('a drop in score is written too: the title no longer matches a rule', async () => {
    await nextSecond();
    await editAsRep({ Title: 'Buyer' });
    world.resetAccounting();
    const result = await world.sync();
    expect(await writtenIn(result.runId)).toEqual({
      salesforce: SCORE_FIELDS,
      hubspot: ['jobtitle', 'leadloop_grade', 'leadloop_score', 'leadloop_score_reasons'],
    });
    const lead = await salesforceScore();
    expect([lead.LeadLoop_Score__c, lead.LeadLoop_Grade__c]).toEqual([25, 'D']);
    expect(lead.LeadLoop_Score_Reasons__c).not.toContain('Manager or team lead title');
  });
});
