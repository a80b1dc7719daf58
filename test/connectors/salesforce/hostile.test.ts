import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SoqlError } from '../../../connectors/salesforce/soql.ts';
import { connect, counting, startOrg, V, type Org } from './support.ts';

/**
 * Every value that reaches SOQL, made hostile. The sandbox parses SOQL literals with
 * Salesforce's escape table, so a value that round-trips must match only itself; an injected
 * `OR` would return every lead, and a broken escape would be a MALFORMED_QUERY.
 */
const HOSTILE = [
  "x' OR Email != '",
  "' OR Name != '",
  "\\' OR Email != \\'",
  '\\',
  "\\\\'",
  "o'neil@acme.example",
  "a'OR'x'='x@acme.example",
  'line\nbreak@acme.example',
  'tab\there@acme.example',
  'quote"d@acme.example',
  'bell\u0007@acme.example',
  'zoë@例え.jp',
  '😀@emoji.example',
  '%_wild@acme.example',
];
/** The ones Salesforce accepts as an Email value (ASCII local part, quotes allowed). */
const STORABLE_EMAILS = new Set([
  "o'neil@acme.example",
  "a'OR'x'='x@acme.example",
  '%_wild@acme.example',
]);

describe('hostile values in SOQL, against the sandbox', () => {
  let org: Org;
  const idOf = new Map<string, string>();
  const lead = (id: string) => org.sandbox.state.store('Lead')!.records.get(id)!.values;
  let victimId = '';

  beforeAll(async () => {
    org = await startOrg({ withLeadloopFields: true });
    const connector = connect(org);
    const outcomes = await connector.write('Lead', [
      {
        ref: 'victim',
        action: 'upsert',
        upsertKey: { field: 'LeadLoop_Id__c', value: 'victim' },
        fields: { LastName: 'Victim', Company: 'Acme', Email: 'victim@acme.example' },
      },
      ...HOSTILE.map((value) => ({
        ref: value,
        action: 'upsert' as const,
        upsertKey: { field: 'LeadLoop_Id__c', value },
        fields: {
          LastName: 'Hostile',
          Company: 'Acme',
          ...(STORABLE_EMAILS.has(value) ? { Email: value } : {}),
        },
      })),
    ]);
    for (const outcome of outcomes) {
      if (!outcome.ok) throw new Error(`setup write failed: ${outcome.error.message}`);
      if (outcome.ref === 'victim') victimId = outcome.id;
      else idOf.set(outcome.ref, outcome.id);
    }
  });
  afterAll(() => org.close());

  it('stores every hostile upsert key verbatim, one lead each', () => {
    expect(new Set(idOf.values()).size).toBe(HOSTILE.length);
    for (const value of HOSTILE) expect(lead(idOf.get(value)!).LeadLoop_Id__c).toBe(value);
  });

  it.each(HOSTILE)(
    'findByEmails(%j) finds exactly the lead with that email, or none',
    async (value) => {
      const records = await connect(org).findByEmails('Lead', [value]);
      expect(records.map((record) => record.id)).toEqual(
        STORABLE_EMAILS.has(value) ? [idOf.get(value)] : [],
      );
    },
  );

  it('all hostile emails at once find the stored ones and nothing else', async () => {
    const records = await connect(org).findByEmails('Lead', [...HOSTILE, 'victim@acme.example']);
    expect(records.map((record) => record.id).sort()).toEqual(
      [...[...STORABLE_EMAILS].map((value) => idOf.get(value)!), victimId].sort(),
    );
  });

  it.each(HOSTILE)(
    'an upsert key %j that asks for assignment matches only its own lead',
    async (value) => {
      const ownerBefore = lead(idOf.get(value)!).OwnerId;
      const { result, calls } = await counting(org, () =>
        connect(org).write('Lead', [
          {
            ref: 'h',
            action: 'upsert',
            upsertKey: { field: 'LeadLoop_Id__c', value },
            fields: { LastName: 'Hostile again', Company: 'Acme' },
            assign: true,
          },
        ]),
      );
      // The key is sent as a value, never spliced into SOQL: the create answers DUPLICATE_VALUE
      // for this lead alone, which is then updated by its key without re-running assignment.
      expect(result).toEqual([{ ref: 'h', ok: true, id: idOf.get(value), created: false }]);
      expect(calls[`GET ${V}/query`]).toBeUndefined();
      expect(lead(idOf.get(value)!)).toMatchObject({
        LastName: 'Hostile again',
        OwnerId: ownerBefore,
      });
      expect(lead(victimId)).toMatchObject({ LastName: 'Victim', LeadLoop_Id__c: 'victim' });
    },
  );

  it('ids that cannot be Salesforce ids never reach a query', async () => {
    const { result: records, calls } = await counting(org, () =>
      connect(org).fetchByIds('Lead', [...HOSTILE, "00Q') OR (Id != '"]),
    );
    expect(records).toEqual([]);
    expect(calls).toEqual({ [`POST ${V}/composite`]: 1 });
  });

  it('a hostile mapped field name never reaches SOQL', async () => {
    const connector = connect(org, {
      extraFields: { Lead: ['Email FROM User WHERE Name != null --'] },
    });
    // Not a field the org has, so describe filters it out (soqlField would refuse it too).
    const page = await connector.readPage('Lead', undefined);
    expect(page.records).toHaveLength(HOSTILE.length + 1);
    expect(Object.keys(page.records[0]!.fields)).not.toContain(
      'Email FROM User WHERE Name != null --',
    );
  });

  it('a hostile cursor is not a query fragment: it means a full resync', async () => {
    const page = await connect(org).readPage('Lead', {
      v: 2,
      modstamp: "2026-01-01T00:00:00Z OR Id != ''",
      seenAtModstamp: [],
    });
    expect(page.records).toHaveLength(HOSTILE.length + 1);
  });

  it('a broken unicode value is refused rather than altered', async () => {
    await expect(
      connect(org).findByEmails('Lead', ['half\ud800@acme.example']),
    ).rejects.toBeInstanceOf(SoqlError);
  });
});
