import type { Score } from './lead.ts';

/**
 * Scores are shown to people: sales in Salesforce (`LeadLoop_Score_Reasons__c`), marketing in
 * HubSpot (`leadloop_score_reasons`), admins in `leadloop score --explain`. Same words everywhere.
 */

/** Points with their sign: `+15`, `-30`, `+2.5`, `0`. */
export function signedPoints(points: number): string {
  if (points === 0) return '0';
  return points > 0 ? `+${points}` : String(points);
}

/** One row of a reasons table; every cell is text, ready to print. */
export interface ScoreExplanationRow {
  /** The rule's id, or `total` on the last row. */
  rule: string;
  reason: string;
  points: string;
}

/** The reasons, in the order they were scored, then a total row naming the grade. */
export function explainScore(score: Score): ScoreExplanationRow[] {
  return [
    ...score.reasons.map((reason) => ({
      rule: reason.ruleId,
      reason: reason.label,
      points: signedPoints(reason.points),
    })),
    { rule: 'total', reason: `Total (grade ${score.grade})`, points: String(score.total) },
  ];
}

/**
 * The reasons as plain text lines for a CRM field, e.g.
 * `62 (B): +15 Executive title; +10 Target country; -5 Free email domain`.
 */
export function formatScoreReasons(score: Score): string {
  const parts = score.reasons.map((reason) => `${signedPoints(reason.points)} ${reason.label}`);
  const head = `${score.total} (${score.grade})`;
  return parts.length === 0 ? `${head}: no rule fired` : `${head}: ${parts.join('; ')}`;
}
