import { Router } from 'express';
import type { Store } from '../store/index.ts';
import { deadLetters, jobsQueued, metricsRegistry, slaClocks } from './metrics.ts';
import type { ReadinessCheck, ReadinessResult } from './ports.ts';
import { SLA_STATUSES } from '../lead/lead.ts';

/**
 * `/healthz` says the process answers (liveness: restart it if not). `/readyz` says it can do
 * its work: the store answers and the vendors are reachable. Readiness is cached for a few
 * seconds so a load balancer polling every second costs no vendor API calls.
 */
export interface HealthOptions {
  readonly store: Store;
  readonly readiness?: ReadinessCheck | undefined;
  /** How long a readiness answer is reused (default 5 s). */
  readonly readinessCacheMs?: number | undefined;
  /** Real time for the cache (never LEADLOOP_NOW: a frozen clock would cache forever). */
  readonly now?: () => number;
}

interface Readiness {
  readonly ready: boolean;
  readonly checks: Record<string, ReadinessResult>;
}

const failure = (error: unknown): ReadinessResult => ({
  ok: false,
  message: error instanceof Error ? error.message : String(error),
});

export function healthRouter(options: HealthOptions): Router {
  const { store } = options;
  const cacheMs = options.readinessCacheMs ?? 5_000;
  const now = options.now ?? Date.now;
  let cached: { at: number; value: Promise<Readiness> } | undefined;

  const check = async (): Promise<Readiness> => {
    const checks: Record<string, ReadinessResult> = {};
    try {
      await store.db.query('SELECT 1');
      checks.store = { ok: true };
    } catch (error) {
      checks.store = failure(error);
    }
    if (options.readiness !== undefined) {
      try {
        Object.assign(checks, await options.readiness());
      } catch (error) {
        checks.vendors = failure(error);
      }
    }
    return { ready: Object.values(checks).every((c) => c.ok), checks };
  };

  const router = Router();
  router.get('/healthz', (_request, response) => {
    response.json({ status: 'ok' });
  });
  router.get('/readyz', async (_request, response) => {
    if (cached === undefined || now() - cached.at >= cacheMs) {
      cached = { at: now(), value: check() };
    }
    const { ready, checks } = await cached.value;
    response.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', checks });
  });
  router.get('/metrics', async (_request, response) => {
    await refreshStoreGauges(store);
    response.type(metricsRegistry.contentType).send(await metricsRegistry.metrics());
  });
  return router;
}

/** Gauges whose truth lives in the store, read at scrape time. */
async function refreshStoreGauges(store: Store): Promise<void> {
  const [letters, clocks, queued] = await Promise.all([
    store.deadLetters.countUnresolved(),
    store.sla.countOpenByStatus(),
    store.jobs.countUnfinished(),
  ]);
  deadLetters.set(letters);
  jobsQueued.set(queued);
  for (const status of SLA_STATUSES) slaClocks.set({ status }, clocks[status] ?? 0);
}
