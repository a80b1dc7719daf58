import { describe, expect, it } from '@jest/globals';
import { decideStage, type StageSignal } from '../../src/sync/decide-stage.ts';

const signal = (
  stage: StageSignal['stage'],
  at: string,
  system: StageSignal['system'],
  reason?: string,
): StageSignal => ({
  stage,
  at,
  system,
  actor: system === 'salesforce' ? 'Jordan Reyes' : system === 'hubspot' ? 'Marketing' : 'leadloop',
  reason,
});

describe('deciding the stage from one cycle of signals', () => {
  it('marketing sets MQL, then sales works the lead: the lead ends at SAL with both steps in history', () => {
    const decision = decideStage('inquiry', [
      signal('sal', '2026-11-20T15:00:00Z', 'salesforce'),
      signal('mql', '2026-11-20T14:00:00Z', 'hubspot'),
    ]);
    expect(decision.stage).toBe('sal');
    expect(decision.entries.map((entry) => [entry.stage, entry.system, entry.at])).toEqual([
      ['mql', 'hubspot', '2026-11-20T14:00:00.000Z'],
      ['sal', 'salesforce', '2026-11-20T15:00:00.000Z'],
    ]);
  });

  it('a stale backward signal (HubSpot still says "lead") never drags an SQL back', () => {
    const decision = decideStage('sql', [signal('inquiry', '2026-11-20T16:00:00Z', 'hubspot')]);
    expect(decision.stage).toBe('sql');
    expect(decision.entries).toEqual([]);
    expect(decision.ignored).toEqual([
      { signal: expect.objectContaining({ stage: 'inquiry' }), why: 'illegal', from: 'sql' },
    ]);
  });

  it('sales recycles with a reason: the lead goes back to nurture, reason kept', () => {
    const decision = decideStage('sal', [
      signal('recycled', '2026-11-21T09:00:00Z', 'salesforce', ' no budget until Q3 '),
    ]);
    expect(decision.stage).toBe('recycled');
    expect(decision.entries).toEqual([
      {
        stage: 'recycled',
        at: '2026-11-21T09:00:00.000Z',
        system: 'salesforce',
        actor: 'Jordan Reyes',
        reason: 'no budget until Q3',
      },
    ]);
  });

  it('a recycle without a reason is ignored and reported', () => {
    const decision = decideStage('sal', [
      signal('recycled', '2026-11-21T09:00:00Z', 'salesforce', '  '),
    ]);
    expect(decision.stage).toBe('sal');
    expect(decision.ignored[0]?.why).toBe('needs_reason');
  });

  it('a recycled lead that re-qualifies by score becomes an MQL again', () => {
    const decision = decideStage('recycled', [
      signal('mql', '2026-12-01T10:00:00Z', 'leadloop', 'score 74 reached 60'),
    ]);
    expect(decision.stage).toBe('mql');
    expect(decision.entries[0]).toMatchObject({
      stage: 'mql',
      system: 'leadloop',
      reason: 'score 74 reached 60',
    });
  });

  it('at the same instant sales has the last word', () => {
    const at = '2026-11-20T14:00:00Z';
    const decision = decideStage('mql', [
      signal('recycled', at, 'salesforce', 'competitor'),
      signal('sql', at, 'hubspot'),
    ]);
    expect(decision.entries.map((entry) => entry.stage)).toEqual(['sql', 'recycled']);
    expect(decision.stage).toBe('recycled');
  });

  it('a signal for the current stage changes nothing', () => {
    expect(decideStage('mql', [signal('mql', '2026-11-20T14:00:00Z', 'hubspot')])).toEqual({
      stage: 'mql',
      entries: [],
      ignored: [],
    });
  });
});
