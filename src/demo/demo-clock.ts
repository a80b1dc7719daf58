import type { Clock } from '../lead/clock.ts';

/**
 * The demo's clock: real time plus an offset the simulation moves forward, so a business day
 * passes in a minute and everything after the simulation keeps ticking from where it ended.
 * leadloop's engine and both sandboxes read the same time.
 */
export class DemoClock {
  #offsetMs: number;

  constructor(start: Date) {
    this.#offsetMs = start.getTime() - Date.now();
  }

  readonly now: Clock = () => new Date(Date.now() + this.#offsetMs);

  advance(ms: number): void {
    this.#offsetMs += ms;
  }
}

/**
 * 08:00 in New York (the shipped SLA calendar's zone) on the most recent weekday before
 * `today`: the simulated day is a real working day, and everything in it is in the past.
 */
export function demoDayStart(today: Date): Date {
  const day = new Date(
    Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - 1, 13),
  );
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() - 1);
  return day;
}
