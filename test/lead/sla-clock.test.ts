import { describe, expect, it } from '@jest/globals';
import { SLA_STATUSES, type SlaClock, type SlaStatus } from '../../src/lead/lead.ts';
import {
  SLA_CLOCK_EVENTS,
  advanceSlaClock,
  classifySlaEvent,
  type SlaClockEvent,
  type SlaClockEventKind,
} from '../../src/lead/sla.ts';

// A grade-A lead handed off Friday 16:30 New York time: due Monday 09:30, escalates 10:30.
const startedAt = '2026-11-20T21:30:00.000Z';
const dueAt = '2026-11-23T14:30:00.000Z';
const escalateAt = '2026-11-23T15:30:00.000Z';

const clocks: Record<SlaStatus, SlaClock> = {
  on_track: { startedAt, dueAt, status: 'on_track' },
  met: { startedAt, dueAt, firstTouchAt: '2026-11-23T14:05:00.000Z', status: 'met' },
  breached: { startedAt, dueAt, breachedAt: dueAt, status: 'breached' },
  escalated: { startedAt, dueAt, breachedAt: dueAt, escalatedAt: escalateAt, status: 'escalated' },
};

const events: Record<SlaClockEventKind, SlaClockEvent> = {
  touch_in_time: { type: 'follow_up', at: '2026-11-23T14:20:00.000Z' },
  touch_late: { type: 'follow_up', at: '2026-11-23T16:10:00.000Z' },
  deadline_passed: { type: 'check', at: '2026-11-23T14:45:00.000Z', escalateAt },
  escalation_passed: { type: 'check', at: '2026-11-23T15:31:00.000Z', escalateAt },
};

const metAt = (firstTouchAt: string): SlaClock => ({
  startedAt,
  dueAt,
  firstTouchAt,
  status: 'met',
});
const late = '2026-11-23T16:10:00.000Z';

// Independent expectation list, from docs/specs/sla-clock.md, with every field.
const EXPECTED: [SlaStatus, SlaClockEventKind, SlaClock][] = [
  ['on_track', 'touch_in_time', metAt('2026-11-23T14:20:00.000Z')],
  [
    'on_track',
    'touch_late',
    { startedAt, dueAt, breachedAt: dueAt, firstTouchAt: late, status: 'breached' },
  ],
  ['on_track', 'deadline_passed', clocks.breached],
  ['on_track', 'escalation_passed', clocks.escalated],
  ['met', 'touch_in_time', clocks.met],
  ['met', 'touch_late', clocks.met],
  ['met', 'deadline_passed', clocks.met],
  ['met', 'escalation_passed', clocks.met],
  ['breached', 'touch_in_time', metAt('2026-11-23T14:20:00.000Z')],
  ['breached', 'touch_late', { ...clocks.breached, firstTouchAt: late }],
  ['breached', 'deadline_passed', clocks.breached],
  ['breached', 'escalation_passed', clocks.escalated],
  ['escalated', 'touch_in_time', metAt('2026-11-23T14:20:00.000Z')],
  ['escalated', 'touch_late', { ...clocks.escalated, firstTouchAt: late }],
  ['escalated', 'deadline_passed', clocks.escalated],
  ['escalated', 'escalation_passed', clocks.escalated],
];

describe('SLA clock, all 16 cells', () => {
  it('the events classify as intended on a running clock', () => {
    expect(SLA_CLOCK_EVENTS.map((kind) => classifySlaEvent(clocks.on_track, events[kind]))).toEqual(
      [...SLA_CLOCK_EVENTS],
    );
  });

  const cells = SLA_STATUSES.flatMap((status) =>
    SLA_CLOCK_EVENTS.map((kind) => [status, kind] as const),
  );
  it.each(cells)('%s + %s', (status, kind) => {
    const expected = EXPECTED.find(([from, on]) => from === status && on === kind);
    expect(advanceSlaClock(clocks[status], events[kind])).toEqual(expected?.[2]);
  });
});

describe('SLA clock events that change nothing', () => {
  it('ignores follow-up from before the handoff', () => {
    const before: SlaClockEvent = { type: 'follow_up', at: '2026-11-20T21:29:59.000Z' };
    expect(advanceSlaClock(clocks.on_track, before)).toBe(clocks.on_track);
  });

  it('ignores a check before the deadline', () => {
    const early: SlaClockEvent = { type: 'check', at: '2026-11-23T14:29:59.999Z', escalateAt };
    expect(advanceSlaClock(clocks.on_track, early)).toBe(clocks.on_track);
  });

  it('counts a follow-up exactly at the deadline as in time', () => {
    const onTheDot: SlaClockEvent = { type: 'follow_up', at: dueAt };
    expect(advanceSlaClock(clocks.on_track, onTheDot).status).toBe('met');
  });

  it('does not escalate a breach that sales followed up late', () => {
    const touchedLate = advanceSlaClock(clocks.breached, events.touch_late);
    expect(advanceSlaClock(touchedLate, events.escalation_passed)).toBe(touchedLate);
  });

  it('keeps the earliest first touch', () => {
    const again = advanceSlaClock(clocks.met, {
      type: 'follow_up',
      at: '2026-11-23T14:01:00.000Z',
    });
    expect(again.firstTouchAt).toBe('2026-11-23T14:01:00.000Z');
  });

  it('is idempotent: the same events twice give the same clock', () => {
    const once = advanceSlaClock(clocks.on_track, events.escalation_passed);
    expect(advanceSlaClock(once, events.escalation_passed)).toEqual(once);
    expect(advanceSlaClock(once, events.deadline_passed)).toEqual(once);
  });
});
