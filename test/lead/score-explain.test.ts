import { describe, expect, it } from '@jest/globals';
import { signedPoints } from '../../src/lead/score-explain.ts';

/** What sales always read: the number as JavaScript writes it, with a + when positive. */
const asJavaScriptWritesIt = (points: number) =>
  points === 0 ? '0' : points > 0 ? `+${points}` : String(points);

describe('signedPoints', () => {
  it.each([
    [15, '+15'],
    [-30, '-30'],
    [2.5, '+2.5'],
    [-0.5, '-0.5'],
    [0, '0'],
    [-0, '0'],
    [0.1 + 0.2, '+0.30000000000000004'],
    [1e21, '+1e+21'],
  ])('%p → %p', (points, text) => {
    expect(signedPoints(points)).toBe(text);
  });

  it('writes every score reason’s points (whole tenths) as JavaScript does', () => {
    const differing: number[] = [];
    for (let tenths = -100_000; tenths <= 100_000; tenths += 1) {
      const points = tenths / 10 + 0;
      if (signedPoints(points) !== asJavaScriptWritesIt(points)) differing.push(points);
    }
    for (let step = 0; step < 10_000; step += 1) {
      const points = (step * 7_919_993_117) / 10;
      if (signedPoints(points) !== asJavaScriptWritesIt(points)) differing.push(points);
    }
    expect(differing).toEqual([]);
  });
});
