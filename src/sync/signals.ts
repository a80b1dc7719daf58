import type { FieldStateInput, FieldStateRecord } from '../store/field-state-repo.ts';
import type { FieldValue, SystemName } from './connector.ts';

/**
 * A stage signal waiting for reconcile: a stage field (HubSpot `lifecyclestage`, Salesforce Lead
 * `Status`, an Opportunity's outcome) that changed in a system. Kept in the store as field state
 * of the pseudo-system `signal`, so a crash between pull and reconcile loses none, and consumed
 * once: a Status that said "Closed - Not Converted" last week does not recycle the lead again.
 */
export const SIGNAL_SYSTEM = 'signal';

export interface PendingSignal {
  readonly leadId: string;
  /** `leadloop` for its own decisions (the SLA job's recycle of a lead nobody followed up). */
  readonly system: SystemName | 'leadloop';
  readonly object: string;
  /** The stage field, or the opportunity id for `Opportunity`. */
  readonly field: string;
  readonly value: FieldValue;
  readonly at: string;
}

export function signalState(signal: PendingSignal): FieldStateInput {
  return {
    leadId: signal.leadId,
    system: SIGNAL_SYSTEM,
    field: `${signal.system}.${signal.object}.${signal.field}`,
    seenValue: signal.value,
    changedAt: signal.at,
  };
}

export function signalFromState(row: FieldStateRecord): PendingSignal | undefined {
  // `system.object.field`, the field itself possibly dotted (`Owner.Email`).
  const { field: name } = row;
  const afterSystem = name.indexOf('.');
  const afterObject = afterSystem < 0 ? -1 : name.indexOf('.', afterSystem + 1);
  const system = afterSystem < 0 ? name : name.slice(0, afterSystem);
  if (system !== 'salesforce' && system !== 'hubspot' && system !== 'leadloop') return undefined;
  if (afterSystem < 0) return undefined;
  return {
    leadId: row.leadId,
    system,
    object:
      afterObject < 0 ? name.slice(afterSystem + 1) : name.slice(afterSystem + 1, afterObject),
    field: afterObject < 0 ? '' : name.slice(afterObject + 1),
    value: row.seenValue,
    at: row.changedAt,
  };
}

/** A stage leadloop itself decides (value `stage|reason`), applied through the stage machine. */
export function leadloopStageSignal(
  leadId: string,
  stage: string,
  reason: string,
  at: string,
): PendingSignal {
  return {
    leadId,
    system: 'leadloop',
    object: 'stage',
    field: 'decision',
    value: `${stage}|${reason}`,
    at,
  };
}
