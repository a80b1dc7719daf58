import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { sfError, startSalesforce, type JsonBody, type SalesforceHarness } from './support.ts';

/**
 * Lead conversion through jsforce's `conn.soap.convertLead()` (partner SOAP API): account,
 * contact, optional opportunity with a primary contact role, the read-only converted lead,
 * activities moving to the contact, and the SOAP failure shapes.
 */
const noAssign = { headers: { 'Sforce-Auto-Assign': 'FALSE' } };

describe('Salesforce sandbox: lead conversion (SOAP convertLead)', () => {
  let sf: SalesforceHarness;
  let leadId: string;
  let users: { integration: string; reps: string[] };

  beforeAll(async () => {
    sf = await startSalesforce({ sandbox: { withLeadloopFields: true } });
  });
  beforeEach(async () => {
    await sf.admin('/reset', { systems: ['salesforce'] });
    await sf.admin('/clock', { now: '2026-11-24T14:00:00.000Z' });
    users = (await sf.admin('/salesforce/stats', undefined, 'GET')).body.users;
    const created = await sf.conn.sobject('Lead').create(
      {
        FirstName: 'Zoë',
        LastName: 'Müller',
        Email: 'zoe.mueller@globex.example',
        Company: 'Globex GmbH',
        Title: 'Chief Revenue Officer',
        Country: 'Germany',
        LeadSource: 'Web',
        Status: 'Working - Contacted',
        OwnerId: users.reps[2],
        LeadLoop_Id__c: '0b8e4f7a-1d2c-4e5f-9a8b-7c6d5e4f3a2b',
        LeadLoop_Stage__c: 'SQL',
      },
      noAssign,
    );
    leadId = created.id!;
    await sf.conn.sobject('Task').create({ WhoId: leadId, Subject: 'Call', Status: 'Completed' });
  });
  afterAll(() => sf.server.close());

  it('creates account, contact, opportunity and primary contact role, and closes the lead', async () => {
    await sf.admin('/clock', { advanceMs: 5000 });
    const result = await sf.conn.soap.convertLead({
      leadId,
      convertedStatus: 'Closed - Converted',
    });
    expect(result).toEqual({
      accountId: expect.stringMatching(/^001/),
      contactId: expect.stringMatching(/^003/),
      errors: [],
      leadId,
      opportunityId: expect.stringMatching(/^006/),
      success: true,
    });
    const lead = await sf.conn.sobject('Lead').retrieve(leadId, {
      fields: [
        'IsConverted',
        'Status',
        'ConvertedAccountId',
        'ConvertedContactId',
        'ConvertedOpportunityId',
        'ConvertedDate',
        'SystemModstamp',
      ],
    });
    expect(lead).toMatchObject({
      IsConverted: true,
      Status: 'Closed - Converted',
      ConvertedAccountId: result.accountId,
      ConvertedContactId: result.contactId,
      ConvertedOpportunityId: result.opportunityId,
      ConvertedDate: '2026-11-24',
      SystemModstamp: '2026-11-24T14:00:05.000+0000',
    });
    const contact = await sf.conn.query<JsonBody>(
      `SELECT Name, Email, Title, MailingCountry, LeadSource, OwnerId, Account.Name, LeadLoop_Id__c, LeadLoop_Stage__c FROM Contact WHERE Id = '${result.contactId}'`,
    );
    expect(contact.records[0]).toMatchObject({
      Name: 'Zoë Müller',
      Email: 'zoe.mueller@globex.example',
      Title: 'Chief Revenue Officer',
      MailingCountry: 'Germany',
      LeadSource: 'Web',
      OwnerId: users.reps[2],
      Account: { Name: 'Globex GmbH' },
      LeadLoop_Id__c: '0b8e4f7a-1d2c-4e5f-9a8b-7c6d5e4f3a2b',
      LeadLoop_Stage__c: 'SQL',
    });
    const opportunity = await sf.conn.query<JsonBody>(
      `SELECT Name, StageName, CloseDate, IsClosed FROM Opportunity WHERE Id = '${result.opportunityId}'`,
    );
    expect(opportunity.records[0]).toMatchObject({
      Name: 'Globex GmbH-',
      StageName: 'Prospecting',
      CloseDate: '2026-12-31',
      IsClosed: false,
    });
    const roles = await sf.conn.query<JsonBody>(
      `SELECT ContactId, IsPrimary FROM OpportunityContactRole WHERE OpportunityId = '${result.opportunityId}'`,
    );
    expect(roles.records.map((role: JsonBody) => [role.ContactId, role.IsPrimary])).toEqual([
      [result.contactId, true],
    ]);
    const tasks = await sf.conn.query<JsonBody>(
      `SELECT WhoId FROM Task WHERE WhoId = '${result.contactId}'`,
    );
    expect(tasks.totalSize).toBe(1);
    const converted = await sf.conn.query<JsonBody>(
      `SELECT ConvertedContact.Email FROM Lead WHERE ConvertedContactId = '${result.contactId}'`,
    );
    expect(converted.records[0].ConvertedContact).toEqual({
      attributes: {
        type: 'Contact',
        url: `/services/data/v62.0/sobjects/Contact/${result.contactId}`,
      },
      Email: 'zoe.mueller@globex.example',
    });
  });

  it('uses the given account, skips the opportunity, and leaves the lead read-only', async () => {
    const account = await sf.conn.sobject('Account').create({ Name: 'Globex Holding' });
    const result = await sf.conn.soap.convertLead({
      leadId,
      convertedStatus: 'Closed - Converted',
      accountId: account.id!,
      doNotCreateOpportunity: true,
    });
    expect(result).toMatchObject({ success: true, accountId: account.id, opportunityId: null });
    expect(
      await sfError(() => sf.conn.sobject('Lead').update({ Id: leadId, Title: 'CEO' })),
    ).toMatchObject({
      errorCode: 'CANNOT_UPDATE_CONVERTED_LEAD',
      message: 'cannot reference converted lead',
    });
    const batch = await sf.conn.sobject('Lead').update([{ Id: leadId, Title: 'CEO' }]);
    expect(batch).toEqual([
      {
        id: leadId,
        success: false,
        errors: [
          {
            statusCode: 'CANNOT_UPDATE_CONVERTED_LEAD',
            message: 'cannot reference converted lead',
            fields: [],
          },
        ],
      },
    ]);
    const again = await sf.conn.soap.convertLead({ leadId, convertedStatus: 'Closed - Converted' });
    expect(again).toEqual({
      accountId: null,
      contactId: null,
      errors: [
        { message: 'cannot reference converted lead', statusCode: 'CANNOT_UPDATE_CONVERTED_LEAD' },
      ],
      leadId,
      opportunityId: null,
      success: false,
    });
  });

  it('converts several leads in one call, each on its own, and refuses a status that is not converted', async () => {
    const other = await sf.conn
      .sobject('Lead')
      .create({ LastName: 'Webb', Company: 'Contoso Ltd' }, noAssign);
    const results = await sf.conn.soap.convertLead([
      { leadId, convertedStatus: 'Working - Contacted' },
      { leadId: other.id!, convertedStatus: 'Closed - Converted', doNotCreateOpportunity: true },
    ]);
    expect(
      results.map((result) => [result.success, result.errors.map((error) => error.statusCode)]),
    ).toEqual([
      [false, ['INVALID_STATUS']],
      [true, []],
    ]);
    expect(
      (await sf.conn.sobject('Lead').retrieve(leadId, { fields: ['IsConverted'] })).IsConverted,
    ).toBe(false);
  });

  it('answers an expired session with the SOAP fault jsforce refreshes on', async () => {
    await sf.admin('/salesforce/sessions/expire', {});
    const response = await sf.raw('POST', '/services/Soap/u/62.0', {
      body: `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Header xmlns="urn:partner.soap.sforce.com"><SessionHeader><sessionId>stale</sessionId></SessionHeader></soapenv:Header><soapenv:Body xmlns="urn:partner.soap.sforce.com"><getServerTimestamp></getServerTimestamp></soapenv:Body></soapenv:Envelope>`,
      headers: { 'content-type': 'text/xml', SOAPAction: '""' },
      token: null,
    });
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toBe('text/xml;charset=UTF-8');
    expect(response.text).toContain(
      '<faultcode>sf:INVALID_SESSION_ID</faultcode><faultstring>INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: Illegal Session</faultstring>',
    );
  });
});
