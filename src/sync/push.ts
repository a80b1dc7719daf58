import type { SystemName, WriteOutcome } from './connector.ts';
import type { RunContext } from './engine.ts';
import type { PlannedWrite } from './plan.ts';
import { withRetry } from './retry.ts';
import { screenPicklists } from './screen-picklists.ts';

/**
 * Push: the planned writes of a page, one connector call per object (the connector batches by
 * the vendor's limits and reports one outcome per record). Whole-call failures that may pass
 * (429, 5xx, timeouts, lock contention) are retried with backoff — safe, since every write is an
 * update by id or an upsert by key. A dry run answers for the vendor and writes nothing.
 */
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
    const requests = group.map((plan) => plan.request);
    const results = await withRetry(() => connector.write(object, requests));
    for (const outcome of results) outcomes.set(outcome.ref, outcome);
  }
  return outcomes;
}
