import type { SlaClockRecord } from '../store/sla-repo.ts';
import type { Engine } from '../sync/engine.ts';
import { LEADLOOP_TASK_SUBJECTS } from '../sync/follow-up.ts';
import { ageText, postAlert, type SlaAlertMessage } from './notify.ts';
import { logger } from '../log/logger.ts';
import { isRetryableKind } from '../sync/retry.ts';
import { reassignmentTarget, reassignRecord } from './reassign.ts';

const log = logger('lifecycle.sla');

/**
 * What a breach, an escalation and an automatic recycle do besides the status: a Salesforce
 * Task for whoever must act (due today, on the lead's record), on escalation the optional
 * reassignment, and an alert. Each happens once per clock, crashes included: the steps are
 * recorded in the clock's `alerts`, and the sweep changes the clock's status only after them.
 */
export interface SweepSettings {
  /** Slack-compatible incoming webhook (LEADLOOP_NOTIFY_URL). */
  readonly notifyUrl?: string | undefined;
  /** A link to a Salesforce record for people, e.g. `${instanceUrl}/lightning/r/Lead/${id}/view`. */
  readonly recordUrl?: ((object: string, id: string) => string) | undefined;
  readonly signal?: AbortSignal | undefined;
  /** The sweep's time (default: the engine's clock). */
  readonly now?: Date | undefined;
}

interface Person {
  readonly id: string | undefined;
  readonly name: string;
}

export function followUpActions(
  engine: Engine,
  settings: SweepSettings,
  counts: { tasks: number; alerts: number; reassigned: number },
) {
  const { store } = engine;

  const context = async (row: SlaClockRecord) => {
    const lead = await store.leads.getById(row.leadId);
    const links = await store.links.linksOfLead(row.leadId);
    const record =
      links.find((link) => link.system === 'salesforce' && link.object === 'Contact') ??
      links.find((link) => link.system === 'salesforce' && link.object === 'Lead');
    const ownerId = row.ownerId ?? lead?.owner?.salesforceUserId;
    const [user] =
      ownerId === undefined ? [] : await store.closedLoop.users('salesforce', [ownerId]);
    const owner: Person = {
      id: ownerId ?? undefined,
      name: user?.name ?? lead?.owner?.name ?? 'unassigned',
    };
    const [managerUser] =
      user?.managerId === null || user?.managerId === undefined
        ? []
        : await store.closedLoop.users('salesforce', [user.managerId]);
    const manager: Person | undefined =
      user?.managerId === null || user?.managerId === undefined
        ? undefined
        : { id: user.managerId, name: managerUser?.name ?? user.managerId };
    const fields = lead?.fields ?? {};
    const name =
      [fields.firstName, fields.lastName]
        .filter((part) => typeof part === 'string' && part !== '')
        .join(' ') ||
      lead?.emailNormalized ||
      row.leadId;
    return { lead, record, owner, manager, name };
  };

  /**
   * A reminder Task on the lead's record. Creating a Task is not idempotent, so the intent is
   * recorded first: a sweep that finds an intent without its Task (a crash in between) looks the
   * Task up by WhoId and Subject before creating one.
   */
  const task = async (
    row: SlaClockRecord,
    step: { kind: string; intended: boolean },
    whoId: string | undefined,
    assignee: Person | undefined,
    subject: string,
    description: string,
    now: Date,
  ): Promise<string | { refused: string } | undefined> => {
    const salesforce = engine.connectors.salesforce;
    if (salesforce === undefined || whoId === undefined) return undefined;
    const title = subject.slice(0, 255);
    if (step.intended) {
      const existing = (await salesforce.findByField?.('Task', 'WhoId', [whoId])) ?? [];
      const found = existing.find((record) => !record.deleted && record.fields.Subject === title);
      if (found !== undefined) return found.id;
    } else {
      await store.sla.addAlert(row.id, { kind: step.kind, step: 'intent', at: now.toISOString() });
    }
    const [outcome] = await salesforce.write('Task', [
      {
        ref: `task:${whoId}`,
        action: 'create',
        fields: {
          WhoId: whoId,
          ...(assignee?.id === undefined ? {} : { OwnerId: assignee.id }),
          Subject: title,
          Description: description,
          ActivityDate: now.toISOString().slice(0, 10),
          Status: 'Not Started',
          Priority: 'High',
        },
      },
    ]);
    if (outcome?.ok === true) {
      counts.tasks += 1;
      return outcome.id;
    }
    if (outcome?.ok === false && isRetryableKind(outcome.error.kind)) {
      throw new Error(`Salesforce could not take the reminder Task now (${outcome.error.code})`);
    }
    // Refused for this record (a deleted lead, a validation rule): recorded with the vendor's
    // message instead of retried every minute; a whole-call failure throws and the next sweep
    // tries again.
    return { refused: outcome?.ok === false ? outcome.error.message : 'no answer' };
  };

  /**
   * Each step (Task, reassignment, alert) is recorded in the clock's alerts once done, so a
   * sweep retried after a crash does only what is left. An entry without `step` (written before
   * steps existed) means the whole action was done.
   */
  const act = async (row: SlaClockRecord, kind: SlaAlertMessage['kind'], now: Date) => {
    const mine = row.alerts.filter((alert) => alert.kind === kind);
    if (mine.some((alert) => alert.step === undefined)) return;
    const steps = new Set(mine.map((alert) => String(alert.step)));
    if (steps.has('alert')) return;
    const record = async (step: string, details: Record<string, unknown> = {}) =>
      store.sla.addAlert(row.id, { kind, step, at: now.toISOString(), ...details });
    const { record: target, owner, manager, name } = await context(row);
    const recipient = kind === 'escalated' ? (manager ?? owner) : owner;
    const age = ageText(now.getTime() - Date.parse(row.handoffAt));
    if (kind !== 'recycled' && !steps.has('task')) {
      const subject =
        kind === 'breached'
          ? LEADLOOP_TASK_SUBJECTS.breached(name)
          : LEADLOOP_TASK_SUBJECTS.escalated(name, owner.name);
      const taskId = await task(
        row,
        { kind, intended: steps.has('intent') },
        target?.externalId,
        recipient,
        subject,
        `leadloop: handed to sales ${age} ago, due ${row.dueAt}; no call, email or status change since. Clock ${row.id}.`,
        now,
      );
      if (typeof taskId === 'object') {
        log.warn('Salesforce refused the SLA reminder Task', { clockId: row.id, kind });
      }
      await record(
        'task',
        taskId === undefined ? {} : typeof taskId === 'string' ? { taskId } : taskId,
      );
    }
    const policy = engine.config.sla.reassignOnEscalation;
    if (
      kind === 'escalated' &&
      policy !== undefined &&
      target !== undefined &&
      !steps.has('reassign')
    ) {
      const to = reassignmentTarget(policy, row.id, owner.id);
      if (to !== undefined && (await reassignRecord(engine, target, to))) {
        counts.reassigned += 1;
        await record('reassign', { from: owner.id ?? null, to });
      }
    }
    const message = alertMessage(
      kind,
      row,
      now,
      { record: target, owner, manager, name },
      settings.recordUrl,
    );
    const delivered = await postAlert(settings.notifyUrl, message);
    if (delivered) counts.alerts += 1;
    if (settings.notifyUrl === undefined) {
      await record('alert', { recipient: recipient.name, delivered, channel: 'log' });
      return;
    }
    await record('alert', { recipient: recipient.name, delivered });
    if (!delivered) await store.sla.update(row.id, { alertRetryAt: retryAfter(now, 1) });
  };

  /**
   * An alert the endpoint did not take is posted again by later sweeps, with growing gaps, until
   * it goes through or ALERT_RETRY_MINUTES runs out — unless the lead was followed up or its
   * clock closed meanwhile (a late "not followed up" would be wrong). Returns false at the
   * endpoint's first refusal, which ends this sweep's retries.
   */
  const retryAlerts = async (row: SlaClockRecord, now: Date): Promise<boolean> => {
    const waiting = (['breached', 'escalated', 'recycled'] as const)
      .map((kind) => ({
        kind,
        tries: row.alerts.filter((alert) => alert.kind === kind && alert.step === 'alert'),
      }))
      .filter(
        ({ kind, tries }) =>
          tries.length > 0 &&
          !tries.some((alert) => alert.delivered === true || alert.channel === 'log') &&
          (kind === 'recycled' || (row.firstTouchAt === null && row.closedAt === null)),
      );
    for (const [index, { kind, tries }] of waiting.entries()) {
      const message = alertMessage(kind, row, now, await context(row), settings.recordUrl);
      const delivered = await postAlert(settings.notifyUrl, message, { attempts: 1 });
      const attempt = tries.length + 1;
      const gaveUp = !delivered && attempt > ALERT_RETRY_MINUTES.length;
      await store.sla.addAlert(row.id, {
        kind,
        step: 'alert',
        at: now.toISOString(),
        recipient: message.recipient,
        delivered,
        attempt,
        ...(gaveUp ? { gaveUp } : {}),
      });
      if (delivered) {
        counts.alerts += 1;
        continue;
      }
      if (gaveUp)
        log.warn('SLA alert given up: the endpoint never took it', { clockId: row.id, kind });
      // The alerts not tried in this sweep keep their turn at the next one.
      const later = waiting.length > index + 1 || !gaveUp;
      await store.sla.update(row.id, {
        alertRetryAt: later ? retryAfter(now, gaveUp ? 1 : attempt) : null,
      });
      return false;
    }
    await store.sla.update(row.id, { alertRetryAt: null });
    return true;
  };

  return {
    breached: (row: SlaClockRecord, now: Date) => act(row, 'breached', now),
    escalated: (row: SlaClockRecord, now: Date) => act(row, 'escalated', now),
    recycled: (row: SlaClockRecord, now: Date) => act(row, 'recycled', now),
    retryAlerts,
  };
}

/** The alert for a clock's `kind`: the escalation goes to the owner's manager when there is one. */
function alertMessage(
  kind: SlaAlertMessage['kind'],
  row: SlaClockRecord,
  now: Date,
  who: {
    record: { object: string; externalId: string } | undefined;
    owner: Person;
    manager: Person | undefined;
    name: string;
  },
  recordUrl: SweepSettings['recordUrl'],
): SlaAlertMessage {
  const recipient = kind === 'escalated' ? (who.manager ?? who.owner) : who.owner;
  return {
    kind,
    leadName: who.name,
    ownerName: who.owner.name,
    recipient: recipient.name,
    ageText: ageText(now.getTime() - Date.parse(row.handoffAt)),
    recordUrl:
      who.record === undefined ? undefined : recordUrl?.(who.record.object, who.record.externalId),
  };
}

/** Gaps before each try again of an undelivered alert: seven tries over about two hours. */
export const ALERT_RETRY_MINUTES = [1, 2, 5, 15, 30, 60] as const;

/** When try `attempt + 1` is due, `attempt` tries after the first failure. */
function retryAfter(now: Date, attempt: number): string {
  const minutes = ALERT_RETRY_MINUTES[Math.min(attempt, ALERT_RETRY_MINUTES.length) - 1]!;
  return new Date(now.getTime() + minutes * 60_000).toISOString();
}
