import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import { Client } from '@hubspot/api-client';
import type { Env } from '../../src/config/env.ts';
import { ConnectorError } from '../../src/sync/connector.ts';
import type { HubspotBudget } from './budget.ts';
import { errorFromResponse, toConnectorError } from './errors.ts';
import type { RequestPacer } from './pacer.ts';

export const DEFAULT_TIMEOUT_MS = 30_000;

/** The parts of the SDK's RequestContext / ResponseContext the middleware uses. */
interface SdkRequest {
  getUrl(): string;
}
interface SdkResponse {
  httpStatusCode: number;
  headers: Record<string, string>;
  body: { text(): Promise<string> };
}

/**
 * Sockets that stay silent for `timeoutMs` are destroyed with a TimeoutError, so a hung
 * connection fails the call (→ `transient`) instead of hanging the sync. The SDK has no
 * timeout of its own; with an `httpAgent` it sends through node:http, where this applies.
 */
function deadlineAgent(baseUrl: string, timeoutMs: number): http.Agent {
  const Base = baseUrl.startsWith('https:') ? https.Agent : http.Agent;
  class DeadlineAgent extends Base {
    override createConnection(
      ...args: Parameters<http.Agent['createConnection']>
    ): Duplex | null | undefined {
      const socket = super.createConnection(...args);
      socket?.on('timeout', () => {
        const error = new Error(`no answer from HubSpot within ${timeoutMs} ms`);
        error.name = 'TimeoutError';
        socket.destroy(error);
      });
      return socket;
    }
  }
  // `timeout` arms the socket idle timer for every request, reused keep-alive sockets included.
  return new DeadlineAgent({ keepAlive: true, timeout: timeoutMs, maxSockets: 8 });
}

export interface HubspotClientOptions {
  readonly accessToken: string;
  /** `https://api.hubapi.com`, or a local emulator; no trailing slash. */
  readonly baseUrl: string;
  readonly budget: HubspotBudget;
  readonly pacer: RequestPacer;
  readonly timeoutMs?: number;
}

/**
 * The HubSpot SDK client with leadloop's guard around every call: the budget is checked and
 * the pace kept before the request (SDK middleware `pre`), rate-limit headers and the `Date`
 * header are read after it, and any non-2xx answer becomes a ConnectorError right there
 * (middleware `post`) from the raw status and body.
 *
 * `numberOfApiCallRetries: 0`: retries belong to the engine (src/sync/retry.ts), which
 * switches on the error kind, honours retryAfterMs and counts every attempt against the
 * budget. The SDK's own retry would sleep 10 s × attempt while printing to the console, and
 * its 429 test reads `policyName`, which its error model drops. The SDK keeps retry settings
 * in a process-wide singleton applied when an API class is first built, so the APIs leadloop
 * uses are built here, right after the Client: a Client created elsewhere later cannot change
 * them.
 */
export class HubspotClient {
  readonly sdk: Client;
  readonly budget: HubspotBudget;
  readonly pacer: RequestPacer;
  readonly timeoutMs: number;
  readonly baseUrl: string;
  readonly #agent: http.Agent;
  /** The vendor's `Date` header and the local time it arrived: clock skew for `doctor`. */
  lastServerDate: { readonly server: Date; readonly local: Date } | undefined;

  constructor(options: HubspotClientOptions) {
    this.budget = options.budget;
    this.pacer = options.pacer;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#agent = deadlineAgent(this.baseUrl, this.timeoutMs);
    this.sdk = new Client({
      accessToken: options.accessToken,
      basePath: this.baseUrl,
      numberOfApiCallRetries: 0,
      httpAgent: this.#agent,
      middleware: [
        {
          pre: (context: unknown) => this.#before(context as SdkRequest),
          post: (context: unknown) => this.#after(context as SdkResponse),
        },
      ],
    });
    // Build the API classes now, under this client's (empty) decorator set.
    void this.sdk.crm.contacts;
    void this.sdk.crm.deals;
    void this.sdk.crm.properties;
  }

  /** Runs one SDK call; every failure comes out as a ConnectorError. */
  async call<T>(operation: (sdk: Client) => Promise<T>): Promise<T> {
    try {
      return await operation(this.sdk);
    } catch (error) {
      throw toConnectorError(error, () => this.budget.state());
    }
  }

  /**
   * A GET the SDK has no typed API for (`/account-info/v3/details`), through its generic
   * `apiRequest`. That path skips the middleware, so the guard is applied here.
   */
  async get(path: string): Promise<unknown> {
    return this.call(async (sdk) => {
      await this.#before({ getUrl: () => path });
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const error = new Error(`no answer from HubSpot within ${this.timeoutMs} ms`);
          error.name = 'TimeoutError';
          reject(error);
        }, this.timeoutMs);
      });
      try {
        const response = await Promise.race([sdk.apiRequest({ method: 'GET', path }), deadline]);
        const headers: Record<string, string> = {};
        response.headers.forEach((value, name) => (headers[name] = value));
        const text = await response.text();
        this.#observe(headers);
        if (response.status >= 400) {
          throw errorFromResponse(response.status, headers, text, () => this.budget.state());
        }
        return text === '' ? undefined : (JSON.parse(text) as unknown);
      } finally {
        clearTimeout(timer);
      }
    });
  }

  close(): void {
    this.#agent.destroy();
  }

  async #before(context: SdkRequest): Promise<SdkRequest> {
    this.budget.spend();
    await this.pacer.acquire(/\/search(\?|$)/.test(context.getUrl()) ? 'search' : 'api');
    return context;
  }

  async #after(context: SdkResponse): Promise<SdkResponse> {
    this.#observe(context.headers);
    if (context.httpStatusCode >= 400) {
      const error = errorFromResponse(
        context.httpStatusCode,
        context.headers,
        await context.body.text(),
        () => this.budget.state(),
      );
      if (error.code === 'budget.exhausted') this.budget.markDailyLimitReached();
      throw error;
    }
    return context;
  }

  #observe(headers: Record<string, string>): void {
    this.budget.observe(headers);
    this.pacer.observe(headers);
    const date = headers['date'];
    if (date !== undefined && !Number.isNaN(Date.parse(date))) {
      this.lastServerDate = { server: new Date(date), local: new Date() };
    }
  }
}

/** The client for the environment's HUBSPOT_ACCESS_TOKEN / HUBSPOT_BASE_URL. */
export function hubspotClientFromEnv(
  settings: Env,
  parts: Omit<HubspotClientOptions, 'accessToken' | 'baseUrl'>,
): HubspotClient {
  const accessToken = settings.HUBSPOT_ACCESS_TOKEN;
  if (accessToken === undefined) {
    throw new ConnectorError('hubspot', 'config', 'HUBSPOT_ACCESS_TOKEN is not set', {
      code: 'config.hubspot_credentials',
      hint: 'Create a private app in HubSpot (Settings → Integrations → Private Apps) and set HUBSPOT_ACCESS_TOKEN to its access token.',
    });
  }
  return new HubspotClient({ ...parts, accessToken, baseUrl: settings.HUBSPOT_BASE_URL });
}
