import { DateTime } from 'luxon';
import { LeadloopError } from '../errors/leadloop-error.ts';
import type { BusinessDuration } from './business-duration.ts';
import { WEEKDAYS, type BusinessHours, type OpenRange } from './sla-config.ts';

/**
 * Business time in one IANA zone: weekly opening hours minus holidays. Every wall-clock time
 * is turned into an instant by luxon in that zone, so weekends, nights, holidays and DST
 * changes need no offset arithmetic here. Business time is real elapsed time while open: an
 * open range that spans a DST change is an hour shorter (spring) or longer (autumn).
 */

/** How far ahead to look for an open day before deciding the calendar has none. */
const MAX_DAYS_AHEAD = 3660;
const MINUTE_MS = 60_000;

export interface BusinessCalendarSettings {
  timezone: string;
  businessHours: BusinessHours;
  /** `YYYY-MM-DD` local dates, closed all day. */
  holidays: readonly string[];
}

/** An open range of one local day, as instants. */
interface OpenSpan {
  open: DateTime;
  close: DateTime;
}

export class BusinessCalendar {
  readonly timezone: string;
  private readonly hours: BusinessHours;
  private readonly holidays: ReadonlySet<string>;

  constructor(settings: BusinessCalendarSettings) {
    this.timezone = settings.timezone;
    this.hours = settings.businessHours;
    this.holidays = new Set(settings.holidays);
  }

  /** The open ranges of the local day that starts at `day` (empty on weekends and holidays). */
  private spans(day: DateTime): OpenSpan[] {
    if (this.holidays.has(day.toISODate() ?? '')) return [];
    const ranges: readonly OpenRange[] = this.hours[WEEKDAYS[day.weekday - 1] ?? 'sunday'];
    return ranges.map((range) => ({
      open: this.at(day, range.start),
      close: this.at(day, range.end),
    }));
  }

  /** The instant `minutes` after local midnight on `day`; 1440 is the next midnight. */
  private at(day: DateTime, minutes: number): DateTime {
    if (minutes >= 1440) return day.plus({ days: 1 }).startOf('day');
    const { year, month, day: date } = day;
    const hour = Math.floor(minutes / 60);
    return DateTime.fromObject(
      { year, month, day: date, hour, minute: minutes % 60 },
      { zone: this.timezone },
    );
  }

  /** Local days from the one containing `from`, each at its local midnight. */
  private *days(from: DateTime): Generator<DateTime> {
    let day = from.setZone(this.timezone).startOf('day');
    for (let count = 0; count < MAX_DAYS_AHEAD; count += 1) {
      yield day;
      day = day.plus({ days: 1 }).startOf('day');
    }
    throw new LeadloopError(
      'sla.no_business_hours',
      `No business hours within ${MAX_DAYS_AHEAD} days`,
      {
        hint: 'config/sla.yaml needs opening hours on some weekday that is not a holiday',
      },
    );
  }

  private zoned(instant: Date): DateTime {
    return DateTime.fromJSDate(instant, { zone: this.timezone });
  }

  /** `instant` itself when the business is open then, else the next opening. */
  nextOpenMoment(instant: Date): Date {
    return this.addMinutes(this.zoned(instant), 0).toJSDate();
  }

  /** True while the business is open (ranges include their start, exclude their end). */
  isOpen(instant: Date): boolean {
    const at = this.zoned(instant);
    return this.spans(at.startOf('day')).some((span) => span.open <= at && at < span.close);
  }

  private addMinutes(start: DateTime, minutes: number): DateTime {
    let remaining = minutes * MINUTE_MS;
    for (const day of this.days(start)) {
      for (const { open, close } of this.spans(day)) {
        const from = open < start ? start : open;
        if (from >= close) continue;
        const available = close.toMillis() - from.toMillis();
        if (remaining < available || (remaining === available && remaining > 0)) {
          return from.plus({ milliseconds: remaining });
        }
        remaining -= available;
      }
    }
    throw new Error('unreachable: days() throws when it runs out');
  }

  /**
   * One business day after `start` is the same local time on the next business day (a
   * weekday with opening hours that is not a holiday): a lead handed off Tuesday 10:30 is due
   * Wednesday 10:30, one handed off Friday 10:30 is due Monday 10:30. When the business is
   * closed at `start`, the count starts from the next opening (Saturday → Monday 09:00 →
   * Tuesday 09:00). When the business is closed at that time on the target day, the due time
   * is the next opening that day, or the day's close if none is left.
   */
  private addBusinessDays(start: DateTime, count: number): DateTime {
    const from = this.addMinutes(start, 0);
    if (count === 0) return from;
    let left = count;
    for (const day of this.days(from.startOf('day').plus({ days: 1 }))) {
      const spans = this.spans(day);
      if (spans.length === 0) continue;
      left -= 1;
      if (left > 0) continue;
      // The same wall-clock time, not the same offset from midnight: DST days are 23 or 25 h.
      const { hour, minute, second, millisecond } = from;
      const wanted = day.set({ hour, minute, second, millisecond });
      const span = spans.find((candidate) => wanted < candidate.close);
      if (span === undefined) return spans[spans.length - 1]?.close ?? wanted;
      return wanted < span.open ? span.open : wanted;
    }
    throw new Error('unreachable: days() throws when it runs out');
  }

  /** `start` plus a business duration: business days first, then business minutes. */
  addBusinessTime(start: Date, duration: Pick<BusinessDuration, 'businessDays' | 'minutes'>): Date {
    const afterDays = this.addBusinessDays(this.zoned(start), duration.businessDays);
    // Days alone may end at a closing time (a short Friday); that is the due time, not the
    // next opening.
    if (duration.minutes === 0) return afterDays.toJSDate();
    return this.addMinutes(afterDays, duration.minutes).toJSDate();
  }

  /** Business milliseconds from `a` to `b`; negative when `b` is before `a`. */
  businessTimeBetween(a: Date, b: Date): number {
    if (b < a) return -this.businessTimeBetween(b, a);
    const from = this.zoned(a);
    const to = this.zoned(b);
    let total = 0;
    for (const day of this.days(from)) {
      if (day > to) break;
      for (const { open, close } of this.spans(day)) {
        const start = open < from ? from : open;
        const end = close > to ? to : close;
        if (end > start) total += end.toMillis() - start.toMillis();
      }
    }
    return total;
  }
}
