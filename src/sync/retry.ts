import type { VendorErrorKind } from '../errors/leadloop-error.ts';
import { BudgetExhaustedError, ConnectorError } from './connector.ts';

/**
 * The engine's retry policy (STYLE.md §5): exponential backoff with full jitter for
 * `transient` and `rate_limited` failures, honouring a vendor's Retry-After. It is safe
 * because every write leadloop makes is an upsert or an update by id.
 */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
};

const RETRYABLE_KINDS: ReadonlySet<VendorErrorKind> = new Set(['transient', 'rate_limited']);

export function isRetryableKind(kind: VendorErrorKind): boolean {
  return RETRYABLE_KINDS.has(kind);
}

export function isRetryableError(error: unknown): error is ConnectorError {
  // A spent budget is not retried: the run stops cleanly and resumes in a later window.
  return (
    error instanceof ConnectorError &&
    !(error instanceof BudgetExhaustedError) &&
    isRetryableKind(error.kind)
  );
}

/** Delay before attempt `attempt + 1` (attempt counts from 1): full jitter over an exponential cap. */
export function backoffDelayMs(
  policy: RetryPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(cap / 2 + (random() * cap) / 2);
}

export interface RetryHooks {
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  onRetry?: (info: { attempt: number; delayMs: number; error: ConnectorError }) => void;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function withRetry<T>(
  operation: (attempt: number) => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  hooks: RetryHooks = {},
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (!isRetryableError(error) || attempt >= policy.maxAttempts) throw error;
      const delayMs = Math.min(
        policy.maxDelayMs,
        Math.max(error.retryAfterMs ?? 0, backoffDelayMs(policy, attempt, hooks.random)),
      );
      hooks.onRetry?.({ attempt, delayMs, error });
      await (hooks.sleep ?? defaultSleep)(delayMs);
    }
  }
}
