import { describe, expect, it } from '@jest/globals';
import { LEAD_FIELD_NAMES, LeadSchema, type Lead } from '../../src/lead/lead.ts';
import { issuesOf } from './shipped-config.ts';

// A lead that went to sales, was recycled after a lost deal, and re-qualified.
const lead: Lead = {
  links: {
    leadloopId: '3f2b8c1e-6a4d-4f1b-9c2e-7d5a1b0e4c93',
    salesforce: { contactId: '003Hs00002bXkQ2IAK', accountId: '001Hs00003LmN8pIAF' },
    hubspot: { contactId: '87301' },
    normalizedEmail: 'priya.patel@acmeanalytics.com',
  },
  fields: {
    email: 'priya.patel@acmeanalytics.com',
    firstName: 'Priya',
    lastName: 'Patel',
    company: 'Acme Analytics',
    title: 'VP of Marketing',
    phone: null,
    country: 'United States',
    leadSource: 'ORGANIC_SEARCH',
  },
  score: {
    total: 82,
    grade: 'A',
    reasons: [{ ruleId: 'title-executive', label: 'Executive or director title', points: 20 }],
  },
  stage: 'mql',
  stageHistory: [
    { stage: 'mql', at: '2026-03-02T15:04:11.000Z', system: 'leadloop', actor: 'leadloop' },
    {
      stage: 'opportunity',
      at: '2026-04-20T18:30:00.000Z',
      system: 'salesforce',
      actor: 'Dana Reyes',
    },
    {
      stage: 'recycled',
      at: '2026-07-01T16:00:00.000Z',
      system: 'salesforce',
      actor: 'Dana Reyes',
      reason: 'closed lost: no budget until 2027',
    },
    { stage: 'mql', at: '2026-11-20T14:12:09.331Z', system: 'hubspot', actor: 'leadloop' },
  ],
  owner: { salesforceUserId: '005Hs00000A1b2CIAR', name: 'Dana Reyes', email: 'dana@acme.test' },
  opportunities: [
    {
      id: '006Hs00001Qw3ErIAJ',
      name: 'Acme Analytics — Platform',
      stage: 'Closed Lost',
      amount: 48000,
      currency: 'USD',
      closeDate: '2026-06-30',
      status: 'lost',
      lossReason: 'No budget',
    },
  ],
  sla: {
    startedAt: '2026-11-20T14:12:09.331Z',
    dueAt: '2026-11-20T15:12:09.331Z',
    firstTouchAt: '2026-11-20T14:40:00.000Z',
    status: 'met',
  },
  recycle: {
    reason: 'closed lost: no budget until 2027',
    at: '2026-07-01T16:00:00.000Z',
    count: 1,
  },
  createdAt: '2026-03-02T15:04:11.000Z',
  updatedAt: '2026-11-20T14:40:00.000Z',
};

describe('the universal lead schema', () => {
  it('accepts a complete lead', () => {
    expect(LeadSchema.parse(lead)).toEqual(lead);
  });

  it('names the ten lead fields', () => {
    expect(LEAD_FIELD_NAMES).toEqual([
      'email',
      'firstName',
      'lastName',
      'company',
      'title',
      'phone',
      'country',
      'leadSource',
      'campaign',
      'owner',
    ]);
  });

  it('refuses a stage that disagrees with the history, and a recycle without a reason', () => {
    const history = lead.stageHistory.map(({ reason: _reason, ...entry }) => entry);
    const result = LeadSchema.safeParse({ ...lead, stage: 'sal', stageHistory: history });
    expect(issuesOf(result)).toEqual([
      'stage: expected stage mql, the last stage in its history',
      'stageHistory.2.reason: expected a reason for the move to recycled',
    ]);
  });

  it('refuses timestamps that are not UTC, a bad uuid and unknown keys', () => {
    const result = LeadSchema.safeParse({
      ...lead,
      links: { ...lead.links, leadloopId: 'lead-1' },
      createdAt: '2026-03-02T10:04:11-05:00',
      fields: { ...lead.fields, jobTitle: 'VP' },
    });
    expect(issuesOf(result).map((line) => line.split(':')[0])).toEqual([
      'links.leadloopId',
      'fields',
      'createdAt',
    ]);
  });
});
