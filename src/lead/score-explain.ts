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
 * signedPoints of the points reasons carried lately: a config's rules give few distinct
 * points, and every lead's reasons are written on every cycle. A pure function of the number,
 * so never stale; bounded, and started afresh when full.
 */
const signedTexts = new Map<number, string>();
const SIGNED_TEXTS = 512;

function signedPointsOfReason(points: number): string {
  let text = signedTexts.get(points);
  if (text === undefined) {
    text = signedPoints(points);
    if (signedTexts.size >= SIGNED_TEXTS) signedTexts.clear();
    signedTexts.set(points, text);
  }
  return text;
}

/**
 * The reasons as plain text lines for a CRM field, e.g.
 * `62 (B): +15 Executive title; +10 Target country; -5 Free email domain`.
 */
export function formatScoreReasons(score: Score): string {
  const head = `${score.total} (${score.grade}): `;
  const { reasons } = score;
  if (reasons.length === 0) return `${head}no rule fired`;
  let text = head;
  for (let index = 0; index < reasons.length; index += 1) {
    const reason = reasons[index]!;
    text += `${index === 0 ? '' : '; '}${signedPointsOfReason(reason.points)} ${reason.label}`;
  }
  return text;
}
