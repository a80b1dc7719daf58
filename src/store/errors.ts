import { LeadloopError } from '../errors/leadloop-error.ts';

/**
 * Store failures an admin can act on. Messages and hints name the host, port, database and
 * user, never the password: they reach logs, the CLI and the health page.
 */
export const STORE_ERROR_CODES = [
  /** The database cannot be reached or refused us (down, wrong URL, wrong password, locked data dir). */
  'store.unavailable',
  /** A migration failed (rolled back) or an applied migration was edited afterwards. */
  'store.migration_failed',
  /** Optimistic concurrency: the row changed since it was read. */
  'store.conflict',
  /** A row did not match its schema: the database was edited by hand or by a newer leadloop. */
  'store.invalid_row',
] as const;
export type StoreErrorCode = (typeof STORE_ERROR_CODES)[number];

export class StoreError extends LeadloopError {
  declare readonly code: StoreErrorCode;

  constructor(
    code: StoreErrorCode,
    message: string,
    options: { hint?: string; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(code, message, options);
  }
}

export function isStoreError(error: unknown, code?: StoreErrorCode): error is StoreError {
  return error instanceof StoreError && (code === undefined || error.code === code);
}

/** SQLSTATE of a driver error (pg and PGlite both expose `code`), if any. */
export function sqlState(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = (error as { code: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

export const isUniqueViolation = (error: unknown): boolean => sqlState(error) === '23505';
