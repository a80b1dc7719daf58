import { describe, expect, it } from '@jest/globals';
import {
  autoRecycleAt,
  countsAsFollowUp,
  SlaConfigSchema,
  slaDueAt,
  slaEscalateAt,
  startSlaClock,
} from '../../src/lead/sla.ts';
import { shippedSla } from './shipped-config.ts';

const policy = shippedSla();
const closed: string[] = [];
const mondaysOnly = (extra: object = {}) =>
  SlaConfigSchema.parse({
    timezone: 'UTC',
    businessHours: {
      ...{ monday: ['09:00-17:00'], tuesday: closed, wednesday: closed, thursday: closed },
      ...{ friday: closed, saturday: closed, sunday: closed },
    },
    windows: { A: '1h', B: '4h', C: '1 business day', D: '2 business days' },
    ...extra,
  });
// Friday 2026-11-20 16:30 in New York (EST).
const fridayAfternoon = new Date('2026-11-20T21:30:00.000Z');

describe('SLA deadlines with the shipped policy', () => {
  it.each([
    ['A', '1h', '2026-11-23T14:30:00.000Z'],
    ['B', '4h', '2026-11-23T17:30:00.000Z'],
    ['C', '1 business day', '2026-11-23T21:30:00.000Z'],
    ['D', '2 business days', '2026-11-24T21:30:00.000Z'],
  ] as const)('grade %s (%s) handed off Friday 16:30 is due %s', (grade, _window, due) => {
    expect(slaDueAt(policy, fridayAfternoon, grade).toISOString()).toBe(due);
  });

  it.each([
    ['A', '2026-11-23T15:30:00.000Z'], // 1h after Monday 09:30
    ['B', '2026-11-23T21:30:00.000Z'], // 4h after Monday 12:30
    ['C', '2026-11-24T21:30:00.000Z'], // escalateAfter defaults to the window: Tuesday 16:30
    ['D', '2026-11-30T21:30:00.000Z'], // two business days after Tuesday 16:30, over Thanksgiving
  ] as const)('grade %s escalates at %s', (grade, escalates) => {
    expect(slaEscalateAt(policy, fridayAfternoon, grade).toISOString()).toBe(escalates);
  });

  it('starts an on-track clock at handoff', () => {
    expect(startSlaClock(policy, fridayAfternoon, 'A')).toEqual({
      startedAt: '2026-11-20T21:30:00.000Z',
      dueAt: '2026-11-23T14:30:00.000Z',
      status: 'on_track',
    });
  });
});

describe('auto-recycle and follow-up evidence', () => {
  it('recycles 30 calendar days after handoff at the same local time, across the DST change', () => {
    // 2026-10-15 10:00 EDT + 30 days = 2026-11-14 10:00 EST.
    expect(autoRecycleAt(policy, new Date('2026-10-15T14:00:00.000Z'))?.toISOString()).toBe(
      '2026-11-14T15:00:00.000Z',
    );
  });

  it('never recycles when the policy leaves autoRecycleAfterDays out', () => {
    expect(autoRecycleAt(mondaysOnly(), fridayAfternoon)).toBeUndefined();
  });

  it('counts only the evidence the policy lists', () => {
    const tasksOnly = mondaysOnly({ followUpEvidence: ['task'] });
    expect([
      countsAsFollowUp(tasksOnly, 'task'),
      countsAsFollowUp(tasksOnly, 'status_change'),
    ]).toEqual([true, false]);
    expect(countsAsFollowUp(policy, 'conversion')).toBe(true);
  });
});
