import type { FollowUpEvidence } from '../lead/sla-config.ts';
import type { SlaClock } from '../lead/lead.ts';
import { advanceSlaClock } from '../lead/sla-clock.ts';
import { countsAsFollowUp } from '../lead/sla.ts';
import type { SlaClockRecord } from '../store/sla-repo.ts';
import type { SystemRecord } from './connector.ts';
import type { RunContext } from './engine.ts';

/**
 * Follow-up evidence (DESIGN.md): a Task or Event on the lead or its contact created after the
 * handoff, the Lead Status leaving its first value, or conversion. Each one is applied to the
 * lead's open SLA clock through the clock's own table (docs/specs/sla-clock.md).
 */
export function clockOf(row: SlaClockRecord): SlaClock {
  return {
    startedAt: row.handoffAt,
    dueAt: row.dueAt,
    status: row.status,
    ...(row.firstTouchAt === null ? {} : { firstTouchAt: row.firstTouchAt }),
    ...(row.breachedAt === null ? {} : { breachedAt: row.breachedAt }),
    ...(row.escalatedAt === null ? {} : { escalatedAt: row.escalatedAt }),
  };
}

/** Applies one piece of evidence; returns true when the lead's clock changed. */
export async function applyFollowUp(
  run: RunContext,
  leadId: string,
  evidence: FollowUpEvidence,
  at: string,
): Promise<boolean> {
  const { store, config } = run.engine;
  if (!countsAsFollowUp(config.sla, evidence)) return false;
  const [open] = await store.sla.openFor([leadId]);
  if (open === undefined) return false;
  const before = clockOf(open);
  const after = advanceSlaClock(before, { type: 'follow_up', at });
  if (after === before) return false;
  await store.sla.update(open.id, {
    status: after.status,
    firstTouchAt: after.firstTouchAt ?? null,
    breachedAt: after.breachedAt ?? null,
  });
  return true;
}

/** Subjects of the Tasks leadloop itself creates: reminders, not follow-up. */
export const LEADLOOP_TASK_SUBJECTS = {
  breached: (name: string) => `Follow up: SLA breached for ${name}`,
  escalated: (name: string, owner: string) => `Escalation: ${name} not followed up by ${owner}`,
};
const isLeadloopTask = (subject: unknown): boolean =>
  typeof subject === 'string' &&
  (subject.startsWith('Follow up: SLA breached for ') || subject.startsWith('Escalation: '));

/** Tasks and Events: evidence for the lead whose Lead or Contact is the `WhoId`. */
export async function stageActivities(
  run: RunContext,
  records: readonly SystemRecord[],
): Promise<string[]> {
  const { store } = run.engine;
  const live = records.filter(
    (record) =>
      !record.deleted &&
      typeof record.fields.WhoId === 'string' &&
      !(record.object === 'Task' && isLeadloopTask(record.fields.Subject)),
  );
  const keys = live.flatMap((record) =>
    ['Lead', 'Contact'].map((object) => ({
      system: 'salesforce',
      object,
      externalId: String(record.fields.WhoId),
    })),
  );
  const links = await store.links.findActive(keys);
  const leadOf = new Map(links.map((link) => [link.externalId, link.leadId]));
  const touched = new Set<string>();
  for (const record of live) {
    const leadId = leadOf.get(String(record.fields.WhoId));
    if (leadId === undefined) continue;
    const evidence = record.object === 'Event' ? 'event' : 'task';
    if (await applyFollowUp(run, leadId, evidence, record.createdAt ?? record.modifiedAt)) {
      touched.add(leadId);
    }
  }
  return [...touched];
}
