import { describe, expect, test } from '@jest/globals';
import { HubspotBudget, type PacingClock } from '../../connectors/hubspot/budget.ts';
import { BudgetExhaustedError } from '../../src/sync/connector.ts';

/**
 * Found by the reliability suite: after HubSpot's daily limit stopped a sync, the probe 15
 * minutes later let exactly one call through — a search, whose answer carries no rate-limit
 * headers — so the budget still looked spent and every later sync stopped again at its second
 * call, until the process restarted. The probe now stays open until an answer with headers
 * settles it (a new day, or still spent), for a bounded number of calls.
 */
function clock(): PacingClock & { advance(ms: number): void } {
  let now = Date.parse('2026-03-09T14:00:00Z');
  return {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

const headers = (limit: number, remaining: number) => ({
  'x-hubspot-ratelimit-daily': String(limit),
  'x-hubspot-ratelimit-daily-remaining': String(remaining),
});

describe('HubSpot daily budget after the limit was hit', () => {
  test('the probe lets a search through and then the call whose headers show a new day', () => {
    const time = clock();
    const budget = new HubspotBudget(0.5, time);
    budget.observe(headers(1_000, 600));
    budget.markDailyLimitReached();
    expect(() => budget.spend()).toThrow(BudgetExhaustedError);

    time.advance(15 * 60_000);
    budget.spend(); // the pull's first search: its answer has no headers
    budget.spend(); // a batch read: its answer has them
    budget.observe(headers(1_000, 998));
    for (let call = 0; call < 20; call += 1) budget.spend();
    expect(budget.usage()).toMatchObject({ dailyUsed: 22, budgetRemaining: 478 });
  });

  test('a probe that never sees headers closes after ten calls and waits another interval', () => {
    const time = clock();
    const budget = new HubspotBudget(0.5, time);
    budget.observe(headers(1_000, 0));
    time.advance(15 * 60_000);
    for (let call = 0; call < 10; call += 1) budget.spend();
    expect(() => budget.spend()).toThrow(BudgetExhaustedError);
    time.advance(15 * 60_000);
    expect(() => budget.spend()).not.toThrow();
  });

  test('HubSpot answering 429 DAILY again closes the probe at once', () => {
    const time = clock();
    const budget = new HubspotBudget(0.5, time);
    budget.observe(headers(1_000, 0));
    time.advance(15 * 60_000);
    budget.spend();
    budget.markDailyLimitReached();
    expect(() => budget.spend()).toThrow(BudgetExhaustedError);
  });
});
