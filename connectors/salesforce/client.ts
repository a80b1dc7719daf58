import { readFile } from 'node:fs/promises';
import { Connection, OAuth2 } from 'jsforce';
import { StreamPromise } from 'jsforce/lib/util/promise.js';
import { Transport } from 'jsforce/lib/transport.js';
import type { HttpRequest, HttpRequestOptions, HttpResponse } from 'jsforce';
import { ConnectorError } from '../../src/sync/connector.ts';
import { logger } from '../../src/log/logger.ts';
import { RefreshGuard, signJwtAssertion, type SalesforceAuth } from './auth.ts';
import type { ApiBudget } from './budget.ts';
import { httpStatusError, toConnectorError } from './errors.ts';

/** A fresh session from the token endpoint (or from an embedding app's own refresher). */
export interface SessionToken {
  readonly accessToken: string;
  readonly instanceUrl?: string;
}

export interface SalesforceClientOptions {
  readonly auth: SalesforceAuth;
  /** API version, e.g. `62.0` (jsforce's default is old: always set it). */
  readonly version: string;
  readonly budget: ApiBudget;
  /** Whole-request timeout including jsforce's own GET retries; a hung socket never hangs a sync. */
  readonly timeoutMs?: number;
  readonly refreshGuard?: RefreshGuard;
  /** Replaces the OAuth exchange for renewing a session (embedding apps, tests). */
  readonly refreshSession?: () => Promise<SessionToken>;
  readonly readPrivateKey?: (path: string) => Promise<string>;
}

const log = () => logger('connector.salesforce');

const retryAfterMs = (header: string | undefined): number | undefined => {
  if (header === undefined) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
};

/**
 * Every HTTP call jsforce makes for the connection passes here: the budget is checked before
 * it, the timeout and jsforce's GET retries are set, and `Sforce-Limit-Info` / `Date` are read
 * after it. Statuses that mean "try again later" become ConnectorErrors here, with Retry-After,
 * because jsforce never retries POST/PATCH and drops the status code from its errors.
 */
class GuardedTransport extends Transport {
  readonly #client: SalesforceClient;
  readonly #countsAgainstBudget: boolean;

  constructor(client: SalesforceClient, countsAgainstBudget: boolean) {
    super();
    this.#client = client;
    this.#countsAgainstBudget = countsAgainstBudget;
  }

  override httpRequest(
    req: HttpRequest,
    options: HttpRequestOptions = {},
  ): StreamPromise<HttpResponse> {
    if (this.#countsAgainstBudget) this.#client.budget.spend();
    const inner = super.httpRequest(req, {
      ...options,
      timeout: this.#client.timeoutMs,
      retry: { maxRetries: 2, minTimeout: 500, ...options.retry },
    });
    const promise = inner.then((response) => this.#client.observe(response));
    return StreamPromise.create(() => ({ stream: inner.stream(), promise }));
  }
}

export class SalesforceClient {
  readonly conn: Connection;
  readonly budget: ApiBudget;
  readonly timeoutMs: number;
  readonly #options: SalesforceClientOptions;
  readonly #oauth2: OAuth2 | undefined;
  readonly #guard: RefreshGuard;
  #session: Promise<void> | undefined;
  #refreshFailure: ConnectorError | undefined;
  /** The vendor's `Date` header and the local time it arrived: clock skew for `doctor`. */
  lastServerDate: { readonly server: Date; readonly local: Date } | undefined;

  constructor(options: SalesforceClientOptions) {
    this.#options = options;
    this.budget = options.budget;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.#guard = options.refreshGuard ?? new RefreshGuard();
    const { auth } = options;
    const canRefresh = options.refreshSession !== undefined || auth.mode !== 'session';
    this.conn = new Connection({
      version: options.version,
      ...(auth.mode === 'session'
        ? { instanceUrl: auth.instanceUrl, accessToken: auth.accessToken }
        : { loginUrl: auth.loginUrl }),
      ...(canRefresh ? { refreshFn: (_conn, callback) => this.#refresh(callback) } : {}),
    });
    this.conn._transport = new GuardedTransport(this, true);
    if (auth.mode !== 'session') {
      this.#oauth2 = new OAuth2({
        loginUrl: auth.loginUrl,
        clientId: auth.clientId,
        ...(auth.mode === 'client_credentials' ? { clientSecret: auth.clientSecret } : {}),
      });
      // Token calls do not count against the API limit, but they get the same timeout.
      this.#oauth2._transport = new GuardedTransport(this, false);
    }
    if (auth.mode === 'session') this.#session = Promise.resolve();
  }

  get auth(): SalesforceAuth {
    return this.#options.auth;
  }

  /** Runs one vendor call with a live session, translating any failure into a ConnectorError. */
  async call<T>(operation: (conn: Connection) => Promise<T>): Promise<T> {
    try {
      await this.ensureSession();
      return await operation(this.conn);
    } catch (error) {
      if (
        this.#refreshFailure !== undefined &&
        error instanceof Error &&
        error.message.startsWith('Unable to refresh session')
      ) {
        throw this.#refreshFailure;
      }
      throw toConnectorError(error, this.budget.snapshot());
    }
  }

  ensureSession(): Promise<void> {
    this.#session ??= this.#requestToken().then(
      (token) => this.#apply(token),
      (error: unknown) => {
        this.#session = undefined;
        throw tokenError(error);
      },
    );
    return this.#session;
  }

  /** Called by GuardedTransport with every response. */
  observe(response: HttpResponse): HttpResponse {
    this.budget.observeHeader(response.headers['sforce-limit-info']);
    const date = response.headers['date'];
    if (date !== undefined && !Number.isNaN(Date.parse(date))) {
      this.lastServerDate = { server: new Date(date), local: new Date() };
    }
    const status = response.statusCode;
    if (status === 420 || status === 429 || status === 502 || status === 503 || status === 504) {
      throw httpStatusError(
        status,
        response.body.slice(0, 300),
        retryAfterMs(response.headers['retry-after']),
      );
    }
    return response;
  }

  #apply(token: SessionToken): void {
    this.conn.accessToken = token.accessToken;
    if (token.instanceUrl !== undefined)
      this.conn.instanceUrl = token.instanceUrl.replace(/\/+$/, '');
  }

  #refresh(callback: (error?: Error | null, accessToken?: string) => void): void {
    if (!this.#guard.tryAcquire()) {
      this.#refreshFailure = new ConnectorError(
        'salesforce',
        'auth',
        `Salesforce kept rejecting fresh sessions: more than ${this.#guard.max} session refreshes within a minute`,
        {
          code: 'salesforce.auth_refresh_loop',
          hint: "The org accepts leadloop's login but rejects the session it issues: check the connected app's IP relaxation and session policies, and that the integration user is active and has API access.",
        },
      );
      callback(new Error(this.#refreshFailure.message));
      return;
    }
    log().info('refreshing Salesforce session');
    const renew = this.#options.refreshSession ?? (() => this.#requestToken());
    renew().then(
      (token) => {
        this.#refreshFailure = undefined;
        this.#apply(token);
        callback(null, token.accessToken);
      },
      (error: unknown) => {
        this.#refreshFailure = tokenError(error);
        callback(error instanceof Error ? error : new Error(String(error)));
      },
    );
  }

  async #requestToken(): Promise<SessionToken> {
    const { auth } = this.#options;
    if (auth.mode === 'session' || this.#oauth2 === undefined) {
      throw new ConnectorError(
        'salesforce',
        'auth',
        'The direct Salesforce session was rejected and cannot be renewed',
        {
          hint: 'Set a fresh SALESFORCE_ACCESS_TOKEN, or configure OAuth client credentials so leadloop renews sessions itself.',
        },
      );
    }
    // Salesforce's token endpoint: POST {loginUrl}/services/oauth2/token (form-encoded).
    const response =
      auth.mode === 'client_credentials'
        ? await this.#oauth2.requestToken({ grant_type: 'client_credentials' })
        : await this.#oauth2.requestToken({
            grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
            assertion: signJwtAssertion({
              clientId: auth.clientId,
              username: auth.username,
              audience: auth.loginUrl,
              privateKeyPem: await this.#privateKey(auth.privateKeyFile),
              now: new Date(),
            }),
          });
    return { accessToken: response.access_token, instanceUrl: response.instance_url };
  }

  async #privateKey(path: string): Promise<string> {
    try {
      return await (this.#options.readPrivateKey ?? ((file) => readFile(file, 'utf8')))(path);
    } catch (error) {
      throw new ConnectorError(
        'salesforce',
        'config',
        `Cannot read SALESFORCE_PRIVATE_KEY_FILE (${path})`,
        {
          code: 'config.salesforce_credentials',
          hint: 'Point SALESFORCE_PRIVATE_KEY_FILE at the PEM private key whose certificate is uploaded to the connected app.',
          cause: error,
        },
      );
    }
  }
}

/** OAuth token endpoint failures: `{error, error_description}` → jsforce Error named after `error`. */
function tokenError(error: unknown): ConnectorError {
  if (error instanceof ConnectorError) return error;
  if (error instanceof Error && /^(invalid_|unauthorized_|unsupported_)/.test(error.name)) {
    return new ConnectorError(
      'salesforce',
      'auth',
      `Salesforce login failed: ${error.name}: ${error.message}`,
      {
        code: 'salesforce.auth',
        hint: 'Check SALESFORCE_CLIENT_ID / SALESFORCE_CLIENT_SECRET (or the JWT user and key), that the connected app allows this flow, and that SALESFORCE_LOGIN_URL is your My Domain URL.',
        cause: error,
      },
    );
  }
  return toConnectorError(error);
}
