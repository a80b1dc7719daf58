import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { sfError, startSalesforce, type JsonBody, type SalesforceHarness } from './support.ts';

/**
 * The Metadata API calls `leadloop setup` makes, through jsforce's `conn.metadata`: custom
 * fields that appear in describe and become queryable and writable, list views, permission
 * sets (and field-level security when the org enforces it), read and list.
 */
const stageValues = ['Inquiry', 'MQL', 'SAL'].map((value) => ({
  fullName: value,
  default: false,
  label: value,
}));

describe('Salesforce sandbox: Metadata API', () => {
  let sf: SalesforceHarness;
  const field = async (object: string, name: string) =>
    (await sf.conn.describe(object)).fields.find(
      (candidate) => candidate.name === name,
    ) as JsonBody;

  beforeAll(async () => {
    sf = await startSalesforce();
  });
  beforeEach(async () => {
    await sf.admin('/reset', { systems: ['salesforce'] });
  });
  afterAll(() => sf.server.close());

  it('starts without the leadloop fields: writing one is INVALID_FIELD, querying it INVALID_FIELD', async () => {
    expect(await field('Lead', 'LeadLoop_Id__c')).toBeUndefined();
    expect(
      (
        await sfError(() =>
          sf.conn.sobject('Lead').create({ LastName: 'x', Company: 'y', LeadLoop_Id__c: 'k' }),
        )
      ).errorCode,
    ).toBe('INVALID_FIELD');
    expect((await sfError(() => sf.conn.query('SELECT LeadLoop_Id__c FROM Lead'))).errorCode).toBe(
      'INVALID_FIELD',
    );
  });

  it('upserts custom fields that describe shows and the REST API reads and writes at once', async () => {
    const results = await sf.conn.metadata.upsert('CustomField', [
      {
        fullName: 'Lead.LeadLoop_Id__c',
        label: 'LeadLoop Id',
        type: 'Text',
        length: 36,
        externalId: true,
        unique: true,
        caseSensitive: false,
      },
      {
        fullName: 'Lead.LeadLoop_Score__c',
        label: 'LeadLoop Score',
        type: 'Number',
        precision: 5,
        scale: 0,
      },
      {
        fullName: 'Lead.LeadLoop_Score_Reasons__c',
        label: 'LeadLoop Score Reasons',
        type: 'LongTextArea',
        length: 32768,
        visibleLines: 5,
      },
      { fullName: 'Lead.LeadLoop_MQL_At__c', label: 'LeadLoop MQL At', type: 'DateTime' },
      {
        fullName: 'Lead.LeadLoop_Stage__c',
        label: 'LeadLoop Stage',
        type: 'Picklist',
        valueSet: { restricted: true, valueSetDefinition: { sorted: false, value: stageValues } },
      },
    ]);
    expect(results).toEqual([
      { created: true, fullName: 'Lead.LeadLoop_Id__c', success: true, errors: [] },
      { created: true, fullName: 'Lead.LeadLoop_Score__c', success: true, errors: [] },
      { created: true, fullName: 'Lead.LeadLoop_Score_Reasons__c', success: true, errors: [] },
      { created: true, fullName: 'Lead.LeadLoop_MQL_At__c', success: true, errors: [] },
      { created: true, fullName: 'Lead.LeadLoop_Stage__c', success: true, errors: [] },
    ]);
    expect(await field('Lead', 'LeadLoop_Id__c')).toMatchObject({
      type: 'string',
      length: 36,
      externalId: true,
      unique: true,
      custom: true,
      label: 'LeadLoop Id',
    });
    expect(await field('Lead', 'LeadLoop_Score__c')).toMatchObject({
      type: 'double',
      precision: 5,
      scale: 0,
    });
    expect(await field('Lead', 'LeadLoop_Score_Reasons__c')).toMatchObject({
      type: 'textarea',
      length: 32768,
      extraTypeInfo: 'plaintextarea',
      filterable: false,
    });
    expect(await field('Lead', 'LeadLoop_MQL_At__c')).toMatchObject({ type: 'datetime' });
    expect(
      (await field('Lead', 'LeadLoop_Stage__c')).picklistValues.map(
        (entry: JsonBody) => entry.value,
      ),
    ).toEqual(['Inquiry', 'MQL', 'SAL']);

    const created = await sf.conn.sobject('Lead').upsert(
      {
        LeadLoop_Id__c: 'ab-12',
        LastName: 'Fresh',
        Company: 'Meta Co',
        LeadLoop_Score__c: 72,
        LeadLoop_MQL_At__c: '2026-11-24T09:30:12.345Z',
        LeadLoop_Stage__c: 'MQL',
      },
      'LeadLoop_Id__c',
    );
    expect(created).toMatchObject({ success: true, created: true });
    const rows = await sf.conn.query<JsonBody>(
      "SELECT LeadLoop_Score__c, LeadLoop_MQL_At__c, LeadLoop_Stage__c FROM Lead WHERE LeadLoop_Id__c = 'AB-12'",
    );
    expect(rows.records[0]).toMatchObject({
      LeadLoop_Score__c: 72,
      LeadLoop_MQL_At__c: '2026-11-24T09:30:12.000+0000',
      LeadLoop_Stage__c: 'MQL',
    });
    expect(
      (
        await sfError(() =>
          sf.conn.sobject('Lead').update({ Id: created.id!, LeadLoop_Stage__c: 'Customer' }),
        )
      ).errorCode,
    ).toBe('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');

    // A second upsert updates the field (a picklist value added) and reports created: false.
    const again = await sf.conn.metadata.upsert('CustomField', {
      fullName: 'Lead.LeadLoop_Stage__c',
      label: 'LeadLoop Stage',
      type: 'Picklist',
      valueSet: {
        restricted: true,
        valueSetDefinition: {
          sorted: false,
          value: [...stageValues, { fullName: 'Customer', default: false, label: 'Customer' }],
        },
      },
    });
    expect(again).toEqual({
      created: false,
      fullName: 'Lead.LeadLoop_Stage__c',
      success: true,
      errors: [],
    });
    expect(
      await sf.conn.sobject('Lead').update({ Id: created.id!, LeadLoop_Stage__c: 'Customer' }),
    ).toMatchObject({ success: true });
  });

  it('reads back what it stored, with an empty record for a name it does not know, and lists components', async () => {
    await sf.conn.metadata.upsert('CustomField', [
      { fullName: 'Contact.LeadLoop_Grade__c', label: 'LeadLoop Grade', type: 'Text', length: 2 },
    ]);
    const [grade, missing] = await sf.conn.metadata.read('CustomField', [
      'Contact.LeadLoop_Grade__c',
      'Contact.Nope__c',
    ]);
    expect(grade).toMatchObject({
      fullName: 'Contact.LeadLoop_Grade__c',
      label: 'LeadLoop Grade',
      type: 'Text',
      length: 2,
    });
    expect((missing as JsonBody).fullName).toBeUndefined();
    await sf.conn.metadata.upsert('ListView', {
      fullName: 'Lead.LeadLoop_MQLs',
      label: 'LeadLoop: MQLs awaiting follow-up',
      filterScope: 'Everything',
      columns: ['FULL_NAME', 'LEAD.COMPANY', 'LEAD.STATUS'],
      filters: [{ field: 'LEAD.STATUS', operation: 'equals', value: 'Open - Not Contacted' }],
    });
    const view = (await sf.conn.metadata.read('ListView', 'Lead.LeadLoop_MQLs')) as JsonBody;
    expect(view).toMatchObject({
      fullName: 'Lead.LeadLoop_MQLs',
      label: 'LeadLoop: MQLs awaiting follow-up',
      filterScope: 'Everything',
      columns: ['FULL_NAME', 'LEAD.COMPANY', 'LEAD.STATUS'],
      filters: [{ field: 'LEAD.STATUS', operation: 'equals', value: 'Open - Not Contacted' }],
    });
    const listed = await sf.conn.metadata.list([{ type: 'CustomField' }, { type: 'ListView' }]);
    expect(listed.map((entry) => [entry.type, entry.fullName, entry.fileName])).toEqual([
      ['CustomField', 'Contact.LeadLoop_Grade__c', 'objects/Contact.object'],
      ['ListView', 'Lead.LeadLoop_MQLs', 'objects/Lead.object'],
    ]);
    expect(listed[0]).toMatchObject({
      id: expect.stringMatching(/^00N/),
      manageableState: 'unmanaged',
      createdByName: 'LeadLoop Integration',
    });
    expect(await sf.conn.metadata.list({ type: 'PermissionSet' })).toEqual([]);
  });

  it('rejects bad definitions per component and more than 10 components per call', async () => {
    const results = await sf.conn.metadata.upsert('CustomField', [
      { fullName: 'Lead.NoLength__c', label: 'No length', type: 'Text' },
      { fullName: 'Widget.Thing__c', label: 'Thing', type: 'Text', length: 10 },
      { fullName: 'Lead.Plain', label: 'Plain', type: 'Text', length: 10 },
      { fullName: 'Lead.Ok__c', label: 'Ok', type: 'Checkbox', defaultValue: 'false' },
    ]);
    expect(
      results.map((result) => [result.success, result.errors.map((error) => error.statusCode)]),
    ).toEqual([
      [false, ['FIELD_INTEGRITY_EXCEPTION']],
      [false, ['INVALID_CROSS_REFERENCE_KEY']],
      [false, ['FIELD_INTEGRITY_EXCEPTION']],
      [true, []],
    ]);
    const many = Array.from({ length: 11 }, (_, i) => ({
      fullName: `Lead.F${i}__c`,
      label: `F${i}`,
      type: 'Text',
      length: 10,
    }));
    expect(await sfError(() => sf.conn.metadata.upsert('CustomField', many))).toMatchObject({
      errorCode: 'sf:EXCEEDED_ID_LIMIT',
      message:
        'EXCEEDED_ID_LIMIT: record limit reached. cannot submit more than 10 records in this operation',
    });
  });

  it('hides custom fields until a permission set grants them when field-level security is enforced', async () => {
    await sf.admin('/salesforce/field-security', { enforced: true });
    await sf.conn.metadata.upsert('CustomField', {
      fullName: 'Lead.LeadLoop_Grade__c',
      label: 'LeadLoop Grade',
      type: 'Text',
      length: 2,
    });
    expect(await field('Lead', 'LeadLoop_Grade__c')).toBeUndefined();
    expect(
      (await sfError(() => sf.conn.query('SELECT LeadLoop_Grade__c FROM Lead'))).errorCode,
    ).toBe('INVALID_FIELD');
    const granted = await sf.conn.metadata.upsert('PermissionSet', {
      fullName: 'LeadLoop_Integration',
      label: 'LeadLoop Integration',
      fieldPermissions: [{ field: 'Lead.LeadLoop_Grade__c', editable: true, readable: true }],
    });
    expect(granted).toEqual({
      created: true,
      fullName: 'LeadLoop_Integration',
      success: true,
      errors: [],
    });
    expect(await field('Lead', 'LeadLoop_Grade__c')).toMatchObject({ name: 'LeadLoop_Grade__c' });
    expect((await sf.conn.query('SELECT LeadLoop_Grade__c FROM Lead')).totalSize).toBe(0);
    const set = (await sf.conn.metadata.read('PermissionSet', 'LeadLoop_Integration')) as JsonBody;
    expect(set.fieldPermissions).toEqual([
      { editable: true, field: 'Lead.LeadLoop_Grade__c', readable: true },
    ]);
    const unknown = await sf.conn.metadata.upsert('PermissionSet', {
      fullName: 'LeadLoop_Integration',
      label: 'LeadLoop Integration',
      fieldPermissions: [{ field: 'Lead.Nope__c', editable: true, readable: true }],
    });
    expect(unknown).toMatchObject({
      success: false,
      errors: [
        {
          statusCode: 'INVALID_CROSS_REFERENCE_KEY',
          message: 'In field: field - no CustomField named Lead.Nope__c found',
        },
      ],
    });
  });
});
