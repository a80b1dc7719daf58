import type { Grade, Score, ScoreReason } from './lead.ts';
import { FitRulesOfField } from './fit-by-value.ts';
import { fitMatcher } from './fit-matcher.ts';
import {
  daysSinceMs,
  instantMsOf,
  numberOf,
  type ScoringRecord,
  type ScoringValue,
} from './record-values.ts';
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

export function fitRuleFires(rule: FitRule, record: ScoringRecord): boolean {
  return fitMatcher(rule)(record[rule.field]);
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
  const capped = cappedPoints(rule, record[rule.property]);
  if (capped === undefined || rule.decay === undefined) return capped;
  return decayedPoints(rule, capped, instantMsOf(record[rule.decay.dateProperty]), now.getTime());
}

/** An engagement rule's points before decay; undefined without activity. */
function cappedPoints(rule: EngagementRule, countValue: ScoringValue): number | undefined {
  const count = numberOf(countValue);
  if (count === undefined || count === 0) return undefined;
  return Math.max(-rule.cap, Math.min(rule.cap, count * rule.pointsPerUnit));
}

/** Points halved every half-life since the activity's date; undefined when it is unknown. */
function decayedPoints(
  rule: EngagementRule,
  capped: number,
  dateMs: number | undefined,
  nowMs: number,
): number | undefined {
  if (dateMs === undefined || rule.decay === undefined) return undefined;
  return capped * 0.5 ** (daysSinceMs(dateMs, nowMs) / rule.decay.halfLifeDays);
}

export function gradeFor(total: number, grades: GradeThresholds): Grade {
  if (total >= grades.A) return 'A';
  if (total >= grades.B) return 'B';
  if (total >= grades.C) return 'C';
  return 'D';
}

/**
 * A loaded config's fit tests compiled, the record keys its rules read (`inputs`), and where
 * each rule finds its values among them.
 */
interface CompiledScoring {
  /** Each fit rule, in config order, with where its answer is: `fitFields[field]`'s `slot`-th. */
  readonly fit: readonly {
    readonly rule: FitRule;
    readonly field: number;
    readonly slot: number;
  }[];
  readonly fitFields: readonly FitRulesOfField[];
  readonly engagement: readonly {
    readonly rule: EngagementRule;
    readonly count: number;
    /** The date's input, -1 for a rule without decay. */
    readonly date: number;
  }[];
  readonly inputs: readonly string[];
}

const compiledScoring = new WeakMap<ScoringConfig, CompiledScoring>();

function compiled(config: ScoringConfig): CompiledScoring {
  let scoring = compiledScoring.get(config);
  if (scoring === undefined) {
    const inputs = new Set<string>(config.fit.map((rule) => rule.field));
    for (const rule of config.engagement) {
      inputs.add(rule.property);
      if (rule.decay !== undefined) inputs.add(rule.decay.dateProperty);
    }
    const list = [...inputs];
    const fitFieldNames = [...new Set(config.fit.map((rule) => rule.field))];
    const rulesOf = (field: string) => config.fit.filter((rule) => rule.field === field);
    scoring = {
      fit: config.fit.map((rule) => {
        const field = fitFieldNames.indexOf(rule.field);
        return { rule, field, slot: rulesOf(rule.field).indexOf(rule) };
      }),
      fitFields: fitFieldNames.map(
        (field) => new FitRulesOfField(list.indexOf(field), rulesOf(field)),
      ),
      engagement: config.engagement.map((rule) => ({
        rule,
        count: list.indexOf(rule.property),
        date: rule.decay === undefined ? -1 : list.indexOf(rule.decay.dateProperty),
      })),
      inputs: list,
    };
    compiledScoring.set(config, scoring);
  }
  return scoring;
}

/** The record keys the rules read: a caller may fill just these. */
export const scoringInputs = (config: ScoringConfig): readonly string[] => compiled(config).inputs;

export function scoreLead(config: ScoringConfig, record: ScoringRecord, now: Date): Score {
  return scoreInputs(
    config,
    compiled(config).inputs.map((name) => record[name]),
    now,
  );
}

/** A rule that fired, with its points rounded to tenths (what sales reads). */
const reasonOf = (rule: { id: string; label: string }, rounded: number): ScoreReason => ({
  ruleId: rule.id,
  label: rule.label,
  points: rounded / 10 + 0,
});

/**
 * scoreLead with the record given as the values of `scoringInputs(config)`, in that order:
 * the sync fills them straight from the lead, without a record to build and look up.
 */
export function scoreInputs(
  config: ScoringConfig,
  values: readonly ScoringValue[],
  now: Date,
): Score {
  const reasons: ScoreReason[] = [];
  let sumTenths = 0;
  const scoring = compiled(config);
  const answers = scoring.fitFields.map((field) => field.firesFor(values[field.input]));
  for (const { rule, field, slot } of scoring.fit) {
    if (answers[field]![slot] !== true) continue;
    const rounded = tenths(rule.points);
    sumTenths += rounded;
    reasons.push(reasonOf(rule, rounded));
  }
  const nowMs = now.getTime();
  // Rules that decay by the same date read it once (opens and clicks, views and visits).
  let dateInput = -1;
  let dateMs: number | undefined;
  for (const { rule, count, date } of scoring.engagement) {
    let points = cappedPoints(rule, values[count]);
    if (points !== undefined && date !== -1) {
      if (date !== dateInput) {
        dateInput = date;
        dateMs = instantMsOf(values[date]);
      }
      points = decayedPoints(rule, points, dateMs, nowMs);
    }
    if (points === undefined) continue;
    const rounded = tenths(points);
    if (rounded === 0) continue;
    sumTenths += rounded;
    reasons.push(reasonOf(rule, rounded));
  }
  // sumTenths is an integer, so sumTenths / 10 is exact at .5 and Math.round rounds half up.
  const total = Math.round(sumTenths / 10) + 0;
  return { total, grade: gradeFor(total, config.grades), reasons };
}

/** Marketing's side of the handoff rule: the score alone makes the lead an MQL. */
export function reachesMql(config: ScoringConfig, score: Score): boolean {
  return score.total >= config.mqlThreshold;
}
