import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { openDatabase, type Database } from '../../src/store/index.ts';
import { backends, testClock, useStore } from '../support/database.ts';

describe.each(backends)('Database on $name', (backend) => {
  const store = useStore(backend, testClock());
  const db = (): Database => store().db;
  const notes = async () =>
    (await db().query<{ body: string }>('SELECT body FROM notes ORDER BY id')).rows.map(
      (r) => r.body,
    );

  beforeAll(async () => {
    await db().exec('CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL UNIQUE)');
  });

  test('parameterised queries return rows and counts', async () => {
    const inserted = await db().query('INSERT INTO notes (body) VALUES ($1), ($2)', [
      'a',
      "o'brien",
    ]);
    expect(inserted.rowCount).toBe(2);
    const { rows, rowCount } = await db().query<{ body: string }>(
      'SELECT body FROM notes WHERE body = ANY($1::text[]) ORDER BY body',
      [['a', "o'brien", 'missing']],
    );
    expect(rows).toEqual([{ body: 'a' }, { body: "o'brien" }]);
    expect(rowCount).toBe(2);
    await db().query('DELETE FROM notes');
  });

  test('a transaction commits when its function resolves', async () => {
    const result = await db().transaction(async (tx) => {
      await tx.query('INSERT INTO notes (body) VALUES ($1)', ['committed']);
      return 'done';
    });
    expect(result).toBe('done');
    expect(await notes()).toEqual(['committed']);
    await db().query('DELETE FROM notes');
  });

  test('a throw rolls the whole transaction back and propagates', async () => {
    await expect(
      db().transaction(async () => {
        await db().query('INSERT INTO notes (body) VALUES ($1)', ['lost']);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await notes()).toEqual([]);
  });

  test('a nested transaction joins the outer one: the outer throw undoes both', async () => {
    await expect(
      db().transaction(async () => {
        await db().query('INSERT INTO notes (body) VALUES ($1)', ['outer']);
        await db().transaction(async () => {
          await db().query('INSERT INTO notes (body) VALUES ($1)', ['inner']);
        });
        expect(await notes()).toEqual(['outer', 'inner']);
        throw new Error('outer fails after inner finished');
      }),
    ).rejects.toThrow('outer fails');
    expect(await notes()).toEqual([]);
  });

  test('a failing nested transaction undoes only its own work when the outer catches it', async () => {
    await db().transaction(async () => {
      await db().query('INSERT INTO notes (body) VALUES ($1)', ['kept']);
      await expect(
        db().transaction(async () => {
          await db().query('INSERT INTO notes (body) VALUES ($1)', ['undone']);
          // A SQL error too: the savepoint keeps the outer transaction usable.
          await db().query('INSERT INTO notes (body) VALUES ($1)', ['kept']);
        }),
      ).rejects.toMatchObject({ code: '23505' });
      await db().query('INSERT INTO notes (body) VALUES ($1)', ['after']);
    });
    expect(await notes()).toEqual(['kept', 'after']);
    await db().query('DELETE FROM notes');
  });

  test('work outside a transaction waits for it and never joins it', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let insideStarted: () => void = () => undefined;
    const started = new Promise<void>((resolve) => {
      insideStarted = resolve;
    });
    const inside = db()
      .transaction(async () => {
        await db().query('INSERT INTO notes (body) VALUES ($1)', ['in-tx']);
        insideStarted();
        await gate;
        throw new Error('roll back');
      })
      .catch((error: Error) => error.message);
    await started;
    const outside = db().query('INSERT INTO notes (body) VALUES ($1)', ['outside']);
    release();
    expect(await inside).toBe('roll back');
    await outside;
    expect(await notes()).toEqual(['outside']);
    await db().query('DELETE FROM notes');
  });

  test('tryAdvisoryLock is exclusive until released', async () => {
    const name = `test.lock.${randomUUID()}`;
    const first = await db().tryAdvisoryLock(name);
    expect(first).toBeDefined();
    expect(await first?.isHeld()).toBe(true);
    expect(await db().tryAdvisoryLock(name)).toBeUndefined();
    await first?.release();
    expect(await first?.isHeld()).toBe(false);
    const again = await db().tryAdvisoryLock(name);
    expect(again).toBeDefined();
    await again?.release();
  });

  test('withAdvisoryLock runs callers one at a time, in arrival order', async () => {
    const name = `test.lock.${randomUUID()}`;
    const events: string[] = [];
    const worker = (id: string) =>
      db().withAdvisoryLock(name, async () => {
        events.push(`enter ${id}`);
        await db().query('SELECT pg_sleep(0.02)');
        events.push(`exit ${id}`);
        return id;
      });
    expect(await Promise.all([worker('a'), worker('b'), worker('c')])).toEqual(['a', 'b', 'c']);
    expect(events).toHaveLength(6);
    for (let i = 0; i < events.length; i += 2) {
      // Every enter is immediately followed by the same worker's exit: no overlap.
      expect(events[i + 1]).toBe(events[i]?.replace('enter', 'exit'));
    }
    expect(
      await db()
        .tryAdvisoryLock(name)
        .then((lock) => lock?.release().then(() => true)),
    ).toBe(true);
  });

  test('advisory locks taken inside a transaction do not wait for it', async () => {
    const name = `test.lock.${randomUUID()}`;
    const seen = await db().transaction(async () => {
      const lock = await db().tryAdvisoryLock(name);
      expect(lock).toBeDefined();
      await lock?.release();
      return db().withAdvisoryLock(name, async () => (await db().query('SELECT 1 AS one')).rows);
    });
    expect(seen).toEqual([{ one: 1 }]);
  });

  test('withAdvisoryLock releases the lock when its function throws', async () => {
    const name = `test.lock.${randomUUID()}`;
    await expect(
      db().withAdvisoryLock(name, async () => {
        throw new Error('inside');
      }),
    ).rejects.toThrow('inside');
    const lock = await db().tryAdvisoryLock(name);
    expect(lock).toBeDefined();
    await lock?.release();
  });

  test('a caught SQL error inside a transaction makes the commit fail, not pass silently', async () => {
    await expect(
      db().transaction(async () => {
        await db().query('INSERT INTO notes (body) VALUES ($1)', ['x']);
        await db()
          .query('SELECT 1 / 0')
          .catch(() => undefined);
      }),
    ).rejects.toThrow(/rolled back|aborted/i);
    expect(await notes()).toEqual([]);
  });

  if (backend.name === 'postgres') {
    test('an advisory lock excludes another replica (a second connection pool)', async () => {
      const replica = await openDatabase({ env: store.env() });
      try {
        const name = `test.lock.${randomUUID()}`;
        const held = await db().tryAdvisoryLock(name);
        expect(held).toBeDefined();
        expect(await replica.tryAdvisoryLock(name)).toBeUndefined();
        await held?.release();
        const taken = await replica.tryAdvisoryLock(name);
        expect(taken).toBeDefined();
        expect(await db().tryAdvisoryLock(name)).toBeUndefined();
        await taken?.release();
      } finally {
        await replica.close();
      }
    });

    test('an install in another schema of the same database has locks of its own', async () => {
      // PostgreSQL advisory locks are database-wide: without a per-schema key, a sync here
      // would be "busy" because another install's sync runs (CI's parallel test files did).
      const place = await backend.createPlace();
      const neighbour = await openDatabase({ env: place.env });
      try {
        const held = await db().tryAdvisoryLock('leadloop.sync');
        expect(held).toBeDefined();
        const theirs = await neighbour.tryAdvisoryLock('leadloop.sync');
        expect(theirs).toBeDefined();
        await theirs?.release();
        await held?.release();
      } finally {
        await neighbour.close();
        await place.drop();
      }
    });
  }
});
