/**
 * Salesforce's wire formats for time: dateTime values as `2026-11-24T05:46:33.000+0000` (UTC,
 * milliseconds always .000: the org stores seconds), dates as `2026-11-24`. Values are kept as
 * epoch milliseconds (dateTime) and ISO day strings (date).
 */
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

export const SECOND = 1000;
export const DAY = 86_400_000;

export function floorToSecond(ms: number): number {
  return ms - (((ms % SECOND) + SECOND) % SECOND);
}

export function formatDateTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}T${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}.000+0000`;
}

export function formatDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Epoch ms of a date (`2026-01-01`) at midnight UTC, or undefined when not a real date. */
export function parseDate(text: string): number | undefined {
  const match = DATE.exec(text);
  if (match === null) return undefined;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const ms = Date.UTC(y, m - 1, d);
  const back = new Date(ms);
  return back.getUTCMonth() === m - 1 && back.getUTCDate() === d ? ms : undefined;
}

/**
 * Epoch ms of an ISO 8601 dateTime as the REST API accepts it (`Z`, `+0000`, `+01:00`, with or
 * without fractions; a missing zone means UTC), floored to the second; undefined when invalid.
 */
export function parseDateTime(text: string): number | undefined {
  const match = DATE_TIME.exec(text);
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s, , zone] = match;
  const day = parseDate(`${y}-${mo}-${d}`);
  const hours = Number(h);
  const minutes = Number(mi);
  const seconds = Number(s ?? '0');
  if (day === undefined || hours > 23 || minutes > 59 || seconds > 59) return undefined;
  let offsetMinutes = 0;
  if (zone !== undefined && zone !== 'Z') {
    const digits = zone.replace(':', '');
    const sign = digits.startsWith('-') ? -1 : 1;
    offsetMinutes = sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  return day + ((hours * 60 + minutes - offsetMinutes) * 60 + seconds) * SECOND;
}
