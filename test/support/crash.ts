import { spawn } from 'node:child_process';
import { SANDBOX_APP_ID } from '../../connectors/hubspot/sandbox/config.ts';
import type { RunningSandboxes } from '../../src/sandbox/start.ts';

/**
 * Runs `test/support/sync-child.ts` against the sandboxes and a data folder. With `killWhen`,
 * the parent watches the sandboxes' request accounting and sends SIGKILL the moment it holds —
 * a crash at a chosen point of a real sync, with no cooperation from the child.
 */
export async function runSyncChild(
  sandboxes: RunningSandboxes,
  dataDir: string,
  killWhen?: (writes: { salesforce: number; hubspot: number }) => boolean,
): Promise<{ killed: boolean; code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['test/support/sync-child.ts'], {
    env: {
      PATH: process.env.PATH,
      SALESFORCE_INSTANCE_URL: sandboxes.salesforce.instanceUrl,
      SALESFORCE_ACCESS_TOKEN: sandboxes.salesforce.accessToken,
      HUBSPOT_BASE_URL: sandboxes.hubspot.baseUrl,
      HUBSPOT_ACCESS_TOKEN: sandboxes.hubspot.accessToken,
      HUBSPOT_APP_ID: String(SANDBOX_APP_ID),
      LEADLOOP_DATA_DIR: dataDir,
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
    killWhen === undefined
      ? undefined
      : setInterval(() => {
          const snapshot = sandboxes.server.accounting.snapshot();
          const writes = { salesforce: snapshot.salesforce.write, hubspot: snapshot.hubspot.write };
          if (!killed && killWhen(writes)) {
            killed = child.kill('SIGKILL');
          }
        }, 1);
  const code = await new Promise<number | null>((resolve) =>
    child.on('exit', (exitCode) => resolve(exitCode)),
  );
  if (watch !== undefined) clearInterval(watch);
  return { killed, code, stdout, stderr };
}
