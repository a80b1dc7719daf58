import type { Grade, Score, ScoreReason } from './lead.ts';
import {
  booleanOf,
  daysSince,
  instantOf,
  numberOf,
  textOf,
  type ScoringRecord,
  type ScoringValue,
} from './record-values.ts';
import { regexMatches } from './safe-regex.ts';
import type { GradeThresholds, ScoringConfig } from './scoring-config.ts';
import type { EngagementRule, FitRule } from './scoring-rules.ts';

/**
 * Explainable scoring: the total is the sum of the points of the rules that fired, and every
 * one of them is listed with its label, fit rules first, each list in config order.
 *
 * Rounding: each reason carries its points rounded to one decimal (what sales reads); the
 * total is the sum of those, rounded half up to a whole number. An engagement rule whose
 * points round to 0.0 contributed nothing and is not listed.
 */

/** Points in tenths, as an integer; `+ 0` turns -0 into 0. */
const tenths = (points: number) => Math.round(points * 10) + 0;

function sameText(a: string, b: string, caseSensitive: boolean): boolean {
  return caseSensitive ? a === b : a.toLowerCase() === b.toLowerCase();
}

/** `equals` and `in`: a number compares as a number, true/false as a boolean, else as text. */
function valueEquals(
  value: ScoringValue,
  expected: string | number | boolean,
  caseSensitive: boolean,
): boolean {
  if (typeof expected === 'number') return numberOf(value) === expected;
  if (typeof expected === 'boolean') return booleanOf(value) === expected;
  const text = textOf(value);
  return text !== undefined && sameText(text, expected.trim(), caseSensitive);
}

export function fitRuleFires(rule: FitRule, record: ScoringRecord): boolean {
  const value = record[rule.field];
  const { test } = rule;
  switch (test.op) {
    case 'equals':
      return valueEquals(value, test.value, rule.caseSensitive);
    case 'in':
      return test.values.some((expected) => valueEquals(value, expected, rule.caseSensitive));
    case 'contains': {
      const text = textOf(value);
      if (text === undefined) return false;
      return rule.caseSensitive
        ? text.includes(test.text)
        : text.toLowerCase().includes(test.text.toLowerCase());
    }
    case 'regex': {
      const text = textOf(value);
      return text !== undefined && regexMatches(test.regex, text);
    }
    case 'range': {
      const number = numberOf(value);
      if (number === undefined) return false;
      return (
        (test.min === undefined || number >= test.min) &&
        (test.max === undefined || number <= test.max)
      );
    }
    case 'exists':
      return (textOf(value) !== undefined) === test.exists;
  }
}

/**
 * Points from one engagement rule, before rounding; undefined when it does not fire: no
 * activity (count missing, unreadable or 0), or a decaying rule whose date is missing or
 * unreadable (activity of unknown age earns nothing rather than full points).
 */
export function engagementPoints(
  rule: EngagementRule,
  record: ScoringRecord,
  now: Date,
): number | undefined {
  const count = numberOf(record[rule.property]);
  if (count === undefined || count === 0) return undefined;
  const capped = Math.max(-rule.cap, Math.min(rule.cap, count * rule.pointsPerUnit));
  if (rule.decay === undefined) return capped;
  const last = instantOf(record[rule.decay.dateProperty]);
  if (last === undefined) return undefined;
  return capped * 0.5 ** (daysSince(last, now) / rule.decay.halfLifeDays);
}

export function gradeFor(total: number, grades: GradeThresholds): Grade {
  if (total >= grades.A) return 'A';
  if (total >= grades.B) return 'B';
  if (total >= grades.C) return 'C';
  return 'D';
}

export function scoreLead(config: ScoringConfig, record: ScoringRecord, now: Date): Score {
  const reasons: ScoreReason[] = [];
  let sumTenths = 0;
  const add = (ruleId: string, label: string, points: number) => {
    const rounded = tenths(points);
    sumTenths += rounded;
    reasons.push({ ruleId, label, points: rounded / 10 + 0 });
  };
  for (const rule of config.fit) {
    if (fitRuleFires(rule, record)) add(rule.id, rule.label, rule.points);
  }
  for (const rule of config.engagement) {
    const points = engagementPoints(rule, record, now);
    if (points !== undefined && tenths(points) !== 0) add(rule.id, rule.label, points);
  }
  // sumTenths is an integer, so sumTenths / 10 is exact at .5 and Math.round rounds half up.
  const total = Math.round(sumTenths / 10) + 0;
  return { total, grade: gradeFor(total, config.grades), reasons };
}

/** Marketing's side of the handoff rule: the score alone makes the lead an MQL. */
export function reachesMql(config: ScoringConfig, score: Score): boolean {
  return score.total >= config.mqlThreshold;
}
