import { z } from 'zod';
import { LeadloopError } from '../errors/leadloop-error.ts';

/**
 * Lead stages and the moves allowed between them (docs/specs/stages.md). The funnel is the
 * SiriusDecisions demand waterfall; `recycled` and `disqualified` sit beside it, and are the
 * only way back.
 */
export const FUNNEL_STAGES = ['inquiry', 'mql', 'sal', 'sql', 'opportunity', 'customer'] as const;
export const STAGES = [...FUNNEL_STAGES, 'recycled', 'disqualified'] as const;
export type Stage = (typeof STAGES)[number];
export type FunnelStage = (typeof FUNNEL_STAGES)[number];
export const StageSchema = z.enum(STAGES);

/**
 * - `forward`: legal, no reason needed (further along the funnel, or back into it from recycled);
 * - `same`: no move;
 * - `needs_reason`: legal only with a non-blank reason (recycle, disqualify, revive);
 * - `illegal`: never.
 */
export type StageMove = 'forward' | 'same' | 'needs_reason' | 'illegal';

const F = 'forward';
const S = 'same';
const R = 'needs_reason';
const X = 'illegal';

/** Row = from, column = to. Typed so a missing cell does not compile. */
export const STAGE_TRANSITIONS: Record<Stage, Record<Stage, StageMove>> = {
  // prettier-ignore
  inquiry:      { inquiry: S, mql: F, sal: F, sql: F, opportunity: F, customer: F, recycled: R, disqualified: R },
  // prettier-ignore
  mql:          { inquiry: X, mql: S, sal: F, sql: F, opportunity: F, customer: F, recycled: R, disqualified: R },
  // prettier-ignore
  sal:          { inquiry: X, mql: X, sal: S, sql: F, opportunity: F, customer: F, recycled: R, disqualified: R },
  // prettier-ignore
  sql:          { inquiry: X, mql: X, sal: X, sql: S, opportunity: F, customer: F, recycled: R, disqualified: R },
  // A lost opportunity goes back to nurture ("closed lost"), with its reason.
  // prettier-ignore
  opportunity:  { inquiry: X, mql: X, sal: X, sql: X, opportunity: S, customer: F, recycled: R, disqualified: R },
  // A customer stays a customer: a lost upsell is recorded on its opportunity, not as a recycle.
  // prettier-ignore
  customer:     { inquiry: X, mql: X, sal: X, sql: X, opportunity: X, customer: S, recycled: X, disqualified: X },
  // Nurture can re-qualify a recycled lead at any funnel stage; re-engagement is its own reason.
  // prettier-ignore
  recycled:     { inquiry: F, mql: F, sal: F, sql: F, opportunity: F, customer: F, recycled: S, disqualified: R },
  // Reviving a disqualified lead overrides someone's judgement, so it must say why.
  // prettier-ignore
  disqualified: { inquiry: R, mql: R, sal: R, sql: R, opportunity: R, customer: R, recycled: R, disqualified: S },
};

export class IllegalStageTransitionError extends LeadloopError {
  readonly from: Stage;
  readonly to: Stage;

  constructor(from: Stage, to: Stage, message: string, hint: string) {
    super('stage.illegal_transition', message, { hint, details: { from, to } });
    this.from = from;
    this.to = to;
  }
}

export function stageMove(from: Stage, to: Stage): StageMove {
  return STAGE_TRANSITIONS[from][to];
}

export function needsReason(from: Stage, to: Stage): boolean {
  return stageMove(from, to) === 'needs_reason';
}

export function isForward(from: Stage, to: Stage): boolean {
  return stageMove(from, to) === 'forward';
}

/** The stages a lead may move to from `from`, by kind of move (for hints and the UI). */
export function allowedFrom(from: Stage): { forward: Stage[]; withReason: Stage[] } {
  const row = STAGE_TRANSITIONS[from];
  return {
    forward: STAGES.filter((to) => row[to] === 'forward'),
    withReason: STAGES.filter((to) => row[to] === 'needs_reason'),
  };
}

function allowedHint(from: Stage): string {
  const { forward, withReason } = allowedFrom(from);
  const parts = [
    forward.length > 0 ? `forward to ${forward.join(', ')}` : undefined,
    withReason.length > 0 ? `to ${withReason.join(', ')} with a reason` : undefined,
  ].filter((part) => part !== undefined);
  if (parts.length === 0) return `${from} is final: a ${from} lead does not change stage`;
  return `from ${from} a lead may move ${parts.join('; ')}`;
}

/**
 * The stage after moving `from` → `to`. Throws `IllegalStageTransitionError` for an illegal
 * move, or for a move that needs a reason when none (or only whitespace) is given.
 */
export function transitionStage(from: Stage, to: Stage, options: { reason?: string } = {}): Stage {
  const move = stageMove(from, to);
  if (move === 'illegal') {
    throw new IllegalStageTransitionError(
      from,
      to,
      `A lead cannot move from ${from} to ${to}`,
      allowedHint(from),
    );
  }
  if (move === 'needs_reason' && (options.reason ?? '').trim() === '') {
    throw new IllegalStageTransitionError(
      from,
      to,
      `A lead can move from ${from} to ${to} only with a reason`,
      `give the reason (e.g. "no budget this year", "closed lost"); ${allowedHint(from)}`,
    );
  }
  return to;
}

/**
 * How far along a stage is: the funnel counts 1 (inquiry) to 6 (customer); recycled (0) and
 * disqualified (-1) are outside it.
 */
export function stageRank(stage: Stage): number {
  if (stage === 'recycled') return 0;
  if (stage === 'disqualified') return -1;
  return FUNNEL_STAGES.indexOf(stage) + 1;
}

/**
 * The furthest stage among `stages` (e.g. the highest stage a lead ever reached, from its
 * history, for the demand waterfall). Undefined for none; the first wins a tie.
 */
export function mostAdvancedStage(stages: readonly Stage[]): Stage | undefined {
  let best: Stage | undefined;
  for (const stage of stages) {
    if (best === undefined || stageRank(stage) > stageRank(best)) best = stage;
  }
  return best;
}
