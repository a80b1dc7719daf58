import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { sfError, startSalesforce, type JsonBody, type SalesforceHarness } from './support.ts';

/**
 * Describe and single-record REST through jsforce: describeGlobal, field describes, create /
 * retrieve / update / delete, upsert by external id, the lead assignment rule, audit fields,
 * and the per-field errors Salesforce answers.
 */
const statusDescribe = JSON.parse(
  readFileSync(
    new URL('../../../fixtures/salesforce/sandbox/describe-lead-status.json', import.meta.url),
    'utf8',
  ),
) as JsonBody;
const noAssign = { headers: { 'Sforce-Auto-Assign': 'FALSE' } };

describe('Salesforce sandbox: describe and sObject rows', () => {
  let sf: SalesforceHarness;
  let users: { integration: string; reps: string[]; queue: string };

  beforeAll(async () => {
    sf = await startSalesforce({ sandbox: { withLeadloopFields: true } });
  });
  beforeEach(async () => {
    await sf.admin('/reset', { systems: ['salesforce'] });
    await sf.admin('/clock', { now: '2026-11-24T08:15:30.000Z' });
    users = (await sf.admin('/salesforce/stats', undefined, 'GET')).body.users;
  });
  afterAll(() => sf.server.close());

  it('lists the objects and versions the org serves', async () => {
    const global = await sf.conn.describeGlobal();
    expect(global.sobjects.map((object) => [object.name, object.keyPrefix])).toEqual([
      ['Lead', '00Q'],
      ['Contact', '003'],
      ['Account', '001'],
      ['Opportunity', '006'],
      ['OpportunityContactRole', '00K'],
      ['Task', '00T'],
      ['Event', '00U'],
      ['User', '005'],
      ['Group', '00G'],
    ]);
    const versions = (await sf.raw('GET', '/services/data/', { token: null })).body;
    expect(versions.at(-1)).toEqual({
      label: "Winter '27",
      url: '/services/data/v68.0',
      version: '68.0',
    });
    expect(versions).toContainEqual({
      label: "Winter '25",
      url: '/services/data/v62.0',
      version: '62.0',
    });
    const resources = (await sf.raw('GET', '/services/data/v62.0/')).body;
    expect(resources).toMatchObject({
      sobjects: '/services/data/v62.0/sobjects',
      query: '/services/data/v62.0/query',
      limits: '/services/data/v62.0/limits',
    });
    expect((await sf.raw('GET', '/services/data/v19.0/sobjects')).status).toBe(404);
  });

  it('describes fields as Salesforce does: picklists, references, external ids, custom fields', async () => {
    const lead = await sf.conn.describe('Lead');
    const field = (name: string) =>
      lead.fields.find((candidate) => candidate.name === name) as JsonBody;
    expect(field('Status')).toEqual(statusDescribe);
    expect(field('OwnerId')).toMatchObject({
      type: 'reference',
      referenceTo: ['Group', 'User'],
      relationshipName: 'Owner',
      polymorphicForeignKey: true,
      nillable: false,
    });
    expect(field('ConvertedContactId')).toMatchObject({
      referenceTo: ['Contact'],
      relationshipName: 'ConvertedContact',
      createable: false,
      updateable: false,
    });
    expect(field('LastName')).toMatchObject({
      type: 'string',
      length: 80,
      nillable: false,
      createable: true,
    });
    expect(field('AnnualRevenue')).toMatchObject({ type: 'currency', precision: 18, scale: 0 });
    expect(field('LeadSource').picklistValues.map((entry: JsonBody) => entry.value)).toEqual([
      'Web',
      'Phone Inquiry',
      'Partner Referral',
      'Purchased List',
      'Other',
    ]);
    expect(field('LeadSource').restrictedPicklist).toBe(false);
    expect(field('LeadLoop_Id__c')).toMatchObject({
      type: 'string',
      length: 36,
      externalId: true,
      unique: true,
      custom: true,
      idLookup: true,
      nillable: true,
    });
    expect(field('LeadLoop_Score__c')).toMatchObject({
      type: 'double',
      precision: 5,
      scale: 0,
      custom: true,
    });
    expect(field('LeadLoop_Stage__c')).toMatchObject({
      type: 'picklist',
      restrictedPicklist: true,
    });
    const opportunity = await sf.conn.describe('Opportunity');
    expect(
      opportunity.fields
        .find((candidate) => candidate.name === 'StageName')
        ?.picklistValues?.map((entry) => entry.value),
    ).toContain('Closed Won');
    expect((await sfError(() => sf.conn.describe('Leed'))).errorCode).toBe('NOT_FOUND');
  });

  it('creates, reads with ?fields=, updates and deletes a lead with true audit fields', async () => {
    const created = await sf.conn
      .sobject('Lead')
      .create(
        { LastName: 'Okafor', Company: 'Summit LLC', Email: 'Kwame.Okafor@summit.example' },
        noAssign,
      );
    expect(created).toEqual({
      id: expect.stringMatching(/^00QDn[0-9A-Za-z]{13}$/),
      success: true,
      errors: [],
    });
    const id = created.id!;
    expect(
      await sf.conn.sobject('Lead').retrieve(id, {
        fields: ['Name', 'Status', 'OwnerId', 'CreatedDate', 'CreatedById', 'SystemModstamp'],
      }),
    ).toEqual({
      attributes: { type: 'Lead', url: `/services/data/v62.0/sobjects/Lead/${id}` },
      Name: 'Okafor',
      Status: 'Open - Not Contacted',
      OwnerId: users.integration,
      CreatedDate: '2026-11-24T08:15:30.000+0000',
      CreatedById: users.integration,
      SystemModstamp: '2026-11-24T08:15:30.000+0000',
    });
    await sf.admin('/clock', { advanceMs: 61_000 });
    expect(
      await sf.conn
        .sobject('Lead')
        .update({ Id: id, FirstName: 'Kwame', Status: 'Working - Contacted' }, noAssign),
    ).toEqual({ id, success: true, errors: [] });
    const updated = await sf.conn.sobject('Lead').retrieve(id);
    expect(updated).toMatchObject({
      Name: 'Kwame Okafor',
      Status: 'Working - Contacted',
      CreatedDate: '2026-11-24T08:15:30.000+0000',
      LastModifiedDate: '2026-11-24T08:16:31.000+0000',
      SystemModstamp: '2026-11-24T08:16:31.000+0000',
    });
    expect(await sf.conn.sobject('Lead').destroy(id)).toEqual({ id, success: true, errors: [] });
    expect((await sfError(() => sf.conn.sobject('Lead').retrieve(id))).errorCode).toBe('NOT_FOUND');
    expect(
      await sfError(() => sf.conn.sobject('Lead').update({ Id: id, Title: 'x' })),
    ).toMatchObject({ errorCode: 'ENTITY_IS_DELETED', message: 'entity is deleted' });
    expect((await sfError(() => sf.conn.sobject('Lead').destroy(id))).errorCode).toBe(
      'ENTITY_IS_DELETED',
    );
  });

  it('assigns new leads round-robin over the sales reps unless Sforce-Auto-Assign is FALSE', async () => {
    const owners = [];
    for (const name of ['One', 'Two', 'Three']) {
      const { id } = await sf.conn.sobject('Lead').create({ LastName: name, Company: 'Assign Co' });
      owners.push((await sf.conn.sobject('Lead').retrieve(id!, { fields: ['OwnerId'] })).OwnerId);
    }
    expect(owners).toEqual(users.reps.slice(0, 3));
    const explicit = await sf.conn
      .sobject('Lead')
      .create(
        { LastName: 'Mine', Company: 'Assign Co', OwnerId: users.reps[5] },
        { headers: { 'Sforce-Auto-Assign': 'false' } },
      );
    expect(
      (await sf.conn.sobject('Lead').retrieve(explicit.id!, { fields: ['OwnerId'] })).OwnerId,
    ).toBe(users.reps[5]);
    await sf.admin('/salesforce/assignment', { active: false });
    const unruled = await sf.conn
      .sobject('Lead')
      .create({ LastName: 'Nobody', Company: 'Assign Co' });
    expect(
      (await sf.conn.sobject('Lead').retrieve(unruled.id!, { fields: ['OwnerId'] })).OwnerId,
    ).toBe(users.integration);
  });

  it('runs the assignment rule again on an update without the header (the REST default), not with FALSE', async () => {
    const owner = async (id: string) =>
      (await sf.conn.sobject('Lead').retrieve(id, { fields: ['OwnerId'] })).OwnerId;
    const { id } = await sf.conn
      .sobject('Lead')
      .create({ LastName: 'Reassigned', Company: 'Rule Co' });
    expect(await owner(id!)).toBe(users.reps[0]);
    await sf.conn.sobject('Lead').update({ Id: id!, Title: 'Buyer' }, noAssign);
    expect(await owner(id!)).toBe(users.reps[0]);
    await sf.conn.sobject('Lead').update({ Id: id!, Title: 'Champion' });
    expect(await owner(id!)).toBe(users.reps[1]);
  });

  it('upserts by external id: 201 created, then 200 updated on the same record', async () => {
    const key = '6f1c2a57-93a4-4a8e-9a7f-0d2f1b3c4e5a';
    const first = await sf.raw(
      'PATCH',
      `/services/data/v62.0/sobjects/Lead/LeadLoop_Id__c/${key}`,
      {
        body: { LastName: 'Handoff', Company: 'Upsert Inc', LeadLoop_Stage__c: 'MQL' },
        headers: { 'Sforce-Auto-Assign': 'FALSE' },
      },
    );
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      id: expect.stringMatching(/^00Q/),
      success: true,
      errors: [],
      created: true,
    });
    const second = await sf.conn
      .sobject('Lead')
      .upsert(
        { LeadLoop_Id__c: key.toUpperCase(), LeadLoop_Stage__c: 'SAL' },
        'LeadLoop_Id__c',
        noAssign,
      );
    expect(second).toEqual({ id: first.body.id, success: true, errors: [], created: false });
    expect(
      await sf.conn
        .sobject('Lead')
        .retrieve(first.body.id, { fields: ['LeadLoop_Id__c', 'LeadLoop_Stage__c'] }),
    ).toMatchObject({ LeadLoop_Id__c: key, LeadLoop_Stage__c: 'SAL' });
    const byKey = await sf.raw(
      'GET',
      `/services/data/v62.0/sobjects/Lead/LeadLoop_Id__c/${key}?fields=Id,LastName`,
    );
    expect(byKey.body).toMatchObject({ Id: first.body.id, LastName: 'Handoff' });
    const notKey = await sf.raw('PATCH', '/services/data/v62.0/sobjects/Lead/Email/a@b.example', {
      body: { LastName: 'x' },
    });
    expect(notKey).toMatchObject({
      status: 404,
      body: [
        {
          errorCode: 'NOT_FOUND',
          message: 'Provided external ID field does not exist or is not accessible: Email',
        },
      ],
    });
    const updateOnly = await sf.raw(
      'PATCH',
      '/services/data/v62.0/sobjects/Lead/LeadLoop_Id__c/missing?updateOnly=true',
      { body: { LastName: 'x' } },
    );
    expect(updateOnly.status).toBe(404);
  });

  it('answers each field error with its vendor code, message and fields', async () => {
    const lead = sf.conn.sobject('Lead');
    expect(
      await sfError(() => lead.create({ FirstName: 'No', Email: 'no@last.example' })),
    ).toMatchObject({
      errorCode: 'REQUIRED_FIELD_MISSING',
      message: 'Required fields are missing: [LastName, Company]',
      data: { fields: ['LastName', 'Company'] },
    });
    expect(
      await sfError(() => lead.create({ LastName: 'Bad', Company: 'X', Email: 'not-an-email' })),
    ).toMatchObject({
      errorCode: 'INVALID_EMAIL_ADDRESS',
      message: 'Email: invalid email address: not-an-email',
      data: { fields: ['Email'] },
    });
    expect(
      await sfError(() => lead.create({ LastName: 'Bad', Company: 'X', Status: 'Qualified' })),
    ).toMatchObject({
      errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      message: 'Status: bad value for restricted picklist field: Qualified',
    });
    expect(
      await sfError(() => lead.create({ LastName: 'Bad', Company: 'X', Foo__c: 1 })),
    ).toMatchObject({
      errorCode: 'INVALID_FIELD',
      message: "No such column 'Foo__c' on sobject of type Lead",
    });
    expect(
      await sfError(() => lead.create({ LastName: 'Bad', Company: 'X', IsConverted: true })),
    ).toMatchObject({
      errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
      data: { fields: ['IsConverted'] },
    });
    expect(
      await sfError(() =>
        lead.create({ LastName: 'Bad', Company: 'X', OwnerId: '001Dn0000004ZZZAAA' }),
      ),
    ).toMatchObject({
      errorCode: 'MALFORMED_ID',
      message: 'Owner ID: id value of incorrect type: 001Dn0000004ZZZAAA',
    });
    expect(
      await sfError(() => lead.create({ LastName: 'x'.repeat(81), Company: 'X' })),
    ).toMatchObject({ errorCode: 'STRING_TOO_LONG' });
    expect(
      await sfError(() =>
        lead.create({ LastName: 'Bad', Company: 'X', LeadLoop_Score__c: 123456 }),
      ),
    ).toMatchObject({
      errorCode: 'NUMBER_OUTSIDE_VALID_RANGE',
      message: 'LeadLoop Score: value outside of valid range on numeric field: 123456',
    });
    expect(
      await sfError(() =>
        lead.create({ LastName: 'Bad', Company: 'X', LeadLoop_MQL_At__c: 'yesterday' }),
      ),
    ).toMatchObject({ errorCode: 'JSON_PARSER_ERROR' });
    const key = { LastName: 'Dup', Company: 'X', LeadLoop_Id__c: 'dup-key' };
    const original = await lead.create(key, noAssign);
    expect(await sfError(() => lead.create({ ...key, LeadLoop_Id__c: 'DUP-KEY' }))).toMatchObject({
      errorCode: 'DUPLICATE_VALUE',
      message: `duplicate value found: LeadLoop_Id__c duplicates value on record with id: ${original.id}`,
    });
    const malformed = await sf.raw('PATCH', '/services/data/v62.0/sobjects/Lead/not-an-id', {
      body: { Title: 'x' },
    });
    expect(malformed.body).toEqual([
      {
        errorCode: 'NOT_FOUND',
        message: 'Provided external ID field does not exist or is not accessible: not-an-id',
      },
    ]);
    const badJson = await sf.raw('POST', '/services/data/v62.0/sobjects/Lead', {
      body: '{"LastName": }',
    });
    expect(badJson.body).toEqual([
      {
        message: "Unexpected character ('}' (code 125)) at [line:1, column:14]",
        errorCode: 'JSON_PARSER_ERROR',
      },
    ]);
  });

  it('derives opportunity and task fields the org computes', async () => {
    const account = await sf.conn.sobject('Account').create({ Name: 'Derive Corp' });
    const opportunity = await sf.conn.sobject('Opportunity').create({
      Name: 'Derive - Platform',
      AccountId: account.id,
      StageName: 'Closed Won',
      CloseDate: '2026-11-30',
      Amount: 48000.456,
    });
    expect(
      await sf.conn.sobject('Opportunity').retrieve(opportunity.id!, {
        fields: ['IsClosed', 'IsWon', 'Probability', 'Amount', 'CloseDate', 'ForecastCategoryName'],
      }),
    ).toMatchObject({
      IsClosed: true,
      IsWon: true,
      Probability: 100,
      Amount: 48000.46,
      CloseDate: '2026-11-30',
      ForecastCategoryName: 'Closed',
    });
    expect(
      await sfError(() => sf.conn.sobject('Opportunity').create({ AccountId: account.id })),
    ).toMatchObject({
      message: 'Required fields are missing: [Name, StageName, CloseDate]',
    });
    const event = await sf.conn.sobject('Event').create({
      Subject: 'Meeting',
      StartDateTime: '2026-11-25T15:00:00Z',
      DurationInMinutes: 45,
      WhatId: opportunity.id,
    });
    expect(
      await sf.conn.sobject('Event').retrieve(event.id!, {
        fields: ['ActivityDateTime', 'ActivityDate', 'EndDateTime'],
      }),
    ).toMatchObject({
      ActivityDateTime: '2026-11-25T15:00:00.000+0000',
      ActivityDate: '2026-11-25',
      EndDateTime: '2026-11-25T15:45:00.000+0000',
    });
    expect(
      await sfError(() => sf.conn.sobject('Event').create({ Subject: 'Meeting' })),
    ).toMatchObject({ errorCode: 'REQUIRED_FIELD_MISSING' });
    const task = await sf.conn
      .sobject('Task')
      .create({ Subject: 'Call', Status: 'Completed', WhatId: opportunity.id });
    expect(
      await sf.conn
        .sobject('Task')
        .retrieve(task.id!, { fields: ['IsClosed', 'CompletedDateTime', 'Priority', 'OwnerId'] }),
    ).toEqual(
      expect.objectContaining({
        IsClosed: true,
        CompletedDateTime: '2026-11-24T08:15:30.000+0000',
        Priority: 'Normal',
        OwnerId: users.integration,
      }),
    );
  });
});
