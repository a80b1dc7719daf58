import type { SystemName, WriteOutcome } from './connector.ts';
import type { RunContext } from './engine.ts';
import type { PlannedWrite } from './plan.ts';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, isRetryableKind, withRetry } from './retry.ts';
import { screenPicklists } from './screen-picklists.ts';

/**
 * Push: the planned writes of a page, one connector call per object (the connector batches by
 * the vendor's limits and reports one outcome per record). Whole-call failures that may pass
 * (429, 5xx, timeouts, lock contention) are retried with backoff — safe, since every write is an
 * update by id or an upsert by key. So are the records a vendor rejects one by one for a reason
 * that passes (Salesforce's per-record UNABLE_TO_LOCK_ROW): only they are sent again, and only
 * what still fails after the last attempt becomes a dead letter. A dry run answers for the
 * vendor and writes nothing.
 */
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function pushWrites(
  run: RunContext,
  system: SystemName,
  plans: readonly PlannedWrite[],
): Promise<Map<string, WriteOutcome>> {
  const outcomes = new Map<string, WriteOutcome>();
  if (plans.length === 0) return outcomes;
  if (run.dryRun) {
    for (const plan of plans) {
      const id = plan.request.id ?? `(new ${plan.object})`;
      outcomes.set(plan.request.ref, {
        ref: plan.request.ref,
        ok: true,
        id,
        created: plan.request.id === undefined,
      });
    }
    return outcomes;
  }
  const connector = run.engine.connectors[system];
  if (connector === undefined) return outcomes;
  const { send, rejected } = await withRetry(() => screenPicklists(connector, plans));
  for (const outcome of rejected) outcomes.set(outcome.ref, outcome);
  const byObject = new Map<string, PlannedWrite[]>();
  for (const plan of send) byObject.set(plan.object, [...(byObject.get(plan.object) ?? []), plan]);
  for (const [object, group] of byObject) {
    let requests = group.map((plan) => plan.request);
    for (let attempt = 1; ; attempt += 1) {
      const results = await withRetry(() => connector.write(object, requests));
      for (const outcome of results) outcomes.set(outcome.ref, outcome);
      const again = new Set(
        results.flatMap((outcome) =>
          !outcome.ok && isRetryableKind(outcome.error.kind) ? [outcome.ref] : [],
        ),
      );
      if (again.size === 0 || attempt >= DEFAULT_RETRY_POLICY.maxAttempts) break;
      requests = requests.filter((request) => again.has(request.ref));
      await sleep(backoffDelayMs(DEFAULT_RETRY_POLICY, attempt));
    }
  }
  return outcomes;
}
