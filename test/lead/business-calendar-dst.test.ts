import { describe, expect, it } from '@jest/globals';
import { aroundTheClock, at, berlin, days, minutes, newYork } from './calendars.ts';

// Clocks change on Sundays: New York 2026-03-08 (EST→EDT) and 2026-11-01 (EDT→EST); Berlin
// 2026-03-29 (CET→CEST) and 2026-10-25 (CEST→CET). Opening hours stay 09:00–17:00 local, so
// their UTC times move by an hour across the weekend.
describe('business time across DST changes', () => {
  it.each([
    [
      'New York spring: Fri 16:30 EST + 1h → Mon 09:30 EDT',
      newYork,
      '2026-03-06T21:30:00Z',
      minutes(60),
      '2026-03-09T13:30:00.000Z',
    ],
    [
      'New York autumn: Fri 16:30 EDT + 1h → Mon 09:30 EST',
      newYork,
      '2026-10-30T20:30:00Z',
      minutes(60),
      '2026-11-02T14:30:00.000Z',
    ],
    [
      'Berlin spring: Fri 16:30 CET + 1h → Mon 09:30 CEST',
      berlin,
      '2026-03-27T15:30:00Z',
      minutes(60),
      '2026-03-30T07:30:00.000Z',
    ],
    [
      'Berlin autumn: Fri 16:30 CEST + 1h → Mon 09:30 CET',
      berlin,
      '2026-10-23T14:30:00Z',
      minutes(60),
      '2026-10-26T08:30:00.000Z',
    ],
    [
      'New York spring: Fri 10:00 EST + 1 business day → Mon 10:00 EDT',
      newYork,
      '2026-03-06T15:00:00Z',
      days(1),
      '2026-03-09T14:00:00.000Z',
    ],
    [
      'New York autumn: Fri 10:00 EDT + 1 business day → Mon 10:00 EST',
      newYork,
      '2026-10-30T14:00:00Z',
      days(1),
      '2026-11-02T15:00:00.000Z',
    ],
    [
      'Berlin spring: Fri 10:00 CET + 1 business day → Mon 10:00 CEST',
      berlin,
      '2026-03-27T09:00:00Z',
      days(1),
      '2026-03-30T08:00:00.000Z',
    ],
    [
      'Berlin autumn: Fri 10:00 CEST + 1 business day → Mon 10:00 CET',
      berlin,
      '2026-10-23T08:00:00Z',
      days(1),
      '2026-10-26T09:00:00.000Z',
    ],
  ])('%s', (_name, calendar, start, duration, expected) => {
    expect(calendar().addBusinessTime(at(start), duration).toISOString()).toBe(expected);
  });

  it('counts real elapsed time on the change day when open around the clock', () => {
    // New York, Sunday 2026-03-08 00:00 EST + 3h = 04:00 EDT (02:00–03:00 does not exist).
    const newYork24 = aroundTheClock('America/New_York');
    expect(newYork24.addBusinessTime(at('2026-03-08T05:00:00Z'), minutes(180)).toISOString()).toBe(
      '2026-03-08T08:00:00.000Z',
    );
    // That Sunday is 23 hours long; Berlin's 2026-10-25 is 25.
    expect(
      newYork24.businessTimeBetween(at('2026-03-08T05:00:00Z'), at('2026-03-09T04:00:00Z')),
    ).toBe(23 * 3_600_000);
    const berlin24 = aroundTheClock('Europe/Berlin');
    expect(
      berlin24.businessTimeBetween(at('2026-10-24T22:00:00Z'), at('2026-10-25T23:00:00Z')),
    ).toBe(25 * 3_600_000);
  });

  it('a business day over the New York spring change is still one day of opening hours', () => {
    const calendar = newYork();
    const start = at('2026-03-06T15:00:00Z');
    const due = calendar.addBusinessTime(start, days(1));
    expect(calendar.businessTimeBetween(start, due)).toBe(8 * 3_600_000);
  });
});
