import { describe, expect, it } from '@jest/globals';
import { reassignmentTarget } from '../../src/lifecycle/reassign.ts';
import { SlaConfigSchema } from '../../src/lead/sla.ts';

const weekdays = (hours: string[]) => ({
  monday: hours,
  tuesday: hours,
  wednesday: hours,
  thursday: hours,
  friday: hours,
  saturday: [],
  sunday: [],
});
const policy = {
  timezone: 'America/New_York',
  businessHours: weekdays(['09:00-17:00']),
  windows: { A: '1h', B: '4h', C: '1 business day', D: '2 business days' },
};
const REP_1 = '005000000000003AAA';
const REP_2 = '005000000000004AAA';
const REP_3 = '005000000000005AAA';
const QUEUE = '00G000000000001AAA';

describe('reassignOnEscalation in config/sla.yaml', () => {
  it('is optional: absent, the owner keeps an escalated lead', () => {
    expect(SlaConfigSchema.parse(policy).reassignOnEscalation).toBeUndefined();
  });

  it('takes a lead queue or a round-robin pool of users', () => {
    expect(
      SlaConfigSchema.parse({ ...policy, reassignOnEscalation: { queue: QUEUE } })
        .reassignOnEscalation,
    ).toEqual({ queue: QUEUE });
    expect(
      SlaConfigSchema.parse({ ...policy, reassignOnEscalation: { roundRobin: [REP_1, REP_2] } })
        .reassignOnEscalation,
    ).toEqual({ roundRobin: [REP_1, REP_2] });
  });

  it('refuses a user where a queue belongs, an empty pool, a rep twice and unknown keys', () => {
    for (const wrong of [
      { queue: REP_1 },
      { roundRobin: [] },
      { roundRobin: [REP_1, REP_1] },
      { roundRobin: [QUEUE] },
      { queue: QUEUE, roundRobin: [REP_1] },
      { pool: [REP_1] },
    ]) {
      expect(SlaConfigSchema.safeParse({ ...policy, reassignOnEscalation: wrong }).success).toBe(
        false,
      );
    }
  });
});

describe('reassignmentTarget', () => {
  it('never picks the current owner, and picks the same rep for the same clock', () => {
    const pool = { roundRobin: [REP_1, REP_2, REP_3] };
    const clocks = Array.from({ length: 30 }, (_, index) => `clock-${index}`);
    for (const clock of clocks) {
      const picked = reassignmentTarget(pool, clock, REP_2);
      expect([REP_1, REP_3]).toContain(picked);
      expect(reassignmentTarget(pool, clock, REP_2)).toBe(picked);
    }
    // Spread over the pool, not always its first rep.
    const picks = new Set(clocks.map((clock) => reassignmentTarget(pool, clock, undefined)));
    expect([...picks].sort()).toEqual([REP_1, REP_2, REP_3]);
  });

  it('has no one to pick when the pool is only the owner, or the owner already is the queue', () => {
    expect(reassignmentTarget({ roundRobin: [REP_1] }, 'clock-1', REP_1)).toBeUndefined();
    expect(reassignmentTarget({ queue: QUEUE }, 'clock-1', QUEUE)).toBeUndefined();
    expect(reassignmentTarget({ queue: QUEUE }, 'clock-1', REP_1)).toBe(QUEUE);
  });
});
