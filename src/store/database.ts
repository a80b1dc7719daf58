/**
 * The store's port: what repositories and the engine may do with the database, identical on
 * embedded PGlite and on PostgreSQL. SQL is always parameterised (`$1, $2, ...`); values are
 * never spliced into the text.
 */
export type DatabaseKind = 'pglite' | 'postgres';

export interface QueryResult<T> {
  readonly rows: T[];
  /** Rows returned by a SELECT, or changed by INSERT/UPDATE/DELETE. */
  readonly rowCount: number;
}

export interface Queryable {
  query<T = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<QueryResult<T>>;
}

/** A session-level advisory lock held until `release()` (or until its connection dies). */
export interface AdvisoryLock {
  readonly name: string;
  /** False once released or once the connection holding it was lost. */
  isHeld(): Promise<boolean>;
  release(): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: DatabaseKind;
  /** Where the data lives, safe to print: `postgres://user@host:5432/db` or a folder. */
  readonly location: string;

  /**
   * Runs `fn` in a transaction: committed when it resolves, rolled back when it throws.
   * Every query made while `fn` runs (through this Database or any repository built on it) joins
   * the transaction, found through the async context, so repositories need no `tx` argument.
   * A nested call joins the outer transaction inside a savepoint: its throw undoes only its own
   * work, and the error still propagates. Do not run queries concurrently inside one
   * transaction; PGlite transactions are also serialised against everything else.
   */
  transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T>;

  /**
   * Runs a multi-statement script (migrations only: no parameters, never user input).
   */
  exec(script: string): Promise<void>;

  /**
   * Waits for the named lock (PostgreSQL `pg_advisory_lock`, exclusive across every replica on
   * the database and every caller in this process), runs `fn`, then releases it.
   */
  withAdvisoryLock<T>(name: string, fn: () => Promise<T>): Promise<T>;

  /** Takes the named lock if it is free (`pg_try_advisory_lock`), else returns undefined. */
  tryAdvisoryLock(name: string): Promise<AdvisoryLock | undefined>;

  close(): Promise<void>;
}
