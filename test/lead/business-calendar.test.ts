import { describe, expect, it } from '@jest/globals';
import { LeadloopError } from '../../src/errors/leadloop-error.ts';
import { BusinessCalendar } from '../../src/lead/sla.ts';
import { at, days, minutes, newYork, shortFridays } from './calendars.ts';

// America/New_York in November 2026 is EST, UTC−5: 09:00 local = 14:00Z, 17:00 = 22:00Z.
describe('adding business hours (America/New_York, 09:00–17:00 Mon–Fri)', () => {
  it.each([
    [
      'Friday 16:30 + 1h → Monday 09:30 (weekend)',
      '2026-11-20T21:30:00Z',
      60,
      '2026-11-23T14:30:00.000Z',
    ],
    [
      'Tuesday 16:00 + 4h → Wednesday 12:00 (overnight)',
      '2026-11-17T21:00:00Z',
      240,
      '2026-11-18T17:00:00.000Z',
    ],
    [
      'Tuesday 16:00 + 1h → Tuesday 17:00 (ends at closing)',
      '2026-11-17T21:00:00Z',
      60,
      '2026-11-17T22:00:00.000Z',
    ],
    [
      'Tuesday 07:15 + 1h → Tuesday 10:00 (before opening)',
      '2026-11-17T12:15:00Z',
      60,
      '2026-11-17T15:00:00.000Z',
    ],
    ['Saturday 11:00 + 30m → Monday 09:30', '2026-11-21T16:00:00Z', 30, '2026-11-23T14:30:00.000Z'],
    [
      'Wednesday 16:30 + 1h → Monday 09:30 (Thanksgiving and the day after)',
      '2026-11-25T21:30:00Z',
      60,
      '2026-11-30T14:30:00.000Z',
    ],
    [
      'Thursday 2 July 16:00 + 2h → Monday 10:00 (3 July observed holiday, EDT)',
      '2026-07-02T20:00:00Z',
      120,
      '2026-07-06T14:00:00.000Z',
    ],
    [
      'Tuesday 10:00 + 16h → Thursday 10:00 (two full days)',
      '2026-11-17T15:00:00Z',
      960,
      '2026-11-19T15:00:00.000Z',
    ],
    [
      'Tuesday 10:00:30.250 + 1h keeps the seconds',
      '2026-11-17T15:00:30.250Z',
      60,
      '2026-11-17T16:00:30.250Z',
    ],
  ])('%s', (_name, start, count, expected) => {
    expect(newYork().addBusinessTime(at(start), minutes(count)).toISOString()).toBe(expected);
  });

  it('adds nothing when open, and moves to the next opening when closed', () => {
    const calendar = newYork();
    expect(calendar.addBusinessTime(at('2026-11-17T15:00:00Z'), minutes(0)).toISOString()).toBe(
      '2026-11-17T15:00:00.000Z',
    );
    expect(calendar.nextOpenMoment(at('2026-11-17T22:00:00Z')).toISOString()).toBe(
      '2026-11-18T14:00:00.000Z',
    );
    expect(
      [
        '2026-11-17T14:00:00Z',
        '2026-11-17T21:59:59Z',
        '2026-11-17T22:00:00Z',
        '2026-11-26T15:00:00Z',
      ].map((iso) => calendar.isOpen(at(iso))),
    ).toEqual([true, true, false, false]);
  });
});

describe('adding business days', () => {
  it.each([
    ['Tuesday 10:30 → Wednesday 10:30', '2026-11-17T15:30:00Z', 1, '2026-11-18T15:30:00.000Z'],
    ['Friday 10:30 → Monday 10:30', '2026-11-20T15:30:00Z', 1, '2026-11-23T15:30:00.000Z'],
    [
      'Saturday noon → Tuesday 09:00 (counts from Monday opening)',
      '2026-11-21T17:00:00Z',
      1,
      '2026-11-24T14:00:00.000Z',
    ],
    [
      'Tuesday 18:00 → Thursday 09:00 (counts from Wednesday opening)',
      '2026-11-17T23:00:00Z',
      1,
      '2026-11-19T14:00:00.000Z',
    ],
    [
      'Wednesday 14:00 → Monday 14:00 (over Thanksgiving)',
      '2026-11-25T19:00:00Z',
      1,
      '2026-11-30T19:00:00.000Z',
    ],
    ['Tuesday 10:30 + 2 → Thursday 10:30', '2026-11-17T15:30:00Z', 2, '2026-11-19T15:30:00.000Z'],
  ])('%s', (_name, start, count, expected) => {
    expect(newYork().addBusinessTime(at(start), days(count)).toISOString()).toBe(expected);
  });

  it('adds the days first, then the hours ("1 business day 4h")', () => {
    const due = newYork().addBusinessTime(at('2026-11-17T15:30:00Z'), {
      businessDays: 1,
      minutes: 240,
    });
    expect(due.toISOString()).toBe('2026-11-18T19:30:00.000Z');
  });

  it("lands on the target day's hours: closing time on a short Friday, after lunch", () => {
    const calendar = shortFridays();
    // Thursday 15:00 → Friday closes at 13:00.
    expect(calendar.addBusinessTime(at('2026-11-19T20:00:00Z'), days(1)).toISOString()).toBe(
      '2026-11-20T18:00:00.000Z',
    );
    // Monday 12:30 is lunch: counting starts at 13:00, so Tuesday 13:00.
    expect(calendar.addBusinessTime(at('2026-11-16T17:30:00Z'), days(1)).toISOString()).toBe(
      '2026-11-17T18:00:00.000Z',
    );
    // Monday 11:30 + 1h skips lunch → 13:30.
    expect(calendar.addBusinessTime(at('2026-11-16T16:30:00Z'), minutes(60)).toISOString()).toBe(
      '2026-11-16T18:30:00.000Z',
    );
  });
});

describe('business time between two instants', () => {
  it.each([
    ['Friday 16:30 → Monday 09:30', '2026-11-20T21:30:00Z', '2026-11-23T14:30:00Z', 60],
    [
      'Wednesday 16:00 → Monday 10:00 over Thanksgiving',
      '2026-11-25T21:00:00Z',
      '2026-11-30T15:00:00Z',
      120,
    ],
    ['Saturday → Sunday', '2026-11-21T15:00:00Z', '2026-11-22T20:00:00Z', 0],
    ['backwards is negative', '2026-11-23T14:30:00Z', '2026-11-20T21:30:00Z', -60],
  ])('%s: %i business minutes', (_name, from, to, expected) => {
    expect(newYork().businessTimeBetween(at(from), at(to)) / 60_000).toBe(expected);
  });
});

describe('a calendar that is never open', () => {
  it('fails with a code and a hint instead of looping', () => {
    const closed: { start: number; end: number }[] = [];
    const calendar = new BusinessCalendar({
      timezone: 'UTC',
      businessHours: {
        ...{ monday: closed, tuesday: closed, wednesday: closed, thursday: closed },
        ...{ friday: closed, saturday: closed, sunday: closed },
      },
      holidays: [],
    });
    const addHour = () => calendar.addBusinessTime(at('2026-11-17T15:00:00Z'), minutes(60));
    expect(addHour).toThrow(LeadloopError);
    expect(addHour).toThrow(
      expect.objectContaining({
        code: 'sla.no_business_hours',
        message: 'No business hours within 3660 days',
      }),
    );
  });
});
