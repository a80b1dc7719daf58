import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startSalesforce, type JsonBody, type SalesforceHarness } from './support.ts';

/**
 * The list views `leadloop setup` installs on Lead and Contact through jsforce's
 * `conn.metadata.upsert('ListView', …)`: checked like the org checks them (API name, object,
 * label, scope, every column and filter field must resolve, custom fields must exist first),
 * read back with `metadata.read`, listed, and visible to `sobject(T).listviews()`.
 */
const followUpDue = {
  fullName: 'Lead.LeadLoop_Follow_Up_Due',
  label: 'LeadLoop: follow-up due',
  filterScope: 'Everything',
  columns: [
    'FULL_NAME',
    'LEAD.COMPANY',
    'LEAD.STATUS',
    'LeadLoop_SLA_Due__c',
    'Lead.LeadLoop_Score__c',
    'CORE.USERS.ALIAS',
  ],
  filters: [
    { field: 'LeadLoop_SLA_Status__c', operation: 'equals', value: 'on_track,breached' },
    { field: 'LEAD.CONVERTED', operation: 'equals', value: '0' },
  ],
};
const contactsRecycled = {
  fullName: 'Contact.LeadLoop_Recycled',
  label: 'LeadLoop: recycled',
  filterScope: 'Mine',
  columns: ['FULL_NAME', 'ACCOUNT.NAME', 'CONTACT.EMAIL', 'LeadLoop_Recycle_Reason__c'],
  filters: [{ field: 'LeadLoop_Recycle_Reason__c', operation: 'notEqual', value: '' }],
};

describe('Salesforce sandbox: list views (Metadata API ListView)', () => {
  let sf: SalesforceHarness;

  beforeAll(async () => {
    sf = await startSalesforce();
  });
  beforeEach(async () => {
    await sf.admin('/reset', { systems: ['salesforce'] });
    // What setup does before its list views: the leadloop custom fields.
    await sf.admin('/salesforce/leadloop-fields');
  });
  afterAll(() => sf.server.close());

  it('installs list views once, reads them back, and updates them on a second upsert', async () => {
    expect(await sf.conn.metadata.upsert('ListView', [followUpDue, contactsRecycled])).toEqual([
      { created: true, fullName: 'Lead.LeadLoop_Follow_Up_Due', success: true, errors: [] },
      { created: true, fullName: 'Contact.LeadLoop_Recycled', success: true, errors: [] },
    ]);
    const [lead, contact] = (await sf.conn.metadata.read('ListView', [
      'Lead.LeadLoop_Follow_Up_Due',
      'Contact.LeadLoop_Recycled',
    ])) as JsonBody[];
    expect(lead).toEqual(followUpDue);
    // jsforce reads through its ListView schema: one filter or column still comes back a list.
    expect(contact).toEqual(contactsRecycled);

    const relabelled = { ...followUpDue, label: 'LeadLoop: SLA due', columns: ['FULL_NAME'] };
    expect(await sf.conn.metadata.upsert('ListView', relabelled)).toEqual({
      created: false,
      fullName: 'Lead.LeadLoop_Follow_Up_Due',
      success: true,
      errors: [],
    });
    expect(await sf.conn.metadata.read('ListView', 'Lead.LeadLoop_Follow_Up_Due')).toEqual(
      relabelled,
    );
    const listed = await sf.conn.metadata.list({ type: 'ListView' });
    expect(listed.map((item) => [item.fullName, item.fileName, item.id.slice(0, 3)])).toEqual([
      ['Lead.LeadLoop_Follow_Up_Due', 'objects/Lead.object', '00B'],
      ['Contact.LeadLoop_Recycled', 'objects/Contact.object', '00B'],
    ]);
  });

  it('shows installed views to the REST listviews resource in the vendor shape', async () => {
    await sf.conn.metadata.upsert('ListView', [followUpDue, contactsRecycled]);
    const views = (await sf.conn.sobject('Lead').listviews()) as JsonBody;
    const [view] = views.listviews;
    const url = `/services/data/v62.0/sobjects/Lead/listviews/${view.id}`;
    expect(views).toEqual({
      done: true,
      listviews: [
        {
          describeUrl: `${url}/describe`,
          developerName: 'LeadLoop_Follow_Up_Due',
          id: expect.stringMatching(/^00B[A-Za-z0-9]{15}$/),
          label: 'LeadLoop: follow-up due',
          resultsUrl: `${url}/results`,
          soqlCompatible: true,
          url,
        },
      ],
      nextRecordsUrl: null,
      size: 1,
      sobjectType: 'Lead',
    });
    const single = await sf.raw('GET', url);
    expect([single.status, single.body.developerName]).toEqual([200, 'LeadLoop_Follow_Up_Due']);
    expect(single.headers.get('sforce-limit-info')).toMatch(/^api-usage=\d+\/115000$/);
    expect((await sf.raw('GET', url.replace(view.id, '00B000000000000AAA'))).status).toBe(404);

    await sf.conn.metadata.delete('ListView', 'Lead.LeadLoop_Follow_Up_Due');
    expect(((await sf.conn.sobject('Lead').listviews()) as JsonBody).size).toBe(0);
    expect(((await sf.conn.sobject('Contact').listviews()) as JsonBody).size).toBe(1);
  });

  it('refuses a view whose name, object, label, scope, columns or filters do not resolve', async () => {
    const bad = (change: Record<string, unknown>) => ({ ...followUpDue, ...change });
    const results = await sf.conn.metadata.upsert('ListView', [
      bad({ fullName: 'Lead.LeadLoop__Due' }),
      bad({ fullName: 'Lead.Due_' }),
      bad({ fullName: 'Widget.LeadLoop_Due' }),
      bad({ label: '' }),
      bad({ label: 'LeadLoop: every lead whose follow-up is due' }),
      bad({ filterScope: 'Anyone' }),
      bad({ columns: ['FULL_NAME', 'CreatedDate'] }),
      bad({ columns: ['LeadLoop_Nope__c'] }),
      bad({ filters: [{ field: 'Status', operation: 'equals', value: 'Open' }] }),
      bad({ filters: [{ field: 'LEAD.STATUS', operation: 'is', value: 'Open' }] }),
    ]);
    expect(
      results.map((result) => [result.success, result.created, result.errors[0]?.message]),
    ).toEqual([
      [
        false,
        false,
        'The List View API Name can only contain underscores and alphanumeric characters. It must be unique, begin with a letter, not include spaces, not end with an underscore, and not contain two consecutive underscores.',
      ],
      [
        false,
        false,
        'The List View API Name can only contain underscores and alphanumeric characters. It must be unique, begin with a letter, not include spaces, not end with an underscore, and not contain two consecutive underscores.',
      ],
      [false, false, 'In field: fullName - no CustomObject named Widget found'],
      [false, false, 'Required field is missing: label'],
      [
        false,
        false,
        'View Name: data value too large: LeadLoop: every lead whose follow-up is due (max length=40)',
      ],
      [false, false, 'filterScope: bad value for restricted picklist field: Anyone'],
      [false, false, 'Could not resolve list view column: CreatedDate'],
      [false, false, 'Could not resolve list view column: LeadLoop_Nope__c'],
      [false, false, 'Could not resolve list view filter field: Status'],
      [false, false, 'operation: bad value for restricted picklist field: is'],
    ]);
    expect(results.map((result) => result.errors[0]?.statusCode)).toEqual([
      'FIELD_INTEGRITY_EXCEPTION',
      'FIELD_INTEGRITY_EXCEPTION',
      'INVALID_CROSS_REFERENCE_KEY',
      'REQUIRED_FIELD_MISSING',
      'STRING_TOO_LONG',
      'FIELD_INTEGRITY_EXCEPTION',
      'FIELD_INTEGRITY_EXCEPTION',
      'FIELD_INTEGRITY_EXCEPTION',
      'FIELD_INTEGRITY_EXCEPTION',
      'FIELD_INTEGRITY_EXCEPTION',
    ]);
    expect(await sf.conn.metadata.list({ type: 'ListView' })).toEqual([]);
  });

  it('needs the custom fields first: a view over a field setup has not created fails', async () => {
    await sf.admin('/reset', { systems: ['salesforce'] });
    const [result] = await sf.conn.metadata.upsert('ListView', [followUpDue]);
    expect(result).toMatchObject({
      success: false,
      errors: [
        {
          statusCode: 'FIELD_INTEGRITY_EXCEPTION',
          message: 'Could not resolve list view column: LeadLoop_SLA_Due__c',
        },
      ],
    });
  });
});
