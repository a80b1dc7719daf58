import { describe, expect, it } from '@jest/globals';
import type { SystemRecord } from '../../src/sync/connector.ts';
import {
  identifyPage,
  normalizeEmail,
  type IdentityIndex,
  type IdentityOptions,
} from '../../src/sync/identify.ts';

const record = (
  system: SystemRecord['system'],
  object: string,
  id: string,
  fields: SystemRecord['fields'],
): SystemRecord => ({
  system,
  object,
  id,
  modifiedAt: '2026-11-20T10:00:00Z',
  deleted: false,
  fields,
});

let counter = 0;
const options: IdentityOptions = {
  foldPlusAddressing: false,
  emailOf: (r) => {
    const value = r.fields.email ?? r.fields.Email;
    return typeof value === 'string' ? value : undefined;
  },
  leadloopIdOf: (r) => {
    const value = r.fields.leadloop_id ?? r.fields.LeadLoop_Id__c;
    return typeof value === 'string' ? value : undefined;
  },
  convertedToOf: (r) =>
    r.object === 'Lead' && typeof r.fields.ConvertedContactId === 'string'
      ? { system: 'salesforce', object: 'Contact', id: r.fields.ConvertedContactId }
      : undefined,
  newLeadId: () => `lead-new-${(counter += 1)}`,
};

const emptyIndex: IdentityIndex = {
  byLink: new Map(),
  byEmail: new Map(),
  knownLeadIds: new Set(),
};

describe('identify: which lead a record belongs to', () => {
  it('normalises emails: trim and case; plus-addressing only when configured', () => {
    expect(normalizeEmail('  Ana.Lopez@Globex.COM ', false)).toBe('ana.lopez@globex.com');
    expect(normalizeEmail('ana+webinar@globex.com', false)).toBe('ana+webinar@globex.com');
    expect(normalizeEmail('ana+webinar@globex.com', true)).toBe('ana@globex.com');
    expect(normalizeEmail('not-an-email', true)).toBeUndefined();
    expect(normalizeEmail('', true)).toBeUndefined();
  });

  it('a HubSpot contact and a Salesforce lead with the same email become one lead', () => {
    counter = 0;
    const { identified, conflicts } = identifyPage(
      [
        record('salesforce', 'Lead', '00Q000000000001AAA', { Email: 'ana.lopez@globex.com' }),
        record('hubspot', 'contacts', '501', { email: 'Ana.Lopez@globex.com' }),
      ],
      emptyIndex,
      options,
    );
    expect(conflicts).toEqual([]);
    expect(identified.map((i) => [i.leadId, i.reason, i.newLink, i.isNewLead])).toEqual([
      ['lead-new-1', 'new', true, true],
      ['lead-new-1', 'email', true, false],
    ]);
  });

  it('a stored link wins over the email, even after the email changed', () => {
    const index: IdentityIndex = {
      byLink: new Map([['hubspot:contacts:501', 'lead-a']]),
      byEmail: new Map([
        ['new@globex.com', [{ leadId: 'lead-b', links: ['salesforce:Lead:00Q1'] }]],
      ]),
      knownLeadIds: new Set(['lead-a', 'lead-b']),
    };
    const { identified } = identifyPage(
      [record('hubspot', 'contacts', '501', { email: 'new@globex.com' })],
      index,
      options,
    );
    expect(identified[0]).toMatchObject({ leadId: 'lead-a', reason: 'link', newLink: false });
  });

  it('a converted lead hands its identity to the converted contact', () => {
    const index: IdentityIndex = {
      byLink: new Map([['salesforce:Contact:003000000000001AAA', 'lead-a']]),
      byEmail: new Map(),
      knownLeadIds: new Set(['lead-a']),
    };
    const { identified } = identifyPage(
      [
        record('salesforce', 'Lead', '00Q000000000009AAA', {
          Email: 'other@globex.com',
          IsConverted: true,
          ConvertedContactId: '003000000000001AAA',
        }),
      ],
      index,
      options,
    );
    expect(identified[0]).toMatchObject({ leadId: 'lead-a', reason: 'conversion', newLink: true });
  });

  it('a record carrying a known leadloop id joins that lead; an unknown one keeps its id', () => {
    const index: IdentityIndex = {
      byLink: new Map(),
      byEmail: new Map(),
      knownLeadIds: new Set(['lead-a']),
    };
    const { identified } = identifyPage(
      [
        record('salesforce', 'Lead', '00Q1', { Email: 'x@y.com', LeadLoop_Id__c: 'lead-a' }),
        record('hubspot', 'contacts', '77', { email: 'z@y.com', leadloop_id: 'lead-from-before' }),
      ],
      index,
      options,
    );
    expect(identified.map((i) => [i.leadId, i.reason])).toEqual([
      ['lead-a', 'leadloop_id'],
      ['lead-from-before', 'new'],
    ]);
  });

  it('a known customer (Contact) and a new Lead with its email share the lead; no new lead is made', () => {
    const index: IdentityIndex = {
      byLink: new Map([['salesforce:Contact:003A', 'lead-customer']]),
      byEmail: new Map([
        ['cto@initech.com', [{ leadId: 'lead-customer', links: ['salesforce:Contact:003A'] }]],
      ]),
      knownLeadIds: new Set(['lead-customer']),
    };
    const { identified } = identifyPage(
      [record('hubspot', 'contacts', '900', { email: 'CTO@initech.com' })],
      index,
      options,
    );
    expect(identified[0]).toMatchObject({
      leadId: 'lead-customer',
      reason: 'email',
      isNewLead: false,
    });
  });

  it('two Salesforce leads with one email: the second is reported, not merged or guessed', () => {
    counter = 0;
    const { identified, conflicts } = identifyPage(
      [
        record('salesforce', 'Lead', '00Q1', { Email: 'dup@hooli.com' }),
        record('salesforce', 'Lead', '00Q2', { Email: 'dup@hooli.com' }),
      ],
      emptyIndex,
      options,
    );
    expect(identified).toHaveLength(1);
    expect(conflicts).toEqual([
      expect.objectContaining({
        leadId: 'lead-new-1',
        existing: 'salesforce:Lead:00Q1',
        email: 'dup@hooli.com',
      }),
    ]);
  });

  it('an email shared by two stored leads is ambiguous: reported', () => {
    const index: IdentityIndex = {
      byLink: new Map(),
      byEmail: new Map([
        [
          'shared@acme.com',
          [
            { leadId: 'lead-1', links: ['salesforce:Lead:00Q1'] },
            { leadId: 'lead-2', links: ['salesforce:Contact:003B'] },
          ],
        ],
      ]),
      knownLeadIds: new Set(['lead-1', 'lead-2']),
    };
    const { identified, conflicts } = identifyPage(
      [record('hubspot', 'contacts', '5', { email: 'shared@acme.com' })],
      index,
      options,
    );
    expect(identified).toEqual([]);
    expect(conflicts).toHaveLength(1);
  });
});
