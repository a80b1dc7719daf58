import { describe, expect, it } from '@jest/globals';
import { SeededRandom } from '../../../../src/sandbox/seed/random.ts';
import { SandboxClock } from '../../../../src/sandbox/clock.ts';
import { canonicalId, makeId, to18 } from '../../../../connectors/salesforce/sandbox/store/ids.ts';
import { ModstampIndex } from '../../../../connectors/salesforce/sandbox/store/modstamp-index.ts';
import { ValueIndex } from '../../../../connectors/salesforce/sandbox/store/value-index.ts';
import type { StoredRecord } from '../../../../connectors/salesforce/sandbox/store/record.ts';
import { SalesforceState } from '../../../../connectors/salesforce/sandbox/state.ts';
import { parseSoql } from '../../../../connectors/salesforce/sandbox/soql/parser.ts';
import { resolveQuery } from '../../../../connectors/salesforce/sandbox/soql/resolve.ts';
import { chooseSource } from '../../../../connectors/salesforce/sandbox/soql/plan.ts';

/**
 * The pieces that keep a million-record org fast: ids that sort in creation order, the
 * (SystemModstamp, Id) index against a brute-force model, and the query planner's choice of
 * index for the queries leadloop makes (no scan of the whole object).
 */
describe('Salesforce sandbox: ids and indexes', () => {
  it('makes 18-character ids with the case-safe suffix, sortable in creation order', () => {
    expect(to18('001A0000006Vm9r')).toBe('001A0000006Vm9rIAC');
    const ids = [1, 61, 62, 3843, 238_327, 10_000_000].map((n) => makeId('00Q', n));
    expect([...ids].sort()).toEqual(ids);
    expect(canonicalId('001A0000006Vm9r')).toBe('001A0000006Vm9rIAC');
    expect(canonicalId('001a0000006vm9riac')).toBe('001A0000006Vm9rIAC');
    expect(canonicalId('001A0000006Vm9rXXX')).toBeUndefined();
    expect(canonicalId('not-an-id')).toBeUndefined();
  });

  it('walks the modstamp index exactly like a sorted brute-force model, through writes and rewrites', () => {
    const stamps = new Map<string, number>();
    const index = new ModstampIndex((id) => stamps.get(id));
    const random = new SeededRandom(5, 0);
    const ids = Array.from({ length: 400 }, (_, i) => makeId('00Q', i + 1));
    for (let step = 0; step < 5000; step += 1) {
      const id = ids[random.int(0, ids.length - 1)]!;
      const stamp = 1_000 * random.int(0, 300);
      const previous = stamps.get(id);
      stamps.set(id, stamp);
      index.put(id, stamp, previous);
    }
    const model = [...stamps.entries()]
      .sort(([a, x], [b, y]) => x - y || (a < b ? -1 : 1))
      .map(([id]) => id);
    expect([...index.range({})]).toEqual(model);
    expect(index.size).toBe(stamps.size);
    const from = 150_000;
    expect([...index.range({ from })]).toEqual(model.filter((id) => stamps.get(id)! >= from));
    expect([...index.range({ from, exclusive: true })]).toEqual(
      model.filter((id) => stamps.get(id)! > from),
    );
    expect([...index.range({ to: from, toExclusive: true, descending: true })]).toEqual(
      model.filter((id) => stamps.get(id)! < from).reverse(),
    );
  });

  it('matches the model through bursts of same-second writes in id disorder, read between bursts', () => {
    const stamps = new Map<string, number>();
    const index = new ModstampIndex((id) => stamps.get(id));
    const random = new SeededRandom(9, 0);
    const ids = Array.from({ length: 300 }, (_, i) => makeId('00Q', i + 1));
    const model = (from = -Infinity) =>
      [...stamps.entries()]
        .filter(([, stamp]) => stamp >= from)
        .sort(([a, x], [b, y]) => x - y || (a < b ? -1 : 1))
        .map(([id]) => id);
    let second = 100;
    for (let burst = 0; burst < 200; burst += 1) {
      // Mostly the next second or the same one; now and then the clock steps back.
      const step = random.int(0, 9);
      second += step < 6 ? 1 : step < 9 ? 0 : -random.int(1, 3);
      for (let write = random.int(1, 40); write > 0; write -= 1) {
        const id = ids[random.int(0, ids.length - 1)]!;
        const previous = stamps.get(id);
        stamps.set(id, second * 1_000);
        index.put(id, second * 1_000, previous);
      }
      if (burst % 7 === 0)
        expect([...index.range({ from: (second - 2) * 1_000 })]).toEqual(
          model((second - 2) * 1_000),
        );
    }
    expect([...index.range({})]).toEqual(model());
    expect(index.size).toBe(stamps.size);
  });

  it('finds records by value ignoring case exactly like a map model, through adds, removes and growth', () => {
    const index = new ValueIndex();
    const model = new Map<string, StoredRecord[]>();
    const random = new SeededRandom(11, 0);
    const records = Array.from(
      { length: 300 },
      (_, i) =>
        ({
          id: makeId('00Q', i + 1),
          type: 'Lead',
          values: {},
          deleted: false,
          indexedStamp: -1,
        }) as StoredRecord,
    );
    const values: unknown[] = Array.from({ length: 400 }, (_, i) =>
      i % 3 === 0 ? `Lead.${i}@Example.com` : i % 3 === 1 ? `lead.${i}@example.com` : i,
    );
    const check = () => {
      for (const value of values) {
        const expected = (model.get(ValueIndex.key(value)!) ?? []).map((record) => record.id);
        expect([...index.get(value)].sort()).toEqual([...expected].sort());
      }
    };
    for (let step = 0; step < 20_000; step += 1) {
      const value = values[random.int(0, values.length - 1)];
      const record = records[random.int(0, records.length - 1)]!;
      const key = ValueIndex.key(value)!;
      const held = model.get(key) ?? [];
      if (random.int(0, 2) === 0) {
        index.remove(value, record);
        const rest = held.filter((candidate) => candidate !== record);
        if (rest.length === 0) model.delete(key);
        else model.set(key, rest);
      } else {
        index.add(value, record);
        if (!held.includes(record)) model.set(key, [...held, record]);
      }
      if (step % 5_000 === 0) check();
    }
    check();
    expect(index.get(null)).toEqual([]);
    expect(index.get('')).toEqual([]);
    index.clear();
    expect(index.get(values[0])).toEqual([]);
  });

  it('plans the queries leadloop makes on an index, never a scan', () => {
    const state = new SalesforceState(new SandboxClock(), { staticTokens: [] });
    const plan = (soql: string) => {
      const query = resolveQuery(state.schema, parseSoql(soql));
      return chooseSource(state, state.store(query.object.name)!, query).kind;
    };
    expect(
      plan(
        'SELECT Id FROM Lead WHERE SystemModstamp >= 2026-11-24T00:00:00Z ORDER BY SystemModstamp, Id LIMIT 2000',
      ),
    ).toBe('modstamp');
    expect(plan("SELECT Id FROM Lead WHERE Id IN ('00QDn000000HcbxMAC')")).toBe('ids');
    expect(plan("SELECT Id FROM Contact WHERE Email IN ('a@b.example', 'c@d.example')")).toBe(
      'ids',
    );
    expect(
      plan(
        "SELECT Id FROM Task WHERE WhoId = '00QDn000000HcbxMAC' AND CreatedDate > 2026-01-01T00:00:00Z",
      ),
    ).toBe('ids');
    expect(plan("SELECT Id FROM Lead WHERE ConvertedContactId = '003Dn000000HcbxIAC'")).toBe('ids');
    expect(
      plan("SELECT Id FROM OpportunityContactRole WHERE ContactId IN ('003Dn000000HcbxIAC')"),
    ).toBe('ids');
    expect(plan("SELECT Id FROM Lead WHERE Company LIKE 'Acme%'")).toBe('scan');
    expect(plan("SELECT Id FROM Lead WHERE Email = 'a@b.example' OR LastName = 'x'")).toBe('scan');
  });
});
