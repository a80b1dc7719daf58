import { z } from 'zod';

/**
 * SLA windows are business time: `1h`, `90m`, `1h 30m`, `1 business day`, `2 business days`,
 * `1 business day 4h`. Grammar (case-insensitive, spaces optional between number and unit):
 *
 *   duration := term (" "? term)*
 *   term     := whole-number " "? unit
 *   unit     := m | min | mins | minute(s) | business minute(s)
 *             | h | hr | hrs | hour(s) | business hour(s)
 *             | bd | business day(s)
 *
 * Minutes and hours are always business time (they only run while the business is open).
 * A plain `day` is refused: it could mean 24 hours or a calendar day, and neither is what a
 * sales SLA means. What one business day is: see `BusinessCalendar.addBusinessDays`.
 */
export interface BusinessDuration {
  /** As the admin wrote it, for messages. */
  text: string;
  businessDays: number;
  /** Business minutes, added after the business days. */
  minutes: number;
}

const UNITS: Record<string, 'minutes' | 'hours' | 'days'> = {
  m: 'minutes',
  min: 'minutes',
  mins: 'minutes',
  minute: 'minutes',
  minutes: 'minutes',
  'business minute': 'minutes',
  'business minutes': 'minutes',
  h: 'hours',
  hr: 'hours',
  hrs: 'hours',
  hour: 'hours',
  hours: 'hours',
  'business hour': 'hours',
  'business hours': 'hours',
  bd: 'days',
  'business day': 'days',
  'business days': 'days',
};

const TERM = /(\d+)\s*([a-z]+(?: [a-z]+)?)\s*/y;

/** Parses the grammar above; undefined when the text is not a positive business duration. */
export function parseBusinessDuration(text: string): BusinessDuration | undefined {
  const source = text.trim().toLowerCase().replace(/\s+/g, ' ');
  let businessDays = 0;
  let minutes = 0;
  let at = 0;
  TERM.lastIndex = 0;
  while (at < source.length) {
    TERM.lastIndex = at;
    const match = TERM.exec(source);
    if (match === null) return undefined;
    const unit = UNITS[match[2] ?? ''];
    if (unit === undefined) return undefined;
    const amount = Number(match[1]);
    if (unit === 'days') businessDays += amount;
    else minutes += unit === 'hours' ? amount * 60 : amount;
    at = TERM.lastIndex;
  }
  if (source === '' || businessDays + minutes === 0) return undefined;
  return { text: text.trim(), businessDays, minutes };
}

const EXPECTED = 'a business duration like "1h", "30m", "1 business day" or "2 business days"';

export const BusinessDurationSchema = z
  .string()
  .transform((text, context): BusinessDuration => {
    const parsed = parseBusinessDuration(text);
    if (parsed === undefined) {
      const saysDay = /\bdays?\b|\d\s*d\b/i.test(text) && !/business/i.test(text);
      context.addIssue({
        code: 'custom',
        message: `expected ${EXPECTED}`,
        params: {
          code: 'sla.bad_duration',
          hint: saysDay
            ? 'write "business day(s)": a plain day could mean 24 hours or a calendar day'
            : 'write a whole number and a unit: m, h or business day(s), e.g. "4h" or "1 business day"; it must be more than 0',
        },
      });
      return z.NEVER;
    }
    return parsed;
  })
  .meta({ expected: EXPECTED });
