import type { Env } from '../config/env.ts';
import type { LeadloopConfig } from '../config/load-config.ts';
import { frozenClock, systemClock, type Clock } from '../lead/clock.ts';
import { openStore, type Store } from '../store/index.ts';
import type { Engine } from '../sync/engine.ts';
import { createConnectors, type Connectors } from './connectors.ts';

/**
 * The composition root of a sync: the store `DATABASE_URL` / `LEADLOOP_DATA_DIR` points at,
 * the enabled systems' connectors, the config and the clock (`LEADLOOP_NOW` freezes it).
 */
export interface OpenEngine {
  readonly engine: Engine;
  readonly store: Store;
  readonly connectors: Connectors;
  close(): Promise<void>;
}

export async function openEngine(settings: {
  env: Env;
  config: Readonly<LeadloopConfig>;
  clock?: Clock;
  /** An open store to use instead of opening one (the service shares its own). */
  store?: Store;
}): Promise<OpenEngine> {
  const { env, config } = settings;
  const connectors = createConnectors({ env, config });
  const clock =
    settings.clock ??
    (env.LEADLOOP_NOW === undefined ? systemClock : frozenClock(env.LEADLOOP_NOW));
  let store: Store;
  try {
    store = settings.store ?? (await openStore({ env, clock }));
  } catch (error) {
    await connectors.close();
    throw error;
  }
  const engine: Engine = {
    store,
    config,
    clock,
    connectors: {
      ...(connectors.salesforce === undefined ? {} : { salesforce: connectors.salesforce }),
      ...(connectors.hubspot === undefined ? {} : { hubspot: connectors.hubspot }),
    },
  };
  return {
    engine,
    store,
    connectors,
    async close() {
      await connectors.close();
      if (settings.store === undefined) await store.close();
    },
  };
}
