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

export interface Driver extends Session {
  readonly kind: DatabaseKind;
  readonly location: string;
  /** BEGIN … COMMIT on one connection; ROLLBACK when `fn` throws. */
  transaction<T>(fn: (session: Session) => Promise<T>): Promise<T>;
  tryAdvisoryLock(key: bigint): Promise<HeldLock | undefined>;
  advisoryLock(key: bigint): Promise<HeldLock>;
  close(): Promise<void>;
}
