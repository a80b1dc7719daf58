import type { LeadloopConfig } from '../config/load-config.ts';
import { isCanonicalIso, parseInstantMs } from '../lead/iso-instant.ts';
import { slaDueIso } from '../lead/sla.ts';
import { stageRank, type Stage } from '../lead/stages.ts';
import { translateValue, vendorFieldName } from '../mapping/field-values.ts';
import { ruleWritesTo } from '../mapping/field-rule.ts';
import {
  HUBSPOT_PERSON_OBJECT,
  HUBSPOT_PROPERTIES as HS,
  SALESFORCE_FIELDS as SF,
  salesforceStageLabel,
} from '../mapping/leadloop-fields.ts';
import { lifecycleForStage, stageFromLifecycle } from '../mapping/stage-map.ts';
import type { FieldValue, SystemName } from './connector.ts';
import type { LeadDecision } from './decide-lead.ts';
import { seenValuesOf, type LeadState } from './lead-state.ts';
import type { Mutable, SystemTarget } from './plan.ts';

/**
 * What leadloop wants each system to hold for a lead: mapped fields where the other system
 * won, and the fields leadloop owns (stage, score, SLA, closed loop). Creation follows the
 * handoff rule: a lead at MQL or beyond with no Salesforce record becomes a Salesforce Lead;
 * a Salesforce-only person becomes a HubSpot contact. A record deleted in a system is never
 * re-created there.
 */
export interface DesiredWrite {
  readonly target: SystemTarget;
  /** Vendor field → the change time leadloop propagates (echoes keep it). */
  readonly changeTimes: ReadonlyMap<string, string>;
}

const HANDOFF_STAGES: ReadonlySet<Stage> = new Set([
  'mql',
  'sal',
  'sql',
  'opportunity',
  'customer',
]);
const SALESFORCE_REQUIRED = ['LastName', 'Company'];

function mappedValues(
  system: SystemName,
  object: 'lead' | 'contact',
  decision: LeadDecision,
  creating: boolean,
  nowIso: string,
): { values: Record<string, FieldValue>; times: ReadonlyMap<string, string> } {
  const values: Record<string, FieldValue> = {};
  // Most writes of a quiet lead carry no mapped field: their map is the shared empty one.
  let times: Map<string, string> | undefined;
  const { mappedFields, merged } = decision;
  for (let index = 0; index < merged.length; index += 1) {
    const mapped = mappedFields[index]!;
    const { winner, value, changedAt } = merged[index]!;
    if (!ruleWritesTo(mapped.mapping.rule, system)) continue;
    if (winner === undefined || (winner === system && !creating)) continue;
    const field = vendorFieldName(mapped.mapping, system, object);
    if (field === null) continue;
    values[field] =
      typeof value === 'string' ? translateValue(mapped.mapping, system, value) : value;
    times ??= new Map();
    times.set(field, changedAt ?? nowIso);
  }
  return { values, times: times ?? NO_CHANGE_TIMES };
}

const NO_CHANGE_TIMES: ReadonlyMap<string, string> = new Map();

/** The latest MQL entry, this cycle's before the history's. */
function mqlAt(state: LeadState, decision: LeadDecision): string | null {
  const isMql = (entry: { readonly stage: string }) => entry.stage === 'mql';
  return decision.entries.findLast(isMql)?.at ?? state.history.findLast(isMql)?.at ?? null;
}

/**
 * Salesforce keeps a DateTime to the whole second (it reads back `….000+0000`): a value sent
 * with milliseconds comes back different, looks like a change, and would be written again on
 * every cycle that reads the record.
 */
function salesforceDateTime(iso: string | null | undefined): string | null {
  if (iso === null || iso === undefined) return null;
  // toISOString's own form: the whole second is the same text with .000, no Date round trip.
  if (isCanonicalIso(iso)) return iso.endsWith('.000Z') ? iso : `${iso.slice(0, 20)}000Z`;
  const at = Date.parse(iso);
  return Number.isNaN(at) ? iso : new Date(at - (((at % 1000) + 1000) % 1000)).toISOString();
}

/** The follow-up fields both systems show: status, due time and first touch. */
interface ClockView {
  readonly status: string | null;
  readonly dueAt: string | null;
  readonly firstTouchAt: string | null;
}

/**
 * The clock a lead shows. A lead handed off by this very write has none yet: reconcile starts
 * it when the Salesforce create commits, with this due time (same policy, grade and instant),
 * so the Lead is created with its due time and HubSpot learns the status in the same pass —
 * not one write per system later.
 */
function clockView(
  state: LeadState,
  decision: LeadDecision,
  config: LeadloopConfig,
  nowIso: string,
  handedOffNow: boolean,
): ClockView | undefined {
  if (!handedOffNow || state.openClock !== undefined) {
    const clock = state.latestClock;
    return clock === undefined
      ? undefined
      : { status: clock.status, dueAt: clock.dueAt, firstTouchAt: clock.firstTouchAt ?? null };
  }
  return {
    status: 'on_track',
    dueAt: slaDueIso(config.sla, parseInstantMs(nowIso), decision.score.grade),
    firstTouchAt: null,
  };
}

/** Sets the fields leadloop owns in Salesforce (over a mapped value of the same name). */
function setSalesforceOwned(
  values: Record<string, FieldValue>,
  state: LeadState,
  decision: LeadDecision,
  clock: ClockView | undefined,
): void {
  values[SF.id] = state.lead.id;
  values[SF.stage] = salesforceStageLabel(decision.stage);
  values[SF.score] = decision.score.total;
  values[SF.grade] = decision.score.grade;
  values[SF.reasons] = decision.scoreReasons;
  values[SF.mqlAt] = salesforceDateTime(mqlAt(state, decision));
  values[SF.slaDue] = salesforceDateTime(clock?.dueAt);
  values[SF.slaStatus] = clock?.status ?? null;
  values[SF.recycleReason] =
    decision.stage === 'recycled' ? (decision.recycle?.reason ?? null) : null;
}

/** Sets the closed-loop fields from the lead's best opportunity, when it has one. */
function setClosedLoop(values: Record<string, FieldValue>, state: LeadState): void {
  if (state.opportunities.length === 0) return;
  const rank = { won: 3, open: 2, lost: 1 } as const;
  const best = [...state.opportunities].sort(
    (a, b) => rank[b.status] - rank[a.status] || b.updatedAt.localeCompare(a.updatedAt),
  )[0];
  if (best === undefined) return;
  values[HS.opportunityStage] = best.stage;
  values[HS.opportunityAmount] = best.amount ?? null;
  values[HS.closedWonAt] =
    best.status === 'won' && best.closeDate !== null ? `${best.closeDate}T00:00:00.000Z` : null;
}

/** Sets the fields leadloop owns in HubSpot (over a mapped value of the same name). */
function setHubspotOwned(
  values: Record<string, FieldValue>,
  state: LeadState,
  decision: LeadDecision,
  salesforceId: string | undefined,
  config: LeadloopConfig,
  clock: ClockView | undefined,
  forceFields: string[],
): void {
  const owner = decision.owner;
  values[HS.id] = state.lead.id;
  values[HS.stage] = decision.stage;
  values[HS.score] = decision.score.total;
  values[HS.grade] = decision.score.grade;
  values[HS.reasons] = decision.scoreReasons;
  values[HS.slaStatus] = clock?.status ?? null;
  values[HS.firstTouchAt] = clock?.firstTouchAt ?? null;
  values[HS.recycleReason] =
    decision.stage === 'recycled' ? (decision.recycle?.reason ?? null) : null;
  values[HS.salesforceId] = salesforceId ?? null;
  values[HS.owner] =
    owner?.name === undefined
      ? null
      : owner.email === undefined
        ? owner.name
        : `${owner.name} <${owner.email}>`;
  setClosedLoop(values, state);
  const lifecycle = lifecycleForStage(config.stages, decision.stage);
  if (lifecycle !== undefined) {
    const current = state.sides.hubspot?.fields.get(HS.lifecycle)?.seenValue;
    const currentStage =
      typeof current === 'string' ? stageFromLifecycle(config.stages, current)?.stage : undefined;
    if (decision.stage === 'recycled') {
      values[HS.lifecycle] = lifecycle;
      forceFields.push(HS.lifecycle);
    } else if (currentStage === undefined || stageRank(decision.stage) > stageRank(currentStage)) {
      // HubSpot ignores a backward lifecycle move; asking for one would repeat every cycle.
      values[HS.lifecycle] = lifecycle;
    }
  }
}

/**
 * `only` computes one system's write (reconcile asks per system: HubSpot's waits for the new
 * Salesforce Lead's id); without it, both.
 */
export function desiredWrites(
  state: LeadState,
  decision: LeadDecision,
  config: LeadloopConfig,
  nowIso: string,
  salesforceId: string | undefined,
  only?: SystemName,
): Partial<Record<SystemName, DesiredWrite>> {
  const result: Partial<Record<SystemName, DesiredWrite>> = {};
  const sf = state.sides.salesforce;
  const handoff = config.main.handoff;
  const createLead =
    only !== 'hubspot' &&
    sf === undefined &&
    !state.everLinked.has('salesforce') &&
    handoff.createSalesforceLeadOnMql &&
    HANDOFF_STAGES.has(decision.stage);
  if (only !== 'hubspot' && (sf !== undefined || createLead)) {
    const object = sf?.object === 'Contact' ? 'contact' : 'lead';
    const mapped = mappedValues('salesforce', object, decision, createLead, nowIso);
    const desired = mapped.values;
    setSalesforceOwned(
      desired,
      state,
      decision,
      clockView(state, decision, config, nowIso, createLead),
    );
    if (createLead) {
      for (const field of SALESFORCE_REQUIRED) {
        const value = desired[field];
        if (value === null || value === undefined || value === '')
          desired[field] = handoff.companyPlaceholder;
      }
    }
    if (object === 'contact') delete desired.Company;
    const target: Mutable<SystemTarget> = {
      system: 'salesforce',
      object: sf?.object ?? 'Lead',
      recordId: sf?.recordId,
      seen: seenValuesOf(sf),
      desired,
    };
    if (createLead) {
      target.create = {
        upsertKey: { field: SF.id, value: state.lead.id },
        assign: handoff.useAssignmentRules,
      };
    }
    result.salesforce = { target, changeTimes: mapped.times };
  }
  const hs = state.sides.hubspot;
  const email = state.lead.emailNormalized ?? decision.fields.email ?? null;
  const createContact = hs === undefined && !state.everLinked.has('hubspot') && email !== null;
  if (only !== 'salesforce' && (hs !== undefined || createContact)) {
    const forceFields: string[] = [];
    const mapped = mappedValues('hubspot', 'lead', decision, createContact, nowIso);
    const desired = mapped.values;
    // A Salesforce id given for a lead Salesforce did not have: its Lead was just created.
    const handedOffNow = salesforceId !== undefined && sf === undefined;
    const clock = clockView(state, decision, config, nowIso, handedOffNow);
    setHubspotOwned(
      desired,
      state,
      decision,
      salesforceId ?? sf?.recordId,
      config,
      clock,
      forceFields,
    );
    const target: Mutable<SystemTarget> = {
      system: 'hubspot',
      object: HUBSPOT_PERSON_OBJECT,
      recordId: hs?.recordId,
      seen: seenValuesOf(hs),
      desired,
    };
    if (createContact && email !== null) {
      target.create = { upsertKey: { field: 'email', value: email }, assign: false };
    }
    if (forceFields.length > 0) target.forceFields = forceFields;
    result.hubspot = { target, changeTimes: mapped.times };
  }
  return result;
}
