import { DateTime } from 'luxon';
import { isLeadloopError } from '../errors/leadloop-error.ts';
import { advanceSlaClock } from '../lead/sla-clock.ts';
import { slaEscalateAt } from '../lead/sla.ts';
import { GradeSchema } from '../lead/lead.ts';
import { logger } from '../log/logger.ts';
import type { SlaClockRecord } from '../store/sla-repo.ts';
import type { Engine } from '../sync/engine.ts';
import { clockOf } from '../sync/follow-up.ts';
import { runSync } from '../sync/run-sync.ts';
import { leadloopStageSignal, signalState } from '../sync/signals.ts';
import { followUpActions, type SweepSettings } from './sla-actions.ts';

/**
 * `leadloop sla` and the one-minute SLA job: every open follow-up clock is checked against its
 * deadline. Breached → the owner gets a Task and an alert; still untouched at the escalation
 * time → the owner's manager gets a Task and an alert; untouched after `autoRecycleAfterDays`
 * → the lead goes back to marketing with reason "no follow-up". The statuses reach both
 * systems through the normal sync path (a reconcile of the leads it touched).
 */
export interface SlaSweepCounts {
  breached: number;
  escalated: number;
  recycled: number;
  tasks: number;
  alerts: number;
  /** Escalated leads handed to a queue or another rep (`reassignOnEscalation`). */
  reassigned: number;
}

const log = logger('lifecycle.sla');
const PAGE = 200;

export async function runSlaSweep(
  engine: Engine,
  settings: SweepSettings = {},
): Promise<SlaSweepCounts> {
  const { store, config } = engine;
  const now = settings.now ?? engine.clock();
  const nowIso = now.toISOString();
  const counts: SlaSweepCounts = {
    breached: 0,
    escalated: 0,
    recycled: 0,
    tasks: 0,
    alerts: 0,
    reassigned: 0,
  };
  const actions = followUpActions(engine, settings, counts);
  const touched = new Set<string>();

  const check = async (row: SlaClockRecord) => {
    const grade = GradeSchema.safeParse(row.grade);
    const escalateAt =
      row.escalationDueAt ??
      slaEscalateAt(
        config.sla,
        new Date(row.handoffAt),
        grade.success ? grade.data : 'D',
      ).toISOString();
    const before = clockOf(row);
    const after = advanceSlaClock(before, { type: 'check', at: nowIso, escalateAt });
    if (after === before) return false;
    // Side effects first, the status last: a crash in between leaves the clock where the next
    // sweep finds it again, and the steps already recorded in its alerts are not repeated.
    if (before.status === 'on_track') {
      counts.breached += 1;
      await actions.breached(row, now);
    }
    if (after.status === 'escalated') {
      counts.escalated += 1;
      await actions.escalated(row, now);
    }
    await store.sla.update(row.id, {
      status: after.status,
      breachedAt: after.breachedAt ?? null,
      escalatedAt: after.escalatedAt ?? null,
    });
    touched.add(row.leadId);
    return true;
  };

  for (const due of [
    () => store.sla.dueForBreach(nowIso, PAGE),
    () => store.sla.dueForEscalation(nowIso, PAGE),
  ]) {
    for (;;) {
      settings.signal?.throwIfAborted();
      const rows = await due();
      let changed = 0;
      for (const row of rows) if (await check(row)) changed += 1;
      // A clock a check cannot move (a touch read late) must not keep the loop going.
      if (rows.length < PAGE || changed === 0) break;
    }
  }

  const days = config.sla.autoRecycleAfterDays;
  if (days !== undefined) {
    const cutoff = DateTime.fromJSDate(now, { zone: config.sla.timezone })
      .minus({ days })
      .toJSDate();
    for (const row of await store.sla.untouchedSince(cutoff.toISOString(), 1_000)) {
      await store.fieldState.upsertMany([
        signalState(leadloopStageSignal(row.leadId, 'recycled', 'no follow-up', nowIso)),
      ]);
      counts.recycled += 1;
      touched.add(row.leadId);
      await actions.recycled(row, now);
    }
  }

  // Alerts the endpoint did not take before; while it still refuses, the rest wait a sweep.
  for (const row of await store.sla.dueForAlertRetry(nowIso, PAGE)) {
    settings.signal?.throwIfAborted();
    if (!(await actions.retryAlerts(row, now))) break;
  }

  if (touched.size > 0) {
    await store.leads.markPending([...touched]);
    try {
      await runSync(engine, {
        skipPull: true,
        trigger: 'sla',
        ...(settings.signal === undefined ? {} : { signal: settings.signal }),
      });
    } catch (error) {
      // A sync in progress pushes these leads itself: they are pending.
      if (!(isLeadloopError(error) && error.code === 'sync.busy')) throw error;
      log.info('a sync is running: it will write the SLA statuses', { leads: touched.size });
    }
  }
  return counts;
}
