import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { openDatabase, openStore, StoreError } from '../../src/store/index.ts';
import { backends } from '../support/database.ts';

/** Everything an admin sees of an error: message, hint and details. */
const shown = (error: unknown) => JSON.stringify((error as StoreError).toJSON());

async function failure(promise: Promise<unknown>): Promise<StoreError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(StoreError);
    return error as StoreError;
  }
  throw new Error('expected the store to refuse');
}

describe('a bad DATABASE_URL is a clear error that never shows the password', () => {
  const password = 'hunter2-Secret';

  test('nothing listening at host:port', async () => {
    const error = await failure(
      openDatabase({
        env: {
          DATABASE_URL: `postgres://leadloop:${password}@127.0.0.1:1/leadloop`,
          LEADLOOP_DATA_DIR: 'memory://',
        },
      }),
    );
    expect(error.code).toBe('store.unavailable');
    expect(error.message).toBe(
      'Cannot use PostgreSQL at 127.0.0.1:1 (database "leadloop", user "leadloop"): connect ECONNREFUSED 127.0.0.1:1',
    );
    expect(error.hint).toBe(
      'Is PostgreSQL running at 127.0.0.1:1? Check DATABASE_URL (postgres://user:password@host:5432/database).',
    );
    expect(error.details).toEqual({
      host: '127.0.0.1',
      port: 1,
      database: 'leadloop',
      user: 'leadloop',
    });
    expect(shown(error)).not.toContain(password);
  });

  test('not a URL at all', async () => {
    const error = await failure(
      openDatabase({
        env: {
          DATABASE_URL: `host=127.0.0.1 user=leadloop password=${password}`,
          LEADLOOP_DATA_DIR: 'memory://',
        },
      }),
    );
    expect(error.code).toBe('store.unavailable');
    expect(error.message).toBe('DATABASE_URL is not a URL.');
    expect(error.hint).toContain('postgres://user:password@host:5432/database');
    expect(shown(error)).not.toContain(password);
  });

  test('another database’s URL', async () => {
    const error = await failure(
      openDatabase({
        env: {
          DATABASE_URL: `mysql://leadloop:${password}@127.0.0.1:3306/leadloop`,
          LEADLOOP_DATA_DIR: 'memory://',
        },
      }),
    );
    expect(error.message).toBe('DATABASE_URL must start with postgres://, not mysql://.');
    expect(shown(error)).not.toContain(password);
  });

  const postgres = backends.find((backend) => backend.name === 'postgres');
  if (postgres !== undefined) {
    test('a wrong password, and a database that does not exist (real PostgreSQL)', async () => {
      const place = await postgres.createPlace();
      const url = new URL(place.env.DATABASE_URL ?? '');
      try {
        url.password = password;
        const refused = await failure(
          openDatabase({ env: { DATABASE_URL: url.toString(), LEADLOOP_DATA_DIR: 'memory://' } }),
        );
        expect(refused.code).toBe('store.unavailable');
        expect(refused.message).toContain(`user "${decodeURIComponent(url.username)}"`);
        expect(refused.message).toContain('password authentication failed');
        expect(refused.hint).toBe(
          `PostgreSQL refused user "${decodeURIComponent(url.username)}": check the user and password in DATABASE_URL (and pg_hba.conf on the server).`,
        );
        expect(shown(refused)).not.toContain(password);

        const good = new URL(place.env.DATABASE_URL ?? '');
        good.pathname = '/leadloop_no_such_database';
        const missing = await failure(
          openDatabase({ env: { DATABASE_URL: good.toString(), LEADLOOP_DATA_DIR: 'memory://' } }),
        );
        expect(missing.hint).toBe(
          `Database "leadloop_no_such_database" does not exist at ${good.hostname}:${good.port || 5432}: create it (createdb leadloop_no_such_database) or fix its name in DATABASE_URL.`,
        );
      } finally {
        await place.drop();
      }
    });

    test('DATABASE_URL set means PostgreSQL, its location shown without the password', async () => {
      const place = await postgres.createPlace();
      const db = await openDatabase({ env: place.env });
      try {
        const url = new URL(place.env.DATABASE_URL ?? '');
        expect(db.kind).toBe('postgres');
        expect(db.location).toBe(
          `postgres://${url.username}@${url.hostname}:${url.port || 5432}${url.pathname}`,
        );
      } finally {
        await db.close();
        await place.drop();
      }
    });
  }
});

describe('embedded PGlite in LEADLOOP_DATA_DIR', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'leadloop-data-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test('creates the folder, keeps data across restarts, and serves one process at a time', async () => {
    const dataDir = join(root, 'nested', 'data');
    const env = { DATABASE_URL: '', LEADLOOP_DATA_DIR: dataDir };
    const first = await openStore({ env });
    expect(first.db.kind).toBe('pglite');
    expect(first.db.location).toBe(dataDir);
    expect(existsSync(join(dataDir, 'pglite', 'PG_VERSION'))).toBe(true);
    expect((await readFile(join(dataDir, 'leadloop.pid'), 'utf8')).trim()).toBe(
      String(process.pid),
    );
    await first.cursors.save('hubspot', 'contacts', { after: '2026-03-09T14:00:00.000Z' });

    const busy = await failure(openDatabase({ env }));
    expect(busy.code).toBe('store.unavailable');
    expect(busy.message).toBe(
      `The embedded database in ${dataDir} is already open by process ${process.pid}.`,
    );
    expect(busy.hint).toContain('set DATABASE_URL to share PostgreSQL between replicas');
    await first.close();
    expect(existsSync(join(dataDir, 'leadloop.pid'))).toBe(false);

    // A pid file left by a crashed process (its pid is gone) does not block the restart.
    await writeFile(join(dataDir, 'leadloop.pid'), '2147483646\n');
    const second = await openStore({ env });
    try {
      expect(second.migrations.applied).toEqual([]);
      expect((await second.cursors.get('hubspot', 'contacts'))?.value).toEqual({
        after: '2026-03-09T14:00:00.000Z',
      });
    } finally {
      await second.close();
    }
  });
});
