import { describe, expect, it } from '@jest/globals';
import type { FieldStateRecord } from '../../src/store/field-state-repo.ts';
import { seenValuesOf } from '../../src/sync/lead-state.ts';

const row = (field: string, seenValue: FieldStateRecord['seenValue']): FieldStateRecord => ({
  leadId: 'lead-1',
  system: 'hubspot',
  field,
  seenValue,
  seenAt: '2026-11-02T09:00:00.000Z',
  changedAt: '2026-11-02T09:00:00.000Z',
  writtenHash: null,
  writtenAt: null,
  writtenChangedAt: null,
});

describe('seenValuesOf: vendor field → value last seen, as plan reads it', () => {
  const rows = new Map([
    ['jobtitle', row('jobtitle', 'VP Sales')],
    ['phone', row('phone', null)],
    ['hubspotscore', row('hubspotscore', 42)],
  ]);
  const seen = seenValuesOf({ object: 'contacts', recordId: '501', fields: rows });

  it('reads like the Map of the rows’ seen values', () => {
    const copy = new Map([...rows].map(([field, state]) => [field, state.seenValue]));
    expect(new Map(seen)).toEqual(copy);
    expect([...seen.keys()]).toEqual([...copy.keys()]);
    expect([...seen.values()]).toEqual([...copy.values()]);
    expect([...seen.entries()]).toEqual([...copy.entries()]);
    expect(seen.size).toBe(3);
    expect(seen.get('jobtitle')).toBe('VP Sales');
    expect(seen.get('phone')).toBeNull();
    expect(seen.has('phone')).toBe(true);
    expect(seen.get('email')).toBeUndefined();
    expect(seen.has('email')).toBe(false);
    const visited: [string, unknown][] = [];
    seen.forEach((value, field, map) => {
      expect(map).toBe(seen);
      visited.push([field, value]);
    });
    expect(visited).toEqual([...copy]);
  });

  it('is empty for a system the lead has no record in', () => {
    const none = seenValuesOf(undefined);
    expect(none.size).toBe(0);
    expect(none.get('jobtitle')).toBeUndefined();
  });
});
