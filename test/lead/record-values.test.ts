import { describe, expect, it } from '@jest/globals';
import { booleanOf, daysSince, instantOf, numberOf, textOf } from '../../src/lead/record-values.ts';

describe('reading HubSpot-style values', () => {
  it.each([
    ['12', 12],
    [' 7 ', 7],
    ['12.0', 12],
    ['-3.5', -3.5],
    [41, 41],
    ['', undefined],
    ['n/a', undefined],
    ['12,000,000', undefined],
    ['0x1A', undefined],
    ['007', 7],
    ['999999999999999', 999_999_999_999_999],
    ['12345678901234567', 12_345_678_901_234_568],
    ['1e3', 1000],
    ['٣', undefined],
    [true, undefined],
    [null, undefined],
    [Number.NaN, undefined],
  ])('numberOf(%p) = %p', (value, expected) => {
    expect(numberOf(value)).toBe(expected);
  });

  it.each([
    ['2026-11-20T14:12:09.331Z', '2026-11-20T14:12:09.331Z'],
    ['2026-11-20T09:12:09-05:00', '2026-11-20T14:12:09.000Z'],
    ['2026-11-20T14:12:09', '2026-11-20T14:12:09.000Z'],
    ['2026-11-20', '2026-11-20T00:00:00.000Z'],
    ['1795096800000', '2026-11-19T14:00:00.000Z'],
    [1795096800000, '2026-11-19T14:00:00.000Z'],
    ['', undefined],
    ['yesterday', undefined],
    ['2026-02-30', undefined],
    [20261120, undefined],
  ])('instantOf(%p) = %p', (value, expected) => {
    expect(instantOf(value)?.toISOString()).toBe(expected);
  });

  it('reads text trimmed, blank as missing, and HubSpot booleans', () => {
    expect([textOf('  Director of IT '), textOf('   '), textOf(null), textOf(42)]).toEqual([
      'Director of IT',
      undefined,
      undefined,
      '42',
    ]);
    expect([booleanOf('true'), booleanOf('FALSE'), booleanOf(true), booleanOf('yes')]).toEqual([
      true,
      false,
      true,
      undefined,
    ]);
  });

  it('counts days since a date, and none for a date in the future', () => {
    const now = new Date('2026-11-23T15:00:00Z');
    expect(daysSince(new Date('2026-11-20T03:00:00Z'), now)).toBe(3.5);
    expect(daysSince(new Date('2026-11-24T09:00:00Z'), now)).toBe(0);
  });
});
