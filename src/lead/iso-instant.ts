/**
 * Reading ISO-8601 instants on the engine's hot path. Every vendor and leadloop itself send the
 * canonical UTC form `toISOString` produces (`2026-11-02T14:05:31.482Z`); merge, scoring, plan
 * and desired read several per lead, and `Date.parse` plus a `toISOString` round-trip cost about
 * a microsecond each. The canonical form is read here digit by digit instead; anything else goes
 * to `Date.parse`, so results are the same as before for every input.
 */

const DAY_MS = 86_400_000;

/** The two-digit number at `at`, or -1 when either character is not a digit. */
function twoDigitsAt(text: string, at: number): number {
  const tens = text.charCodeAt(at) - 48;
  const ones = text.charCodeAt(at + 1) - 48;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : -1;
}

const isLeapYear = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);

/** Days in each month of a common year, and days before it (index 1 = January). */
const MONTH_DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;
const DAYS_BEFORE_MONTH = [0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334] as const;

/** Days from 1970-01-01 to a valid proleptic Gregorian date. */
function daysSinceEpoch(year: number, month: number, day: number, leap: boolean): number {
  // Leap days in the years before `year` (from year 0), less the 477 before 1970.
  const before = year - 1;
  const leapDays =
    Math.floor(before / 4) - Math.floor(before / 100) + Math.floor(before / 400) - 477;
  return (
    365 * (year - 1970) +
    leapDays +
    (DAYS_BEFORE_MONTH[month] ?? 0) +
    (leap && month > 2 ? 1 : 0) +
    day -
    1
  );
}

/**
 * Epoch milliseconds of a text exactly in `toISOString`'s form with every part in range (so
 * `new Date(ms).toISOString()` gives the text back); NaN for any other text.
 */
export function canonicalIsoMs(text: string): number {
  if (
    text.length !== 24 ||
    text.charCodeAt(4) !== 45 /* - */ ||
    text.charCodeAt(7) !== 45 /* - */ ||
    text.charCodeAt(10) !== 84 /* T */ ||
    text.charCodeAt(13) !== 58 /* : */ ||
    text.charCodeAt(16) !== 58 /* : */ ||
    text.charCodeAt(19) !== 46 /* . */ ||
    text.charCodeAt(23) !== 90 /* Z */
  )
    return NaN;
  const century = twoDigitsAt(text, 0);
  const yearOfCentury = twoDigitsAt(text, 2);
  const month = twoDigitsAt(text, 5);
  const day = twoDigitsAt(text, 8);
  const hour = twoDigitsAt(text, 11);
  const minute = twoDigitsAt(text, 14);
  const second = twoDigitsAt(text, 17);
  const centiseconds = twoDigitsAt(text, 20);
  const lastDigit = text.charCodeAt(22) - 48;
  if (
    century < 0 ||
    yearOfCentury < 0 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59 ||
    centiseconds < 0 ||
    lastDigit < 0 ||
    lastDigit > 9
  )
    return NaN;
  const year = century * 100 + yearOfCentury;
  const leap = isLeapYear(year);
  if (day > (leap && month === 2 ? 29 : (MONTH_DAYS[month] ?? 0))) return NaN;
  return (
    daysSinceEpoch(year, month, day, leap) * DAY_MS +
    hour * 3_600_000 +
    minute * 60_000 +
    second * 1_000 +
    centiseconds * 10 +
    lastDigit
  );
}

/** Whether the text is exactly what `toISOString` would write for its instant. */
export const isCanonicalIso = (text: string): boolean => !Number.isNaN(canonicalIsoMs(text));

/**
 * The last two texts read and their instants (an empty text reads as NaN, as Date.parse has
 * it). Merge compares two systems' change times field by field, and the fields of one record
 * mostly share one (the record's modstamp): most reads are of a text just read.
 */
let lastText = '';
let lastMs = Number.NaN;
let previousText = '';
let previousMs = Number.NaN;

/** `Date.parse`, without its cost for the canonical form. */
export function parseInstantMs(text: string): number {
  if (text === lastText) return lastMs;
  if (text === previousText) return previousMs;
  const canonical = canonicalIsoMs(text);
  const ms = Number.isNaN(canonical) ? Date.parse(text) : canonical;
  previousText = lastText;
  previousMs = lastMs;
  lastText = text;
  lastMs = ms;
  return ms;
}

/** The last instant isoOf wrote and its text. */
let lastIsoMs = Number.NaN;
let lastIso = '';

/**
 * `new Date(ms).toISOString()`, keeping the last answer: a page of leads is decided at one
 * instant, and the text costs more than the decision that needs it. Throws as toISOString does.
 */
export function isoOf(ms: number): string {
  if (ms === lastIsoMs) return lastIso;
  const iso = new Date(ms).toISOString();
  lastIsoMs = ms;
  lastIso = iso;
  return iso;
}
