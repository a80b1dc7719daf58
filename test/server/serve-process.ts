import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { parseDocument } from 'yaml';
import { SANDBOX_APP_ID } from '../../connectors/hubspot/sandbox/config.ts';
import type { RunningSandboxes } from '../../src/sandbox/start.ts';
import type { SyncWorld } from '../support/sync-world.ts';

/**
 * A real `leadloop serve` in its own process (bin/leadloop.js, as admins run it), configured
 * only through its environment and `--config`, against the sandboxes of the test process.
 * Its JSON log records are kept, so a test can tell which process claimed which job.
 */
export const ADMIN_TOKEN = 'serve-process-test-admin-token-7c41';

export interface ServeProcess {
  readonly pid: number;
  /** `http://127.0.0.1:<port>`, from the "leadloop serving on" line. */
  readonly url: string;
  stdout(): string;
  /** The JSON log records written so far (stderr, one per line). */
  logs(): Record<string, unknown>[];
  /** Resolves with the exit code once the process is gone. */
  readonly exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

/** The shipped config with other schedules, written next to the test's other files. */
export function writeConfig(
  dir: string,
  schedules: { sync: string; sla: string; reportSnapshot: string },
): string {
  const document = parseDocument(readFileSync('config/leadloop.yaml', 'utf8'));
  for (const [name, cron] of Object.entries(schedules)) document.setIn(['schedules', name], cron);
  // The mappings and scoring files stay the shipped ones.
  document.setIn(['paths', 'base'], resolve('.'));
  const path = join(dir, 'leadloop.yaml');
  writeFileSync(path, document.toString());
  return path;
}

export async function startServe(options: {
  sandboxes: RunningSandboxes;
  configPath: string;
  /** `DATABASE_URL` (PostgreSQL) or `LEADLOOP_DATA_DIR` (embedded PGlite). */
  store: { DATABASE_URL: string } | { LEADLOOP_DATA_DIR: string };
}): Promise<ServeProcess> {
  const { sandboxes } = options;
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn(
    process.execPath,
    [
      'bin/leadloop.js',
      'serve',
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--config',
      options.configPath,
    ],
    {
      env: {
        PATH: process.env.PATH,
        SALESFORCE_INSTANCE_URL: sandboxes.salesforce.instanceUrl,
        SALESFORCE_ACCESS_TOKEN: sandboxes.salesforce.accessToken,
        HUBSPOT_BASE_URL: sandboxes.hubspot.baseUrl,
        HUBSPOT_ACCESS_TOKEN: sandboxes.hubspot.accessToken,
        HUBSPOT_APP_ID: String(SANDBOX_APP_ID),
        LEADLOOP_ADMIN_TOKEN: ADMIN_TOKEN,
        LOG_LEVEL: 'info',
        LOG_FORMAT: 'json',
        ...options.store,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const url = await new Promise<string>((done, fail) => {
    const look = () => {
      const found = /leadloop serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
      if (found !== undefined) {
        child.stdout.off('data', look);
        done(found);
      }
    };
    child.stdout.on('data', look);
    void exited.then((code) =>
      fail(new Error(`serve exited (${String(code)}) before serving:\n${stdout}\n${stderr}`)),
    );
  });
  return {
    pid: child.pid ?? -1,
    url,
    stdout: () => stdout,
    logs: () =>
      stderr
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    exited,
    kill: (signal) => {
      child.kill(signal);
    },
  };
}

/** An admin API call with the bearer token. */
export async function adminApi(
  serve: ServeProcess,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${serve.url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${ADMIN_TOKEN}`,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: response.status, body: await response.json() };
}

/** Who is in both systems, as the census of an uninterrupted sync is compared. */
export interface Census {
  salesforceLeads: number;
  salesforceContacts: number;
  hubspotContacts: number;
  leadloopIds: number;
  distinctLeadloopIds: number;
  duplicateEmails: number;
}

export interface SalesforcePerson {
  Id: string;
  Email: string | null;
  LeadLoop_Id__c: string | null;
}

export async function salesforcePeople(
  world: SyncWorld,
): Promise<{ leads: SalesforcePerson[]; contacts: SalesforcePerson[] }> {
  const leads = await world.salesforce
    .query<SalesforcePerson>('SELECT Id, Email, LeadLoop_Id__c FROM Lead WHERE IsConverted = false')
    .run({ autoFetch: true, maxFetch: 100_000 });
  const contacts = await world.salesforce
    .query<SalesforcePerson>('SELECT Id, Email, LeadLoop_Id__c FROM Contact')
    .run({ autoFetch: true, maxFetch: 100_000 });
  return { leads: leads.records, contacts: contacts.records };
}

export async function census(world: SyncWorld): Promise<Census> {
  const { leads, contacts } = await salesforcePeople(world);
  const people = [...leads, ...contacts];
  const ids = people.map((person) => person.LeadLoop_Id__c).filter((id) => id !== null);
  const emails = people
    .map((person) => person.Email?.toLowerCase())
    .filter((email): email is string => email != null);
  let hubspotContacts = 0;
  let after: string | undefined;
  do {
    const page = await world.hubspot.crm.contacts.basicApi.getPage(100, after);
    hubspotContacts += page.results.length;
    after = page.paging?.next?.after;
  } while (after !== undefined);
  return {
    salesforceLeads: leads.length,
    salesforceContacts: contacts.length,
    hubspotContacts,
    leadloopIds: ids.length,
    distinctLeadloopIds: new Set(ids).size,
    duplicateEmails: emails.length - new Set(emails).size,
  };
}
