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

/**
 * The latest change of the two systems (only non-blank values if asked); ties go to
 * `tieBreak`, so the answer does not depend on which system is looked at first. A system
 * holds the field when its change time is given.
 */
function latest(
  salesforce: FieldValue,
  salesforceAt: string | undefined,
  hubspot: FieldValue,
  hubspotAt: string | undefined,
  tieBreak: SystemName,
  nonBlankOnly: boolean,
): MergeDecision {
  const fromSalesforce = salesforceAt !== undefined && !(nonBlankOnly && isBlank(salesforce));
  const fromHubspot = hubspotAt !== undefined && !(nonBlankOnly && isBlank(hubspot));
  // An unreadable time (NaN) never wins.
  const salesforceTime = fromSalesforce ? parseInstantMs(salesforceAt) : Number.NaN;
  const hubspotTime = fromHubspot ? parseInstantMs(hubspotAt) : Number.NaN;
  if (
    fromHubspot &&
    (hubspotTime > salesforceTime ||
      (Number.isNaN(salesforceTime) && !Number.isNaN(hubspotTime)) ||
      (hubspotTime === salesforceTime && tieBreak === 'hubspot'))
  )
    return { value: hubspot, winner: 'hubspot', changedAt: hubspotAt };
  if (fromSalesforce && !Number.isNaN(salesforceTime))
    return { value: salesforce, winner: 'salesforce', changedAt: salesforceAt };
  return NOTHING;
}

/**
 * mergeField with each system's value and change time given apart, so a caller reading them
 * from its own rows builds no observation (a time of undefined: the system holds nothing).
 */
export function mergeValues(
  rule: MergeRule,
  salesforce: FieldValue,
  salesforceAt: string | undefined,
  hubspot: FieldValue,
  hubspotAt: string | undefined,
  tieBreak: SystemName,
): MergeDecision {
  switch (rule.kind) {
    case 'none':
      return NOTHING;
    case 'two-way':
      return latest(salesforce, salesforceAt, hubspot, hubspotAt, tieBreak, false);
    case 'prefer': {
      const preferred = rule.system === 'salesforce' ? salesforce : hubspot;
      const preferredAt = rule.system === 'salesforce' ? salesforceAt : hubspotAt;
      if (preferredAt !== undefined && !isBlank(preferred))
        return { value: preferred, winner: rule.system, changedAt: preferredAt };
      const fallback = latest(salesforce, salesforceAt, hubspot, hubspotAt, tieBreak, true);
      if (fallback.winner !== undefined) return fallback;
      return preferredAt === undefined
        ? NOTHING
        : { value: preferred, winner: rule.system, changedAt: preferredAt };
    }
    case 'always': {
      const source = rule.system === 'salesforce' ? salesforce : hubspot;
      const sourceAt = rule.system === 'salesforce' ? salesforceAt : hubspotAt;
      return sourceAt === undefined
        ? NOTHING
        : { value: source, winner: rule.system, changedAt: sourceAt };
    }
  }
}

export function mergeField({ rule, observations, tieBreak }: MergeInput): MergeDecision {
  const { salesforce, hubspot } = observations;
  return mergeValues(
    rule,
    salesforce === undefined ? null : salesforce.value,
    salesforce?.changedAt,
    hubspot === undefined ? null : hubspot.value,
    hubspot?.changedAt,
    tieBreak,
  );
}
