import { LeadloopError } from '../errors/leadloop-error.ts';
import { logger } from '../log/logger.ts';
import { BudgetExhaustedError, type SystemName } from './connector.ts';
import type { Engine, RunContext } from './engine.ts';
import { pullSystem } from './pull.ts';
import { reconcilePending, type PlanListener } from './reconcile.ts';
import { emptySyncCounts, type SyncCounts } from './sync-counts.ts';
import { trackedFields } from './tracked-fields.ts';

/**
 * One sync: pull every enabled system, reconcile the pending leads, and settle — when a pass
 * handed leads off to new Salesforce Leads, pull Salesforce's Leads for the owners assignment
 * rules gave them and reconcile once more, so HubSpot gets the owner in the same run. The echoes
 * of the run's own writes are not read back here: they carry nothing new (the writes' answers
 * and the field state already say what each system holds), and the next cycle's pull reads them
 * anyway (HubSpot's overlap window reaches back over the run), so reading them twice would only
 * cost calls.
 * One sync at a time across every replica (an advisory lock). A dry run does the same work in a
 * transaction it rolls back, with no vendor write.
 */
export interface SyncOptions {
  readonly trigger?: string;
  readonly dryRun?: boolean;
  /** Reconcile only what is already pending (the SLA job, replay): no pull. */
  readonly skipPull?: boolean;
  /** Passes at most (pull + reconcile); default 3. */
  readonly maxPasses?: number;
  readonly onPlan?: PlanListener;
  /** Shutdown: the run stops after the page in flight, with status `stopped`. */
  readonly signal?: AbortSignal;
  /**
   * How long to wait for a sync already running (an SLA sweep's write pass, a webhook's
   * lead-scoped sync) before giving up with `sync.busy`; default 0, give up at once.
   */
  readonly waitForLockMs?: number;
  readonly onProgress?: (event: {
    phase: 'pull' | 'reconcile';
    system?: SystemName;
    object?: string;
    records: number;
  }) => void;
}

export interface SyncResult {
  readonly runId: string | undefined;
  readonly status: 'succeeded' | 'stopped' | 'failed';
  readonly counts: SyncCounts;
  readonly passes: number;
  /** Why a run stopped early (API budget spent): it resumes where it stopped. */
  readonly stoppedReason?: string;
}

const log = logger('sync.run');
const SYNC_LOCK = 'leadloop.sync';

class DryRunRollback extends Error {}

const LOCK_POLL_MS = 250;

async function takeSyncLock(engine: Engine, options: SyncOptions) {
  const giveUpAt = Date.now() + (options.waitForLockMs ?? 0);
  for (;;) {
    const lock = await engine.store.db.tryAdvisoryLock(SYNC_LOCK);
    if (lock !== undefined || Date.now() >= giveUpAt || options.signal?.aborted === true)
      return lock;
    await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
  }
}

export async function runSync(engine: Engine, options: SyncOptions = {}): Promise<SyncResult> {
  const lock = await takeSyncLock(engine, options);
  if (lock === undefined) {
    throw new LeadloopError('sync.busy', 'Another sync is running against this store.', {
      hint: 'Wait for it to finish (leadloop runs one sync at a time across replicas), or check `leadloop serve` logs.',
    });
  }
  const dryRun = options.dryRun === true;
  const run = dryRun
    ? undefined
    : await engine.store.runs.start({ kind: 'sync', trigger: options.trigger ?? 'cli' });
  const context: RunContext = { engine, runId: run?.id, dryRun, signal: options.signal };
  const counts = emptySyncCounts();
  const callsBefore = callsMade(engine);
  let passes = 0;
  const cycle = async () => {
    const tracked = trackedFields(engine.config);
    const maxPasses = options.maxPasses ?? 3;
    // The first pass pulls everything; a settle pass only Salesforce's Leads, for new Leads'
    // owners. Anything else changed meanwhile waits for the next cycle, as it would have a
    // moment later.
    const connectors = Object.values(engine.connectors);
    let toPull: ReadonlyMap<SystemName, ReadonlySet<string>> = new Map(
      connectors.map((connector) => [connector.system, new Set(connector.pullObjects)]),
    );
    for (passes = 1; passes <= maxPasses; passes += 1) {
      const awaitingBefore = counts.awaitingOwner;
      for (const connector of options.skipPull === true ? [] : connectors) {
        const objects = toPull.get(connector.system);
        if (objects === undefined) continue;
        await pullSystem(context, connector, tracked, counts, objects, (system, object, records) =>
          options.onProgress?.({ phase: 'pull', system, object, records }),
        );
      }
      // A pass that creates Leads writes to Salesforce, so the next pass pulls it.
      const pass: RunContext = {
        ...context,
        pullsAgain: options.skipPull !== true && !dryRun && passes < maxPasses,
      };
      await reconcilePending(pass, counts, options.onPlan, (records) =>
        options.onProgress?.({ phase: 'reconcile', records }),
      );
      if (counts.awaitingOwner === awaitingBefore || dryRun) break;
      toPull = new Map([['salesforce', new Set(['Lead'])]]);
    }
  };
  try {
    if (dryRun) {
      await engine.store
        .transaction(async () => {
          await cycle();
          throw new DryRunRollback();
        })
        .catch((error: unknown) => {
          if (!(error instanceof DryRunRollback)) throw error;
        });
    } else {
      await cycle();
    }
    counts.apiCalls = callsSince(engine, callsBefore);
    if (run !== undefined)
      await engine.store.runs.finish(run.id, {
        status: 'succeeded',
        summary: summaryOf(engine, counts, passes),
      });
    return {
      runId: run?.id,
      status: 'succeeded',
      counts,
      passes: Math.min(passes, options.maxPasses ?? 3),
    };
  } catch (error) {
    counts.apiCalls = callsSince(engine, callsBefore);
    if (options.signal?.aborted === true) {
      if (run !== undefined) {
        await engine.store.runs.finish(run.id, {
          status: 'stopped',
          summary: summaryOf(engine, counts, passes),
          error: { code: 'sync.shutdown', message: 'stopped for shutdown; the next run goes on' },
        });
      }
      return { runId: run?.id, status: 'stopped', counts, passes, stoppedReason: 'shutdown' };
    }
    if (error instanceof BudgetExhaustedError) {
      log.warn('API budget spent: the sync stops here and resumes next time', {
        system: error.system,
      });
      if (run !== undefined) {
        await engine.store.runs.finish(run.id, {
          status: 'stopped',
          summary: summaryOf(engine, counts, passes),
          error: { code: error.code, message: error.message },
        });
      }
      return { runId: run?.id, status: 'stopped', counts, passes, stoppedReason: error.message };
    }
    if (run !== undefined) {
      const message = error instanceof Error ? error.message : String(error);
      const code = error instanceof LeadloopError ? error.code : 'sync.failed';
      await engine.store.runs.finish(run.id, {
        status: 'failed',
        summary: summaryOf(engine, counts, passes),
        error: { code, message },
      });
    }
    throw error;
  } finally {
    await lock.release();
  }
}

function callsMade(engine: Engine): Record<SystemName, number> {
  return {
    salesforce: engine.connectors.salesforce?.usage().callsMade ?? 0,
    hubspot: engine.connectors.hubspot?.usage().callsMade ?? 0,
  };
}

function callsSince(
  engine: Engine,
  before: Record<SystemName, number>,
): Record<SystemName, number> {
  const now = callsMade(engine);
  return { salesforce: now.salesforce - before.salesforce, hubspot: now.hubspot - before.hubspot };
}

/** The run row's summary; `apiUsage` is what the report's sync-health section reads. */
function summaryOf(engine: Engine, counts: SyncCounts, passes: number): Record<string, unknown> {
  return {
    ...counts,
    passes,
    apiUsage: Object.values(engine.connectors).map((connector) => connector.usage()),
  };
}
