import { describe, expect, it } from '@jest/globals';
import { ruleWritesTo } from '../../src/mapping/field-rule.ts';
import { mergeField, type FieldObservation } from '../../src/sync/merge.ts';

const at = (value: string | null, changedAt: string): FieldObservation => ({ value, changedAt });

describe('merging one field across HubSpot and Salesforce', () => {
  describe('two-way: the latest change wins', () => {
    it('a marketer retitles the contact in HubSpot after sales edited it: HubSpot wins', () => {
      const merged = mergeField({
        rule: { kind: 'two-way' },
        tieBreak: 'salesforce',
        observations: {
          salesforce: at('Head of Sales', '2026-11-20T10:00:00Z'),
          hubspot: at('VP Sales', '2026-11-20T10:00:05Z'),
        },
      });
      expect(merged).toEqual({
        value: 'VP Sales',
        winner: 'hubspot',
        changedAt: '2026-11-20T10:00:05Z',
      });
    });

    it('a tie breaks towards the configured system, whatever the arrival order', () => {
      const time = '2026-11-20T10:00:00Z';
      for (const tieBreak of ['salesforce', 'hubspot'] as const) {
        const forward = mergeField({
          rule: { kind: 'two-way' },
          tieBreak,
          observations: { salesforce: at('A', time), hubspot: at('B', time) },
        });
        const reversed = mergeField({
          rule: { kind: 'two-way' },
          tieBreak,
          observations: { hubspot: at('B', time), salesforce: at('A', time) },
        });
        expect(forward.winner).toBe(tieBreak);
        expect(reversed.winner).toBe(tieBreak);
      }
    });

    it('a blank that is newer wins too (a cleared phone number is a change)', () => {
      const merged = mergeField({
        rule: { kind: 'two-way' },
        tieBreak: 'salesforce',
        observations: {
          salesforce: at('+1 555 0100', '2026-11-01T00:00:00Z'),
          hubspot: at(null, '2026-11-02T00:00:00Z'),
        },
      });
      expect(merged.value).toBeNull();
      expect(merged.winner).toBe('hubspot');
    });
  });

  describe('prefer: the preferred system wins unless blank', () => {
    it('Salesforce company wins even when HubSpot changed later', () => {
      const merged = mergeField({
        rule: { kind: 'prefer', system: 'salesforce' },
        tieBreak: 'hubspot',
        observations: {
          salesforce: at('Globex Corp.', '2026-01-01T00:00:00Z'),
          hubspot: at('Globex', '2026-06-01T00:00:00Z'),
        },
      });
      expect(merged.value).toBe('Globex Corp.');
    });

    it('a blank Salesforce company falls back to HubSpot', () => {
      const merged = mergeField({
        rule: { kind: 'prefer', system: 'salesforce' },
        tieBreak: 'salesforce',
        observations: {
          salesforce: at('  ', '2026-06-01T00:00:00Z'),
          hubspot: at('Globex', '2026-01-01T00:00:00Z'),
        },
      });
      expect(merged).toEqual({
        value: 'Globex',
        winner: 'hubspot',
        changedAt: '2026-01-01T00:00:00Z',
      });
    });
  });

  it('always: one-way from the source system; the source is never written', () => {
    const merged = mergeField({
      rule: { kind: 'always', system: 'hubspot' },
      tieBreak: 'salesforce',
      observations: {
        salesforce: at('Web', '2026-06-01T00:00:00Z'),
        hubspot: at('ORGANIC_SEARCH', '2026-01-01T00:00:00Z'),
      },
    });
    expect(merged.value).toBe('ORGANIC_SEARCH');
    expect(ruleWritesTo({ kind: 'always', system: 'hubspot' }, 'hubspot')).toBe(false);
    expect(ruleWritesTo({ kind: 'always', system: 'hubspot' }, 'salesforce')).toBe(true);
  });

  it('none: nothing merges and nothing is written', () => {
    const merged = mergeField({
      rule: { kind: 'none' },
      tieBreak: 'salesforce',
      observations: { salesforce: at('005xx', '2026-06-01T00:00:00Z') },
    });
    expect(merged.winner).toBeUndefined();
    expect(ruleWritesTo({ kind: 'none' }, 'salesforce')).toBe(false);
  });

  it('a field no system holds stays empty', () => {
    expect(
      mergeField({ rule: { kind: 'two-way' }, tieBreak: 'hubspot', observations: {} }),
    ).toEqual({
      value: null,
      winner: undefined,
      changedAt: undefined,
    });
  });
});
