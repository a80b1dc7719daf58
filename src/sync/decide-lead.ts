import type { LeadloopConfig } from '../config/load-config.ts';
import type { LeadFields, Owner, Recycle, Score, StageHistoryEntry } from '../lead/lead.ts';
import { scoringValueOf } from '../lead/hubspot-scoring-record.ts';
import { isoOf } from '../lead/iso-instant.ts';
import { formatScoreReasons } from '../lead/score-explain.ts';
import { reachesMql, scoreInputs, scoringInputs } from '../lead/score-lead.ts';
import type { ScoringValue } from '../lead/record-values.ts';
import type { Stage } from '../lead/stages.ts';
import type { FieldMapping } from '../mapping/fields-schema.ts';
import { vendorFieldName } from '../mapping/field-values.ts';
import type { FieldStateRecord } from '../store/field-state-repo.ts';
import type { FieldValue } from './connector.ts';
import { decideStage, type IgnoredSignal, type StageSignal } from './decide-stage.ts';
import type { LeadState } from './lead-state.ts';
import { mergeValues, type MergeDecision } from './merge.ts';
import { signalOf } from './stage-signal.ts';

/**
 * Merge + decide for one lead: each field by its rule, the stage from this cycle's signals
 * through the stage machine, the score from the scoring rules. Pure.
 */
export interface MergedField {
  readonly field: keyof LeadFields;
  readonly mapping: FieldMapping;
  readonly decision: MergeDecision;
}

export interface LeadDecision {
  readonly fields: LeadFields;
  readonly merged: readonly MergedField[];
  readonly stage: Stage;
  readonly entries: readonly StageHistoryEntry[];
  readonly ignored: readonly IgnoredSignal[];
  readonly score: Score;
  /** The score's reasons as both systems show them (formatScoreReasons). */
  readonly scoreReasons: string;
  readonly owner: Owner | null;
  readonly recycle: Recycle | null;
  /** Signal rows read this cycle, to be consumed when the lead commits. */
  readonly consumed: readonly FieldStateRecord[];
  /** Salesforce stage evidence that counts as follow-up (status change, conversion), with its time. */
  readonly followUps: readonly { evidence: 'status_change' | 'conversion'; at: string }[];
}

const SALESFORCE_OBJECT = (object: string) => (object === 'Contact' ? 'contact' : 'lead');

const asText = (value: FieldValue): string | null =>
  value === null ? null : typeof value === 'string' ? value : String(value);

/** Per mapped field, its vendor field in each place: worked out once per loaded config. */
interface FieldPlan {
  readonly field: keyof LeadFields;
  readonly mapping: FieldMapping;
  readonly hubspot: string | null;
  readonly salesforce: Readonly<Record<'lead' | 'contact', string | null>>;
}

const fieldPlans = new WeakMap<LeadloopConfig['fields'], readonly FieldPlan[]>();

function fieldPlansOf(config: LeadloopConfig): readonly FieldPlan[] {
  let plans = fieldPlans.get(config.fields);
  if (plans === undefined) {
    plans = (Object.entries(config.fields.fields) as [keyof LeadFields, FieldMapping][])
      .filter(([, mapping]) => mapping.rule.kind !== 'none')
      .map(([field, mapping]) => ({
        field,
        mapping,
        hubspot: vendorFieldName(mapping, 'hubspot'),
        salesforce: {
          lead: vendorFieldName(mapping, 'salesforce', 'lead'),
          contact: vendorFieldName(mapping, 'salesforce', 'contact'),
        },
      }));
    fieldPlans.set(config.fields, plans);
  }
  return plans;
}

function mergeFields(state: LeadState, config: LeadloopConfig): MergedField[] {
  const placeholder = config.main.handoff.companyPlaceholder;
  const tieBreak = config.main.sync.tieBreak;
  const salesforce = state.sides.salesforce?.fields;
  const hubspot = state.sides.hubspot?.fields;
  const salesforceObject =
    state.sides.salesforce === undefined
      ? 'lead'
      : SALESFORCE_OBJECT(state.sides.salesforce.object);
  const merged: MergedField[] = [];
  for (const plan of fieldPlansOf(config)) {
    const salesforceField = plan.salesforce[salesforceObject];
    const inSalesforce =
      salesforce === undefined || salesforceField === null
        ? undefined
        : salesforce.get(salesforceField);
    const inHubspot =
      hubspot === undefined || plan.hubspot === null ? undefined : hubspot.get(plan.hubspot);
    const decision = mergeValues(
      plan.mapping.rule,
      seenValue(inSalesforce, placeholder),
      inSalesforce?.changedAt,
      seenValue(inHubspot, placeholder),
      inHubspot?.changedAt,
      tieBreak,
    );
    merged.push({ field: plan.field, mapping: plan.mapping, decision });
  }
  return merged;
}

/** The placeholder leadloop put in a required field is no one's value. */
const seenValue = (row: FieldStateRecord | undefined, placeholder: string): FieldValue =>
  row === undefined || row.seenValue === placeholder ? null : row.seenValue;

/** A key missing from a scoring record reads as it does from any plain object. */
const NO_VALUES: Readonly<Record<string, ScoringValue>> = {};

function scoreOf(state: LeadState, fields: LeadFields, now: Date, config: LeadloopConfig): Score {
  // HubSpot's properties, overlaid with the lead's known fields; only the keys the rules read.
  const hubspot = state.sides.hubspot?.fields;
  const property = (name: string) => hubspot?.get(name)?.seenValue;
  const values: ScoringValue[] = [];
  for (const name of scoringInputs(config.scoring)) {
    const value = scoringValueOf(name, property, fields);
    values.push(value === undefined ? NO_VALUES[name] : value);
  }
  return scoreInputs(config.scoring, values, now);
}

/** Owner of a Salesforce record from its OwnerId and relationship fields (blank = absent). */
export function ownerFromSalesforce(
  valueOf: (field: string) => FieldValue | undefined,
): Owner | undefined {
  const id = ownerText(valueOf('OwnerId'));
  if (id === undefined) return undefined;
  const name = ownerText(valueOf('Owner.Name'));
  const email = ownerText(valueOf('Owner.Email'));
  const owner: { salesforceUserId: string; name?: string; email?: string } = {
    salesforceUserId: id,
  };
  if (name !== undefined) owner.name = name;
  if (email !== undefined) owner.email = email;
  return owner;
}

const ownerText = (value: FieldValue | undefined) =>
  typeof value === 'string' && value !== '' ? value : undefined;

function ownerOf(state: LeadState): Owner | null {
  const fields = state.sides.salesforce?.fields;
  if (fields === undefined) return state.lead.owner;
  return ownerFromSalesforce((field) => fields.get(field)?.seenValue) ?? state.lead.owner;
}

export function decideLead(state: LeadState, config: LeadloopConfig, now: Date): LeadDecision {
  const merged = mergeFields(state, config);
  const fields: LeadFields = { ...state.lead.fields };
  for (const { field, decision } of merged) {
    if (decision.winner !== undefined) fields[field] = asText(decision.value);
  }
  const score = scoreOf(state, fields, now, config);
  const signals: StageSignal[] = [];
  for (const row of state.signals) {
    const signal = signalOf(row, state, config);
    if (signal !== undefined) signals.push(signal);
  }
  const previousTotal = state.lead.score?.total;
  const rising = previousTotal === undefined || score.total > previousTotal;
  if (
    reachesMql(config.scoring, score) &&
    (state.lead.stage === 'inquiry' || (state.lead.stage === 'recycled' && rising))
  ) {
    signals.push({
      stage: 'mql',
      at: isoOf(now.getTime()),
      system: 'leadloop',
      actor: 'leadloop scoring',
      reason: `score ${score.total} reached the MQL threshold of ${config.scoring.mqlThreshold}`,
    });
  }
  const decision = decideStage(state.lead.stage, signals);
  const recycledEntry = decision.entries.findLast((entry) => entry.stage === 'recycled');
  const recycle: Recycle | null =
    recycledEntry === undefined
      ? state.lead.recycle
      : {
          reason: recycledEntry.reason ?? 'recycled',
          at: recycledEntry.at,
          count: (state.lead.recycle?.count ?? 0) + 1,
        };
  const followUps: LeadDecision['followUps'][number][] = [];
  for (const signal of signals) {
    if (
      signal.system === 'salesforce' &&
      signal.actor === 'salesforce Lead' &&
      signal.stage !== 'mql'
    ) {
      followUps.push({
        evidence: signal.stage === 'sql' ? 'conversion' : 'status_change',
        at: signal.at,
      });
    }
  }
  return {
    fields,
    merged,
    stage: decision.stage,
    entries: decision.entries,
    ignored: decision.ignored,
    score,
    scoreReasons: formatScoreReasons(score),
    owner: ownerOf(state),
    recycle,
    consumed: state.signals,
    followUps,
  };
}
