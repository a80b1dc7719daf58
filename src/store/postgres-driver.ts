import pg from 'pg';
import { logger } from '../log/logger.ts';
import { redactString } from '../log/redact.ts';
import { advisoryLockHalves } from './advisory-lock-key.ts';
import type { QueryResult } from './database.ts';
import type { Driver, HeldLock, Session } from './driver.ts';
import { StoreError } from './errors.ts';
import {
  describeTarget,
  isConnectionProblem,
  parseDatabaseUrl,
  unavailable,
  type PostgresTarget,
} from './postgres-errors.ts';

/**
 * PostgreSQL through a `pg` Pool (`DATABASE_URL`): what several replicas share. Transactions and
 * held advisory locks each check out their own connection.
 */
export interface PostgresOptions {
  /** Connections in the pool; a held advisory lock keeps one for as long as it is held. */
  readonly maxConnections?: number;
  readonly connectTimeoutMs?: number;
}

export async function openPostgresDriver(
  url: string,
  options: PostgresOptions = {},
): Promise<Driver> {
  const target = parseDatabaseUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    application_name: 'leadloop',
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle connection dropped by the server must not crash the process; the next query
  // reconnects or reports store.unavailable.
  pool.on('error', (error) => {
    logger('store').warn('idle PostgreSQL connection failed', {
      location: describeTarget(target),
      error: redactString(error.message),
    });
  });
  const driver = new PostgresDriver(pool, target);
  try {
    const { rows } = await driver.query<{ schema: string | null }>(
      'SELECT current_schema() AS schema',
      [],
    );
    const schema = rows[0]?.schema ?? 'public';
    driver.lockNamespace = schema === 'public' ? '' : schema;
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  return driver;
}

const toResult = <T>(result: pg.QueryResult): QueryResult<T> => ({
  rows: result.rows as T[],
  rowCount: result.rowCount ?? result.rows.length,
});

class PostgresDriver implements Driver {
  readonly kind = 'postgres' as const;
  readonly location: string;
  lockNamespace = '';
  readonly #pool: pg.Pool;
  readonly #target: PostgresTarget;
  readonly #heldLocks = new Set<HeldLock>();

  constructor(pool: pg.Pool, target: PostgresTarget) {
    this.#pool = pool;
    this.#target = target;
    this.location = describeTarget(target);
  }

  async query<T>(sql: string, params: readonly unknown[]): Promise<QueryResult<T>> {
    try {
      return toResult<T>(await this.#pool.query(sql, [...params]));
    } catch (error) {
      throw this.#translate(error);
    }
  }

  async exec(script: string): Promise<void> {
    await this.query(script, []);
  }

  async transaction<T>(fn: (session: Session) => Promise<T>): Promise<T> {
    const client = await this.#connect();
    let broken: Error | undefined;
    // The server may drop the connection while the transaction waits on other I/O (a vendor
    // call, a PostgreSQL restart): pg then emits 'error' on this checked-out client, which would
    // crash the process without a listener. The next statement fails and rolls back instead.
    const onError = (error: Error) => {
      broken = error;
    };
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await fn(this.#session(client));
      const commit = await client.query('COMMIT');
      // PostgreSQL answers COMMIT with ROLLBACK when a statement failed and was caught.
      if (commit.command === 'ROLLBACK') throw new TransactionRolledBackError();
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackFailed: Error) => {
        broken = rollbackFailed;
      });
      throw this.#translate(error);
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  async tryAdvisoryLock(key: bigint): Promise<HeldLock | undefined> {
    return this.#lockOnOwnConnection(key, 'SELECT pg_try_advisory_lock($1::bigint) AS taken');
  }

  async advisoryLock(key: bigint): Promise<HeldLock> {
    const sql = 'SELECT true AS taken FROM (SELECT pg_advisory_lock($1::bigint)) AS waited';
    const lock = await this.#lockOnOwnConnection(key, sql);
    if (lock === undefined) throw new Error(`pg_advisory_lock(${key}) returned without the lock`);
    return lock;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#heldLocks].map((lock) => lock.release()));
    if (!this.#pool.ended) await this.#pool.end();
  }

  async #connect(): Promise<pg.PoolClient> {
    try {
      return await this.#pool.connect();
    } catch (error) {
      throw this.#translate(error);
    }
  }

  #session(client: pg.PoolClient): Session {
    return {
      query: async <R>(sql: string, params: readonly unknown[]) => {
        try {
          return toResult<R>(await client.query(sql, [...params]));
        } catch (error) {
          throw this.#translate(error);
        }
      },
      exec: async (script: string) => {
        try {
          await client.query(script);
        } catch (error) {
          throw this.#translate(error);
        }
      },
    };
  }

  async #lockOnOwnConnection(key: bigint, sql: string): Promise<HeldLock | undefined> {
    const client = await this.#connect();
    let lost = false;
    // A held lock's connection sits checked out; if the server drops it, pg emits 'error' on
    // the client, which would crash the process without a listener. The lock is gone then.
    const onError = () => {
      lost = true;
    };
    client.on('error', onError);
    try {
      const { rows } = await client.query<{ taken: boolean }>(sql, [key.toString()]);
      if (rows[0]?.taken !== true) {
        client.off('error', onError);
        client.release();
        return undefined;
      }
    } catch (error) {
      client.off('error', onError);
      client.release(error instanceof Error ? error : true);
      throw this.#translate(error);
    }
    const { classid, objid } = advisoryLockHalves(key);
    let held = true;
    const lock: HeldLock = {
      isHeld: async () => {
        if (!held || lost) return false;
        try {
          const { rows } = await client.query<{ held: boolean }>(
            `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted
               AND pid = pg_backend_pid() AND classid = $1::oid AND objid = $2::oid
               AND objsubid = 1) AS held`,
            [String(classid), String(objid)],
          );
          return rows[0]?.held === true;
        } catch {
          lost = true;
          return false;
        }
      },
      release: async () => {
        if (!held) return;
        held = false;
        this.#heldLocks.delete(lock);
        client.off('error', onError);
        try {
          if (!lost) await client.query('SELECT pg_advisory_unlock($1::bigint)', [key.toString()]);
          client.release();
        } catch (error) {
          // Destroying the connection releases its session locks too.
          client.release(error instanceof Error ? error : true);
        }
      },
    };
    this.#heldLocks.add(lock);
    return lock;
  }

  #translate(error: unknown): unknown {
    if (error instanceof StoreError) return error;
    return isConnectionProblem(error) ? unavailable(this.#target, error) : error;
  }
}

/** A statement inside the transaction failed and its error was caught; nothing was committed. */
export class TransactionRolledBackError extends Error {
  constructor() {
    super(
      'The transaction was rolled back: a statement inside it failed and its error was caught. Use a nested transaction (savepoint) around statements allowed to fail.',
    );
    this.name = 'TransactionRolledBackError';
  }
}
