import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SoqlError } from '../../../connectors/salesforce/soql.ts';
import type { FakeOrg } from './fake-org.ts';
import { connect, since, startOrg } from './support.ts';

/**
 * Every value that reaches SOQL, made hostile. The org double reads SOQL literals with its own
 * decoder (the reference's escape table), so a value that round-trips must match only itself.
 */
const HOSTILE = [
  "x' OR Email != '",
  "\\' OR Email != \\'",
  '\\',
  "\\\\'",
  "o'neil@acme.example",
  'line\nbreak@acme.example',
  'tab\there@acme.example',
  'quote"d@acme.example',
  'zoë@例え.jp',
  '😀@emoji.example',
  '%_wild@acme.example',
];

describe('hostile values in SOQL', () => {
  let org: FakeOrg;
  const idOf = new Map<string, string>();

  beforeAll(async () => {
    org = await startOrg();
    await connect(org).setup();
    org.insert('Lead', {
      LastName: 'Victim',
      Company: 'Acme',
      Email: 'victim@acme.example',
      LeadLoop_Id__c: 'victim',
    });
    for (const value of HOSTILE) {
      idOf.set(
        value,
        org.insert('Lead', {
          LastName: 'Hostile',
          Company: 'Acme',
          Email: value,
          LeadLoop_Id__c: value,
        }).Id as string,
      );
    }
  });
  afterAll(() => org.close());

  it.each(HOSTILE)('findByEmails(%j) finds exactly that lead', async (value) => {
    const records = await connect(org).findByEmails('Lead', [value]);
    expect(records.map((record) => record.id)).toEqual([idOf.get(value)]);
  });

  it('all hostile emails at once find all of them and nothing else', async () => {
    const records = await connect(org).findByEmails('Lead', HOSTILE);
    expect(records.map((record) => record.id).sort()).toEqual([...idOf.values()].sort());
  });

  it.each(HOSTILE)(
    'an upsert key %j that asks for assignment matches only its own lead',
    async (value) => {
      const connector = connect(org);
      const [outcome] = await connector.write('Lead', [
        {
          ref: 'h',
          action: 'upsert',
          upsertKey: { field: 'LeadLoop_Id__c', value },
          fields: { LastName: 'Hostile again' },
          assign: true,
        },
      ]);
      // It exists already, so it is updated and not re-assigned; the victim is untouched.
      expect(outcome).toEqual({ ref: 'h', ok: true, id: idOf.get(value), created: false });
      expect(org.assignHeaders.at(-1)).toBe('FALSE');
      expect(
        [...org.table('Lead').values()].find((row) => row.LeadLoop_Id__c === 'victim'),
      ).toMatchObject({ LastName: 'Victim' });
    },
  );

  it('ids that cannot be Salesforce ids never reach a query', async () => {
    const from = org.requests.length;
    const records = await connect(org).fetchByIds('Lead', [...HOSTILE, "00Q') OR (Id != '"]);
    expect(records).toEqual([]);
    expect(since(org, from).filter((request) => request.includes('/query'))).toEqual([]);
  });

  it('a hostile mapped field name never reaches SOQL', async () => {
    const connector = connect(org, {
      extraFields: { Lead: ['Email FROM User WHERE Name != null --'] },
    });
    // Not a field the org has, so describe filters it out (soqlField would refuse it too).
    const page = await connector.readPage('Lead', undefined);
    expect(Object.keys(page.records[0]!.fields)).not.toContain(
      'Email FROM User WHERE Name != null --',
    );
  });

  it('a hostile cursor is not a query fragment: it means a full resync', async () => {
    const page = await connect(org).readPage('Lead', {
      v: 1,
      modstamp: "2026-01-01T00:00:00Z OR Id != ''",
      seenIdsAtModstamp: [],
    });
    expect(page.records).toHaveLength(HOSTILE.length + 1);
  });

  it('a broken unicode value is refused rather than altered', async () => {
    await expect(
      connect(org).findByEmails('Lead', ['half\ud800@acme.example']),
    ).rejects.toBeInstanceOf(SoqlError);
  });
});
