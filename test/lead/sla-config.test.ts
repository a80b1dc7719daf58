import { describe, expect, it } from '@jest/globals';
import { SlaConfigSchema } from '../../src/lead/sla.ts';
import { issuesOf, shippedSla } from './shipped-config.ts';

const weekdays = (hours: string[]) => ({
  monday: hours,
  tuesday: hours,
  wednesday: hours,
  thursday: hours,
  friday: hours,
  saturday: [],
  sunday: [],
});

const valid = {
  timezone: 'Europe/Berlin',
  businessHours: weekdays(['09:00-17:00']),
  windows: { A: '1h', B: '4h', C: '1 business day', D: '2 business days' },
};

describe('SlaConfigSchema', () => {
  it('accepts the shipped config/sla.yaml', () => {
    const policy = shippedSla();
    expect(policy.timezone).toBe('America/New_York');
    expect(policy.businessHours.monday).toEqual([{ start: 540, end: 1020 }]);
    expect(policy.businessHours.saturday).toEqual([]);
    expect(policy.holidays).toHaveLength(21);
    expect(policy.holidays[0]).toBe('2026-01-01');
    expect(policy.autoRecycleAfterDays).toBe(30);
    expect(policy.followUpEvidence).toEqual(['task', 'event', 'status_change', 'conversion']);
  });

  it('fills escalateAfter from the windows for grades it leaves out', () => {
    const policy = SlaConfigSchema.parse({ ...valid, escalateAfter: { A: '30m' } });
    expect(
      Object.entries(policy.escalateAfter).map(([grade, duration]) => `${grade} ${duration.text}`),
    ).toEqual(['A 30m', 'B 4h', 'C 1 business day', 'D 2 business days']);
  });

  it('sorts several ranges in a day (a lunch break)', () => {
    const policy = SlaConfigSchema.parse({
      ...valid,
      businessHours: weekdays(['13:00-17:30', '08:30-12:00']),
    });
    expect(policy.businessHours.friday).toEqual([
      { start: 510, end: 720 },
      { start: 780, end: 1050 },
    ]);
  });

  it('rejects an unknown key', () => {
    expect(issuesOf(SlaConfigSchema.safeParse({ ...valid, timeZone: 'UTC' }))).toEqual([
      ': Unrecognized key: "timeZone"',
    ]);
  });

  it('rejects a time zone luxon does not know', () => {
    const result = SlaConfigSchema.safeParse({ ...valid, timezone: 'America/Nowhere' });
    expect(issuesOf(result)).toEqual([
      'timezone: expected an IANA time zone like "America/New_York" or "Europe/Berlin"',
    ]);
    expect(result.error?.issues[0]).toMatchObject({ params: { code: 'value.bad_timezone' } });
  });

  it('rejects a duration outside the grammar', () => {
    const result = SlaConfigSchema.safeParse({
      ...valid,
      windows: { ...valid.windows, C: '1 day' },
    });
    expect(issuesOf(result)).toEqual([
      'windows.C: expected a business duration like "1h", "30m", "1 business day" or "2 business days"',
    ]);
  });

  it('rejects hours that cross midnight, overlap, or leave every day closed', () => {
    const overnight = SlaConfigSchema.safeParse({
      ...valid,
      businessHours: { ...valid.businessHours, saturday: ['22:00-02:00'] },
    });
    expect(issuesOf(overnight)).toEqual([
      'businessHours.saturday.0: expected opening hours like "09:00-17:00" (24-hour clock, end after start)',
    ]);
    const overlapping = SlaConfigSchema.safeParse({
      ...valid,
      businessHours: weekdays(['09:00-13:00', '12:00-17:00']),
    });
    expect(issuesOf(overlapping)).toContain(
      'businessHours.monday: expected opening hours that do not overlap',
    );
    const closed = SlaConfigSchema.safeParse({ ...valid, businessHours: weekdays([]) });
    expect(issuesOf(closed)).toEqual([
      'businessHours: expected at least one day with opening hours',
    ]);
  });

  it('rejects a holiday that is not a date, and repeated evidence kinds', () => {
    const result = SlaConfigSchema.safeParse({
      ...valid,
      holidays: ['2026-12-25', '12/26/2026'],
      followUpEvidence: ['task', 'task'],
    });
    expect(issuesOf(result)).toEqual([
      'holidays.1: expected a date like 2026-12-25',
      'followUpEvidence: expected each kind of evidence once',
    ]);
  });
});
