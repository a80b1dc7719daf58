import { z } from 'zod';
import { EngagementRuleSchema, FitRuleSchema } from './scoring-rules.ts';

/**
 * `config/scoring.yaml`: the lead definition marketing and sales agreed on. Every object is
 * strict, so a misspelt key is an error rather than a rule that silently never fires.
 */

const ThresholdSchema = z.number().finite();

/** The least total for each grade; anything below C is D. */
export const GradeThresholdsSchema = z
  .strictObject({ A: ThresholdSchema, B: ThresholdSchema, C: ThresholdSchema })
  .superRefine((grades, context) => {
    if (!(grades.A > grades.B && grades.B > grades.C)) {
      context.addIssue({
        code: 'custom',
        message: 'expected thresholds with A above B above C',
        params: {
          code: 'scoring.grade_order',
          hint: 'each grade is the least total for it, e.g. A: 80, B: 60, C: 35 (D is anything below C)',
        },
      });
    }
  })
  .meta({ hint: 'grades are A, B and C with the least total for each; D is anything below C' });

export const ScoringConfigSchema = z
  .strictObject({
    /** A total at or above this makes the lead a marketing-qualified lead (handoff to sales). */
    mqlThreshold: z.number().finite(),
    grades: GradeThresholdsSchema,
    fit: z.array(FitRuleSchema).default([]),
    engagement: z.array(EngagementRuleSchema).default([]),
  })
  .superRefine((config, context) => {
    const seen = new Set<string>();
    const check = (list: 'fit' | 'engagement', id: string, index: number) => {
      if (seen.has(id)) {
        context.addIssue({
          code: 'custom',
          message: `expected a rule id used once, found "${id}" again`,
          path: [list, index, 'id'],
          params: {
            code: 'scoring.duplicate_rule_id',
            hint: 'the id names the rule in score reasons; give each rule its own',
          },
        });
      }
      seen.add(id);
    };
    config.fit.forEach((rule, index) => check('fit', rule.id, index));
    config.engagement.forEach((rule, index) => check('engagement', rule.id, index));
  });

export type ScoringConfig = z.output<typeof ScoringConfigSchema>;
export type ScoringConfigInput = z.input<typeof ScoringConfigSchema>;
export type GradeThresholds = z.output<typeof GradeThresholdsSchema>;
