import { describe, expect, it } from '@jest/globals';
import { ScoringConfigSchema, scoreLead, type ScoringRecord } from '../../src/lead/scoring.ts';

const NOW = new Date('2026-11-23T15:00:00.000Z');
const grades = { A: 80, B: 60, C: 35 };

/** Scores `record` with one fit rule and returns the points it gave (0 when it did not fire). */
function fitPoints(test: Record<string, unknown>, record: ScoringRecord): number {
  const config = ScoringConfigSchema.parse({
    mqlThreshold: 60,
    grades,
    fit: [{ id: 'rule', label: 'Rule', field: 'value', points: 10, ...test }],
  });
  return scoreLead(config, record, NOW).total;
}

describe('fit operators', () => {
  it.each([
    ['equals text, any case', { equals: 'United States' }, ' united states ', 10],
    ['equals text, case-sensitive', { equals: 'CTO', caseSensitive: true }, 'cto', 0],
    ['equals a number given as text', { equals: 250 }, '250.0', 10],
    ['equals a boolean given as text', { equals: true }, 'TRUE', 10],
    ['equals: blank never matches', { equals: '' }, '', 0],
    ['in: one of the values', { in: ['Canada', 'United Kingdom'] }, 'united kingdom', 10],
    ['in: numbers', { in: [1, 2, 3] }, 2, 10],
    ['in: not listed', { in: ['Canada'] }, 'Germany', 0],
    ['in: numbers and text, a number given as text', { in: [250, 'Canada'] }, ' 250.0', 10],
    ['in: numbers and text, the text in any case', { in: [250, ' Canada '] }, 'CANADA', 10],
    ['in: case-sensitive', { in: ['Canada'], caseSensitive: true }, 'canada', 0],
    ['in: text values match a number by its text', { in: ['250'] }, 250, 10],
    ['equals false given as text', { equals: false }, ' False ', 10],
    ['equals a number: text is not read as text', { equals: 7 }, 'seven', 0],
    ['contains, any case', { contains: 'market' }, 'VP of Marketing', 10],
    ['contains, case-sensitive', { contains: 'VP', caseSensitive: true }, 'vp sales', 0],
    ['regex', { regex: '^(vp|head) ' }, 'Head of Growth', 10],
    ['regex, no match', { regex: '^(vp|head) ' }, 'Growth Lead', 0],
    ['range inside', { range: { min: 100, max: 500 } }, '500', 10],
    ['range below', { range: { min: 100, max: 500 } }, '99', 0],
    ['range only max', { range: { max: 10 } }, -4, 10],
    ['range on an unreadable number', { range: { min: 0 } }, '12,000', 0],
    ['exists: has a value', { exists: true }, '+1 415 555 0142', 10],
    ['exists: blank is not a value', { exists: true }, '  ', 0],
    ['exists false: blank', { exists: false }, '', 10],
    ['exists false: missing', { exists: false }, undefined, 10],
  ])('%s', (_name, test, value, expected) => {
    expect(fitPoints(test, { value })).toBe(expected);
  });

  it('lets negative rules take points away and lists every rule that fired, in order', () => {
    const config = ScoringConfigSchema.parse({
      mqlThreshold: 60,
      grades,
      fit: [
        { id: 'exec', label: 'Executive', field: 'title', contains: 'chief', points: 20 },
        {
          id: 'free-email',
          label: 'Personal email',
          field: 'email',
          regex: '@gmail\\.',
          points: -15,
        },
        { id: 'no-phone', label: 'No phone', field: 'phone', exists: false, points: -2.5 },
      ],
    });
    const record = { title: 'Chief of Staff', email: 'sam@gmail.com' };
    expect(scoreLead(config, record, NOW)).toEqual({
      total: 3,
      grade: 'D',
      reasons: [
        { ruleId: 'exec', label: 'Executive', points: 20 },
        { ruleId: 'free-email', label: 'Personal email', points: -15 },
        { ruleId: 'no-phone', label: 'No phone', points: -2.5 },
      ],
    });
  });
});

describe('grades from the rounded total', () => {
  const config = ScoringConfigSchema.parse({
    mqlThreshold: 60,
    grades,
    engagement: [{ id: 'n', label: 'N', property: 'n', pointsPerUnit: 1, cap: 1000 }],
  });
  it.each([
    [80, 'A'],
    [79.5, 'A'],
    [79.4, 'B'],
    [60, 'B'],
    [35, 'C'],
    [34, 'D'],
    [-20, 'D'],
  ])('a total of %p is grade %s', (n, grade) => {
    expect(scoreLead(config, { n }, NOW).grade).toBe(grade);
  });
});
