import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { sfError, startSalesforce, type JsonBody, type SalesforceHarness } from './support.ts';

/**
 * sObject Collections through jsforce's array calls (create/update/upsert/destroy/retrieve):
 * per-record results in input order, partial failure, allOrNone rollback, the 200-record
 * limit, and the per-record vendor error codes.
 */
const noAssign = { headers: { 'Sforce-Auto-Assign': 'FALSE' } };
const ROLLED_BACK = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message:
    'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};

describe('Salesforce sandbox: sObject Collections', () => {
  let sf: SalesforceHarness;
  const leads = () => sf.conn.sobject('Lead');
  const count = async (soql: string) => (await sf.conn.query(soql)).totalSize;

  beforeAll(async () => {
    sf = await startSalesforce({ sandbox: { withLeadloopFields: true } });
  });
  beforeEach(async () => {
    await sf.admin('/reset', { systems: ['salesforce'] });
  });
  afterAll(() => sf.server.close());

  it('creates what it can and reports each failure in input order', async () => {
    const results = await leads().create(
      [
        { LastName: 'Ok One', Company: 'Batch Co', Email: 'one@batch.example' },
        { LastName: 'Bad Email', Company: 'Batch Co', Email: 'not-an-email' },
        { FirstName: 'No Last', Company: 'Batch Co' },
        { LastName: 'Bad Status', Company: 'Batch Co', Status: 'Hot Lead' },
        { LastName: 'Unknown', Company: 'Batch Co', Foo__c: 'x' },
        { LastName: 'Ok Two', Company: 'Batch Co' },
      ],
      noAssign,
    );
    expect(results).toEqual([
      { id: expect.stringMatching(/^00Q/), success: true, errors: [] },
      {
        success: false,
        errors: [
          {
            statusCode: 'INVALID_EMAIL_ADDRESS',
            message: 'Email: invalid email address: not-an-email',
            fields: ['Email'],
          },
        ],
      },
      {
        success: false,
        errors: [
          {
            statusCode: 'REQUIRED_FIELD_MISSING',
            message: 'Required fields are missing: [LastName]',
            fields: ['LastName'],
          },
        ],
      },
      {
        success: false,
        errors: [
          {
            statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
            message: 'Status: bad value for restricted picklist field: Hot Lead',
            fields: ['Status'],
          },
        ],
      },
      {
        success: false,
        errors: [
          {
            statusCode: 'INVALID_FIELD',
            message: "No such column 'Foo__c' on sobject of type Lead",
            fields: [],
          },
        ],
      },
      { id: expect.stringMatching(/^00Q/), success: true, errors: [] },
    ]);
    expect(await count("SELECT COUNT() FROM Lead WHERE Company = 'Batch Co'")).toBe(2);
  });

  it('rolls every record back with allOrNone when one fails', async () => {
    const results = await leads().create(
      [
        { LastName: 'Kept?', Company: 'Atomic Co', LeadLoop_Id__c: 'aon-1' },
        { LastName: 'Twin', Company: 'Atomic Co', LeadLoop_Id__c: 'aon-1' },
        { LastName: 'Kept too?', Company: 'Atomic Co' },
      ],
      { allOrNone: true, ...noAssign },
    );
    expect(results[0]).toEqual({ success: false, errors: [ROLLED_BACK] });
    expect(results[1]).toEqual({
      success: false,
      errors: [
        {
          statusCode: 'DUPLICATE_VALUE',
          message: expect.stringMatching(
            /^duplicate value found: LeadLoop_Id__c duplicates value on record with id: 00Q/,
          ),
          fields: [],
        },
      ],
    });
    expect(results[2]).toEqual({ success: false, errors: [ROLLED_BACK] });
    expect(await count("SELECT COUNT() FROM Lead WHERE Company = 'Atomic Co'")).toBe(0);

    const [target] = await leads().create([{ LastName: 'Before', Company: 'Atomic Co' }], noAssign);
    const updates = await leads().update(
      [
        { Id: target!.id!, LastName: 'After' },
        { Id: target!.id!, Email: 'bad' },
      ],
      { allOrNone: true, ...noAssign },
    );
    expect(updates).toEqual([
      { id: target!.id, success: false, errors: [ROLLED_BACK] },
      {
        id: target!.id,
        success: false,
        errors: [
          {
            statusCode: 'INVALID_EMAIL_ADDRESS',
            message: 'Email: invalid email address: bad',
            fields: ['Email'],
          },
        ],
      },
    ]);
    expect(await leads().retrieve(target!.id!, { fields: ['LastName'] })).toMatchObject({
      LastName: 'Before',
    });
  });

  it('updates, upserts and deletes by the collection endpoints', async () => {
    const created = await leads().create(
      [
        { LastName: 'Ada', Company: 'Loop Co', LeadLoop_Id__c: 'k-1' },
        { LastName: 'Bea', Company: 'Loop Co' },
      ],
      noAssign,
    );
    const [ada, bea] = created.map((result) => result.id!);
    const updated = await leads().update(
      [
        { Id: ada!, Title: 'CTO' },
        { Id: '00QDn00000000zzAAA', Title: 'ghost' },
        { Id: 'garbage', Title: 'x' },
        { Id: '001Dn0000004ZZZAAA', Title: 'wrong object' },
      ],
      noAssign,
    );
    expect(updated).toEqual([
      { id: ada, success: true, errors: [] },
      {
        success: false,
        errors: [
          {
            statusCode: 'MALFORMED_ID',
            message: 'Lead ID: id value of incorrect type: 00QDn00000000zzAAA',
            fields: ['Id'],
          },
        ],
      },
      {
        success: false,
        errors: [
          {
            statusCode: 'MALFORMED_ID',
            message: 'Lead ID: id value of incorrect type: garbage',
            fields: ['Id'],
          },
        ],
      },
      {
        success: false,
        errors: [
          {
            statusCode: 'MALFORMED_ID',
            message: 'Lead ID: id value of incorrect type: 001Dn0000004ZZZAAA',
            fields: ['Id'],
          },
        ],
      },
    ]);
    const upserted = await leads().upsert(
      [
        { LeadLoop_Id__c: 'k-1', LeadLoop_Stage__c: 'SAL' },
        { LeadLoop_Id__c: 'k-2', LastName: 'Cy', Company: 'Loop Co', LeadLoop_Stage__c: 'MQL' },
        { LeadLoop_Id__c: 'k-3', LastName: 'Di' },
      ],
      'LeadLoop_Id__c',
      noAssign,
    );
    expect(upserted).toEqual([
      { id: ada, success: true, errors: [], created: false },
      { id: expect.stringMatching(/^00Q/), success: true, errors: [], created: true },
      {
        success: false,
        errors: [
          {
            statusCode: 'REQUIRED_FIELD_MISSING',
            message: 'Required fields are missing: [Company]',
            fields: ['Company'],
          },
        ],
      },
    ]);
    const wrongKey = await sf.raw('PATCH', '/services/data/v62.0/composite/sobjects/Lead/Email', {
      body: { allOrNone: false, records: [] },
    });
    expect(wrongKey.body).toEqual([
      {
        message:
          'Field name provided, Email does not match an External ID, Salesforce Id, or indexed field for Lead',
        errorCode: 'INVALID_FIELD',
      },
    ]);
    const deleted = await leads().destroy([bea!, bea!, 'nope']);
    expect(deleted).toEqual([
      { id: bea, success: true, errors: [] },
      {
        id: bea,
        success: false,
        errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }],
      },
      {
        success: false,
        errors: [{ statusCode: 'MALFORMED_ID', message: 'malformed id nope', fields: [] }],
      },
    ]);
  });

  it('fails every record of an upsert call that repeats an external id (any case), and only those', async () => {
    const upserted = await leads().upsert(
      [
        { LeadLoop_Id__c: 'dup-1', LastName: 'Ada', Company: 'Dup Co' },
        { LeadLoop_Id__c: 'solo-1', LastName: 'Bea', Company: 'Dup Co' },
        { LeadLoop_Id__c: 'DUP-1', LastName: 'Cy', Company: 'Dup Co' },
        { LeadLoop_Id__c: 'dup-2', LastName: 'Di', Company: 'Dup Co' },
        { LeadLoop_Id__c: 'dup-2', LastName: 'Ed', Company: 'Dup Co' },
      ],
      'LeadLoop_Id__c',
      noAssign,
    );
    const duplicate = (value: string) => ({
      success: false,
      errors: [
        {
          statusCode: 'DUPLICATE_EXTERNAL_ID',
          message: `Duplicate external id specified: ${value}`,
          fields: ['LeadLoop_Id__c'],
        },
      ],
    });
    expect(upserted).toEqual([
      duplicate('dup-1'),
      { id: expect.stringMatching(/^00Q/), success: true, errors: [], created: true },
      duplicate('DUP-1'),
      duplicate('dup-2'),
      duplicate('dup-2'),
    ]);
    expect(await count('SELECT Id FROM Lead')).toBe(1);
  });

  it("resolves each record's own keys when the records of one call spell them differently", async () => {
    const created = await leads().create(
      [
        { LastName: 'Ada', Company: 'Keys Co', Title: 'CEO' },
        { company: 'Keys Co', lastname: 'Bea', title: 'CTO' },
        { LastName: 'Cy', Company: 'Keys Co', Name: 'not writable' },
        { LastName: 'Di', Company: 'Keys Co', Title: 'COO' },
      ],
      noAssign,
    );
    expect(created.map((result) => result.success)).toEqual([true, true, false, true]);
    expect(created[2]!.errors).toEqual([
      expect.objectContaining({ statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', fields: ['Name'] }),
    ]);
    const [ada, bea, , di] = created.map((result) => result.id!);
    const updated = await leads().update(
      [
        { Id: ada!, Title: 'CEO' },
        { Id: bea!, IsConverted: true },
        { Id: di!, title: 'CFO' },
      ],
      noAssign,
    );
    expect(updated.map((result) => result.success)).toEqual([true, false, true]);
    expect(updated[1]!.errors).toEqual([
      expect.objectContaining({
        statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
        fields: ['IsConverted'],
      }),
    ]);
    const rows = await sf.conn.query<{ LastName: string; Title: string }>(
      'SELECT LastName, Title FROM Lead ORDER BY LastName',
    );
    expect(rows.records.map(({ LastName, Title }) => [LastName, Title])).toEqual([
      ['Ada', 'CEO'],
      ['Bea', 'CTO'],
      ['Di', 'CFO'],
    ]);
  });

  it('retrieves many records with GET ?ids=&fields= and POST {ids, fields}, null for the missing', async () => {
    const [one, two] = (
      await leads().create(
        [
          { LastName: 'One', Company: 'R' },
          { LastName: 'Two', Company: 'R' },
        ],
        noAssign,
      )
    ).map((result) => result.id!);
    await leads().destroy(two!);
    const viaPost = await leads().retrieve([one!, two!, 'bogus'], {
      fields: ['LastName', 'Company'],
    });
    expect(viaPost).toEqual([
      {
        attributes: { type: 'Lead', url: `/services/data/v62.0/sobjects/Lead/${one}` },
        LastName: 'One',
        Company: 'R',
      },
      null,
      null,
    ]);
    const viaGet = await sf.raw(
      'GET',
      `/services/data/v62.0/composite/sobjects/Lead?ids=${one}&fields=Id,Name`,
    );
    expect(viaGet.body).toEqual([
      {
        attributes: { type: 'Lead', url: `/services/data/v62.0/sobjects/Lead/${one}` },
        Id: one,
        Name: 'One',
      },
    ]);
    const badField = await sf.raw(
      'GET',
      `/services/data/v62.0/composite/sobjects/Lead?ids=${one}&fields=Nope`,
    );
    expect(badField.status).toBe(400);
    expect(badField.body[0].errorCode).toBe('INVALID_FIELD');
  });

  it('refuses more than 200 records in one call unless jsforce splits them (allowRecursive)', async () => {
    const records = Array.from({ length: 201 }, (_, i) => ({
      LastName: `Bulk ${i}`,
      Company: 'Bulk Co',
    }));
    const refused = await sfError(() => leads().create(records, noAssign));
    expect(refused).toMatchObject({
      errorCode: 'EXCEEDED_ID_LIMIT',
      message: 'record limit reached. cannot submit more than 200 records into this call',
    });
    const split = await leads().create(records, { ...noAssign, allowRecursive: true });
    expect(split.filter((result: JsonBody) => result.success)).toHaveLength(201);
    const ids = Array.from({ length: 201 }, (_, i) => `00QDn00000${String(i).padStart(5, '0')}AAA`);
    expect((await sfError(() => leads().destroy(ids))).errorCode).toBe('EXCEEDED_ID_LIMIT');
  });
});
