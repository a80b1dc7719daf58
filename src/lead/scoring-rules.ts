import { z } from 'zod';
import { compileSafeRegex, REGEX_PATTERN_LIMIT, type RegexProblem } from './safe-regex.ts';

/**
 * The two kinds of scoring rule in `config/scoring.yaml` (docs: the file's own comments):
 * fit rules test one field of the lead; engagement rules turn an activity count into points,
 * capped and fading with time since the activity.
 */

const RULE_ID = /^[a-z0-9][a-z0-9_-]*$/;

export const RuleIdSchema = z.string().regex(RULE_ID, {
  message: 'expected a rule id of lower-case letters, digits, "-" and "_", like "title-executive"',
});

const LabelSchema = z.string().trim().min(1, { message: 'expected a label sales can read' });

const PointsSchema = z.number().finite();

export const FIT_OPERATORS = ['equals', 'in', 'contains', 'regex', 'range', 'exists'] as const;
export type FitOperator = (typeof FIT_OPERATORS)[number];

export type FitTest =
  | { op: 'equals'; value: string | number | boolean }
  | { op: 'in'; values: (string | number)[] }
  | { op: 'contains'; text: string }
  | { op: 'regex'; pattern: string; regex: RegExp }
  | { op: 'range'; min?: number; max?: number }
  | { op: 'exists'; exists: boolean };

export interface FitRule {
  id: string;
  label: string;
  /** A universal field name (`title`, `country`) or any raw property (`industry`). */
  field: string;
  points: number;
  /** Text comparisons ignore case unless this is true. */
  caseSensitive: boolean;
  test: FitTest;
}

const RangeSchema = z
  .strictObject({ min: z.number().finite().optional(), max: z.number().finite().optional() })
  .superRefine((range, context) => {
    if (range.min === undefined && range.max === undefined) {
      context.addIssue({ code: 'custom', message: 'expected min, max or both' });
    } else if (range.min !== undefined && range.max !== undefined && range.min > range.max) {
      context.addIssue({
        code: 'custom',
        message: 'expected min to be at most max',
        params: { code: 'scoring.empty_range', hint: 'swap min and max' },
      });
    }
  });

function regexProblemText(problem: RegexProblem): { message: string; hint: string; code: string } {
  switch (problem.kind) {
    case 'too_long':
      return {
        code: 'scoring.bad_regex',
        message: `expected a regular expression of at most ${REGEX_PATTERN_LIMIT} characters`,
        hint: 'shorten the pattern, or split it into several rules',
      };
    case 'invalid':
      return {
        code: 'scoring.bad_regex',
        message: `expected a valid regular expression (${problem.detail})`,
        hint: "check brackets and escapes; in YAML, single-quote the pattern: regex: '\\bVP\\b'",
      };
    case 'nested_repetition':
      return {
        code: 'scoring.unsafe_regex',
        message: 'expected a regular expression without nested repetition like (a+)+',
        hint: 'a repeated group that repeats inside can take forever on some values; use alternation like (vp|director) or contains',
      };
    case 'back_reference':
      return {
        code: 'scoring.unsafe_regex',
        message: 'expected a regular expression without back-references like \\1',
        hint: 'back-references can take forever on some values; write the text out instead',
      };
  }
}

export const FitRuleSchema = z
  .strictObject({
    id: RuleIdSchema,
    label: LabelSchema,
    field: z.string().trim().min(1),
    points: PointsSchema,
    caseSensitive: z.boolean().optional(),
    equals: z.union([z.string(), z.number(), z.boolean()]).optional(),
    in: z
      .array(z.union([z.string(), z.number()]))
      .min(1)
      .optional(),
    contains: z.string().min(1).optional(),
    regex: z.string().min(1).optional(),
    range: RangeSchema.optional(),
    exists: z.boolean().optional(),
  })
  .transform((rule, context): FitRule => {
    const given = FIT_OPERATORS.filter((op) => rule[op] !== undefined);
    if (given.length !== 1) {
      context.addIssue({
        code: 'custom',
        message: `expected exactly one test of ${FIT_OPERATORS.join(', ')}${given.length > 1 ? ` (found ${given.join(' and ')})` : ''}`,
        params: {
          code: 'scoring.fit_rule_test',
          hint: 'split a rule with several tests into several rules, each with its own points',
        },
      });
      return z.NEVER;
    }
    const caseSensitive = rule.caseSensitive ?? false;
    const base = {
      id: rule.id,
      label: rule.label,
      field: rule.field,
      points: rule.points,
      caseSensitive,
    };
    if (rule.equals !== undefined) return { ...base, test: { op: 'equals', value: rule.equals } };
    if (rule.in !== undefined) return { ...base, test: { op: 'in', values: rule.in } };
    if (rule.contains !== undefined)
      return { ...base, test: { op: 'contains', text: rule.contains } };
    if (rule.range !== undefined) {
      const { min, max } = rule.range;
      return {
        ...base,
        test: {
          op: 'range',
          ...(min === undefined ? {} : { min }),
          ...(max === undefined ? {} : { max }),
        },
      };
    }
    if (rule.exists !== undefined) return { ...base, test: { op: 'exists', exists: rule.exists } };
    const pattern = rule.regex ?? '';
    const compiled = compileSafeRegex(pattern, caseSensitive);
    if ('problem' in compiled) {
      const { message, hint, code } = regexProblemText(compiled.problem);
      context.addIssue({ code: 'custom', message, path: ['regex'], params: { code, hint } });
      return z.NEVER;
    }
    return { ...base, test: { op: 'regex', pattern, regex: compiled.regex } };
  });

export interface EngagementRule {
  id: string;
  label: string;
  /** The numeric activity property, by its HubSpot name (`hs_email_open`). */
  property: string;
  pointsPerUnit: number;
  /** The most points (either sign) the rule gives before decay. */
  cap: number;
  /** Points halve every `halfLifeDays` since the date in `dateProperty`. */
  decay?: { dateProperty: string; halfLifeDays: number };
}

export const EngagementRuleSchema = z
  .strictObject({
    id: RuleIdSchema,
    label: LabelSchema,
    property: z.string().trim().min(1),
    pointsPerUnit: PointsSchema.refine((points) => points !== 0, {
      message: 'expected points per unit other than 0',
    }),
    cap: z.number().finite().positive(),
    decay: z
      .strictObject({
        dateProperty: z.string().trim().min(1),
        halfLifeDays: z.number().finite().positive(),
      })
      .optional(),
  })
  .transform((rule): EngagementRule => {
    const { decay, ...rest } = rule;
    return decay === undefined ? rest : { ...rest, decay };
  });
