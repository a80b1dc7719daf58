import { createSign } from 'node:crypto';
import type { Env } from '../../src/config/env.ts';
import { ConnectorError } from '../../src/sync/connector.ts';

/**
 * How leadloop signs in to Salesforce, decided once from the parsed environment:
 * - a direct session (`SALESFORCE_INSTANCE_URL` + `SALESFORCE_ACCESS_TOKEN`): sandbox, tests;
 * - OAuth client credentials (`SALESFORCE_LOGIN_URL`, `SALESFORCE_CLIENT_ID`, `SALESFORCE_CLIENT_SECRET`);
 * - JWT bearer (`SALESFORCE_USERNAME` + `SALESFORCE_PRIVATE_KEY_FILE` + `SALESFORCE_CLIENT_ID`).
 */
export type SalesforceAuth =
  | { readonly mode: 'session'; readonly instanceUrl: string; readonly accessToken: string }
  | {
      readonly mode: 'client_credentials';
      readonly loginUrl: string;
      readonly clientId: string;
      readonly clientSecret: string;
    }
  | {
      readonly mode: 'jwt';
      readonly loginUrl: string;
      readonly clientId: string;
      readonly username: string;
      readonly privateKeyFile: string;
    };

export const DEFAULT_LOGIN_URL = 'https://login.salesforce.com';

const HOW_TO = [
  'Set one of:',
  '  direct session:      SALESFORCE_INSTANCE_URL and SALESFORCE_ACCESS_TOKEN',
  '  client credentials:  SALESFORCE_LOGIN_URL (your My Domain URL), SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET',
  '  JWT bearer:          SALESFORCE_USERNAME, SALESFORCE_PRIVATE_KEY_FILE and SALESFORCE_CLIENT_ID (SALESFORCE_LOGIN_URL optional)',
].join('\n');

function credentialsError(problem: string): ConnectorError {
  return new ConnectorError('salesforce', 'config', `Salesforce credentials: ${problem}`, {
    code: 'config.salesforce_credentials',
    hint: HOW_TO,
    details: { problem },
  });
}

type Names = readonly (keyof Env)[];

export function resolveSalesforceAuth(env: Env): SalesforceAuth {
  const has = (name: keyof Env) => env[name] !== undefined;
  const missing = (names: Names) => names.filter((name) => !has(name));
  const set = (names: Names) => names.filter(has);
  const session: Names = ['SALESFORCE_INSTANCE_URL', 'SALESFORCE_ACCESS_TOKEN'];
  const oauth: Names = [
    'SALESFORCE_CLIENT_ID',
    'SALESFORCE_CLIENT_SECRET',
    'SALESFORCE_USERNAME',
    'SALESFORCE_PRIVATE_KEY_FILE',
  ];
  const jwtOnly: Names = ['SALESFORCE_USERNAME', 'SALESFORCE_PRIVATE_KEY_FILE'];

  if (has('SALESFORCE_ACCESS_TOKEN')) {
    const extra = set([...oauth, 'SALESFORCE_LOGIN_URL']);
    if (extra.length > 0) {
      throw credentialsError(
        `SALESFORCE_ACCESS_TOKEN (direct session) is set together with ${extra.join(', ')} (OAuth); unset one of the two.`,
      );
    }
    const lacking = missing(session);
    if (lacking.length > 0)
      throw credentialsError(`the direct session also needs ${lacking.join(', ')}.`);
    return {
      mode: 'session',
      instanceUrl: trimSlash(env.SALESFORCE_INSTANCE_URL!),
      accessToken: env.SALESFORCE_ACCESS_TOKEN!,
    };
  }

  const jwtSet = set(jwtOnly);
  if (jwtSet.length > 0) {
    if (has('SALESFORCE_CLIENT_SECRET')) {
      throw credentialsError(
        `both JWT bearer (${jwtSet.join(', ')}) and client credentials (SALESFORCE_CLIENT_SECRET) are set; unset one of the two.`,
      );
    }
    const lacking = missing([...jwtOnly, 'SALESFORCE_CLIENT_ID']);
    if (lacking.length > 0) throw credentialsError(`JWT bearer also needs ${lacking.join(', ')}.`);
    return {
      mode: 'jwt',
      loginUrl: trimSlash(env.SALESFORCE_LOGIN_URL ?? DEFAULT_LOGIN_URL),
      clientId: env.SALESFORCE_CLIENT_ID!,
      username: env.SALESFORCE_USERNAME!,
      privateKeyFile: env.SALESFORCE_PRIVATE_KEY_FILE!,
    };
  }

  if (
    has('SALESFORCE_CLIENT_ID') ||
    has('SALESFORCE_CLIENT_SECRET') ||
    has('SALESFORCE_LOGIN_URL')
  ) {
    const lacking = missing([
      'SALESFORCE_LOGIN_URL',
      'SALESFORCE_CLIENT_ID',
      'SALESFORCE_CLIENT_SECRET',
    ]);
    if (lacking.length > 0)
      throw credentialsError(`client credentials also need ${lacking.join(', ')}.`);
    return {
      mode: 'client_credentials',
      loginUrl: trimSlash(env.SALESFORCE_LOGIN_URL!),
      clientId: env.SALESFORCE_CLIENT_ID!,
      clientSecret: env.SALESFORCE_CLIENT_SECRET!,
    };
  }

  if (has('SALESFORCE_INSTANCE_URL'))
    throw credentialsError('the direct session also needs SALESFORCE_ACCESS_TOKEN.');
  throw credentialsError('nothing is set.');
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

const base64url = (input: string | Buffer) => Buffer.from(input).toString('base64url');

/**
 * The JWT bearer assertion Salesforce expects: RS256 over `{iss: client id, sub: username,
 * aud: login URL, exp}`; Salesforce accepts an `exp` at most 3 minutes ahead.
 */
export function signJwtAssertion(input: {
  clientId: string;
  username: string;
  audience: string;
  privateKeyPem: string;
  now: Date;
}): string {
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const claims = base64url(
    JSON.stringify({
      iss: input.clientId,
      sub: input.username,
      aud: input.audience,
      exp: Math.floor(input.now.getTime() / 1000) + 180,
    }),
  );
  const signer = createSign('RSA-SHA256');
  signer.update(`${header}.${claims}`);
  return `${header}.${claims}.${signer.sign(input.privateKeyPem).toString('base64url')}`;
}

/**
 * Guards the session refresh against loops: jsforce refreshes on every 401 and retries, so a
 * token the org keeps rejecting (revoked app, IP restriction) would refresh forever.
 */
export class RefreshGuard {
  readonly #max: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  #times: number[] = [];

  constructor(options: { maxPerWindow?: number; windowMs?: number; now?: () => number } = {}) {
    this.#max = options.maxPerWindow ?? 3;
    this.#windowMs = options.windowMs ?? 60_000;
    this.#now = options.now ?? Date.now;
  }

  /** Records a refresh attempt; false when the window already holds the maximum. */
  tryAcquire(): boolean {
    const now = this.#now();
    this.#times = this.#times.filter((at) => now - at < this.#windowMs);
    if (this.#times.length >= this.#max) return false;
    this.#times.push(now);
    return true;
  }

  get max(): number {
    return this.#max;
  }
}
