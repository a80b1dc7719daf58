import { parseInstantMs } from '../lead/iso-instant.ts';
import type { FieldRule } from '../mapping/field-rule.ts';
import type { FieldValue, SystemName } from './connector.ts';

/**
 * Merge: one field's value across systems, by the field's rule (mappings/fields.yaml).
 * Pure. Change times come from the store's field state: the vendor's per-property timestamp
 * where it gives one, else the record's modstamp (DESIGN.md "What changed means per field").
 */
/** A field's rule, as mappings/fields.yaml states it (which systems it writes: `ruleWritesTo`). */
export type MergeRule = FieldRule;

/** What one system currently holds for the field, as last seen. */
export interface FieldObservation {
  readonly value: FieldValue;
  /** ISO-8601 UTC time of the change that produced this value. */
  readonly changedAt: string;
}

export interface MergeInput {
  readonly rule: MergeRule;
  readonly observations: Partial<Record<SystemName, FieldObservation>>;
  /** Two-way ties break towards this system — never towards arrival order. */
  readonly tieBreak: SystemName;
}

export interface MergeDecision {
  readonly value: FieldValue;
  /** The system whose value won, or undefined when no system holds the field. */
  readonly winner: SystemName | undefined;
  /** ISO time of the winning change. */
  readonly changedAt: string | undefined;
}

export const isBlank = (value: FieldValue | undefined): boolean =>
  value === null || value === undefined || (typeof value === 'string' && value.trim() === '');

const NOTHING: MergeDecision = { value: null, winner: undefined, changedAt: undefined };

function decision(system: SystemName, observation: FieldObservation): MergeDecision {
  return { value: observation.value, winner: system, changedAt: observation.changedAt };
}

/**
 * The latest change of the two systems' (only non-blank values if asked); ties go to
 * `tieBreak`, so the answer does not depend on which system is looked at first.
 */
function latest(
  salesforce: FieldObservation | undefined,
  hubspot: FieldObservation | undefined,
  tieBreak: SystemName,
  nonBlankOnly: boolean,
): MergeDecision {
  const fromSalesforce = nonBlankOnly && isBlank(salesforce?.value) ? undefined : salesforce;
  const fromHubspot = nonBlankOnly && isBlank(hubspot?.value) ? undefined : hubspot;
  // An unreadable time (NaN) never wins.
  const salesforceTime =
    fromSalesforce === undefined ? Number.NaN : parseInstantMs(fromSalesforce.changedAt);
  const hubspotTime =
    fromHubspot === undefined ? Number.NaN : parseInstantMs(fromHubspot.changedAt);
  if (
    fromHubspot !== undefined &&
    (hubspotTime > salesforceTime ||
      (Number.isNaN(salesforceTime) && !Number.isNaN(hubspotTime)) ||
      (hubspotTime === salesforceTime && tieBreak === 'hubspot'))
  )
    return decision('hubspot', fromHubspot);
  if (fromSalesforce !== undefined && !Number.isNaN(salesforceTime))
    return decision('salesforce', fromSalesforce);
  return NOTHING;
}

/** mergeField with each system's observation given on its own (no record of them to build). */
export function mergeObservations(
  rule: MergeRule,
  salesforce: FieldObservation | undefined,
  hubspot: FieldObservation | undefined,
  tieBreak: SystemName,
): MergeDecision {
  switch (rule.kind) {
    case 'none':
      return NOTHING;
    case 'two-way':
      return latest(salesforce, hubspot, tieBreak, false);
    case 'prefer': {
      const preferred = rule.system === 'salesforce' ? salesforce : hubspot;
      if (preferred !== undefined && !isBlank(preferred.value))
        return decision(rule.system, preferred);
      const fallback = latest(salesforce, hubspot, tieBreak, true);
      if (fallback.winner !== undefined) return fallback;
      return preferred === undefined ? NOTHING : decision(rule.system, preferred);
    }
    case 'always': {
      const source = rule.system === 'salesforce' ? salesforce : hubspot;
      return source === undefined ? NOTHING : decision(rule.system, source);
    }
  }
}

export function mergeField({ rule, observations, tieBreak }: MergeInput): MergeDecision {
  return mergeObservations(rule, observations.salesforce, observations.hubspot, tieBreak);
}
