import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite, type Results } from '@electric-sql/pglite';
import type { QueryResult } from './database.ts';
import { lockDataDir, type DataDirLock } from './data-dir-lock.ts';
import type { Driver, HeldLock, QueryHere, Session } from './driver.ts';
import { StoreError } from './errors.ts';
import { LocalLocks } from './local-locks.ts';

/**
 * Embedded PostgreSQL (PGlite, WASM) in `LEADLOOP_DATA_DIR/pglite`, or in memory for tests
 * (`memory://`). PGlite is a single connection and serialises work itself: `query` waits while
 * a transaction is open, and a transaction holds the connection until it ends.
 */
export const MEMORY_DATA_DIR = 'memory://';

export async function openPgliteDriver(dataDir: string): Promise<Driver> {
  if (dataDir.startsWith(MEMORY_DATA_DIR)) {
    return new PgliteDriver(await create(dataDir, dataDir), dataDir, undefined);
  }
  const dir = resolve(dataDir);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (cause) {
    throw new StoreError('store.unavailable', `Cannot create the data folder ${dir}.`, {
      hint: 'Check LEADLOOP_DATA_DIR: its parent must exist and be writable by this user.',
      details: { dataDir: dir },
      cause,
    });
  }
  const lock = lockDataDir(dir);
  try {
    return new PgliteDriver(await create(join(dir, 'pglite'), dir), dir, lock);
  } catch (error) {
    lock.release();
    throw error;
  }
}

async function create(path: string, shown: string): Promise<PGlite> {
  try {
    return await PGlite.create(path);
  } catch (cause) {
    throw new StoreError('store.unavailable', `The embedded database in ${shown} did not open.`, {
      hint: 'Check free disk space and permissions of LEADLOOP_DATA_DIR. If the folder was copied from a newer leadloop, restore a backup or move it away to start empty.',
      details: { dataDir: shown },
      cause,
    });
  }
}

function toResult<T>(result: Results<T>): QueryResult<T> {
  return { rows: result.rows, rowCount: result.rowCount ?? result.affectedRows ?? 0 };
}

class PgliteDriver implements Driver {
  readonly kind = 'pglite' as const;
  readonly location: string;
  /** One process's own database: no one else to share lock keys with. */
  readonly lockNamespace = '';
  readonly #db: PGlite;
  readonly #dirLock: DataDirLock | undefined;
  readonly #locks = new LocalLocks();

  constructor(db: PGlite, location: string, dirLock: DataDirLock | undefined) {
    this.#db = db;
    this.location = location;
    this.#dirLock = dirLock;
  }

  async query<T>(sql: string, params: readonly unknown[]): Promise<QueryResult<T>> {
    return toResult(await this.#db.query<T>(sql, [...params]));
  }

  async exec(script: string): Promise<void> {
    await this.#db.exec(script);
  }

  transaction<T>(fn: (session: Session) => Promise<T>): Promise<T> {
    return this.#db.transaction((tx) =>
      fn({
        query: async <R>(sql: string, params: readonly unknown[]) =>
          toResult(await tx.query<R>(sql, [...params])),
        exec: async (script: string) => {
          await tx.exec(script);
        },
      }),
    );
  }

  async tryAdvisoryLock(key: bigint, here: QueryHere): Promise<HeldLock | undefined> {
    if (!this.#locks.tryTake(key)) return undefined;
    return this.#lockInSession(key, 'pg_try_advisory_lock', here);
  }

  async advisoryLock(key: bigint, here: QueryHere): Promise<HeldLock> {
    await this.#locks.take(key);
    const lock = await this.#lockInSession(key, 'pg_advisory_lock', here);
    if (lock === undefined) throw new Error(`advisory lock ${key} was refused by its own session`);
    return lock;
  }

  async close(): Promise<void> {
    if (this.#db.closed) return;
    await this.#db.close();
    this.#dirLock?.release();
  }

  /** Takes the PostgreSQL lock too, so what the session shows in pg_locks stays truthful. */
  async #lockInSession(
    key: bigint,
    take: 'pg_try_advisory_lock' | 'pg_advisory_lock',
    here: QueryHere,
  ): Promise<HeldLock | undefined> {
    try {
      const { rows } = await here<{ taken: boolean | null }>(
        take === 'pg_try_advisory_lock'
          ? 'SELECT pg_try_advisory_lock($1::bigint) AS taken'
          : 'SELECT true AS taken FROM (SELECT pg_advisory_lock($1::bigint)) AS waited',
        [key.toString()],
      );
      if (rows[0]?.taken !== true) {
        this.#locks.give(key);
        return undefined;
      }
    } catch (error) {
      this.#locks.give(key);
      throw error;
    }
    let held = true;
    return {
      isHeld: async () => held && !this.#db.closed,
      release: async () => {
        if (!held) return;
        held = false;
        this.#locks.give(key);
        // The in-process lock is the real guard here; an unlock that fails (closed database,
        // aborted transaction) leaves only a harmless re-entrant count in this one session.
        if (!this.#db.closed) {
          await here('SELECT pg_advisory_unlock($1::bigint)', [key.toString()]).catch(
            () => undefined,
          );
        }
      },
    };
  }
}
