import { isCanonicalIso, parseInstantMs } from '../lead/iso-instant.ts';
import type { StageHistoryEntry } from '../lead/lead.ts';
import { STAGES, stageMove, type Stage } from '../lead/stages.ts';

/**
 * Decide (stage): folds the stage signals of one cycle into the lead's stage through the stage
 * machine. Signals come only from fields that changed this cycle (a Lead Status that was already
 * "Closed - Not Converted" last week does not recycle the lead again), in time order, so the
 * latest legal decision stands: marketing's MQL, then sales' SAL, then a recycle with reason.
 * An illegal or reasonless backward signal is ignored and reported, never applied.
 */
export interface StageSignal {
  readonly stage: Stage;
  /** ISO-8601 UTC time of the change that carries the signal. */
  readonly at: string;
  readonly system: StageHistoryEntry['system'];
  readonly actor: string;
  readonly reason?: string | undefined;
}

export interface IgnoredSignal {
  readonly signal: StageSignal;
  readonly why: 'illegal' | 'needs_reason';
  readonly from: Stage;
}

export interface StageDecision {
  readonly stage: Stage;
  /** New history entries, oldest first. */
  readonly entries: readonly StageHistoryEntry[];
  readonly ignored: readonly IgnoredSignal[];
}

const SYSTEM_ORDER: Record<StageHistoryEntry['system'], number> = {
  hubspot: 0,
  leadloop: 1,
  salesforce: 2,
};

/** Funnel order, then recycled and disqualified: a close-out made in the same instant as an advance wins. */
const STAGE_ORDER = new Map<Stage, number>(STAGES.map((stage, index) => [stage, index]));

const text = (value: string | undefined) => value ?? '';

export function decideStage(current: Stage, signals: readonly StageSignal[]): StageDecision {
  // Same instant: marketing's signal first, then leadloop's, then sales' — sales has the last
  // word. Within one system and instant (one update that set two stage fields) the order is
  // fixed too, so the decision never depends on the order the fields were read in.
  const ordered = [...signals].sort(
    (a, b) =>
      parseInstantMs(a.at) - parseInstantMs(b.at) ||
      SYSTEM_ORDER[a.system] - SYSTEM_ORDER[b.system] ||
      STAGE_ORDER.get(a.stage)! - STAGE_ORDER.get(b.stage)! ||
      text(a.actor).localeCompare(text(b.actor)) ||
      text(a.reason).localeCompare(text(b.reason)),
  );
  let stage = current;
  const entries: StageHistoryEntry[] = [];
  const ignored: IgnoredSignal[] = [];
  for (const signal of ordered) {
    const move = stageMove(stage, signal.stage);
    if (move === 'same') continue;
    const reason = signal.reason?.trim();
    if (
      move === 'illegal' ||
      (move === 'needs_reason' && (reason === undefined || reason === ''))
    ) {
      ignored.push({ signal, why: move === 'illegal' ? 'illegal' : 'needs_reason', from: stage });
      continue;
    }
    stage = signal.stage;
    entries.push({
      stage,
      at: isCanonicalIso(signal.at) ? signal.at : new Date(signal.at).toISOString(),
      system: signal.system,
      actor: signal.actor,
      ...(reason === undefined || reason === '' ? {} : { reason }),
    });
  }
  return { stage, entries, ignored };
}
