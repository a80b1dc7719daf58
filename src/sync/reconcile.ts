import type { FieldStateInput, FieldStateRecord } from '../store/field-state-repo.ts';
import type { NewAuditEntry } from '../store/audit-repo.ts';
import type { NewDeadLetter } from '../store/dead-letters-repo.ts';
import type { LeadChange } from '../store/leads-repo.ts';
import type { NewLink } from '../store/links-repo.ts';
import type { NewSlaClock } from '../store/sla-repo.ts';
import type { NewStageEntry } from '../store/stage-history-repo.ts';
import { logger } from '../log/logger.ts';
import type { SystemName, WriteOutcome } from './connector.ts';
import { decideLead, type LeadDecision } from './decide-lead.ts';
import { desiredWrites, type DesiredWrite } from './desired.ts';
import type { RunContext } from './engine.ts';
import { recordWrite } from './field-state.ts';
import { applyFollowUp } from './follow-up.ts';
import { loadLeadStates, type LeadState } from './lead-state.ts';
import { isHandoff, ownersOfNewLeads } from './new-lead-owners.ts';
import { planWrite, type PlannedWrite } from './plan.ts';
import { pushWrites } from './push.ts';
import { updateSlaClock } from './sla-clock.ts';
import { countWrite, type SyncCounts } from './sync-counts.ts';

/**
 * Reconcile: the pending leads, a page at a time — merge and decide each, plan the minimal
 * write per system, push Salesforce first (a new Lead's id then reaches HubSpot in the same
 * pass), and commit everything the writes changed in one transaction. A lead staged again
 * while its page was in flight stays pending and is reconciled again.
 */
const log = logger('sync.reconcile');

interface LeadWork {
  readonly state: LeadState;
  decision: LeadDecision;
  readonly desired: Partial<Record<SystemName, DesiredWrite>>;
  readonly plans: Partial<Record<SystemName, PlannedWrite>>;
  readonly outcomes: Partial<Record<SystemName, WriteOutcome>>;
  /** Handed off in this pass; HubSpot is written next pass, with the Lead's owner. */
  awaitsOwner?: boolean;
}

export type PlanListener = (
  lead: LeadState,
  decision: LeadDecision,
  plans: readonly PlannedWrite[],
) => void;

export async function reconcilePending(
  run: RunContext,
  counts: SyncCounts,
  onPlan: PlanListener = () => undefined,
  onPage: (leads: number) => void = () => undefined,
): Promise<void> {
  const { store } = run.engine;
  const limit = run.engine.pageSize ?? 200;
  let afterSeq: number | undefined;
  for (;;) {
    run.signal?.throwIfAborted();
    const leads = await store.leads.pendingPage({ limit, afterSeq });
    if (leads.length === 0) return;
    afterSeq = leads.at(-1)?.pendingSeq ?? afterSeq;
    counts.leads += leads.length;
    const work = await reconcilePage(run, await loadLeadStates(run, leads), counts);
    for (const item of work) {
      onPlan(
        item.state,
        item.decision,
        Object.values(item.plans).filter((p): p is PlannedWrite => p !== undefined),
      );
    }
    onPage(leads.length);
  }
}

async function reconcilePage(
  run: RunContext,
  states: readonly LeadState[],
  counts: SyncCounts,
): Promise<LeadWork[]> {
  const { config } = run.engine;
  const now = run.engine.clock();
  const nowIso = now.toISOString();
  const work: LeadWork[] = states.map((state) => ({
    state,
    decision: decideLead(state, config, now),
    desired: {},
    plans: {},
    outcomes: {},
  }));
  for (const system of ['salesforce', 'hubspot'] as const) {
    const plans: PlannedWrite[] = [];
    for (const item of work) {
      if (system === 'hubspot' && item.awaitsOwner === true) continue;
      const salesforceId =
        item.outcomes.salesforce?.ok === true ? item.outcomes.salesforce.id : undefined;
      const desired = desiredWrites(
        item.state,
        item.decision,
        config,
        nowIso,
        salesforceId,
        system,
      )[system];
      if (desired === undefined) continue;
      (item.desired as Record<string, DesiredWrite>)[system] = desired;
      const plan = planWrite(desired.target, item.state.lead.id);
      if (plan === undefined) {
        counts[system].unchanged += 1;
        continue;
      }
      (item.plans as Record<string, PlannedWrite>)[system] = plan;
      plans.push(plan);
    }
    const outcomes = await pushWrites(run, system, plans);
    for (const item of work) {
      const plan = item.plans[system];
      const outcome = plan === undefined ? undefined : outcomes.get(plan.request.ref);
      if (outcome !== undefined) (item.outcomes as Record<string, WriteOutcome>)[system] = outcome;
    }
    if (system === 'salesforce') {
      if (run.pullsAgain === true) counts.awaitingOwner += awaitNewLeadOwners(work);
      else await learnNewLeadOwners(run, work);
    }
  }
  await run.engine.store.transaction(() => commitPage(run, work, counts, nowIso));
  return work;
}

/**
 * A lead handed off in this pass waits for its Salesforce owner before HubSpot is written: the
 * run's next pull brings it (assignment rules ran at the create), and HubSpot then gets the
 * owner, the Lead's id, stage and score in one write instead of two.
 */
function awaitNewLeadOwners(work: LeadWork[]): number {
  let awaiting = 0;
  for (const item of work) {
    if (!isHandoff(item.plans.salesforce, item.outcomes.salesforce)) continue;
    item.awaitsOwner = true;
    awaiting += 1;
  }
  return awaiting;
}

async function learnNewLeadOwners(run: RunContext, work: LeadWork[]): Promise<void> {
  const owners = await ownersOfNewLeads(
    run,
    work.map((item) => ({
      leadId: item.state.lead.id,
      plan: item.plans.salesforce,
      outcome: item.outcomes.salesforce,
    })),
  );
  for (const item of work) {
    const owner = owners.get(item.state.lead.id);
    if (owner !== undefined) item.decision = { ...item.decision, owner };
  }
}

async function commitPage(
  run: RunContext,
  work: readonly LeadWork[],
  counts: SyncCounts,
  nowIso: string,
): Promise<void> {
  const { store } = run.engine;
  const changes: LeadChange[] = work.map(({ state, decision }) => ({
    id: state.lead.id,
    version: state.lead.version,
    fields: decision.fields,
    stage: decision.stage,
    score: decision.score,
    owner: decision.owner,
    recycle: decision.recycle,
    emailNormalized:
      state.lead.emailNormalized ?? decision.fields.email?.trim().toLowerCase() ?? null,
  }));
  const { conflicts } = await store.leads.updateMany(changes);
  const conflicted = new Set(conflicts);
  const entries: NewStageEntry[] = [];
  const states: FieldStateInput[] = [];
  const audits: NewAuditEntry[] = [];
  const letters: NewDeadLetter[] = [];
  const consumed: FieldStateRecord[] = [];
  const newLinks: NewLink[] = [];
  const writtenTo: { leadId: string; system: SystemName }[] = [];
  const clockOwners: { id: string; ownerId: string }[] = [];
  const clockStarts: NewSlaClock[] = [];
  for (const { state, decision, desired, plans, outcomes } of work) {
    const leadId = state.lead.id;
    if (!conflicted.has(leadId)) {
      let from = state.lead.stage;
      for (const entry of decision.entries) {
        entries.push({ leadId, ...entry, fromStage: from });
        from = entry.stage;
      }
      consumed.push(...decision.consumed);
    }
    // A backward signal is usually one system lagging the other (HubSpot still says "lead"
    // while sales has an opportunity): expected, so not a warning.
    for (const ignored of decision.ignored) {
      log.debug('stage signal ignored', {
        leadId,
        from: ignored.from,
        to: ignored.signal.stage,
        why: ignored.why,
      });
    }
    for (const system of ['salesforce', 'hubspot'] as const) {
      const plan = plans[system];
      const outcome = outcomes[system];
      if (plan === undefined || outcome === undefined) continue;
      if (!outcome.ok) {
        counts[system].failed += 1;
        letters.push({
          runId: run.runId,
          system,
          object: plan.object,
          operation: plan.request.action,
          leadId,
          externalId: plan.request.id ?? null,
          payload: plan.request,
          errorKind: outcome.error.kind,
          errorCode: outcome.error.code,
          errorMessage: outcome.error.message,
        });
        continue;
      }
      countWrite(counts, system, plan.object, outcome.created);
      const times = desired[system]?.changeTimes ?? new Map<string, string>();
      for (const change of plan.changes) {
        const written = recordWrite(change.after, times.get(change.field) ?? nowIso);
        states.push({
          leadId,
          system,
          field: change.field,
          seenValue: written.seenValue,
          changedAt: written.changedAt,
          writtenHash: written.writtenHash ?? null,
          writtenChangedAt: written.writtenChangedAt ?? null,
        });
      }
      if (plan.request.id === undefined)
        newLinks.push({ system, object: plan.object, externalId: outcome.id, leadId });
      writtenTo.push({ leadId, system });
      audits.push({
        runId: run.runId,
        leadId,
        system,
        object: plan.object,
        externalId: outcome.id,
        operation: outcome.created ? 'create' : 'update',
        before: Object.fromEntries(plan.changes.map((c) => [c.field, c.before])),
        after: Object.fromEntries(plan.changes.map((c) => [c.field, c.after])),
      });
    }
    const clock = await updateSlaClock(
      run,
      state,
      decision,
      outcomes.salesforce,
      plans.salesforce,
      nowIso,
    );
    if (clock?.start !== undefined) clockStarts.push(clock.start);
    if (clock?.owner !== undefined) clockOwners.push(clock.owner);
  }
  await store.sla.startMany(clockStarts);
  await store.sla.setOwners(clockOwners);
  await store.fieldState.removeIfUnchanged(consumed);
  await store.links.link(newLinks);
  await store.deadLetters.resolveForLeads(writtenTo, `written by run ${run.runId ?? '(dry run)'}`);
  await store.stageHistory.add(entries);
  await store.fieldState.upsertMany(states);
  await store.audit.add(audits);
  await store.deadLetters.add(letters);
  counts.stageChanges += entries.length;
  counts.deadLetters += letters.length;
  // A lead awaiting its new Lead's owner stays pending, for the next pass (not this one).
  const marks = work
    .filter(
      ({ state, awaitsOwner }) =>
        !conflicted.has(state.lead.id) && state.lead.pendingSeq !== null && awaitsOwner !== true,
    )
    .map(({ state }) => ({ id: state.lead.id, pendingSeq: state.lead.pendingSeq ?? 0 }));
  await store.leads.clearPending(marks);
  const touched: string[] = [];
  for (const { state, decision } of work) {
    for (const followUp of decision.followUps) {
      if (await applyFollowUp(run, state.lead.id, followUp.evidence, followUp.at))
        touched.push(state.lead.id);
    }
  }
  await store.leads.markPending(touched);
}
