import type { DatabaseKind, QueryResult } from './database.ts';

/**
 * What each backend provides; `ScopedDatabase` turns it into the `Database` port (transaction
 * scoping, savepoints, advisory lock names) once, for both.
 */
export interface Session {
  query<T>(sql: string, params: readonly unknown[]): Promise<QueryResult<T>>;
  exec(script: string): Promise<void>;
}

/** A held session-level advisory lock, by numeric key. */
export interface HeldLock {
  isHeld(): Promise<boolean>;
  release(): Promise<void>;
}

/** Runs SQL on whatever session is current when it is called (the open transaction, if any). */
export type QueryHere = <T>(sql: string, params: readonly unknown[]) => Promise<QueryResult<T>>;

export interface Driver extends Session {
  readonly kind: DatabaseKind;
  readonly location: string;
  /**
   * Advisory locks are database-wide in PostgreSQL, not per schema: two installs in one
   * database (schemas of their own) must not take each other's locks. Names are prefixed with
   * this (the schema; empty for `public` and PGlite, so their keys stay as they always were).
   */
  readonly lockNamespace: string;
  /** BEGIN … COMMIT on one connection; ROLLBACK when `fn` throws. */
  transaction<T>(fn: (session: Session) => Promise<T>): Promise<T>;
  /**
   * Session-level advisory locks. A driver with one connection (PGlite) runs the lock SQL
   * through `here`: outside the current transaction it would wait for that transaction forever.
   */
  tryAdvisoryLock(key: bigint, here: QueryHere): Promise<HeldLock | undefined>;
  advisoryLock(key: bigint, here: QueryHere): Promise<HeldLock>;
  close(): Promise<void>;
}
