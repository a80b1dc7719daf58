import { slaDueIso, slaEscalateAt } from '../lead/sla.ts';
import type { NewSlaClock } from '../store/sla-repo.ts';
import type { WriteOutcome } from './connector.ts';
import type { LeadDecision } from './decide-lead.ts';
import type { RunContext } from './engine.ts';
import { applyFollowUp } from './follow-up.ts';
import type { LeadState } from './lead-state.ts';
import { isHandoff } from './new-lead-owners.ts';
import type { PlannedWrite } from './plan.ts';

/**
 * Handoff starts the follow-up clock; recycle or disqualify stops it; the owner follows sales':
 * a changed owner comes back for the page's one update.
 */
export async function updateSlaClock(
  run: RunContext,
  state: LeadState,
  decision: LeadDecision,
  outcome: WriteOutcome | undefined,
  plan: PlannedWrite | undefined,
  nowIso: string,
): Promise<{ start?: NewSlaClock; owner?: { id: string; ownerId: string } } | undefined> {
  const { store, config } = run.engine;
  const open = state.openClock;
  const leaving = decision.entries.some(
    (entry) => entry.stage === 'recycled' || entry.stage === 'disqualified',
  );
  if (open !== undefined && leaving) {
    // Closing the lead is sales' move on it (a status change): the clock records that
    // follow-up before it stops, so a lead recycled in time shows `met`, not `on_track`.
    let touched = false;
    for (const followUp of decision.followUps) {
      if (await applyFollowUp(run, state.lead.id, followUp.evidence, followUp.at)) touched = true;
    }
    await store.sla.close(open.id);
    if (touched) await store.leads.markPending([state.lead.id]);
    return undefined;
  }
  // An upsert by leadloop's id is this lead's handoff even when it matched (a rerun after a
  // crash between the create and its commit): the clock starts either way.
  const handedOff = isHandoff(plan, outcome);
  const requalified =
    state.sides.salesforce !== undefined &&
    state.lead.stage === 'recycled' &&
    decision.stage === 'mql';
  if ((handedOff || requalified) && open === undefined) {
    const at = new Date(nowIso);
    const grade = decision.score.grade;
    // A handoff's writes already carried this clock (desired.ts); a requalified lead's did not.
    if (!handedOff) await store.leads.markPending([state.lead.id]);
    return {
      start: {
        leadId: state.lead.id,
        handoffAt: nowIso,
        dueAt: slaDueIso(config.sla, at.getTime(), grade),
        escalationDueAt: slaEscalateAt(config.sla, at, grade).toISOString(),
        grade,
        ownerId: decision.owner?.salesforceUserId ?? null,
      },
    };
  }
  const ownerId = decision.owner?.salesforceUserId;
  if (open !== undefined && ownerId !== undefined && open.ownerId !== ownerId)
    return { owner: { id: open.id, ownerId } };
  return undefined;
}
