import { Connection } from 'jsforce';
import { startSandboxServer, type RunningSandboxServer } from '../../../../src/sandbox/server.ts';
import {
  SALESFORCE_SANDBOX_TOKEN,
  salesforceSandbox,
  salesforceSandboxWith,
  type SalesforceSandbox,
  type SalesforceSandboxOptions,
} from '../../../../connectors/salesforce/sandbox/index.ts';

/**
 * One Salesforce sandbox server per test file, driven through the real jsforce 3. Tests reset
 * the org between scenarios through the shared admin API when they need a clean one.
 */
/** A vendor JSON body under test: asserted with expect(), so it stays loosely typed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are checked by assertions, not types
export type JsonBody = any;

export const VERSION = '62.0';

export interface SalesforceHarness {
  readonly server: RunningSandboxServer;
  readonly sandbox: SalesforceSandbox;
  /** A jsforce connection on the sandbox's static session. */
  readonly conn: Connection;
  connection(overrides?: Partial<ConstructorParameters<typeof Connection>[0]>): Connection;
  /** JSON to the sandbox admin API (`/__sandbox…`); returns status and parsed body. */
  admin(path: string, body?: unknown, method?: string): Promise<{ status: number; body: JsonBody }>;
  /** A raw HTTP call with the sandbox token, for headers and bodies jsforce hides. */
  raw(
    method: string,
    path: string,
    options?: { body?: unknown; headers?: Record<string, string>; token?: string | null },
  ): Promise<{ status: number; headers: Headers; body: JsonBody; text: string }>;
}

export async function startSalesforce(
  options: { sandbox?: SalesforceSandboxOptions } = {},
): Promise<SalesforceHarness> {
  const server = await startSandboxServer({
    factories: [
      options.sandbox === undefined ? salesforceSandbox : salesforceSandboxWith(options.sandbox),
    ],
  });
  const sandbox = server.sandbox('salesforce').sandbox as SalesforceSandbox;
  const connection = (overrides: Partial<ConstructorParameters<typeof Connection>[0]> = {}) =>
    new Connection({
      instanceUrl: server.url,
      accessToken: SALESFORCE_SANDBOX_TOKEN,
      version: VERSION,
      ...overrides,
    });
  return {
    server,
    sandbox,
    conn: connection(),
    connection,
    async admin(path, body, method = 'POST') {
      const response = await fetch(`${server.url}/__sandbox${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
    },
    async raw(method, path, { body, headers = {}, token = SALESFORCE_SANDBOX_TOKEN } = {}) {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: {
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined
          ? {}
          : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await response.text();
      let parsed: unknown;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        // XML (SOAP) or plain-text answers: the test reads `text`.
      }
      return { status: response.status, headers: response.headers, body: parsed, text };
    },
  };
}

/** Runs `call` and returns the jsforce error it throws (name = Salesforce errorCode). */
export async function sfError(
  call: () => PromiseLike<unknown>,
): Promise<{ name: string; errorCode: string; message: string; data: JsonBody }> {
  try {
    await call();
  } catch (error) {
    const failure = error as { name: string; errorCode?: string; message: string; data?: unknown };
    return {
      name: failure.name,
      errorCode: failure.errorCode ?? failure.name,
      message: failure.message,
      data: failure.data,
    };
  }
  throw new Error('expected the jsforce call to fail');
}

export { SALESFORCE_SANDBOX_TOKEN };
