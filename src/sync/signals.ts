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
  const [system, object, ...rest] = row.field.split('.');
  if (
    (system !== 'salesforce' && system !== 'hubspot' && system !== 'leadloop') ||
    object === undefined
  )
    return undefined;
  return {
    leadId: row.leadId,
    system,
    object,
    field: rest.join('.'),
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
