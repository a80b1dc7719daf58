import type { SlaClock, SlaStatus } from './lead.ts';

/**
 * The follow-up clock of one handed-off lead (docs/specs/sla-clock.md). Events come in as they
 * are observed — a Salesforce Task can be read minutes after it was logged, after the SLA job
 * already flagged the lead — so each event carries the time it happened, and is classified
 * against the clock's deadline before the table decides.
 */

export type SlaClockEvent =
  /** Follow-up evidence (a Task, an Event, a Lead status change, a conversion) made at `at`. */
  | { type: 'follow_up'; at: string }
  /** The SLA job looked at `at`; `escalateAt` is when this lead's breach escalates. */
  | { type: 'check'; at: string; escalateAt: string };

/** What an event means for a clock, once compared with its times. */
export const SLA_CLOCK_EVENTS = [
  'touch_in_time', // follow-up at or before the deadline
  'touch_late', // follow-up after the deadline
  'deadline_passed', // a check at or after the deadline found no follow-up
  'escalation_passed', // a check at or after the escalation time found no follow-up
] as const;
export type SlaClockEventKind = (typeof SLA_CLOCK_EVENTS)[number];

/** Row = status, column = event kind, cell = the status after it. */
export const SLA_CLOCK_TRANSITIONS: Record<SlaStatus, Record<SlaClockEventKind, SlaStatus>> = {
  // prettier-ignore
  on_track:  { touch_in_time: 'met', touch_late: 'breached',  deadline_passed: 'breached',  escalation_passed: 'escalated' },
  // prettier-ignore
  met:       { touch_in_time: 'met', touch_late: 'met',       deadline_passed: 'met',       escalation_passed: 'met' },
  // A breach flagged before an in-time follow-up was read is corrected to met.
  // prettier-ignore
  breached:  { touch_in_time: 'met', touch_late: 'breached',  deadline_passed: 'breached',  escalation_passed: 'escalated' },
  // prettier-ignore
  escalated: { touch_in_time: 'met', touch_late: 'escalated', deadline_passed: 'escalated', escalation_passed: 'escalated' },
};

const ms = (iso: string) => Date.parse(iso);

/**
 * The kind of `event` for `clock`, or undefined when it changes nothing: follow-up from before
 * the handoff (it is not a response to it), a check before the deadline, and checks on a clock
 * that already has a first touch (the clock stopped then).
 */
export function classifySlaEvent(
  clock: SlaClock,
  event: SlaClockEvent,
): SlaClockEventKind | undefined {
  const at = ms(event.at);
  if (event.type === 'follow_up') {
    if (at < ms(clock.startedAt)) return undefined;
    return at <= ms(clock.dueAt) ? 'touch_in_time' : 'touch_late';
  }
  if (clock.firstTouchAt !== undefined) return undefined;
  if (at >= ms(event.escalateAt) && at >= ms(clock.dueAt)) return 'escalation_passed';
  if (at >= ms(clock.dueAt)) return 'deadline_passed';
  return undefined;
}

function earliest(a: string | undefined, b: string): string {
  return a !== undefined && ms(a) <= ms(b) ? a : b;
}

/** The clock after `event`. Pure: returns a new clock, or `clock` itself when the event changes nothing. */
export function advanceSlaClock(clock: SlaClock, event: SlaClockEvent): SlaClock {
  const kind = classifySlaEvent(clock, event);
  if (kind === undefined) return clock;
  const status = SLA_CLOCK_TRANSITIONS[clock.status][kind];
  const { startedAt, dueAt } = clock;
  switch (status) {
    case 'on_track':
      return clock;
    case 'met':
      // In time: the first touch is the earliest one seen; breach marks were observation lag.
      return { startedAt, dueAt, firstTouchAt: earliest(clock.firstTouchAt, event.at), status };
    case 'breached':
    case 'escalated': {
      const next: SlaClock = { ...clock, status, breachedAt: clock.breachedAt ?? dueAt };
      if (kind === 'touch_late') next.firstTouchAt = earliest(clock.firstTouchAt, event.at);
      // Stamped with when it happened (the deadline, the escalation time), not when the job
      // noticed, so the record does not depend on how often the job runs.
      if (status === 'escalated' && event.type === 'check') {
        next.escalatedAt = clock.escalatedAt ?? event.escalateAt;
      }
      return next;
    }
  }
}

/** True once the clock can no longer change except by a correction (a late-read in-time touch). */
export function isSlaClockStopped(clock: SlaClock): boolean {
  return clock.firstTouchAt !== undefined;
}
