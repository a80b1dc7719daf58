import { DateTime } from 'luxon';
import { BusinessCalendar } from './business-calendar.ts';
import type { Grade, SlaClock } from './lead.ts';
import type { FollowUpEvidence, SlaConfig } from './sla-config.ts';

/**
 * The follow-up SLA (DESIGN.md: speed-to-lead): a lead handed to sales must be followed up
 * within its grade's window of business time, or it is flagged (breached), then escalated.
 * This is the one place the rest of leadloop imports the SLA pieces from.
 */
export {
  BusinessHoursSchema,
  FOLLOW_UP_EVIDENCE,
  SlaConfigSchema,
  TimezoneSchema,
  WEEKDAYS,
  type BusinessHours,
  type FollowUpEvidence,
  type OpenRange,
  type SlaConfig,
  type SlaConfigInput,
  type Weekday,
} from './sla-config.ts';
export {
  BusinessDurationSchema,
  parseBusinessDuration,
  type BusinessDuration,
} from './business-duration.ts';
export { BusinessCalendar, type BusinessCalendarSettings } from './business-calendar.ts';
export {
  SLA_CLOCK_EVENTS,
  SLA_CLOCK_TRANSITIONS,
  advanceSlaClock,
  classifySlaEvent,
  isSlaClockStopped,
  type SlaClockEvent,
  type SlaClockEventKind,
} from './sla-clock.ts';

/** The policy's fields a calendar needs; a whole `SlaConfig` will do. */
export type SlaPolicy = SlaConfig;

const calendars = new WeakMap<SlaPolicy, BusinessCalendar>();

/** The business calendar of a policy, built once per policy object. */
export function calendarFor(policy: SlaPolicy): BusinessCalendar {
  let calendar = calendars.get(policy);
  if (calendar === undefined) {
    calendar = new BusinessCalendar(policy);
    calendars.set(policy, calendar);
  }
  return calendar;
}

/**
 * Due times of the latest handoff instants, per policy. A sync hands off a page of leads at one
 * instant and asks for each (the write, then the clock), while walking the business calendar
 * is the costliest step of deciding a lead: the answer for (instant, grade) is kept, with its
 * ISO text once asked for.
 */
interface DueTime {
  readonly ms: number;
  iso: string | undefined;
  /** slaEscalateAt's answer, once asked. */
  escalateMs: number | undefined;
}
const recentDueTimes = new WeakMap<SlaPolicy, Map<string, DueTime>>();
const RECENT_DUE_TIMES = 64;

function dueTime(policy: SlaPolicy, handoffAtMs: number, grade: Grade): DueTime {
  let recent = recentDueTimes.get(policy);
  if (recent === undefined) {
    recent = new Map();
    recentDueTimes.set(policy, recent);
  }
  const key = `${handoffAtMs}|${grade}`;
  let due = recent.get(key);
  if (due === undefined) {
    const ms = calendarFor(policy)
      .addBusinessTime(new Date(handoffAtMs), policy.windows[grade])
      .getTime();
    due = { ms, iso: undefined, escalateMs: undefined };
    if (recent.size >= RECENT_DUE_TIMES) recent.delete(recent.keys().next().value ?? key);
    recent.set(key, due);
  }
  return due;
}

/** When sales must have followed up a lead of `grade` handed off at `handoffAt`. */
export function slaDueAt(policy: SlaPolicy, handoffAt: Date, grade: Grade): Date {
  return new Date(dueTime(policy, handoffAt.getTime(), grade).ms);
}

/** slaDueAt as `toISOString` writes it, for a handoff at epoch milliseconds `handoffAtMs`. */
export function slaDueIso(policy: SlaPolicy, handoffAtMs: number, grade: Grade): string {
  const due = dueTime(policy, handoffAtMs, grade);
  due.iso ??= new Date(due.ms).toISOString();
  return due.iso;
}

/** When an untouched lead's breach escalates: `escalateAfter` (business time) past the deadline. */
export function slaEscalateAt(policy: SlaPolicy, handoffAt: Date, grade: Grade): Date {
  const due = dueTime(policy, handoffAt.getTime(), grade);
  due.escalateMs ??= calendarFor(policy)
    .addBusinessTime(new Date(due.ms), policy.escalateAfter[grade])
    .getTime();
  return new Date(due.escalateMs);
}

/**
 * When an untouched lead goes back to marketing: `autoRecycleAfterDays` calendar days after
 * handoff, at the same local time; undefined when the policy never recycles on its own.
 */
export function autoRecycleAt(policy: SlaPolicy, handoffAt: Date): Date | undefined {
  if (policy.autoRecycleAfterDays === undefined) return undefined;
  return DateTime.fromJSDate(handoffAt, { zone: policy.timezone })
    .plus({ days: policy.autoRecycleAfterDays })
    .toJSDate();
}

/** A new clock, on track, started at handoff. */
export function startSlaClock(policy: SlaPolicy, handoffAt: Date, grade: Grade): SlaClock {
  return {
    startedAt: handoffAt.toISOString(),
    dueAt: slaDueAt(policy, handoffAt, grade).toISOString(),
    status: 'on_track',
  };
}

/** Whether the admin counts this kind of evidence as a follow-up (`followUpEvidence`). */
export function countsAsFollowUp(policy: SlaPolicy, evidence: FollowUpEvidence): boolean {
  return policy.followUpEvidence.includes(evidence);
}
