import { describe, expect, it } from '@jest/globals';
import { ScoringConfigSchema } from '../../src/lead/scoring.ts';
import { issuesOf, shippedScoring } from './shipped-config.ts';

const base = { mqlThreshold: 60, grades: { A: 80, B: 60, C: 35 } };
const fitRule = (rule: Record<string, unknown>) => ({
  ...base,
  fit: [{ id: 'rule-1', label: 'A rule', field: 'title', points: 5, ...rule }],
});

describe('ScoringConfigSchema', () => {
  it('accepts the shipped config/scoring.yaml with every rule compiled', () => {
    const config = shippedScoring();
    expect(config.mqlThreshold).toBe(60);
    expect(config.fit.map((rule) => `${rule.id}:${rule.test.op}`)).toEqual([
      'title-executive:regex',
      'title-manager:regex',
      'title-student:contains',
      'country-core-market:in',
      'industry-target:in',
      'company-size-mid-market:in',
      'company-revenue:range',
      'referral:equals',
      'phone-given:exists',
      'company-missing:exists',
      'free-email:regex',
    ]);
    const regex = config.fit[0]?.test;
    expect(regex?.op === 'regex' && regex.regex.flags).toBe('i');
    expect(config.engagement.map((rule) => rule.property)).toEqual([
      'hs_email_open',
      'hs_email_click',
      'hs_analytics_num_page_views',
      'hs_analytics_num_visits',
      'num_conversion_events',
      'hubspotscore',
    ]);
  });

  it('rejects an unknown key, naming it', () => {
    const result = ScoringConfigSchema.safeParse(fitRule({ contains: 'vp', point: 5 }));
    expect(issuesOf(result)).toEqual(['fit.0: Unrecognized key: "point"']);
  });

  it('rejects an unknown top-level key', () => {
    const result = ScoringConfigSchema.safeParse({ ...base, mqlTreshold: 50 });
    expect(issuesOf(result)).toEqual([': Unrecognized key: "mqlTreshold"']);
  });

  it('rejects an invalid regular expression with the engine message', () => {
    const result = ScoringConfigSchema.safeParse(fitRule({ regex: '\\b(vp|director\\b' }));
    expect(issuesOf(result)).toEqual([
      'fit.0.regex: expected a valid regular expression (Invalid regular expression: /\\b(vp|director\\b/i: Unterminated group)',
    ]);
    expect(result.error?.issues[0]).toMatchObject({ params: { code: 'scoring.bad_regex' } });
  });

  it('rejects nested repetition that could hang on some values', () => {
    const result = ScoringConfigSchema.safeParse(fitRule({ regex: '^(\\w+\\s?)+$' }));
    expect(issuesOf(result)).toEqual([
      'fit.0.regex: expected a regular expression without nested repetition like (a+)+',
    ]);
  });

  it('rejects a fit rule with no test or with two', () => {
    expect(issuesOf(ScoringConfigSchema.safeParse(fitRule({})))).toEqual([
      'fit.0: expected exactly one test of equals, in, contains, regex, range, exists',
    ]);
    const two = ScoringConfigSchema.safeParse(fitRule({ contains: 'vp', exists: true }));
    expect(issuesOf(two)).toEqual([
      'fit.0: expected exactly one test of equals, in, contains, regex, range, exists (found contains and exists)',
    ]);
  });

  it('rejects an empty or upside-down range', () => {
    expect(issuesOf(ScoringConfigSchema.safeParse(fitRule({ range: {} })))).toEqual([
      'fit.0.range: expected min, max or both',
    ]);
    expect(
      issuesOf(ScoringConfigSchema.safeParse(fitRule({ range: { min: 500, max: 50 } }))),
    ).toEqual(['fit.0.range: expected min to be at most max']);
  });

  it('rejects grades out of order and duplicate rule ids', () => {
    const result = ScoringConfigSchema.safeParse({
      ...base,
      grades: { A: 60, B: 80, C: 35 },
    });
    expect(issuesOf(result)).toEqual(['grades: expected thresholds with A above B above C']);
    const twice = ScoringConfigSchema.safeParse({
      ...base,
      fit: [{ id: 'vp', label: 'VP', field: 'title', contains: 'vp', points: 5 }],
      engagement: [
        { id: 'vp', label: 'Opens', property: 'hs_email_open', pointsPerUnit: 1, cap: 5 },
      ],
    });
    expect(issuesOf(twice)).toEqual([
      'engagement.0.id: expected a rule id used once, found "vp" again',
    ]);
  });

  it('rejects an engagement rule without a cap or with a bad decay', () => {
    const result = ScoringConfigSchema.safeParse({
      ...base,
      engagement: [
        {
          id: 'opens',
          label: 'Opens',
          property: 'hs_email_open',
          pointsPerUnit: 1,
          decay: { dateProperty: 'hs_email_last_open_date', halfLifeDays: 0 },
        },
      ],
    });
    expect(issuesOf(result)).toEqual([
      'engagement.0.cap: Invalid input: expected number, received undefined',
      'engagement.0.decay.halfLifeDays: Too small: expected number to be >0',
    ]);
  });
});
