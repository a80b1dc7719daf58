import { beforeEach, describe, expect, it } from '@jest/globals';
import { HubspotBudget } from '../../../connectors/hubspot/budget.ts';
import { RequestPacer } from '../../../connectors/hubspot/pacer.ts';
import { BudgetExhaustedError } from '../../../src/sync/connector.ts';
import {
  batchAnswer,
  connect,
  contact,
  fakeClock,
  hubspot,
  rateHeaders,
  resetNock,
  withProperties,
} from './support.ts';

const READ = '/crm/v3/objects/contacts/batch/read';
const answer = () => batchAnswer([contact(87301, {})]);

/** The most calls found in any window of `windowMs` ending at one of the calls. */
function busiestWindow(stamps: readonly number[], windowMs: number): number {
  return Math.max(
    ...stamps.map((end) => stamps.filter((t) => t > end - windowMs && t <= end).length),
  );
}

describe('HubSpot API budget', () => {
  beforeEach(resetNock);

  it('reads X-HubSpot-RateLimit-Daily headers into usage()', async () => {
    withProperties(hubspot())
      .post(READ)
      .reply(200, answer(), rateHeaders({ daily: 500_000, dailyRemaining: 250_100 }));
    const connector = connect();
    expect(connector.usage()).toEqual({ system: 'hubspot', callsMade: 0 });
    await connector.fetchByIds('contacts', ['87301']);

    expect(connector.usage()).toEqual({
      system: 'hubspot',
      callsMade: 2,
      dailyUsed: 249_900,
      dailyLimit: 500_000,
      budgetRemaining: 100,
    });
  });

  it('throws BudgetExhaustedError before a call that would pass the share, then probes later', async () => {
    const clock = fakeClock();
    // 499 of 1,000 used after the first answer; leadloop may use 500 (share 0.5).
    withProperties(hubspot())
      .post(READ)
      .reply(200, answer(), rateHeaders({ daily: 1_000, dailyRemaining: 501 }))
      .post(READ)
      .reply(200, answer(), rateHeaders({ daily: 1_000, dailyRemaining: 500 }));
    const connector = connect({ clock, budget: { dailyShare: 0.5 } });
    await connector.fetchByIds('contacts', ['87301']);
    await connector.fetchByIds('contacts', ['87301']);

    const spent = await connector
      .fetchByIds('contacts', ['87301'])
      .catch((error: unknown) => error);
    expect(spent).toBeInstanceOf(BudgetExhaustedError);
    expect(spent).toMatchObject({ code: 'budget.exhausted', details: { used: 500, allowed: 500 } });
    expect(connector.usage()).toMatchObject({ callsMade: 3, dailyUsed: 500, budgetRemaining: 0 });

    // 15 minutes later one probe goes out; a new day in the portal lets the sync go on.
    clock.advance(15 * 60_000);
    hubspot()
      .post(READ)
      .reply(200, answer(), rateHeaders({ daily: 1_000, dailyRemaining: 999 }))
      .post(READ)
      .reply(200, answer(), rateHeaders({ daily: 1_000, dailyRemaining: 998 }));
    await connector.fetchByIds('contacts', ['87301']);
    await connector.fetchByIds('contacts', ['87301']);
    expect(connector.usage()).toMatchObject({ callsMade: 5, dailyUsed: 2, budgetRemaining: 498 });
  });

  it('paces calls under the rolling ten-second limit the headers announce', async () => {
    const clock = fakeClock();
    const sentAt: number[] = [];
    // A portal whose app may make 20 calls per 10 s: leadloop allows itself 18.
    withProperties(hubspot())
      .post(READ)
      .times(60)
      .reply(() => {
        sentAt.push(clock.now());
        return [200, answer(), rateHeaders({ max: 20, remaining: 15 })];
      });
    const connector = connect({ clock });
    for (let n = 0; n < 60; n += 1) await connector.fetchByIds('contacts', ['87301']);

    expect(sentAt).toHaveLength(60);
    expect(busiestWindow(sentAt, 10_000)).toBe(18);
    expect(clock.sleeps.length).toBeGreaterThan(0);
  });

  it('the pacer: 171 of 190 per 10 s, and CRM search at most 4 a second', async () => {
    const clock = fakeClock();
    const pacer = new RequestPacer({}, clock);
    const api: number[] = [];
    for (let n = 0; n < 500; n += 1) {
      await pacer.acquire('api');
      api.push(clock.now());
    }
    expect(pacer.perWindow).toBe(171);
    expect(busiestWindow(api, 10_000)).toBe(171);
    // The first 171 go at once; only the rest wait.
    expect(api.slice(0, 171).every((t) => t === api[0])).toBe(true);

    const search: number[] = [];
    for (let n = 0; n < 40; n += 1) {
      await pacer.acquire('search');
      search.push(clock.now());
    }
    expect(busiestWindow(search, 1_000)).toBe(4);
  });

  it('brakes when the portal-wide window is nearly spent by someone else', async () => {
    const clock = fakeClock();
    const pacer = new RequestPacer({}, clock);
    await pacer.acquire('api');
    pacer.observe({ 'x-hubspot-ratelimit-max': '190', 'x-hubspot-ratelimit-remaining': '3' });
    await pacer.acquire('api');
    expect(clock.sleeps).toEqual([1_000]);
  });

  it('rejects a share outside (0, 1]', () => {
    expect(() => new HubspotBudget(0)).toThrow('API budget share must be in (0, 1], got 0');
    expect(() => new HubspotBudget(1.5)).toThrow('API budget share must be in (0, 1], got 1.5');
  });
});
