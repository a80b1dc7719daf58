import type { LeadloopConfig } from '../config/load-config.ts';
import { StageSchema } from '../lead/stages.ts';
import {
  recycleReason,
  stageFromLeadStatus,
  stageFromLifecycle,
  stageFromOpportunity,
} from '../mapping/stage-map.ts';
import type { StageTarget } from '../mapping/stages-schema.ts';
import type { FieldStateRecord } from '../store/field-state-repo.ts';
import type { StageSignal } from './decide-stage.ts';
import type { LeadState } from './lead-state.ts';
import { signalFromState } from './signals.ts';

/** Lead Status recycle reasons that disqualify instead, lower-cased once per loaded config. */
const disqualifyReasons = new WeakMap<LeadloopConfig['stages'], ReadonlySet<string>>();

function disqualifyReasonsOf(config: LeadloopConfig): ReadonlySet<string> {
  let reasons = disqualifyReasons.get(config.stages);
  if (reasons === undefined) {
    reasons = new Set(config.stages.salesforce.disqualifyReasons.map((r) => r.toLowerCase()));
    disqualifyReasons.set(config.stages, reasons);
  }
  return reasons;
}

/**
 * A stored stage signal (signals.ts) read as the stage it asks for, through the stage maps:
 * HubSpot's lifecycle, Salesforce's Lead Status (a recycle with its reason, or a disqualify),
 * an Opportunity's outcome, or leadloop's own `stage|reason`. Undefined: not a stage move.
 */
export function signalOf(
  row: FieldStateRecord,
  state: LeadState,
  config: LeadloopConfig,
): StageSignal | undefined {
  const signal = signalFromState(row);
  if (signal === undefined || signal.value === null) return undefined;
  const value = String(signal.value);
  let target: StageTarget | undefined;
  let reason: string | undefined;
  if (signal.system === 'leadloop') {
    const [stage, ...why] = value.split('|');
    const parsed = StageSchema.safeParse(stage);
    if (!parsed.success) return undefined;
    target = { stage: parsed.data };
    reason = why.join('|') || undefined;
  } else if (signal.system === 'hubspot') {
    target = stageFromLifecycle(config.stages, value);
    reason = target?.reason;
  } else if (signal.object === 'Lead') {
    target = stageFromLeadStatus(config.stages, value);
    // The reason field is the only Salesforce value a recycle reads.
    const reasonField = target?.reasonField;
    const salesforce = state.sides.salesforce?.fields;
    reason =
      target === undefined
        ? undefined
        : recycleReason(
            target,
            reasonField === undefined
              ? {}
              : { [reasonField]: salesforce?.get(reasonField)?.seenValue },
          );
    if (
      target?.stage === 'recycled' &&
      disqualifyReasonsOf(config).has((reason ?? '').toLowerCase())
    ) {
      target = { stage: 'disqualified' };
    }
  } else if (signal.object === 'Opportunity') {
    target = stageFromOpportunity(config.stages, {
      isClosed: value !== 'open',
      isWon: value === 'won',
    });
    const lossReason = state.opportunities.find((row) => row.id === signal.field)?.lossReason;
    reason =
      value === 'lost' && lossReason
        ? `${target.reason ?? 'closed lost'}: ${lossReason}`
        : target.reason;
  }
  if (target === undefined) return undefined;
  return {
    stage: target.stage,
    at: signal.at,
    system: signal.system,
    actor: `${signal.system} ${signal.object}`,
    reason,
  };
}
