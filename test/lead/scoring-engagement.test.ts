import { describe, expect, it } from '@jest/globals';
import { ScoringConfigSchema, scoreLead } from '../../src/lead/scoring.ts';

const NOW = new Date('2026-11-23T15:00:00.000Z');

const config = ScoringConfigSchema.parse({
  mqlThreshold: 60,
  grades: { A: 80, B: 60, C: 35 },
  engagement: [
    {
      id: 'opens',
      label: 'Opened emails',
      property: 'hs_email_open',
      pointsPerUnit: 2,
      cap: 10,
      decay: { dateProperty: 'hs_email_last_open_date', halfLifeDays: 30 },
    },
    {
      id: 'hubspot-score',
      label: 'HubSpot score',
      property: 'hubspotscore',
      pointsPerUnit: 0.1,
      cap: 10,
    },
  ],
});

const opens = (count: string, lastOpen: string | undefined) =>
  scoreLead(config, { hs_email_open: count, hs_email_last_open_date: lastOpen }, NOW).reasons;

describe('engagement rules', () => {
  it('gives points per unit up to the cap', () => {
    expect(opens('3', '2026-11-23T15:00:00.000Z')).toEqual([
      { ruleId: 'opens', label: 'Opened emails', points: 6 },
    ]);
    expect(opens('40', '2026-11-23T15:00:00.000Z')).toEqual([
      { ruleId: 'opens', label: 'Opened emails', points: 10 },
    ]);
  });

  it.each([
    ['today', '2026-11-23T15:00:00.000Z', 10],
    ['one half-life ago', '2026-10-24T15:00:00.000Z', 5],
    ['two half-lives ago', '2026-09-24T15:00:00.000Z', 2.5],
    ['45 days ago (0.354 of the points)', '2026-10-09T15:00:00.000Z', 3.5],
    ['in the future (clock skew counts as today)', '2026-11-24T09:00:00.000Z', 10],
  ])('halves points every half-life: last open %s', (_when, lastOpen, points) => {
    expect(opens('5', lastOpen)[0]?.points).toBe(points);
  });

  it('gives nothing for activity of unknown age, no activity, or an unreadable count', () => {
    expect(opens('5', undefined)).toEqual([]);
    expect(opens('5', 'last week')).toEqual([]);
    expect(opens('0', '2026-11-23T15:00:00.000Z')).toEqual([]);
    expect(opens('five', '2026-11-23T15:00:00.000Z')).toEqual([]);
  });

  it('drops a rule whose decayed points round to 0.0 (8 half-lives: 10 → 0.04)', () => {
    expect(opens('5', '2026-03-28T15:00:00.000Z')).toEqual([]);
  });

  it('uses HubSpot score as one capped input, never the whole score', () => {
    expect(scoreLead(config, { hubspotscore: '95' }, NOW)).toEqual({
      total: 10,
      grade: 'D',
      reasons: [{ ruleId: 'hubspot-score', label: 'HubSpot score', points: 9.5 }],
    });
  });

  it('rounds each reason to a tenth and the total half up from their sum', () => {
    // 5 opens 45 days ago: 10 × 2^-1.5 = 3.5355 → 3.5; HubSpot 72 → 7.2; 3.5 + 7.2 = 10.7 → 11.
    const score = scoreLead(
      config,
      {
        hs_email_open: '5',
        hs_email_last_open_date: '2026-10-09T15:00:00.000Z',
        hubspotscore: '72',
      },
      NOW,
    );
    expect([score.total, score.reasons.map((reason) => reason.points)]).toEqual([11, [3.5, 7.2]]);
    const half = scoreLead(config, { hubspotscore: '45' }, NOW);
    expect(half.total).toBe(5); // 4.5 rounds half up
  });
});
