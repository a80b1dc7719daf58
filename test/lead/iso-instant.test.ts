import { describe, expect, it } from '@jest/globals';
import { canonicalIsoMs, isCanonicalIso, parseInstantMs } from '../../src/lead/iso-instant.ts';

/** What the fast reader must agree with: the round-trip test it replaces. */
const roundTrips = (text: string) => {
  const at = Date.parse(text);
  return !Number.isNaN(at) && new Date(at).toISOString() === text;
};

/** A small deterministic generator, so a failure names a reproducible text. */
function texts(count: number): string[] {
  let seed = 12_345;
  const next = (below: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed % below;
  };
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  const out: string[] = [];
  for (let i = 0; i < count; i += 1) {
    // Parts slightly past their ranges too (month 13, day 31 in April, hour 24, second 60).
    const year = [0, 99, 100, 1600, 1900, 1969, 1970, 2000, 2024, 2026, 2100, 9999][next(12)] ?? 0;
    out.push(
      `${pad(year, 4)}-${pad(next(14), 2)}-${pad(next(33), 2)}T${pad(next(26), 2)}:${pad(next(61), 2)}:${pad(next(62), 2)}.${pad(next(1000), 3)}Z`,
    );
  }
  return out;
}

describe('canonical ISO instants', () => {
  it('agree with Date.parse and the toISOString round trip on generated texts', () => {
    let canonical = 0;
    const disagreements: string[] = [];
    for (const text of texts(50_000)) {
      const fast = isCanonicalIso(text);
      if (fast) canonical += 1;
      if (
        fast !== roundTrips(text) ||
        (fast && canonicalIsoMs(text) !== Date.parse(text)) ||
        !Object.is(parseInstantMs(text), Date.parse(text))
      )
        disagreements.push(text);
    }
    expect(disagreements).toEqual([]);
    // Both kinds were exercised.
    expect(canonical).toBeGreaterThan(10_000);
    expect(canonical).toBeLessThan(50_000);
  });

  it('agree on every day of a few leap and common years', () => {
    for (const year of [1900, 1970, 2000, 2024, 2026]) {
      for (let ms = Date.UTC(year, 0, 1); ms < Date.UTC(year + 1, 0, 1); ms += 86_400_000 + 1_001) {
        const text = new Date(ms).toISOString();
        expect(canonicalIsoMs(text)).toBe(ms);
      }
    }
  });

  it('reads the same text the same way however often and in whatever order it comes', () => {
    const some = [
      '2026-11-02T14:05:31.482Z',
      '2026-11-02T14:05:31.482+0000',
      '',
      'garbage',
      '2026-11-02T09:00:00.000Z',
    ];
    const reads: [string, number][] = [];
    for (let i = 0; i < 200; i += 1) {
      const text = some[(i * i + (i >> 2)) % some.length] ?? '';
      reads.push([text, parseInstantMs(text)]);
    }
    expect(reads).toEqual(reads.map(([text]) => [text, Date.parse(text)]));
  });

  it.each([
    '2026-11-02T14:05:31Z',
    '2026-11-02T14:05:31.482+0000',
    '2026-11-02T14:05:31.482+00:00',
    '2026-11-02',
    ' 2026-11-02T14:05:31.482Z',
    '2026-02-30T00:00:00.000Z',
    '2026-01-01T24:00:00.000Z',
    '2026-1a-02T14:05:31.482Z',
    '',
  ])('leaves %p to Date.parse', (text) => {
    expect(isCanonicalIso(text)).toBe(false);
    expect(parseInstantMs(text)).toEqual(Date.parse(text));
  });
});
