/**
 * Explainable lead scoring (DESIGN.md: transparent scoring, not a black box). The pieces live
 * in their own files; this is the one place the rest of leadloop imports them from.
 */
export {
  GradeThresholdsSchema,
  ScoringConfigSchema,
  type GradeThresholds,
  type ScoringConfig,
  type ScoringConfigInput,
} from './scoring-config.ts';
export {
  EngagementRuleSchema,
  FIT_OPERATORS,
  FitRuleSchema,
  type EngagementRule,
  type FitOperator,
  type FitRule,
  type FitTest,
} from './scoring-rules.ts';
export { engagementPoints, fitRuleFires, gradeFor, reachesMql, scoreLead } from './score-lead.ts';
export {
  explainScore,
  formatScoreReasons,
  signedPoints,
  type ScoreExplanationRow,
} from './score-explain.ts';
export {
  HUBSPOT_SCORING_FIELDS,
  scoringRecordFromHubspotProperties,
} from './hubspot-scoring-record.ts';
export type { ScoringRecord, ScoringValue } from './record-values.ts';
