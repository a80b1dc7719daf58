import { spawn } from 'node:child_process';
import type { RunningSandboxes } from '../../../src/sandbox/start.ts';
import { sandboxEnv } from './world.ts';

/**
 * `test/support/sync-child.ts` (a real sync, everything from the environment) in its own
 * process. With `killAt`, the parent watches the sandboxes' request accounting and sends
 * SIGKILL the moment the child has made that many API requests (reads and writes) — a crash
 * at a chosen point of the sync, with no cooperation from the child.
 */
export interface ChildOutcome {
  readonly killed: boolean;
  readonly code: number | null;
  readonly requests: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runSyncChild(
  sandboxes: RunningSandboxes,
  store: Readonly<Record<string, string>>,
  killAt?: number,
): Promise<ChildOutcome> {
  const requests = () => {
    const snapshot = sandboxes.server.accounting.snapshot();
    return (
      snapshot.salesforce.read +
      snapshot.salesforce.write +
      snapshot.hubspot.read +
      snapshot.hubspot.write
    );
  };
  sandboxes.server.accounting.reset();
  const child = spawn(process.execPath, ['test/support/sync-child.ts'], {
    env: {
      PATH: process.env.PATH,
      ...sandboxEnv(sandboxes),
      ...store,
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let killed = false;
  const watch =
    killAt === undefined
      ? undefined
      : setInterval(() => {
          if (!killed && requests() >= killAt) killed = child.kill('SIGKILL');
        }, 1);
  const code = await new Promise<number | null>((resolve) =>
    child.on('exit', (exitCode) => resolve(exitCode)),
  );
  clearInterval(watch);
  return { killed, code, requests: requests(), stdout, stderr };
}

/** A small seeded PRNG (mulberry32): the same seed gives the same kill points. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
