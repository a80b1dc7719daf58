// The store suite runs once per backend: embedded PGlite (in memory) always, and real
// PostgreSQL when LEADLOOP_TEST_DATABASE_URL is set. In CI the PostgreSQL run is mandatory:
// a missing variable fails every store test file instead of silently testing half.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll } from '@jest/globals';
import pg from 'pg';
import winston from 'winston';
import type { Clock } from '../../src/lead/clock.ts';
import { setLogTransport } from '../../src/log/logger.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import type { StoreEnv } from '../../src/store/open-database.ts';

export type BackendName = 'pglite' | 'postgres';

export interface TestPlace {
  readonly env: StoreEnv;
  /** Removes the PostgreSQL schema (PGlite memory goes away with its store). */
  drop(): Promise<void>;
}

export interface TestBackend {
  readonly name: BackendName;
  /** A fresh, empty place for a store: PGlite in memory, or a new PostgreSQL schema. */
  createPlace(): Promise<TestPlace>;
}

const postgresUrl = process.env.LEADLOOP_TEST_DATABASE_URL;
if (process.env.CI !== undefined && process.env.CI !== '' && (postgresUrl ?? '') === '') {
  throw new Error(
    'CI is set but LEADLOOP_TEST_DATABASE_URL is not: the store suite must also run against PostgreSQL in CI (see .ci/run).',
  );
}

const pglite: TestBackend = {
  name: 'pglite',
  createPlace: async () => ({
    env: { DATABASE_URL: undefined, LEADLOOP_DATA_DIR: 'memory://' },
    drop: async () => undefined,
  }),
};

/** Each place is its own schema, so test files running in parallel never see each other. */
function postgres(url: string): TestBackend {
  return {
    name: 'postgres',
    createPlace: async () => {
      const schema = `leadloop_test_${process.pid}_${randomBytes(4).toString('hex')}`;
      await adminQuery(url, `CREATE SCHEMA ${schema}`);
      const scoped = new URL(url);
      scoped.searchParams.set('options', `-c search_path=${schema}`);
      return {
        env: { DATABASE_URL: scoped.toString(), LEADLOOP_DATA_DIR: 'memory://' },
        drop: () => adminQuery(url, `DROP SCHEMA ${schema} CASCADE`),
      };
    },
  };
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Log records of this test file (kept off the console; assert on them where they matter). */
export const logRecords: Record<string, unknown>[] = [];
setLogTransport(
  new winston.transports.Stream({
    // An object-mode stream receives each record as an object, not as formatted text.
    stream: new Writable({
      objectMode: true,
      write(record: Record<string, unknown>, _encoding, done) {
        logRecords.push({ ...record });
        done();
      },
    }),
  }),
);

export const backends: readonly TestBackend[] =
  postgresUrl === undefined || postgresUrl === '' ? [pglite] : [pglite, postgres(postgresUrl)];

/** A clock the test moves by hand. */
export interface TestClock {
  readonly clock: Clock;
  set(iso: string): void;
  advance(ms: number): void;
  now(): string;
}

export function testClock(startIso = '2026-03-09T14:00:00.000Z'): TestClock {
  let now = new Date(startIso).getTime();
  return {
    clock: () => new Date(now),
    set: (iso) => {
      now = new Date(iso).getTime();
    },
    advance: (ms) => {
      now += ms;
    },
    now: () => new Date(now).toISOString(),
  };
}

/**
 * Opens one migrated store for the enclosing describe block (PGlite takes ~2 s to start: once
 * per file, not per test) and closes it afterwards. Call inside `describe.each(backends)`.
 */
export function useStore(
  backend: TestBackend,
  clock: TestClock,
): (() => Store) & { env: () => StoreEnv } {
  let store: Store | undefined;
  let place: TestPlace | undefined;
  beforeAll(async () => {
    place = await backend.createPlace();
    store = await openStore({ env: place.env, clock: clock.clock });
  });
  afterAll(async () => {
    await store?.close();
    await place?.drop();
  });
  const get = () => {
    if (store === undefined) throw new Error('store not open yet (use it inside a test)');
    return store;
  };
  /** Where the store lives, to open a second connection to it (another "replica"). */
  const env = () => {
    if (place === undefined) throw new Error('store not open yet (use it inside a test)');
    return place.env;
  };
  return Object.assign(get, { env });
}
