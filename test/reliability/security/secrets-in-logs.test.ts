import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { SANDBOX_APP_ID } from '../../../connectors/hubspot/sandbox/config.ts';
import {
  SALESFORCE_SANDBOX_CLIENT_ID,
  SALESFORCE_SANDBOX_CLIENT_SECRET,
} from '../../../connectors/salesforce/sandbox/config.ts';
import { hubspotSignatureV3 } from '../../../src/server/webhooks/hubspot-signature.ts';
import type { RunningSandboxes } from '../../../src/sandbox/start.ts';
import { freshSystems, injectFault, openSandboxes } from '../support/world.ts';

/**
 * A real `leadloop serve` (bin/leadloop.js, its own process, everything from its environment,
 * debug logging in JSON) given every secret leadloop takes, driven through a sync, a session
 * renewal, failing vendor calls, signed and forged webhooks and bad admin sign-ins. Its whole
 * output — stdout and every log record — must contain none of the secrets.
 */
const SECRETS = {
  LEADLOOP_ADMIN_TOKEN: 'rel-admin-secret-4a7c1e9b0d3f6a2c8e5b',
  HUBSPOT_CLIENT_SECRET: 'rel-hubspot-client-secret-71d3f0a9c2',
  SALESFORCE_WEBHOOK_SECRET: 'rel-sf-callout-secret-2e8b5c0d7a41',
  LEADLOOP_NOTIFY_URL: 'https://hooks.slack.example/services/T0REL/B0REL/relNotifySecret9f3c',
  SALESFORCE_CLIENT_SECRET: SALESFORCE_SANDBOX_CLIENT_SECRET,
};

let sandboxes: RunningSandboxes;
let dataDir: string;

beforeAll(async () => {
  sandboxes = await openSandboxes();
  await freshSystems(sandboxes);
  dataDir = await mkdtemp(join(tmpdir(), 'leadloop-secrets-'));
}, 60_000);
afterAll(async () => {
  await sandboxes?.close();
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a full run of leadloop serve', () => {
  test('its output holds none of the secrets it was given', async () => {
    const child = spawn(
      process.execPath,
      ['bin/leadloop.js', 'serve', '--port', '0', '--host', '127.0.0.1'],
      {
        env: {
          PATH: process.env.PATH,
          SALESFORCE_LOGIN_URL: sandboxes.salesforce.instanceUrl,
          SALESFORCE_CLIENT_ID: SALESFORCE_SANDBOX_CLIENT_ID,
          HUBSPOT_BASE_URL: sandboxes.hubspot.baseUrl,
          HUBSPOT_ACCESS_TOKEN: sandboxes.hubspot.accessToken,
          HUBSPOT_APP_ID: String(SANDBOX_APP_ID),
          LEADLOOP_DATA_DIR: dataDir,
          LOG_LEVEL: 'debug',
          LOG_FORMAT: 'json',
          ...SECRETS,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', done));
    try {
      let url: string | undefined;
      for (let waited = 0; waited < 300 && url === undefined; waited += 1) {
        url = /leadloop serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
        if (url === undefined) await sleep(100);
      }
      expect(url).toBeDefined();
      const admin = (path: string, method = 'GET', token = SECRETS.LEADLOOP_ADMIN_TOKEN) =>
        fetch(`${url}${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          ...(method === 'POST' ? { body: '{}' } : {}),
        });

      // A session that expires mid-run (renewed with the client secret), a HubSpot call that
      // fails auth, and a sync through them.
      await injectFault(sandboxes, 'salesforce', { kind: 'invalid_session', path: '/query' });
      await injectFault(sandboxes, 'hubspot', { kind: 'invalid_session', path: '/batch/update' });
      for (const attempt of [1, 2]) {
        expect((await admin('/api/sync', 'POST')).status).toBe(202);
        let runs: { status: string }[] = [];
        for (let waited = 0; waited < 300; waited += 1) {
          runs = ((await (await admin('/api/runs?kind=sync')).json()) as { runs: typeof runs })
            .runs;
          if (runs.length >= attempt && runs.every((run) => run.status !== 'started')) break;
          await sleep(100);
        }
        // (the scheduler may add a cycle of its own)
        expect(runs.length).toBeGreaterThanOrEqual(attempt);
      }
      // Signed and forged webhooks, and bad sign-ins.
      const body = JSON.stringify([
        {
          eventId: 81_001,
          portalId: 24681357,
          occurredAt: Date.now(),
          subscriptionType: 'contact.propertyChange',
          objectId: 1,
          propertyName: 'jobtitle',
          propertyValue: 'CTO',
        },
      ]);
      for (const secret of [SECRETS.HUBSPOT_CLIENT_SECRET, 'forged']) {
        const timestamp = String(Date.now());
        const uri = `${url}/webhooks/hubspot`;
        await fetch(uri, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-hubspot-request-timestamp': timestamp,
            'x-hubspot-signature-v3': hubspotSignatureV3(secret, {
              method: 'POST',
              uri,
              body,
              timestamp,
            }),
          },
          body,
        });
      }
      await admin('/api/leads', 'GET', `${SECRETS.LEADLOOP_ADMIN_TOKEN}x`);
      await admin('/api/leads', 'GET', 'guess');
    } finally {
      child.kill('SIGTERM');
      await exited;
    }

    // The run really happened and really logged (the scan below is not of an empty output).
    const records = output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.length).toBeGreaterThan(10);
    expect(records.some((record) => record.level === 'debug')).toBe(true);
    expect(output).toMatch(/refreshing Salesforce session/);
    expect(output).toMatch(/hubspot\.auth|HubSpot answered 401/);

    const leaked = Object.entries({
      ...SECRETS,
      notifyUrlToken: 'relNotifySecret9f3c',
      HUBSPOT_ACCESS_TOKEN: sandboxes.hubspot.accessToken,
    }).filter(([, secret]) => output.includes(secret));
    expect(leaked.map(([name]) => name)).toEqual([]);
    // Nor any bearer credential (the OAuth session token is fresh, so look for the header):
    // the start-up help names the variable, never a value.
    expect(output.match(/Bearer \S+/g)).toEqual(['Bearer $LEADLOOP_ADMIN_TOKEN)']);
  }, 90_000);
});
