import { describe, expect, it } from '@jest/globals';
import { SalesforceQueryResultRaw } from '../../../connectors/salesforce/schemas.ts';
import { attachMergedIds, toSystemRecord } from '../../../connectors/salesforce/to-record.ts';
import { ConnectorError } from '../../../src/sync/connector.ts';
import { fixture } from './fixtures.ts';

const page = SalesforceQueryResultRaw.parse(fixture('lead-query-page.json'));

describe('Salesforce rows as SystemRecords', () => {
  it('normalises a Lead: owner as dotted fields, LeadLoop fields, UTC timestamps', () => {
    const record = toSystemRecord('Lead', page.records[0]);
    expect(record).toEqual({
      system: 'salesforce',
      object: 'Lead',
      id: '00Q5g00000AbCdEEAV',
      modifiedAt: '2026-03-01T08:00:01.000Z',
      createdAt: '2026-02-27T09:12:44.000Z',
      deleted: false,
      fields: {
        Id: '00Q5g00000AbCdEEAV',
        CreatedDate: '2026-02-27T09:12:44.000+0000',
        SystemModstamp: '2026-03-01T08:00:01.000+0000',
        IsDeleted: false,
        FirstName: 'Zoë',
        LastName: "O'Neil",
        Email: 'zoe.oneil@northwind.example',
        Title: 'Head of Operations',
        Phone: '+44 20 7946 0958',
        LeadSource: 'Web',
        OwnerId: '0055g00000Ka1ZzAAJ',
        'Owner.Name': 'Priya Raman',
        'Owner.Email': 'priya.raman@acme.example',
        MasterRecordId: null,
        Company: 'Northwind Traders',
        Country: 'United Kingdom',
        Status: 'Working - Contacted',
        IsConverted: false,
        ConvertedDate: null,
        ConvertedContactId: null,
        ConvertedAccountId: null,
        ConvertedOpportunityId: null,
        LeadLoop_Id__c: '6f1c2a57-93a4-4a8e-9a7f-0d2f1b3c4e5a',
        LeadLoop_Stage__c: 'SAL',
        LeadLoop_Score__c: 72,
        LeadLoop_Grade__c: 'B',
        LeadLoop_Score_Reasons__c: '+30 visited pricing\n+25 title: head of\n+17 webinar',
        LeadLoop_MQL_At__c: '2026-02-28T14:03:10.000+0000',
        LeadLoop_SLA_Due__c: '2026-03-01T14:03:10.000+0000',
        LeadLoop_SLA_Status__c: 'met',
        LeadLoop_Recycle_Reason__c: null,
      },
    });
  });

  it('keeps the conversion links of a converted lead', () => {
    const record = toSystemRecord('Lead', page.records[1]);
    expect(record.fields).toMatchObject({
      IsConverted: true,
      ConvertedContactId: '0035g00000XyZ12AAB',
      ConvertedOpportunityId: '0065g00000Opp12AAB',
      'Owner.Name': 'EMEA Inbound',
      'Owner.Email': null,
    });
  });

  it('marks a merged-away lead deleted and gives the survivor its id', () => {
    const selected = ['Owner.Name', 'Owner.Email'];
    const records = attachMergedIds(
      page.records.map((row) => toSystemRecord('Lead', row, selected)),
    );
    expect(records[2]).toMatchObject({
      deleted: true,
      fields: { MasterRecordId: '00Q5g00000AbCdFEAV', 'Owner.Name': null, 'Owner.Email': null },
    });
    expect(records[2]!.fields).not.toHaveProperty('Owner');
    expect(records[1]!.mergedIds).toEqual(['00Q5g00000AbCdGEAV']);
    expect(records[0]!.mergedIds).toBeUndefined();
  });

  it('reads a pre-setup row without LeadLoop fields', () => {
    const record = toSystemRecord('Contact', {
      attributes: { type: 'Contact' },
      Id: '0035g00000XyZ12AAB',
      SystemModstamp: '2026-03-01T08:00:02.000+0000',
      Email: 'marcus.webb@contoso.example',
    });
    expect(record.fields).toEqual({
      Id: '0035g00000XyZ12AAB',
      SystemModstamp: '2026-03-01T08:00:02.000+0000',
      Email: 'marcus.webb@contoso.example',
    });
    expect(record.deleted).toBe(false);
    expect(record.createdAt).toBeUndefined();
  });

  it('refuses a row of the wrong shape with a clear error', () => {
    expect(() => toSystemRecord('Lead', { Id: 'x', SystemModstamp: 1 })).toThrow(ConnectorError);
  });
});
