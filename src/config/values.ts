import { validate as validateCron, validateDetailed } from 'node-cron';
import { z } from 'zod';
import { closestName } from './closest-name.ts';
import { help } from './schema-help.ts';

/** Small value schemas shared by the config files, each with an admin-facing hint. */

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const UNIT_WORDS: Record<string, string> = {
  millisecond: 'ms',
  second: 's',
  sec: 's',
  minute: 'm',
  min: 'm',
  hour: 'h',
  day: 'd',
};
const DURATION = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/;

export interface Duration {
  /** As the admin wrote it, e.g. `2m`. */
  text: string;
  ms: number;
}

/** Parses `30s`, `2m`, `1h`, `15 minutes`; undefined when it is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim().toLowerCase());
  if (match === null) return undefined;
  const unitWord = match[2] ?? '';
  const unit = UNIT_MS[unitWord] ?? UNIT_MS[UNIT_WORDS[unitWord.replace(/s$/, '')] ?? ''];
  return unit === undefined ? undefined : Number(match[1]) * unit;
}

const DURATION_EXPECTED = 'a duration like "30s", "2m" or "1h"';

export const DurationSchema = z
  .string()
  .transform((text, context): Duration => {
    const ms = parseDuration(text);
    if (ms === undefined) {
      context.addIssue({
        code: 'custom',
        message: `expected ${DURATION_EXPECTED}`,
        params: { code: 'value.bad_duration', hint: 'write a number and a unit: ms, s, m, h or d' },
      });
      return z.NEVER;
    }
    return { text, ms };
  })
  .meta(help({ expected: DURATION_EXPECTED }));

function cronHint(expression: string): string {
  const example = 'e.g. "*/5 * * * *" runs every 5 minutes';
  const first = validateDetailed(expression).errors[0];
  if (first === undefined || first.field === 'expression') {
    return `a cron expression has 5 fields (minute hour day-of-month month day-of-week) and an optional leading seconds field; ${example}`;
  }
  return `the ${first.field} field "${first.value ?? ''}" is out of range or malformed; ${example}`;
}

/** A cron expression as node-cron understands it (5 fields, or 6 with seconds). */
export const CronSchema = z
  .string()
  .superRefine((expression, context) => {
    if (!validateCron(expression)) {
      context.addIssue({
        code: 'custom',
        message: 'expected a cron expression like "*/5 * * * *"',
        params: { hint: cronHint(expression), code: 'value.bad_cron' },
      });
    }
  })
  .meta(help({ expected: 'a cron expression like "*/5 * * * *"' }));

/** True for a time zone name the runtime knows (IANA, e.g. `Europe/Paris`, or `UTC`). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return name.trim() !== '';
  } catch {
    return false;
  }
}

export const TimeZoneSchema = z.string().superRefine((name, context) => {
  if (isTimeZone(name)) return;
  const meant = closestName(name, Intl.supportedValuesOf('timeZone'));
  context.addIssue({
    code: 'custom',
    message: 'expected an IANA time zone like "Europe/Paris" or "America/New_York"',
    params: {
      code: 'value.bad_timezone',
      hint:
        meant === undefined
          ? 'use a name from the IANA time zone database (tz database)'
          : `did you mean "${meant}"?`,
    },
  });
});

/** A share of a vendor's daily API limit: 0.5 means leadloop may spend half of it. */
export const BudgetShareSchema = z
  .number()
  .min(0)
  .max(1)
  .default(0.5)
  .meta(
    help({
      expected: 'a share between 0 and 1',
      hint: 'write a share, not a percentage: 0.5 is half of the daily API limit',
    }),
  );

/** true or false. YAML 1.2 reads `yes`, `no`, `on` and `off` as text, a common surprise. */
export const FlagSchema = z.boolean().meta(
  help({
    expected: 'true or false',
    hint: 'write true or false; yes, no, on and off are text in YAML 1.2',
  }),
);
