import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { logger } from '../log/logger.ts';
import { advisoryLockKey } from './advisory-lock-key.ts';
import type { Database } from './database.ts';
import { StoreError, isStoreError } from './errors.ts';

/**
 * Plain-SQL migrations (`migrations/NNN-name.sql`), the same files for PGlite and PostgreSQL,
 * applied in order at start-up. Each runs in its own transaction under a transaction-level
 * advisory lock, so replicas starting together apply each one exactly once and a failure leaves
 * nothing half-done. The checksum of every applied file is kept: editing history is an error.
 */
export interface Migration {
  readonly version: number;
  /** The file name, e.g. `001-leads.sql`. */
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

export interface MigrationReport {
  /** Migrations this call applied (another replica may have applied the rest). */
  readonly applied: readonly Migration[];
  /** Latest version in the database afterwards. */
  readonly version: number;
}

export const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);
const FILE_NAME = /^(\d{3})-[a-z0-9][a-z0-9-]*\.sql$/;
const LOCK = advisoryLockKey('leadloop.migrations').toString();

export function checksumOf(sql: string): string {
  // Line endings differ between checkouts (git autocrlf); the SQL does not.
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n'), 'utf8').digest('hex');
}

export function migrationOf(name: string, sql: string): Migration {
  const match = FILE_NAME.exec(name);
  if (match?.[1] === undefined) {
    throw new StoreError('store.migration_failed', `${name} is not a migration file name.`, {
      hint: 'Name migrations NNN-what-it-does.sql (three digits, lower-case words and dashes).',
    });
  }
  return { version: Number(match[1]), name, sql, checksum: checksumOf(sql) };
}

export async function loadMigrations(dir: URL = MIGRATIONS_DIR): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.sql')).sort();
  const migrations = await Promise.all(
    names.map(async (name) => migrationOf(name, await readFile(new URL(name, dir), 'utf8'))),
  );
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new StoreError(
        'store.migration_failed',
        `Migration ${migration.name} is out of sequence: expected version ${index + 1}.`,
        { hint: 'Migration versions run 001, 002, 003, … without gaps or duplicates.' },
      );
    }
  });
  return migrations;
}

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

export async function migrate(
  db: Database,
  migrations: readonly Migration[] | undefined = undefined,
): Promise<MigrationReport> {
  const known = migrations ?? (await loadMigrations());
  const applied = await db.transaction(async () => {
    await db.query('SELECT pg_advisory_xact_lock($1::bigint)', [LOCK]);
    await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    return (await db.query<AppliedRow>('SELECT version, name, checksum FROM schema_migrations'))
      .rows;
  });
  const byVersion = new Map(applied.map((row) => [Number(row.version), row]));
  for (const migration of known) {
    const row = byVersion.get(migration.version);
    if (row !== undefined) assertUnchanged(migration, row);
  }
  const newest = Math.max(0, ...byVersion.keys());
  const latestKnown = known.at(-1)?.version ?? 0;
  if (newest > latestKnown) {
    logger('store').warn('database schema is newer than this leadloop', {
      databaseVersion: newest,
      knownVersion: latestKnown,
    });
  }

  const appliedNow: Migration[] = [];
  for (const migration of known.filter((m) => !byVersion.has(m.version))) {
    if (await applyOne(db, migration)) appliedNow.push(migration);
  }
  if (appliedNow.length > 0) {
    logger('store').info('migrations applied', {
      location: db.location,
      migrations: appliedNow.map((m) => m.name),
    });
  }
  return { applied: appliedNow, version: Math.max(newest, latestKnown) };
}

/** Applies one migration unless another replica did while we waited; true if we applied it. */
async function applyOne(db: Database, migration: Migration): Promise<boolean> {
  try {
    return await db.transaction(async () => {
      await db.query('SELECT pg_advisory_xact_lock($1::bigint)', [LOCK]);
      const { rows } = await db.query<AppliedRow>(
        'SELECT version, name, checksum FROM schema_migrations WHERE version = $1',
        [migration.version],
      );
      const done = rows[0];
      if (done !== undefined) {
        assertUnchanged(migration, done);
        return false;
      }
      await db.exec(migration.sql);
      await db.query(
        'INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)',
        [migration.version, migration.name, migration.checksum],
      );
      return true;
    });
  } catch (error) {
    if (isStoreError(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreError(
      'store.migration_failed',
      `Migration ${migration.name} failed and was rolled back: ${reason}`,
      {
        hint: 'Nothing from this migration was kept and earlier ones stay applied. Fix the cause above and start leadloop again.',
        details: { migration: migration.name, location: db.location },
        cause: error,
      },
    );
  }
}

function assertUnchanged(migration: Migration, row: AppliedRow): void {
  if (row.checksum === migration.checksum) return;
  throw new StoreError(
    'store.migration_failed',
    `Migration ${migration.name} was edited after it was applied to this database (checksum differs).`,
    {
      hint: `Applied migrations are history: restore src/store/migrations/${migration.name} from git and put the change in a new migration file.`,
      details: { migration: migration.name, appliedAs: row.name },
    },
  );
}
