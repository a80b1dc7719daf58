import { describe, expect, it } from '@jest/globals';
import { isSalesforceId } from '../../../connectors/salesforce/record-id.ts';
import { canonicalId, makeId } from '../../../connectors/salesforce/sandbox/store/ids.ts';

/**
 * Which strings can be record ids. The sandbox's id rules (what its SOQL accepts, as
 * Salesforce does) are the reference: an id the connector lets through must never make the
 * org reject a whole query with "invalid ID field".
 */
describe('isSalesforceId', () => {
  it('accepts real 15- and 18-character ids, the 18 in any case', () => {
    const id = makeId('00Q', 123_456_789);
    expect(isSalesforceId(id)).toBe(true);
    expect(isSalesforceId(id.slice(0, 15))).toBe(true);
    expect(isSalesforceId(id.toLowerCase())).toBe(true);
    expect(isSalesforceId(id.toUpperCase())).toBe(true);
  });

  it('refuses a wrong case-safe suffix, wrong lengths and non-alphanumerics', () => {
    expect(isSalesforceId('00QDn9999999999999')).toBe(false);
    expect(isSalesforceId('00QDn0000000001AAB')).toBe(false);
    expect(isSalesforceId('00QDn000000000')).toBe(false);
    expect(isSalesforceId("00Q' OR Id != '")).toBe(false);
    expect(isSalesforceId('00QDn000000000-AAA')).toBe(false);
  });

  it('agrees with the sandbox on every suffix of a mixed-case id', () => {
    const base = makeId('003', 987_654).slice(0, 15);
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
    for (const a of letters)
      for (const b of letters.slice(0, 8)) {
        const candidate = `${base}${a}${b}A`;
        expect([candidate, isSalesforceId(candidate)]).toEqual([
          candidate,
          canonicalId(candidate) !== undefined,
        ]);
      }
  });
});
