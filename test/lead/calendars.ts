import { BusinessCalendar, SlaConfigSchema, calendarFor } from '../../src/lead/sla.ts';
import { shippedSla } from './shipped-config.ts';

/** Calendars for the business-time tests. */
const ninetoFive = ['09:00-17:00'];
const week = (weekday: string[], weekend: string[] = []) => ({
  monday: weekday,
  tuesday: weekday,
  wednesday: weekday,
  thursday: weekday,
  friday: weekday,
  saturday: weekend,
  sunday: weekend,
});

export function calendar(timezone: string, businessHours: object, holidays: string[] = []) {
  const policy = SlaConfigSchema.parse({
    timezone,
    businessHours,
    holidays,
    windows: { A: '1h', B: '4h', C: '1 business day', D: '2 business days' },
  });
  return new BusinessCalendar(policy);
}

/** The shipped calendar: America/New_York, 09:00–17:00 Monday to Friday, US holidays. */
export const newYork = () => calendarFor(shippedSla());
export const berlin = () => calendar('Europe/Berlin', week(ninetoFive));
/** Open around the clock, every day: business time is plain elapsed time. */
export const aroundTheClock = (timezone: string) =>
  calendar(timezone, week(['00:00-24:00'], ['00:00-24:00']));
/** A lunch break, and Fridays that close at 13:00. */
export const shortFridays = () =>
  calendar('America/New_York', {
    ...week(['09:00-12:00', '13:00-17:00']),
    friday: ['09:00-13:00'],
  });

export const minutes = (count: number) => ({ businessDays: 0, minutes: count });
export const days = (count: number) => ({ businessDays: count, minutes: 0 });
export const at = (iso: string) => new Date(iso);
