import { describe, expect, it } from '@jest/globals';
import { mostAdvancedStage, stageRank } from '../../src/lead/stages.ts';

describe('stage rank', () => {
  it('counts the funnel from inquiry 1 to customer 6, with recycled and disqualified below', () => {
    const stages = [
      'disqualified',
      'recycled',
      'inquiry',
      'mql',
      'sal',
      'sql',
      'opportunity',
      'customer',
    ] as const;
    expect(stages.map(stageRank)).toEqual([-1, 0, 1, 2, 3, 4, 5, 6]);
  });

  it('finds the furthest stage a lead reached from its history', () => {
    expect(mostAdvancedStage(['inquiry', 'mql', 'sal', 'recycled', 'mql'])).toBe('sal');
    expect(mostAdvancedStage(['recycled', 'disqualified'])).toBe('recycled');
    expect(mostAdvancedStage([])).toBeUndefined();
  });
});
