/**
 * Time is injected everywhere: `LEADLOOP_NOW` freezes it for tests, demos and replays
 * (DESIGN.md "Time"). Domain code takes a `Clock`, never calls `new Date()` itself.
 */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** A clock frozen at `iso` (an ISO-8601 timestamp with offset). */
export function frozenClock(iso: string): Clock {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) throw new RangeError(`Not a timestamp: ${iso}`);
  return () => new Date(at.getTime());
}
