import { describe, expect, it } from '@jest/globals';
import { LeadloopError } from '../../src/errors/leadloop-error.ts';
import {
  IllegalStageTransitionError,
  STAGES,
  isForward,
  needsReason,
  transitionStage,
  type Stage,
} from '../../src/lead/stages.ts';

// Independent expectation list, written from DESIGN.md and docs/specs/stages.md, not the table.
const FUNNEL: Stage[] = ['inquiry', 'mql', 'sal', 'sql', 'opportunity', 'customer'];
type Expected = 'forward' | 'same' | 'reason' | 'illegal';

function expected(from: Stage, to: Stage): Expected {
  if (from === to) return 'same';
  if (from === 'customer') return 'illegal';
  if (from === 'disqualified') return 'reason';
  if (from === 'recycled') return to === 'disqualified' ? 'reason' : 'forward';
  if (to === 'recycled' || to === 'disqualified') return 'reason';
  return FUNNEL.indexOf(to) > FUNNEL.indexOf(from) ? 'forward' : 'illegal';
}

const cells = STAGES.flatMap((from) => STAGES.map((to) => [from, to, expected(from, to)] as const));

describe('stage transitions, all 64 cells', () => {
  it('the expectation list has the documented shape', () => {
    const count = (kind: Expected) => cells.filter((cell) => cell[2] === kind).length;
    expect([count('forward'), count('same'), count('reason'), count('illegal')]).toEqual([
      21, 8, 18, 17,
    ]);
  });

  it.each(cells)('%s → %s without a reason: %s', (from, to, kind) => {
    const move = () => transitionStage(from, to);
    if (kind === 'forward' || kind === 'same') expect(move()).toBe(to);
    else if (kind === 'reason') expect(move).toThrow(`from ${from} to ${to} only with a reason`);
    else expect(move).toThrow(`A lead cannot move from ${from} to ${to}`);
  });

  it.each(cells)('%s → %s with a reason: %s', (from, to, kind) => {
    const move = () => transitionStage(from, to, { reason: 'no budget until Q3' });
    if (kind === 'illegal') expect(move).toThrow(`A lead cannot move from ${from} to ${to}`);
    else expect(move()).toBe(to);
  });

  it.each(cells.filter((cell) => cell[2] === 'reason'))(
    '%s → %s refuses a blank reason',
    (from, to) => {
      expect(() => transitionStage(from, to, { reason: '   ' })).toThrow('only with a reason');
    },
  );

  it.each(cells)('%s → %s: needsReason and isForward agree', (from, to, kind) => {
    expect([needsReason(from, to), isForward(from, to)]).toEqual([
      kind === 'reason',
      kind === 'forward',
    ]);
  });
});

describe('IllegalStageTransitionError', () => {
  it('carries the code, both stages and a hint listing what is allowed', () => {
    let error: unknown;
    try {
      transitionStage('sql', 'mql');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(IllegalStageTransitionError);
    expect(error).toBeInstanceOf(LeadloopError);
    const { code, message, hint, details } = error as IllegalStageTransitionError;
    expect({ code, message, hint, details }).toEqual({
      code: 'stage.illegal_transition',
      message: 'A lead cannot move from sql to mql',
      hint: 'from sql a lead may move forward to opportunity, customer; to recycled, disqualified with a reason',
      details: { from: 'sql', to: 'mql' },
    });
  });

  it('says a customer is final', () => {
    expect(() => transitionStage('customer', 'recycled', { reason: 'closed lost' })).toThrow(
      expect.objectContaining({ hint: 'customer is final: a customer lead does not change stage' }),
    );
  });

  it('asks for the reason on a recycle without one', () => {
    expect(() => transitionStage('opportunity', 'recycled')).toThrow(
      expect.objectContaining({
        message: 'A lead can move from opportunity to recycled only with a reason',
        hint: expect.stringContaining('give the reason'),
      }),
    );
  });
});
