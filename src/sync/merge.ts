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

/** Both systems; with two, the tie-break makes the winner independent of their order. */
const SYSTEMS: readonly SystemName[] = ['salesforce', 'hubspot'];

/** The latest change among the given systems (only non-blank values if asked); ties go to `tieBreak`. */
function latest(
  observations: Partial<Record<SystemName, FieldObservation>>,
  tieBreak: SystemName,
  nonBlankOnly: boolean,
): MergeDecision {
  let best: MergeDecision = NOTHING;
  let bestTime = -Infinity;
  for (const system of SYSTEMS) {
    const observation = observations[system];
    if (observation === undefined || (nonBlankOnly && isBlank(observation.value))) continue;
    // An unreadable time (NaN) never wins.
    const time = parseInstantMs(observation.changedAt);
    if (time > bestTime || (time === bestTime && system === tieBreak)) {
      best = decision(system, observation);
      bestTime = time;
    }
  }
  return best;
}

export function mergeField({ rule, observations, tieBreak }: MergeInput): MergeDecision {
  switch (rule.kind) {
    case 'none':
      return NOTHING;
    case 'two-way':
      return latest(observations, tieBreak, false);
    case 'prefer': {
      const preferred = observations[rule.system];
      if (preferred !== undefined && !isBlank(preferred.value))
        return decision(rule.system, preferred);
      const fallback = latest(observations, tieBreak, true);
      if (fallback.winner !== undefined) return fallback;
      return preferred === undefined ? NOTHING : decision(rule.system, preferred);
    }
    case 'always': {
      const source = observations[rule.system];
      return source === undefined ? NOTHING : decision(rule.system, source);
    }
  }
}
