import { IANAZone } from 'luxon';
import { z } from 'zod';
import { BusinessDurationSchema, type BusinessDuration } from './business-duration.ts';
import { GRADES, type Grade } from './lead.ts';

/**
 * `config/sla.yaml`: how fast sales must follow up a handed-off lead, in business time
 * (docs/specs/sla-clock.md). Every object is strict, so a misspelt key is an error.
 */

export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Opening hours as minutes after local midnight, `end` exclusive (1440 = midnight after). */
export interface OpenRange {
  start: number;
  end: number;
}

const RANGE = /^(\d{2}):(\d{2})\s*-\s*(\d{2}):(\d{2})$/;
const RANGE_EXPECTED = 'opening hours like "09:00-17:00" (24-hour clock, end after start)';

function minutesOf(hours: string | undefined, minutes: string | undefined): number {
  return Number(hours) * 60 + Number(minutes);
}

const OpenRangeSchema = z.string().transform((text, context): OpenRange => {
  const match = RANGE.exec(text.trim());
  const start = match === null ? NaN : minutesOf(match[1], match[2]);
  const end = match === null ? NaN : minutesOf(match[3], match[4]);
  const validClock = (value: number, minute: string | undefined) =>
    Number(minute) < 60 && value >= 0 && value <= 1440;
  if (
    match === null ||
    !validClock(start, match[2]) ||
    !validClock(end, match[4]) ||
    start >= end
  ) {
    context.addIssue({
      code: 'custom',
      message: `expected ${RANGE_EXPECTED}`,
      params: {
        code: 'sla.bad_hours',
        hint: 'write HH:MM-HH:MM; a range cannot cross midnight: end it at 24:00 and start the next day at 00:00',
      },
    });
    return z.NEVER;
  }
  return { start, end };
});

/** One weekday's opening hours: several ranges (a lunch break), or `[]` when closed. */
const DayHoursSchema = z.array(OpenRangeSchema).transform((ranges, context): OpenRange[] => {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  for (let index = 1; index < sorted.length; index += 1) {
    const previous = sorted[index - 1];
    const current = sorted[index];
    if (previous !== undefined && current !== undefined && current.start < previous.end) {
      context.addIssue({
        code: 'custom',
        message: 'expected opening hours that do not overlap',
        params: { code: 'sla.bad_hours', hint: 'merge the overlapping ranges into one' },
      });
      return z.NEVER;
    }
  }
  return sorted;
});

export const BusinessHoursSchema = z
  .strictObject({
    monday: DayHoursSchema,
    tuesday: DayHoursSchema,
    wednesday: DayHoursSchema,
    thursday: DayHoursSchema,
    friday: DayHoursSchema,
    saturday: DayHoursSchema,
    sunday: DayHoursSchema,
  } satisfies Record<Weekday, typeof DayHoursSchema>)
  .refine((week) => WEEKDAYS.some((day) => week[day].length > 0), {
    message: 'expected at least one day with opening hours',
  });
export type BusinessHours = z.output<typeof BusinessHoursSchema>;

export const TimezoneSchema = z.string().superRefine((zone, context) => {
  if (IANAZone.isValidZone(zone)) return;
  context.addIssue({
    code: 'custom',
    message: 'expected an IANA time zone like "America/New_York" or "Europe/Berlin"',
    params: {
      code: 'value.bad_timezone',
      hint: 'use a name from the IANA time zone database (Area/City); abbreviations like EST are ambiguous',
    },
  });
});

export const FOLLOW_UP_EVIDENCE = ['task', 'event', 'status_change', 'conversion'] as const;
export type FollowUpEvidence = (typeof FOLLOW_UP_EVIDENCE)[number];

/** A Salesforce record id (15 or 18 characters) with the key prefix of its object. */
const salesforceId = (prefix: string, what: string) =>
  z
    .string()
    .regex(new RegExp(`^${prefix}[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?$`), {
      message: `expected ${what}`,
    });

export type SlaReassignment = NonNullable<z.output<typeof SlaConfigSchema>['reassignOnEscalation']>;

const byGrade = <T extends z.ZodType>(schema: T) =>
  z.strictObject({ A: schema, B: schema, C: schema, D: schema });

export const SlaConfigSchema = z
  .strictObject({
    timezone: TimezoneSchema,
    businessHours: BusinessHoursSchema,
    /** Local dates the business is closed all day. */
    holidays: z.array(z.iso.date({ message: 'expected a date like 2026-12-25' })).default([]),
    /** Business time from handoff to the follow-up deadline, per score grade. */
    windows: byGrade(BusinessDurationSchema),
    /** Business time from the deadline to escalation; a grade left out uses its window. */
    escalateAfter: byGrade(BusinessDurationSchema).partial().default({}),
    /**
     * On escalation, hand the lead to a Salesforce lead queue (`queue: 00G…`) or to the next rep
     * of a round-robin pool (`roundRobin: [005…, …]`); absent = the owner keeps it.
     */
    reassignOnEscalation: z
      .union([
        z.strictObject({ queue: salesforceId('00G', 'a queue id (Setup → Queues), 00G…') }),
        z.strictObject({
          roundRobin: z
            .array(salesforceId('005', 'a user id, 005…'))
            .min(1)
            .refine((ids) => new Set(ids).size === ids.length, {
              message: 'expected each rep once',
            }),
        }),
      ])
      .optional(),
    /** Calendar days after handoff an untouched lead goes back to marketing; absent = never. */
    autoRecycleAfterDays: z.number().int().positive().optional(),
    followUpEvidence: z
      .array(z.enum(FOLLOW_UP_EVIDENCE))
      .min(1)
      .refine((list) => new Set(list).size === list.length, {
        message: 'expected each kind of evidence once',
      })
      .default([...FOLLOW_UP_EVIDENCE]),
  })
  .transform((config) => {
    const escalateAfter = Object.fromEntries(
      GRADES.map((grade) => [grade, config.escalateAfter[grade] ?? config.windows[grade]]),
    ) as Record<Grade, BusinessDuration>;
    return { ...config, holidays: [...new Set(config.holidays)].sort(), escalateAfter };
  });

export type SlaConfig = z.output<typeof SlaConfigSchema>;
export type SlaConfigInput = z.input<typeof SlaConfigSchema>;
