import type { SystemName } from './connector.ts';
import type { Engine, RunContext } from './engine.ts';
import { stagePage } from './pull.ts';
import { withRetry } from './retry.ts';
import { runSync, type SyncResult } from './run-sync.ts';
import { emptySyncCounts } from './sync-counts.ts';
import { trackedFields } from './tracked-fields.ts';

/**
 * A lead-scoped sync after a webhook: read just these records now, stage them like a pulled
 * page (no cursor moves — the next cycle still reads them, harmlessly), and reconcile the leads
 * they touched. A HubSpot change reaches Salesforce in seconds instead of at the next poll.
 */
const OBJECT_NAMES: Readonly<Record<string, string>> = {
  contact: 'contacts',
  contacts: 'contacts',
  deal: 'deals',
  deals: 'deals',
};

export async function syncRecords(
  engine: Engine,
  system: SystemName,
  object: string,
  ids: readonly string[],
  options: { signal?: AbortSignal; trigger?: string } = {},
): Promise<{ records: number; result: SyncResult | undefined }> {
  const connector = engine.connectors[system];
  if (connector === undefined || ids.length === 0) return { records: 0, result: undefined };
  const vendorObject = system === 'hubspot' ? (OBJECT_NAMES[object] ?? object) : object;
  const records = await withRetry(() => connector.fetchByIds(vendorObject, ids));
  const run: RunContext = { engine, runId: undefined, dryRun: false, signal: options.signal };
  await engine.store.transaction(async () => {
    const pending = await stagePage(
      run,
      { records, cursor: undefined, hasMore: false },
      vendorObject,
      trackedFields(engine.config),
      emptySyncCounts(),
    );
    await engine.store.leads.markPending(pending);
  });
  const result = await runSync(engine, {
    skipPull: true,
    trigger: options.trigger ?? 'webhook',
    // A short sync may hold the lock (another webhook's, the SLA sweep's); a full cycle that
    // holds it longer reconciles these pending leads itself, or the job's retry does.
    waitForLockMs: 10_000,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  return { records: records.length, result };
}
