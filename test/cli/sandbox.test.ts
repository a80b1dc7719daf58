import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from '@hubspot/api-client';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { Connection } from 'jsforce';
import { REPO_ROOT } from '../config/project.ts';
import { startBothSandboxes } from '../../src/sandbox/start.ts';
import { run } from './run.ts';

/**
 * `leadloop sandbox` as an admin runs it: the real bin in its own process, on a free port,
 * seeded; the printed environment lines must point jsforce and the HubSpot SDK at working
 * emulators, and SIGINT must stop it cleanly (exit 0).
 */
const ENV_LINE =
  /^(SALESFORCE_INSTANCE_URL|SALESFORCE_ACCESS_TOKEN|HUBSPOT_BASE_URL|HUBSPOT_ACCESS_TOKEN)=(.+)$/gm;

describe('leadloop sandbox', () => {
  let child: ChildProcessWithoutNullStreams;
  let stdout = '';
  let stderr = '';
  let exited: Promise<number | null>;
  let printed: Record<string, string>;

  beforeAll(async () => {
    // The bin on the Node that runs jest (the project's Node 24), as `npx leadloop` would.
    child = spawn(
      process.execPath,
      ['bin/leadloop.js', 'sandbox', '--port', '0', '--count', '200', '--seed', '7'],
      { cwd: REPO_ROOT },
    );
    exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('Press Ctrl-C to stop.')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    printed = Object.fromEntries([...stdout.matchAll(ENV_LINE)].map((m) => [m[1], m[2]]));
  }, 30_000);

  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await exited;
  });

  it('prints the URLs, tokens and environment lines of both emulators on one port', () => {
    const url = /^leadloop sandboxes listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(stdout)?.[1];
    expect(url).toBeDefined();
    expect(printed).toEqual({
      SALESFORCE_INSTANCE_URL: url,
      SALESFORCE_ACCESS_TOKEN: '00DDn000000LdLp!AQ4AQ.leadloop-sandbox-token',
      HUBSPOT_BASE_URL: url,
      HUBSPOT_ACCESS_TOKEN: 'pat-na1-leadloop-sandbox-0000',
    });
    expect(stdout).toContain(`  Salesforce REST  ${url}/services/data/v62.0/`);
    expect(stdout).toContain(`  HubSpot CRM      ${url}/crm/v3/`);
    expect(stdout).toMatch(/^ {2}hubspot: 200 contacts, \d+ companies, \d+ deals$/m);
    expect(stderr).toBe('');
  });

  it('serves jsforce and the HubSpot SDK the seeded data it reports', async () => {
    const leads = Number(/^ {2}salesforce: (\d+) Lead,/m.exec(stdout)?.[1]);
    expect(leads).toBeGreaterThan(0);
    const conn = new Connection({
      instanceUrl: printed.SALESFORCE_INSTANCE_URL!,
      accessToken: printed.SALESFORCE_ACCESS_TOKEN!,
      version: '62.0',
    });
    expect((await conn.query('SELECT COUNT() FROM Lead')).totalSize).toBe(leads);

    const hubspot = new Client({
      accessToken: printed.HUBSPOT_ACCESS_TOKEN!,
      basePath: printed.HUBSPOT_BASE_URL!,
    });
    const page = await hubspot.crm.contacts.basicApi.getPage(100, undefined, ['email']);
    expect(page.results).toHaveLength(100);
    expect(page.results[0]?.properties.email).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/);
    expect(page.paging?.next?.after).toBeDefined();
  });

  it('stops on SIGINT, closes the port and exits 0', async () => {
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('SIGINT: sandboxes stopped.');
    await expect(fetch(`${printed.HUBSPOT_BASE_URL}/crm/v3/objects/contacts`)).rejects.toThrow(
      'fetch failed',
    );
  });
});

describe('leadloop sandbox options', () => {
  it('refuses a port or count that is not a whole number in range, as a usage error', async () => {
    expect(await run('sandbox', '--port', 'abc')).toEqual({
      code: 2,
      stdout: '',
      stderr:
        "error [cli.usage]: option '--port <n>' argument 'abc' is invalid. --port must be a whole number from 0 to 65535.\n" +
        'hint: run "leadloop --help" to see the commands and their options\n',
    });
    expect((await run('sandbox', '--count', '2000000')).code).toBe(2);
  });

  it('reports a port already in use with a hint, and exits 1', async () => {
    const busy = await startBothSandboxes();
    try {
      expect(await run('sandbox', '--port', String(busy.port))).toEqual({
        code: 1,
        stdout: '',
        stderr:
          `error [sandbox.port_in_use]: Port ${busy.port} is already in use\n` +
          'hint: stop what listens there, or pick another port with --port N (0 picks a free one)\n',
      });
      expect(process.listenerCount('SIGINT')).toBe(0);
    } finally {
      await busy.close();
    }
  });
});
