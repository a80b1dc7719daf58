import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { RunningSandboxes } from '../../src/sandbox/start.ts';
import { census, type Census } from './support/census.ts';
import { runSyncChild, seededRandom } from './support/child.ts';
import { fastBackend, freshSystems, openSandboxes } from './support/world.ts';

/**
 * kill -9 at 20 random points of a real sync (a child process; the parent sends SIGKILL when the
 * sandboxes have served a chosen number of its API requests), each followed by a rerun: every
 * time, both systems end exactly as after an uninterrupted sync. The kill points come from a
 * seeded PRNG: a failure names its seed and threshold and reproduces.
 */
const CRASHES = 20;
const SEED = 20_261_124;

let sandboxes: RunningSandboxes;
let reference: Census;
let cleanRequests: number;

/** A fresh store place for a child: a PostgreSQL schema, or a PGlite data folder. */
async function place(): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  if (fastBackend.name === 'postgres') {
    const created = await fastBackend.createPlace();
    return { env: { DATABASE_URL: created.env.DATABASE_URL ?? '' }, drop: () => created.drop() };
  }
  const dir = await mkdtemp(join(tmpdir(), 'leadloop-crash-'));
  return {
    env: { LEADLOOP_DATA_DIR: dir },
    drop: () => rm(dir, { recursive: true, force: true }),
  };
}

beforeAll(async () => {
  sandboxes = await openSandboxes();
  await freshSystems(sandboxes);
  const where = await place();
  try {
    const clean = await runSyncChild(sandboxes, where.env);
    // On failure, the child's own log says why.
    expect({ code: clean.code, stderr: clean.code === 0 ? '' : clean.stderr }).toEqual({
      code: 0,
      stderr: '',
    });
    expect(JSON.parse(clean.stdout)).toMatchObject({ status: 'succeeded' });
    cleanRequests = clean.requests;
    reference = await census(sandboxes);
  } finally {
    await where.drop();
  }
}, 60_000);
afterAll(async () => sandboxes?.close());

/** The kill points, drawn once from the seeded PRNG (anywhere from the first request to the last one of a clean run). */
let killPoints: number[];

describe(`${CRASHES} syncs killed with SIGKILL at random points, each followed by a rerun`, () => {
  beforeAll(() => {
    expect(cleanRequests).toBeGreaterThan(10);
    const random = seededRandom(SEED);
    killPoints = Array.from(
      { length: CRASHES },
      () => 1 + Math.floor(random() * (cleanRequests - 1)),
    );
  });

  // One test per crash: each is a fresh pair of systems and store, and a slow machine's time
  // limit applies to one kill and its rerun, not to all twenty.
  test.each(Array.from({ length: CRASHES }, (_, n) => n + 1))(
    'crash %i: the rerun ends with exactly the records and values of an uninterrupted sync',
    async (crash) => {
      const killAt = killPoints[crash - 1]!;
      await freshSystems(sandboxes);
      const where = await place();
      try {
        const killed = await runSyncChild(sandboxes, where.env, killAt);
        const rerun = await runSyncChild(sandboxes, where.env);
        const after = await census(sandboxes);
        const status = (JSON.parse(rerun.stdout || '{}') as { status?: string }).status;
        const outcome = [
          `crash ${crash} (seed ${SEED}, kill at request ${killAt}):`,
          killed.killed && killed.code === null ? 'killed' : `not killed (exit ${killed.code})`,
          `rerun exit ${rerun.code} ${status}`,
          /"level":"error"/.test(rerun.stderr) ? 'errors logged' : 'no error logged',
          JSON.stringify(after) === JSON.stringify(reference) ? 'census equal' : 'census differs',
        ].join(' ');
        if (JSON.stringify(after) !== JSON.stringify(reference)) {
          // The line and the rerun's log say which kill point and why.
          process.stderr.write(`${outcome}\n${rerun.stderr.slice(-4_000)}\n`);
          expect(after).toEqual(reference);
        }
        expect(outcome).toBe(
          outcome.replace(/:.*$/, ': killed rerun exit 0 succeeded no error logged census equal'),
        );
      } finally {
        await where.drop();
      }
    },
    90_000,
  );
});
