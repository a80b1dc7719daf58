import { AsyncLocalStorage } from 'node:async_hooks';
import { advisoryLockKey } from './advisory-lock-key.ts';
import type { AdvisoryLock, Database, QueryResult } from './database.ts';
import type { Driver, HeldLock, QueryHere, Session } from './driver.ts';

/** One open transaction (depth 0) or savepoint inside it (depth ≥ 1). */
interface Scope {
  readonly session: Session;
  readonly depth: number;
  open: boolean;
  /** Serialises nested transactions started from this scope (savepoints are a stack). */
  tail: Promise<unknown>;
}

/**
 * The `Database` port over a driver. The current transaction travels in an AsyncLocalStorage,
 * so a repository called inside `transaction(fn)` joins it without being handed a `tx`, and a
 * nested `transaction` becomes a savepoint. This matters doubly on PGlite: a query made outside
 * the transaction's session while it is open would wait for it forever.
 */
export class ScopedDatabase implements Database {
  readonly #driver: Driver;
  readonly #scope = new AsyncLocalStorage<Scope>();

  constructor(driver: Driver) {
    this.#driver = driver;
  }

  get kind() {
    return this.#driver.kind;
  }

  get location() {
    return this.#driver.location;
  }

  query<T = Record<string, unknown>>(
    sql: string,
    params: readonly unknown[] = [],
  ): Promise<QueryResult<T>> {
    return (this.#current() ?? this.#driver).query<T>(sql, params);
  }

  exec(script: string): Promise<void> {
    return (this.#current() ?? this.#driver).exec(script);
  }

  transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T> {
    const outer = this.#activeScope();
    if (outer === undefined) {
      return this.#driver.transaction((session) =>
        this.#runIn({ session, depth: 0, open: true, tail: Promise.resolve() }, fn),
      );
    }
    const run = outer.tail.then(() => this.#savepoint(outer, fn));
    outer.tail = run.catch(() => undefined);
    return run;
  }

  async withAdvisoryLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const lock = await this.#driver.advisoryLock(this.#lockKey(name), this.#here);
    try {
      return await fn();
    } finally {
      await lock.release();
    }
  }

  async tryAdvisoryLock(name: string): Promise<AdvisoryLock | undefined> {
    const held = await this.#driver.tryAdvisoryLock(this.#lockKey(name), this.#here);
    return held === undefined ? undefined : namedLock(name, held);
  }

  close(): Promise<void> {
    return this.#driver.close();
  }

  readonly #here: QueryHere = (sql, params) => this.query(sql, params);

  #lockKey(name: string): bigint {
    const namespace = this.#driver.lockNamespace;
    return advisoryLockKey(namespace === '' ? name : `${namespace}.${name}`);
  }

  #activeScope(): Scope | undefined {
    const scope = this.#scope.getStore();
    // Work started inside a transaction that outlives it (a stray timer) runs on its own.
    return scope?.open === true ? scope : undefined;
  }

  #current(): Session | undefined {
    return this.#activeScope()?.session;
  }

  async #runIn<T>(scope: Scope, fn: (tx: Database) => Promise<T>): Promise<T> {
    try {
      return await this.#scope.run(scope, () => fn(this));
    } finally {
      scope.open = false;
    }
  }

  async #savepoint<T>(outer: Scope, fn: (tx: Database) => Promise<T>): Promise<T> {
    const name = `leadloop_sp_${outer.depth + 1}`;
    await outer.session.query(`SAVEPOINT ${name}`, []);
    let result: T;
    try {
      result = await this.#runIn(
        { session: outer.session, depth: outer.depth + 1, open: true, tail: Promise.resolve() },
        fn,
      );
    } catch (error) {
      try {
        await outer.session.query(`ROLLBACK TO SAVEPOINT ${name}`, []);
        await outer.session.query(`RELEASE SAVEPOINT ${name}`, []);
      } catch {
        // The connection is gone and the outer transaction fails too: report the first cause.
      }
      throw error;
    }
    await outer.session.query(`RELEASE SAVEPOINT ${name}`, []);
    return result;
  }
}

function namedLock(name: string, held: HeldLock): AdvisoryLock {
  return { name, isHeld: () => held.isHeld(), release: () => held.release() };
}
