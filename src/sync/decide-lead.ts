import type { LeadloopConfig } from '../config/load-config.ts';
import type { LeadFields, Owner, Recycle, Score, StageHistoryEntry } from '../lead/lead.ts';
import { scoringKeyProperties, scoringValueOf } from '../lead/hubspot-scoring-record.ts';
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

/** A mapped field (rule other than none): the config's entries, listed once per loaded config. */
export interface MappedField {
  readonly field: keyof LeadFields;
  readonly mapping: FieldMapping;
}

export interface LeadDecision {
  readonly fields: LeadFields;
  /** The config's mapped fields, and the merge of each: `merged[i]` is `mappedFields[i]`'s. */
  readonly mappedFields: readonly MappedField[];
  readonly merged: readonly MergeDecision[];
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

const mappedFieldLists = new WeakMap<LeadloopConfig['fields'], readonly MappedField[]>();

function mappedFieldsOf(config: LeadloopConfig): readonly MappedField[] {
  let mapped = mappedFieldLists.get(config.fields);
  if (mapped === undefined) {
    mapped = (Object.entries(config.fields.fields) as [keyof LeadFields, FieldMapping][])
      .filter(([, mapping]) => mapping.rule.kind !== 'none')
      .map(([field, mapping]) => ({ field, mapping }));
    mappedFieldLists.set(config.fields, mapped);
  }
  return mapped;
}

function mergeFields(
  state: LeadState,
  config: LeadloopConfig,
  mappedFields: readonly MappedField[],
): MergeDecision[] {
  const placeholder = config.main.handoff.companyPlaceholder;
  const tieBreak = config.main.sync.tieBreak;
  const salesforce = state.sides.salesforce?.fields;
  const hubspot = state.sides.hubspot?.fields;
  const salesforceObject =
    state.sides.salesforce === undefined
      ? 'lead'
      : SALESFORCE_OBJECT(state.sides.salesforce.object);
  const merged: MergeDecision[] = [];
  for (const { mapping } of mappedFields) {
    const salesforceField = vendorFieldName(mapping, 'salesforce', salesforceObject);
    const inSalesforce =
      salesforce === undefined || salesforceField === null
        ? undefined
        : salesforce.get(salesforceField);
    const inHubspot =
      hubspot === undefined || mapping.hubspot === null ? undefined : hubspot.get(mapping.hubspot);
    const decision = mergeValues(
      mapping.rule,
      seenValue(inSalesforce, placeholder),
      inSalesforce?.changedAt,
      seenValue(inHubspot, placeholder),
      inHubspot?.changedAt,
      tieBreak,
    );
    merged.push(decision);
  }
  return merged;
}

/** The placeholder leadloop put in a required field is no one's value. */
const seenValue = (row: FieldStateRecord | undefined, placeholder: string): FieldValue =>
  row === undefined || row.seenValue === placeholder ? null : row.seenValue;

/** Where each key the scoring rules read comes from: worked out once per loaded config. */
interface ScoringKey {
  readonly name: string;
  /** Contact properties to try in turn (scoringKeyProperties). */
  readonly properties: readonly string[];
  /** What a plain record gives for a key it lacks (undefined, or an Object.prototype member). */
  readonly missing: ScoringValue;
}

const scoringKeys = new WeakMap<LeadloopConfig['scoring'], readonly ScoringKey[]>();

function scoringKeysOf(config: LeadloopConfig): readonly ScoringKey[] {
  let keys = scoringKeys.get(config.scoring);
  if (keys === undefined) {
    const plainRecord: Readonly<Record<string, ScoringValue>> = {};
    keys = scoringInputs(config.scoring).map((name) => ({
      name,
      properties: scoringKeyProperties(name),
      missing: plainRecord[name],
    }));
    scoringKeys.set(config.scoring, keys);
  }
  return keys;
}

/** scoringValueOf for every key the rules read, HubSpot's properties under the lead's fields. */
function scoreOf(state: LeadState, fields: LeadFields, now: Date, config: LeadloopConfig): Score {
  const hubspot = state.sides.hubspot?.fields;
  const property = (name: string) => hubspot?.get(name)?.seenValue;
  const values: ScoringValue[] = [];
  for (const { name, properties, missing } of scoringKeysOf(config)) {
    const value = scoringValueOf(name, property, fields, properties);
    values.push(value === undefined ? missing : value);
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

/**
 * Merge + decide for one lead: each field by its rule, the stage from this cycle's signals
 * through the stage machine, the score from the scoring rules. Pure.
 */
export function decideLead(state: LeadState, config: LeadloopConfig, now: Date): LeadDecision {
  const mappedFields = mappedFieldsOf(config);
  const merged = mergeFields(state, config, mappedFields);
  const fields: LeadFields = { ...state.lead.fields };
  for (let index = 0; index < merged.length; index += 1) {
    const decision = merged[index]!;
    if (decision.winner !== undefined) fields[mappedFields[index]!.field] = asText(decision.value);
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
    mappedFields,
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
