import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { openDatabase, type Database } from '../../src/store/index.ts';
import {
  loadMigrations,
  migrate,
  migrationOf,
  type Migration,
} from '../../src/store/migrations.ts';
import { backends, type TestPlace } from '../support/database.ts';

const TABLES = [
  'audit_log',
  'cursors',
  'dead_letters',
  'field_state',
  'identity_conflicts',
  'jobs',
  'leads',
  'links',
  'opportunities',
  'opportunity_leads',
  'runs',
  'schema_migrations',
  'sla_clocks',
  'stage_history',
  'vendor_users',
  'webhook_events',
];
const SHIPPED = [
  '001-leads.sql',
  '002-sync-bookkeeping.sql',
  '003-work-queue.sql',
  '004-closed-loop.sql',
  '005-report-indexes.sql',
  '006-alert-retry.sql',
];
const LATEST = SHIPPED.length;
const VERSIONS = SHIPPED.map((_, index) => index + 1);
const NEXT = `${String(LATEST + 1).padStart(3, '0')}-add-notes.sql`;

describe('migration files', () => {
  test('are numbered without gaps and load with checksums', async () => {
    const migrations = await loadMigrations();
    expect(migrations.map((m) => [m.version, m.name])).toEqual(
      SHIPPED.map((name, index) => [index + 1, name]),
    );
    for (const migration of migrations) expect(migration.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  test('a gap in the numbering is refused', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'leadloop-migrations-'));
    await writeFile(join(dir, '001-first.sql'), 'SELECT 1;');
    await writeFile(join(dir, '003-third.sql'), 'SELECT 3;');
    await expect(loadMigrations(pathToFileURL(`${dir}/`))).rejects.toMatchObject({
      code: 'store.migration_failed',
      message: 'Migration 003-third.sql is out of sequence: expected version 2.',
    });
  });

  test('a file not named NNN-name.sql is refused', () => {
    expect(() => migrationOf('4-add-things.sql', 'SELECT 1')).toThrow(
      '4-add-things.sql is not a migration file name.',
    );
  });
});

describe.each(backends)('migrations on $name', (backend) => {
  let place: TestPlace;
  let db: Database;
  let files: Migration[];

  const appliedVersions = async (on: Database) =>
    (
      await on.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')
    ).rows.map((row) => row.version);

  beforeAll(async () => {
    files = await loadMigrations();
    place = await backend.createPlace();
    db = await openDatabase({ env: place.env });
  });
  afterAll(async () => {
    await db.close();
    await place.drop();
  });

  test('apply once on an empty database, then are a no-op', async () => {
    const first = await migrate(db);
    expect(first.applied.map((m) => m.name)).toEqual(SHIPPED);
    expect(first.version).toBe(LATEST);
    const { rows } = await db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
       WHERE table_schema = current_schema() ORDER BY table_name`,
    );
    expect(rows.map((row) => row.table_name)).toEqual(TABLES);

    const second = await migrate(db);
    expect(second.applied).toEqual([]);
    expect(second.version).toBe(LATEST);
    expect(await appliedVersions(db)).toEqual(VERSIONS);
  });

  test('an applied migration that was edited is a clear error', async () => {
    const [first, ...rest] = files;
    if (first === undefined) throw new Error('no migrations');
    const edited = migrationOf(
      first.name,
      `${first.sql}\nCREATE INDEX leads_extra ON leads (stage);\n`,
    );
    await expect(migrate(db, [edited, ...rest])).rejects.toMatchObject({
      code: 'store.migration_failed',
      message:
        'Migration 001-leads.sql was edited after it was applied to this database (checksum differs).',
      hint: 'Applied migrations are history: restore src/store/migrations/001-leads.sql from git and put the change in a new migration file.',
    });
  });

  test('line endings alone do not count as an edit', async () => {
    const crlf = files.map((m) => migrationOf(m.name, m.sql.replace(/\n/g, '\r\n')));
    expect((await migrate(db, crlf)).applied).toEqual([]);
  });

  test('a failing migration is rolled back whole and reported; the fixed one applies', async () => {
    const broken = migrationOf(
      NEXT,
      'CREATE TABLE notes (id integer PRIMARY KEY);\nINSERT INTO notes VALUES (1 / 0);\n',
    );
    await expect(migrate(db, [...files, broken])).rejects.toMatchObject({
      code: 'store.migration_failed',
      message: `Migration ${NEXT} failed and was rolled back: division by zero`,
    });
    const { rows } = await db.query("SELECT to_regclass('notes') IS NULL AS missing");
    expect(rows).toEqual([{ missing: true }]);
    expect(await appliedVersions(db)).toEqual(VERSIONS);

    const fixed = migrationOf(NEXT, 'CREATE TABLE notes (id integer PRIMARY KEY);\n');
    expect((await migrate(db, [...files, fixed])).applied.map((m) => m.name)).toEqual([NEXT]);
    expect(await appliedVersions(db)).toEqual([...VERSIONS, LATEST + 1]);
  });

  test('two replicas starting at once apply each migration exactly once', async () => {
    const fresh = await backend.createPlace();
    // PostgreSQL: two connection pools, as two replicas would have. PGlite serves one process,
    // so its "replicas" are two start-ups racing on one database.
    const a = await openDatabase({ env: fresh.env });
    const b = backend.name === 'postgres' ? await openDatabase({ env: fresh.env }) : a;
    try {
      const [fromA, fromB] = await Promise.all([migrate(a), migrate(b)]);
      const applied = [...fromA.applied, ...fromB.applied].map((m) => m.version).sort();
      expect(applied).toEqual(VERSIONS);
      expect(await appliedVersions(a)).toEqual(VERSIONS);
    } finally {
      await a.close();
      if (b !== a) await b.close();
      await fresh.drop();
    }
  });
});
