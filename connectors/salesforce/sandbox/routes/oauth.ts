import { createHmac } from 'node:crypto';
import type { Request, Response, Router } from 'express';
import { SANDBOX_ORG_ID } from '../config.ts';
import { readText } from '../http/body.ts';
import { bearerToken, type Pipeline } from '../http/pipeline.ts';
import { sendJson } from '../http/respond.ts';
import { identity } from './identity.ts';

/**
 * The OAuth 2.0 token endpoint (`POST /services/oauth2/token`, form-encoded): client
 * credentials, refresh token and JWT bearer grants. Answers `{access_token, signature, scope,
 * instance_url, id, token_type, issued_at}`; failures are 400 `{error, error_description}`.
 * Also the identity URL (`/id/{orgId}/{userId}`) and token revocation.
 */
type TokenError = [string, string];

const INVALID_CLIENT_ID: TokenError = ['invalid_client_id', 'client identifier invalid'];
const INVALID_CLIENT: TokenError = ['invalid_client', 'invalid client credentials'];
const EXPIRED_REFRESH: TokenError = ['invalid_grant', 'expired access/refresh token'];
const INVALID_ASSERTION: TokenError = ['invalid_grant', 'invalid assertion'];
const UNSUPPORTED: TokenError = ['unsupported_grant_type', 'grant type not supported'];

/** A JWT is three base64url parts whose first two decode to JSON objects. */
function jwtClaims(assertion: string): Record<string, unknown> | undefined {
  const parts = assertion.split('.');
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]+$/.test(part))) return undefined;
  try {
    const header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as unknown;
    const claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as unknown;
    if (
      typeof header !== 'object' ||
      header === null ||
      typeof claims !== 'object' ||
      claims === null
    )
      return undefined;
    return claims as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

export function registerOAuthRoutes(router: Router, pipeline: Pipeline): void {
  const { state, context } = pipeline;

  /** Which connected app the request authenticates as, or why not. */
  const grant = (params: URLSearchParams): { clientId: string } | TokenError => {
    const type = params.get('grant_type');
    const clientId = params.get('client_id') ?? '';
    const secret = params.get('client_secret');
    const checkClient = (id: string, requireSecret: boolean): { clientId: string } | TokenError => {
      const expected = state.sessions.clientSecret(id);
      if (expected === undefined) return INVALID_CLIENT_ID;
      if ((requireSecret || secret !== null) && secret !== expected) return INVALID_CLIENT;
      return { clientId: id };
    };
    switch (type) {
      case 'client_credentials':
        return checkClient(clientId, true);
      case 'refresh_token': {
        const owner = state.sessions.refreshTokenClient(params.get('refresh_token') ?? '');
        if (owner === undefined) return EXPIRED_REFRESH;
        const checked = checkClient(clientId, false);
        if (!Array.isArray(checked) && checked.clientId !== owner) return INVALID_CLIENT_ID;
        return checked;
      }
      case 'urn:ietf:params:oauth:grant-type:jwt-bearer': {
        const claims = jwtClaims(params.get('assertion') ?? '');
        if (
          claims === undefined ||
          typeof claims.iss !== 'string' ||
          typeof claims.sub !== 'string'
        )
          return INVALID_ASSERTION;
        return checkClient(claims.iss, false);
      }
      default:
        return UNSUPPORTED;
    }
  };

  router.post('/services/oauth2/token', async (req: Request, res: Response) => {
    context.accounting.record('salesforce', 'POST', req.path, 'auth');
    const fault = context.faults.take('POST', req.path);
    if (fault?.kind === 'hang') return;
    if (fault?.kind === 'server_error') {
      sendJson(res, fault.status, {
        error: 'unknown_error',
        error_description: 'retry your request',
      });
      return;
    }
    if (fault !== undefined) {
      sendJson(res, 400, { error: 'invalid_grant', error_description: 'authentication failure' });
      return;
    }
    const params = new URLSearchParams(await readText(req));
    const outcome = grant(params);
    if (Array.isArray(outcome)) {
      sendJson(res, 400, { error: outcome[0], error_description: outcome[1] });
      return;
    }
    const accessToken = state.sessions.issue(outcome.clientId);
    const issuedAt = String(state.clock.nowMs());
    const id = `${context.baseUrl()}/id/${SANDBOX_ORG_ID}/${state.users.integration}`;
    const secret = state.sessions.clientSecret(outcome.clientId) ?? '';
    sendJson(res, 200, {
      access_token: accessToken,
      signature: createHmac('sha256', secret)
        .update(id + issuedAt)
        .digest('base64'),
      scope: 'api',
      instance_url: context.baseUrl(),
      id,
      token_type: 'Bearer',
      issued_at: issuedAt,
    });
  });

  router.post('/services/oauth2/revoke', async (req: Request, res: Response) => {
    context.accounting.record('salesforce', 'POST', req.path, 'auth');
    const token = new URLSearchParams(await readText(req)).get('token') ?? '';
    if (!state.sessions.revoke(token)) {
      sendJson(res, 400, {
        error: 'unsupported_token_type',
        error_description: 'this token type is not supported',
      });
      return;
    }
    res.status(200).end();
  });

  router.get('/id/:org/:user', (req: Request, res: Response) => {
    context.accounting.record('salesforce', 'GET', req.path, 'auth');
    const queryToken = typeof req.query.oauth_token === 'string' ? req.query.oauth_token : '';
    const session = state.sessions.session(bearerToken(req.headers) || queryToken);
    if (session === undefined) {
      res.status(403).type('text/plain').send('Bad_OAuth_Token');
      return;
    }
    const body = identity(
      state,
      context.baseUrl(),
      String(req.params.org),
      String(req.params.user),
    );
    if (body === undefined) {
      res.status(404).type('text/plain').send('Bad_Id');
      return;
    }
    sendJson(res, 200, body);
  });
}
