import { redactString } from '../log/redact.ts';
import { StoreError, sqlState } from './errors.ts';

/**
 * Turns `DATABASE_URL` into what is safe to show (host, port, database, user — never the
 * password) and connection failures into `store.unavailable` with a hint that names the likely
 * fix. SQL errors (constraint violations, syntax) are not connection problems and pass through.
 */
export interface PostgresTarget {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  /** Removed from any driver message before it is shown. */
  readonly password: string;
}

export function parseDatabaseUrl(url: string): PostgresTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidUrl('DATABASE_URL is not a URL.');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw invalidUrl(`DATABASE_URL must start with postgres://, not ${parsed.protocol}//.`);
  }
  const user = decodeURIComponent(parsed.username);
  return {
    host: parsed.hostname || (parsed.searchParams.get('host') ?? 'localhost'),
    port: parsed.port === '' ? 5432 : Number(parsed.port),
    database: decodeURIComponent(parsed.pathname.slice(1)) || user || '(default)',
    user: user || '(default)',
    password: decodeURIComponent(parsed.password),
  };
}

export function describeTarget(target: PostgresTarget): string {
  return `postgres://${target.user}@${target.host}:${target.port}/${target.database}`;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// Connection exceptions (08), server shutting down or starting (57P0x), auth (28), no such
// database (3D000), too many connections (53300).
const SQLSTATE_PROBLEM = /^(08|57P0|28|3D000|53300)/;

// Errors from Node's own modules may come from another realm (jest's VM contexts), so they
// are read by shape, not with instanceof.
const codeOf = (error: unknown): unknown =>
  typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
const messageOf = (error: unknown): string => {
  const message =
    typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : error;
  return typeof message === 'string' ? message : String(message);
};

export function isConnectionProblem(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = codeOf(error);
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  const state = sqlState(error);
  if (state !== undefined) return SQLSTATE_PROBLEM.test(state);
  return /Connection terminated|timeout exceeded when trying to connect|SSL|Client has encountered a connection error/i.test(
    messageOf(error),
  );
}

export function unavailable(target: PostgresTarget, cause: unknown): StoreError {
  const where = `${target.host}:${target.port}`;
  const raw = messageOf(cause);
  const said = redactString(target.password === '' ? raw : raw.split(target.password).join('***'));
  return new StoreError(
    'store.unavailable',
    `Cannot use PostgreSQL at ${where} (database "${target.database}", user "${target.user}"): ${said || 'connection failed'}`,
    {
      hint: hintFor(target, cause),
      details: {
        host: target.host,
        port: target.port,
        database: target.database,
        user: target.user,
      },
      cause,
    },
  );
}

function hintFor(target: PostgresTarget, cause: unknown): string {
  const where = `${target.host}:${target.port}`;
  const code = codeOf(cause);
  const state = sqlState(cause);
  const message = messageOf(cause);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return `The host "${target.host}" was not found: check the host name in DATABASE_URL.`;
  }
  if (state?.startsWith('28') === true) {
    return `PostgreSQL refused user "${target.user}": check the user and password in DATABASE_URL (and pg_hba.conf on the server).`;
  }
  if (state === '3D000') {
    return `Database "${target.database}" does not exist at ${where}: create it (createdb ${target.database}) or fix its name in DATABASE_URL.`;
  }
  if (state === '53300') {
    return 'PostgreSQL has no free connection slots: raise max_connections or run fewer replicas.';
  }
  if (/SSL/i.test(message)) {
    return 'The server and DATABASE_URL disagree about SSL: add or remove ?sslmode=require in DATABASE_URL.';
  }
  if (
    /terminated|ECONNRESET/i.test(message) ||
    code === 'ECONNRESET' ||
    state?.startsWith('57P0')
  ) {
    return `The connection to PostgreSQL at ${where} was lost (restart or failover?); leadloop retries on its next cycle.`;
  }
  return `Is PostgreSQL running at ${where}? Check DATABASE_URL (postgres://user:password@host:5432/database).`;
}

function invalidUrl(message: string): StoreError {
  return new StoreError('store.unavailable', message, {
    hint: 'Set DATABASE_URL to postgres://user:password@host:5432/database (percent-encode special characters in the password), or unset it to use the embedded database in LEADLOOP_DATA_DIR.',
  });
}
