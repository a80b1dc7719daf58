import { z } from 'zod';
import { LeadloopError } from '../errors/leadloop-error.ts';
import { UtcTimestampSchema } from '../lead/lead.ts';

/**
 * The period a pipeline review covers: `[since, until)` in UTC, plus `now`, the moment the
 * report is read at (ages of open breaches, clocks still waiting for their due time).
 */
export const ReportRangeSchema = z.strictObject({
  since: UtcTimestampSchema,
  until: UtcTimestampSchema,
  now: UtcTimestampSchema,
});
export type ReportRange = z.infer<typeof ReportRangeSchema>;

/** What a user gives: calendar days (`2026-03-01`, both ends included) or ISO instants. */
export interface RangeInput {
  readonly since?: string | undefined;
  readonly until?: string | undefined;
}

/** A weekly meeting looks at the last four weeks unless told otherwise. */
export const DEFAULT_PERIOD_DAYS = 28;
const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export class ReportRangeError extends LeadloopError {}

/**
 * Turns `--since` / `--until` (or the dashboard's query string) into a range. A bare date for
 * `until` means the whole of that day, so `--since 2026-03-01 --until 2026-03-31` is March.
 */
export function resolveRange(input: RangeInput, now: Date): ReportRange {
  const until = input.until === undefined ? now : instant(input.until, 'until', { endOfDay: true });
  const since =
    input.since === undefined
      ? new Date(until.getTime() - DEFAULT_PERIOD_DAYS * DAY_MS)
      : instant(input.since, 'since', { endOfDay: false });
  if (since.getTime() >= until.getTime()) {
    throw new ReportRangeError(
      'report.invalid_range',
      'The period is empty: since is not before until.',
      {
        hint: 'Give --since earlier than --until (dates are UTC days, both included).',
        details: { since: since.toISOString(), until: until.toISOString() },
      },
    );
  }
  return { since: since.toISOString(), until: until.toISOString(), now: now.toISOString() };
}

function instant(text: string, name: string, options: { endOfDay: boolean }): Date {
  const value = text.trim();
  if (DATE_ONLY.test(value)) {
    const day = new Date(`${value}T00:00:00.000Z`);
    if (!Number.isNaN(day.getTime()) && day.toISOString().startsWith(value)) {
      return options.endOfDay ? new Date(day.getTime() + DAY_MS) : day;
    }
  } else if (z.iso.datetime({ offset: true }).safeParse(value).success) {
    return new Date(value);
  }
  throw new ReportRangeError('report.invalid_range', `--${name} "${text}" is not a date.`, {
    hint: 'Use a UTC day like 2026-03-01 or an ISO timestamp like 2026-03-01T09:00:00Z.',
    details: { [name]: text },
  });
}

/**
 * The first calendar day whose midnight (UTC) is at or after `iso`: opportunities close on a
 * date, and a date counts in the period when its midnight does.
 */
export function dayCeil(iso: string): string {
  const at = new Date(iso);
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const ceil = day.getTime() < at.getTime() ? new Date(day.getTime() + DAY_MS) : day;
  return ceil.toISOString().slice(0, 10);
}

/** `part / whole`, or null when there is nothing to divide (a rate of nothing is unknown). */
export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}
