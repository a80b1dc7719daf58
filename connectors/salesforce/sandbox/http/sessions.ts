import { randomBytes } from 'node:crypto';
import {
  SALESFORCE_SANDBOX_CLIENT_ID,
  SALESFORCE_SANDBOX_CLIENT_SECRET,
  SALESFORCE_SANDBOX_REFRESH_TOKEN,
  SANDBOX_ORG_ID,
} from '../config.ts';

/**
 * Sessions (access tokens) and the connected apps allowed to get them. Every session belongs
 * to the integration user. Expiring sessions (admin) makes every token answer 401
 * INVALID_SESSION_ID, as when an org's session timeout passes; refresh tokens stay valid.
 */
export interface Session {
  readonly userId: string;
  readonly clientId: string | undefined;
}

export class SessionStore {
  #sessions = new Map<string, Session>();
  #clients = new Map<string, string>();
  #refreshTokens = new Map<string, string>();
  readonly #staticTokens: readonly string[];
  readonly #userId: () => string;

  constructor(staticTokens: readonly string[], userId: () => string) {
    this.#staticTokens = staticTokens;
    this.#userId = userId;
  }

  /** Forgets every session and connected app but the sandbox's own (call once users exist). */
  reset(): void {
    this.#sessions.clear();
    this.#clients = new Map([[SALESFORCE_SANDBOX_CLIENT_ID, SALESFORCE_SANDBOX_CLIENT_SECRET]]);
    this.#refreshTokens = new Map([
      [SALESFORCE_SANDBOX_REFRESH_TOKEN, SALESFORCE_SANDBOX_CLIENT_ID],
    ]);
    for (const token of this.#staticTokens)
      this.#sessions.set(token, { userId: this.#userId(), clientId: undefined });
  }

  session(token: string): Session | undefined {
    return this.#sessions.get(token);
  }

  /** A new access token: `<15-char org id>!<random>`, like Salesforce session ids. */
  issue(clientId: string): string {
    const token = `${SANDBOX_ORG_ID.slice(0, 15)}!AQ4AQ${randomBytes(36).toString('base64url')}`;
    this.#sessions.set(token, { userId: this.#userId(), clientId });
    return token;
  }

  /** Ends every session (static tokens too unless `keepStatic`); returns how many ended. */
  expireAll(keepStatic = false): number {
    let ended = 0;
    for (const token of [...this.#sessions.keys()]) {
      if (keepStatic && this.#staticTokens.includes(token)) continue;
      this.#sessions.delete(token);
      ended += 1;
    }
    return ended;
  }

  addClient(clientId: string, secret: string): void {
    this.#clients.set(clientId, secret);
  }

  clientSecret(clientId: string): string | undefined {
    return this.#clients.get(clientId);
  }

  /** A refresh token for `clientId` (what the web-server flow would have handed out). */
  issueRefreshToken(clientId: string): string {
    const token = `5Aep861${randomBytes(30).toString('base64url')}`;
    this.#refreshTokens.set(token, clientId);
    return token;
  }

  refreshTokenClient(token: string): string | undefined {
    return this.#refreshTokens.get(token);
  }

  revoke(token: string): boolean {
    return this.#sessions.delete(token) || this.#refreshTokens.delete(token);
  }
}
