import { describe, expect, it } from '@jest/globals';
import { FitRulesOfField } from '../../src/lead/fit-by-value.ts';
import { fitMatcher } from '../../src/lead/fit-matcher.ts';
import type { ScoringValue } from '../../src/lead/record-values.ts';
import { ScoringConfigSchema, scoreLead } from '../../src/lead/scoring.ts';

/** Several rules on one field, as the shipped scoring has on `title`. */
const config = ScoringConfigSchema.parse({
  mqlThreshold: 60,
  grades: { A: 80, B: 60, C: 35 },
  fit: [
    { id: 'exec', label: 'Executive', field: 'title', regex: '\\b(vp|director)\\b', points: 20 },
    { id: 'student', label: 'Student', field: 'title', contains: 'student', points: -25 },
    {
      id: 'exact-cto',
      label: 'CTO',
      field: 'title',
      equals: 'CTO',
      caseSensitive: true,
      points: 3,
    },
    { id: 'has-title', label: 'Title given', field: 'title', exists: true, points: 1 },
    { id: 'big', label: 'Big', field: 'size', range: { min: 100 }, points: 5 },
    { id: 'size-band', label: 'Band', field: 'size', in: [250, '1000+'], points: 2 },
  ],
});
const titleRules = config.fit.filter((rule) => rule.field === 'title');

const values: ScoringValue[] = [
  'VP Sales',
  'vp sales',
  ' VP Sales ',
  'CTO',
  'cto',
  'Student',
  'student intern',
  '',
  ' ',
  null,
  undefined,
  0,
  -0,
  250,
  '250.0',
  '1000+',
  true,
  Number.NaN,
  `${'x'.repeat(300)} director`,
];

describe('fit rules answered per value', () => {
  it('answers each rule as the rule alone does, the first time and every time after', () => {
    const field = new FitRulesOfField(0, titleRules);
    for (const round of [1, 2, 3]) {
      for (const value of values) {
        const alone = titleRules.map((rule) => fitMatcher(rule)(value));
        expect({ round, value, answers: field.firesFor(value) }).toEqual({
          round,
          value,
          answers: alone,
        });
      }
    }
  });

  it('still answers right after more distinct values than it keeps', () => {
    const field = new FitRulesOfField(0, titleRules);
    for (let n = 0; n < 2_500; n += 1) {
      const value = n % 3 === 0 ? `Director ${n}` : n % 3 === 1 ? `student ${n}` : n;
      expect(field.firesFor(value)).toEqual(titleRules.map((rule) => fitMatcher(rule)(value)));
    }
    expect(field.firesFor('VP Sales')).toEqual([true, false, false, true]);
  });

  it('scores lead after lead with the reasons in config order, whatever was scored before', () => {
    for (const title of values) {
      for (const size of values) {
        const score = scoreLead(config, { title, size }, new Date('2026-11-23T15:00:00Z'));
        const fired = config.fit.filter((rule) =>
          fitMatcher(rule)(rule.field === 'title' ? title : size),
        );
        expect(score.reasons.map((reason) => reason.ruleId)).toEqual(fired.map((rule) => rule.id));
      }
    }
  });
});
