import { createHash } from 'node:crypto';

/**
 * What the demo's sales reps do with each lead handed to them, decided from the lead's id so a
 * demo tells the same story every time: fast follow-up, late, never — the mix behind "23% of
 * leads are never contacted" — and how worked leads end.
 */
export type FollowUp = 'fast' | 'late' | 'never';
export type Ending = 'working' | 'converted_won' | 'converted_lost' | 'converted_open' | 'recycled';

export interface LeadFate {
  readonly followUp: FollowUp;
  /** Minutes after handoff when the rep logs the first call (undefined: never). */
  readonly touchAfterMinutes: number | undefined;
  readonly ending: Ending;
  /** Minutes after the first touch when the lead reaches its ending. */
  readonly endAfterMinutes: number;
  /**
   * Minutes after a conversion when its opportunity is won or lost: sales works it open first,
   * so the funnel shows opportunity → customer, not SQL straight to customer.
   */
  readonly closeAfterMinutes: number;
}

function fraction(id: string, salt: string): number {
  const digest = createHash('sha256').update(`${salt}:${id}`).digest();
  return digest.readUInt32BE(0) / 0x1_0000_0000;
}

export function fateOf(leadId: string): LeadFate {
  const speed = fraction(leadId, 'speed');
  const followUp: FollowUp = speed < 0.45 ? 'fast' : speed < 0.77 ? 'late' : 'never';
  const touchAfterMinutes =
    followUp === 'fast'
      ? 5 + Math.round(fraction(leadId, 'fast') * 40)
      : followUp === 'late'
        ? 240 + Math.round(fraction(leadId, 'late') * 240)
        : undefined;
  const end = fraction(leadId, 'end');
  const ending: Ending =
    end < 0.3
      ? 'working'
      : end < 0.5
        ? 'converted_won'
        : end < 0.62
          ? 'converted_lost'
          : end < 0.8
            ? 'converted_open'
            : 'recycled';
  return {
    followUp,
    touchAfterMinutes,
    ending,
    endAfterMinutes: 30 + Math.round(fraction(leadId, 'pace') * 150),
    closeAfterMinutes: 45 + Math.round(fraction(leadId, 'close') * 120),
  };
}
