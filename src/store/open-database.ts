import type { Env } from '../config/env.ts';
import { logger } from '../log/logger.ts';
import type { Database } from './database.ts';
import { openPgliteDriver } from './pglite-driver.ts';
import { openPostgresDriver, type PostgresOptions } from './postgres-driver.ts';
import { ScopedDatabase } from './scoped-database.ts';

export type StoreEnv = Pick<Env, 'DATABASE_URL' | 'LEADLOOP_DATA_DIR'>;

/**
 * `DATABASE_URL` set → PostgreSQL (several replicas can share it); otherwise the embedded PGlite
 * in `LEADLOOP_DATA_DIR` (one process; `memory://` keeps it in memory for tests).
 */
export async function openDatabase(options: {
  env: StoreEnv;
  postgres?: PostgresOptions;
}): Promise<Database> {
  const { env } = options;
  const driver =
    env.DATABASE_URL === undefined || env.DATABASE_URL === ''
      ? await openPgliteDriver(env.LEADLOOP_DATA_DIR)
      : await openPostgresDriver(env.DATABASE_URL, options.postgres);
  logger('store').debug('database opened', { kind: driver.kind, location: driver.location });
  return new ScopedDatabase(driver);
}
