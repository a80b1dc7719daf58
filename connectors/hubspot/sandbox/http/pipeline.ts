import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { RequestKind } from '../../../../src/sandbox/accounting.ts';
import type { SandboxContext } from '../../../../src/sandbox/types.ts';
import { SANDBOX_APP_ID } from '../config.ts';
import { readBody } from './body.ts';
import { faultError, invalidAuthenticationError } from './faults.ts';
import type { RateLimiter } from './rate-limits.ts';
import { HubspotApiError, sendEmpty, sendError, sendJson, type HeaderBag } from './respond.ts';

/**
 * Every HubSpot API request goes through the same steps, in the vendor's order: the token is
 * checked (401 before anything else), the request is counted, an injected fault may answer
 * instead, the budgets are charged (429), then the handler runs. Search answers carry no
 * rate-limit headers (as on HubSpot); every other answer carries them, errors included.
 */
export interface ApiRequest {
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: unknown;
  /** The private app behind the token: property history and webhooks name it as the source. */
  readonly appId: number;
}

export interface ApiResult {
  readonly status: number;
  /** Omitted for 204 answers. */
  readonly body?: unknown;
}

export type ApiHandler = (request: ApiRequest) => ApiResult | Promise<ApiResult>;

export interface Pipeline {
  readonly context: SandboxContext;
  readonly limiter: RateLimiter;
  readonly tokens: ReadonlySet<string>;
}

export interface RouteOptions {
  /** read or write, for request accounting (POST search and batch read are reads). */
  readonly kind: Extract<RequestKind, 'read' | 'write'>;
  readonly search?: boolean;
}

const BEARER = 'Bearer ';

export function apiRoute(
  pipeline: Pipeline,
  options: RouteOptions,
  handler: ApiHandler,
): RequestHandler {
  const { context, limiter, tokens } = pipeline;
  const search = options.search === true;
  return async (req: Request, res: Response) => {
    const method = req.method;
    const path = req.path;
    context.accounting.record('hubspot', method, path, options.kind);
    const correlation: HeaderBag = { 'X-HubSpot-Correlation-Id': randomUUID() };
    const authorization = req.headers.authorization;
    const token =
      authorization !== undefined && authorization.startsWith(BEARER)
        ? authorization.slice(BEARER.length)
        : '';
    if (!tokens.has(token)) {
      sendError(res, invalidAuthenticationError(), correlation);
      return;
    }
    const fault = context.faults.take(method, path);
    if (fault !== undefined) {
      const error = faultError(fault, search);
      // A hang keeps the socket open and never answers; the client's timeout decides.
      if (error !== undefined) sendError(res, error, headersFor(pipeline, search, correlation));
      return;
    }
    try {
      limiter.admit(search);
      const body = method === 'GET' || method === 'DELETE' ? undefined : await readBody(req);
      const queryAt = req.originalUrl.indexOf('?');
      const query = new URLSearchParams(queryAt === -1 ? '' : req.originalUrl.slice(queryAt + 1));
      const params = req.params as Record<string, string>;
      const result = await handler({ method, path, params, query, body, appId: SANDBOX_APP_ID });
      const headers = headersFor(pipeline, search, correlation);
      if (result.body === undefined) sendEmpty(res, result.status, headers);
      else sendJson(res, result.status, result.body, headers);
    } catch (error) {
      if (error instanceof HubspotApiError) {
        sendError(res, error, headersFor(pipeline, search, correlation));
        return;
      }
      sendError(
        res,
        new HubspotApiError(500, 'INTERNAL_ERROR', 'internal error', {
          context: { detail: [error instanceof Error ? error.message : String(error)] },
        }),
        correlation,
      );
    }
  };
}

function headersFor(pipeline: Pipeline, search: boolean, base: HeaderBag): HeaderBag {
  return search ? base : { ...base, ...pipeline.limiter.headers() };
}
