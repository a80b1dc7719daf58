import { describe, expect, it } from '@jest/globals';
import { BudgetExhaustedError, ConnectorError } from '../../src/sync/connector.ts';
import { backoffDelayMs, withRetry } from '../../src/sync/retry.ts';

const policy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000 };

function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe('the engine retry policy', () => {
  it('retries a rate-limited call with growing waits, then succeeds', async () => {
    const { waits, sleep } = recordingSleep();
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls += 1;
        if (calls < 3)
          throw new ConnectorError('hubspot', 'rate_limited', '429 TEN_SECONDLY_ROLLING');
        return 'ok';
      },
      policy,
      { sleep, random: () => 1 },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(waits).toEqual([100, 200]);
  });

  it('honours a vendor Retry-After longer than the backoff', async () => {
    const { waits, sleep } = recordingSleep();
    let calls = 0;
    await withRetry(
      async () => {
        calls += 1;
        if (calls === 1)
          throw new ConnectorError('salesforce', 'transient', '503', { retryAfterMs: 700 });
      },
      policy,
      { sleep, random: () => 0 },
    );
    expect(waits).toEqual([700]);
  });

  it('gives up after maxAttempts and rethrows the last error', async () => {
    const { waits, sleep } = recordingSleep();
    const failure = new ConnectorError('salesforce', 'transient', 'UNABLE_TO_LOCK_ROW');
    await expect(
      withRetry(async () => Promise.reject(failure), policy, { sleep, random: () => 1 }),
    ).rejects.toBe(failure);
    expect(waits).toEqual([100, 200, 400]);
  });

  it.each([
    ['auth', new ConnectorError('salesforce', 'auth', 'INVALID_SESSION_ID')],
    ['invalid_record', new ConnectorError('hubspot', 'invalid_record', 'INVALID_EMAIL')],
    ['budget spent', new BudgetExhaustedError('hubspot', 500, 500)],
    ['a plain bug', new TypeError('x is undefined')],
  ])('does not retry %s', async (_label, error) => {
    const { waits, sleep } = recordingSleep();
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls += 1;
          throw error;
        },
        policy,
        { sleep },
      ),
    ).rejects.toBe(error);
    expect(calls).toBe(1);
    expect(waits).toEqual([]);
  });

  it('keeps jittered delays between half and all of the exponential cap, never above the maximum', () => {
    expect(backoffDelayMs(policy, 1, () => 0)).toBe(50);
    expect(backoffDelayMs(policy, 1, () => 1)).toBe(100);
    expect(backoffDelayMs(policy, 3, () => 0.5)).toBe(300);
    expect(backoffDelayMs(policy, 10, () => 1)).toBe(1_000);
  });
});
