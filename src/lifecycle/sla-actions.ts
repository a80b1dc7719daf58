import type { SlaClockRecord } from '../store/sla-repo.ts';
import type { Engine } from '../sync/engine.ts';
import { LEADLOOP_TASK_SUBJECTS } from '../sync/follow-up.ts';
import { ageText, postAlert, type SlaAlertMessage } from './notify.ts';

/**
 * What a breach, an escalation and an automatic recycle do besides the status: a Salesforce
 * Task for whoever must act (due today, on the lead's record) and an alert. Each is done at most
 * once per clock: it is recorded in the clock's `alerts` before the next sweep can see it.
 */
export interface SweepSettings {
  /** Slack-compatible incoming webhook (LEADLOOP_NOTIFY_URL). */
  readonly notifyUrl?: string | undefined;
  /** A link to a Salesforce record for people, e.g. `${instanceUrl}/lightning/r/Lead/${id}/view`. */
  readonly recordUrl?: ((object: string, id: string) => string) | undefined;
  readonly signal?: AbortSignal | undefined;
}

interface Person {
  readonly id: string | undefined;
  readonly name: string;
}

export function followUpActions(
  engine: Engine,
  settings: SweepSettings,
  counts: { tasks: number; alerts: number },
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

  const done = (row: SlaClockRecord, kind: string) =>
    row.alerts.some((alert) => alert.kind === kind);

  const task = async (
    whoId: string | undefined,
    assignee: Person | undefined,
    subject: string,
    description: string,
    now: Date,
  ): Promise<string | undefined> => {
    const salesforce = engine.connectors.salesforce;
    if (salesforce === undefined || whoId === undefined) return undefined;
    const [outcome] = await salesforce.write('Task', [
      {
        ref: `task:${whoId}`,
        action: 'create',
        fields: {
          WhoId: whoId,
          ...(assignee?.id === undefined ? {} : { OwnerId: assignee.id }),
          Subject: subject.slice(0, 255),
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
    throw new Error(
      `Salesforce refused the follow-up Task: ${outcome?.ok === false ? outcome.error.message : 'no answer'}`,
    );
  };

  const act = async (row: SlaClockRecord, kind: SlaAlertMessage['kind'], now: Date) => {
    if (done(row, kind)) return;
    const { record, owner, manager, name } = await context(row);
    const recipient = kind === 'escalated' ? (manager ?? owner) : owner;
    const age = ageText(now.getTime() - Date.parse(row.handoffAt));
    let taskId: string | undefined;
    if (kind !== 'recycled') {
      const subject =
        kind === 'breached'
          ? LEADLOOP_TASK_SUBJECTS.breached(name)
          : LEADLOOP_TASK_SUBJECTS.escalated(name, owner.name);
      taskId = await task(
        record?.externalId,
        recipient,
        subject,
        `leadloop: handed to sales ${age} ago, due ${row.dueAt}; no call, email or status change since. Clock ${row.id}.`,
        now,
      );
    }
    const delivered = await postAlert(settings.notifyUrl, {
      kind,
      leadName: name,
      ownerName: owner.name,
      recipient: recipient.name,
      ageText: age,
      recordUrl:
        record === undefined ? undefined : settings.recordUrl?.(record.object, record.externalId),
    });
    if (delivered) counts.alerts += 1;
    await store.sla.addAlert(row.id, {
      kind,
      at: now.toISOString(),
      recipient: recipient.name,
      delivered,
      ...(taskId === undefined ? {} : { taskId }),
    });
  };

  return {
    breached: (row: SlaClockRecord, now: Date) => act(row, 'breached', now),
    escalated: (row: SlaClockRecord, now: Date) => act(row, 'escalated', now),
    recycled: (row: SlaClockRecord, now: Date) => act(row, 'recycled', now),
  };
}
