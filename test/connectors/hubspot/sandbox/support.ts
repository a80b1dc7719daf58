import { Client } from '@hubspot/api-client';
import { startSandboxServer, type RunningSandboxServer } from '../../../../src/sandbox/server.ts';
import {
  HUBSPOT_SANDBOX_TOKEN,
  hubspotSandbox,
  hubspotSandboxWith,
  type HubspotSandbox,
  type HubspotSandboxOptions,
} from '../../../../connectors/hubspot/sandbox/index.ts';

/**
 * One sandbox server per test file, driven through the real @hubspot/api-client. The SDK's
 * retry settings are process-wide (a singleton), so each file picks them once.
 */
/** A vendor JSON body under test: asserted with expect(), so it stays loosely typed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are checked by assertions, not types
export type JsonBody = any;

export interface HubspotHarness {
  readonly server: RunningSandboxServer;
  readonly client: Client;
  readonly sandbox: HubspotSandbox;
  /** POST (or other) JSON to the sandbox admin API; returns status and parsed body. */
  admin(path: string, body?: unknown, method?: string): Promise<{ status: number; body: JsonBody }>;
  /** Raw HubSpot API call with the sandbox token, for headers and bodies the SDK hides. */
  raw(
    method: string,
    path: string,
    body?: unknown,
    token?: string,
  ): Promise<{ status: number; headers: Headers; body: JsonBody }>;
}

export async function startHubspot(
  options: { retries?: number; sandbox?: HubspotSandboxOptions } = {},
): Promise<HubspotHarness> {
  const server = await startSandboxServer({
    factories: [
      options.sandbox === undefined ? hubspotSandbox : hubspotSandboxWith(options.sandbox),
    ],
  });
  const client = new Client({
    accessToken: HUBSPOT_SANDBOX_TOKEN,
    basePath: server.url,
    numberOfApiCallRetries: options.retries ?? 0,
  });
  const sandbox = server.sandbox('hubspot').sandbox as HubspotSandbox;
  return {
    server,
    client,
    sandbox,
    async admin(path, body, method = 'POST') {
      const response = await fetch(`${server.url}/__sandbox${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
    },
    async raw(method, path, body, token = HUBSPOT_SANDBOX_TOKEN) {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        body: text === '' ? undefined : JSON.parse(text),
      };
    },
  };
}

/** Runs `call` and returns the SDK's ApiException (code, body) it throws. */
export async function apiError(
  call: () => Promise<unknown>,
): Promise<{ code: number; body: JsonBody }> {
  try {
    await call();
  } catch (error) {
    const failure = error as { code?: unknown; body?: unknown };
    if (typeof failure.code === 'number') return { code: failure.code, body: failure.body };
    throw error;
  }
  throw new Error('expected the SDK call to fail');
}

export { HUBSPOT_SANDBOX_TOKEN };
