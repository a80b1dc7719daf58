import type { IncomingHttpHeaders } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import type { ActiveFault } from '../../../../src/sandbox/faults.ts';
import type { SandboxContext } from '../../../../src/sandbox/types.ts';
import { NEWEST_API_VERSION, OLDEST_API_VERSION } from '../config.ts';
import type { SalesforceState } from '../state.ts';
import { readJson } from './body.ts';
import { SalesforceApiError, invalidSession, notFound, totalRequestsExceeded } from './errors.ts';
import { faultError } from './faults.ts';
import { sendEmpty, sendJson, sendJsonText, type HeaderBag } from './respond.ts';
import type { Session } from './sessions.ts';

/**
 * Every REST call goes through the same steps, in Salesforce's order: the session is checked
 * (401 INVALID_SESSION_ID), the API version must be one the org serves (404), an injected fault
 * may answer instead, the daily allowance is charged (403 REQUEST_LIMIT_EXCEEDED), then the
 * handler runs. Answers after the session check carry `Sforce-Limit-Info: api-usage=N/MAX`.
 */
export interface ApiRequest {
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
  /** `62.0` */
  readonly version: string;
  readonly session: Session;
  /** A row-lock fault for a collection handler to report per record. */
  readonly lockFault: boolean;
}

export interface ApiResult {
  readonly status: number;
  /** Omitted for 204 answers. */
  readonly body?: unknown;
  /** `body` already serialised (collections write their answer from a template). */
  readonly json?: string;
}

export type ApiHandler = (request: ApiRequest) => ApiResult | Promise<ApiResult>;

export interface Pipeline {
  readonly context: SandboxContext;
  readonly state: SalesforceState;
}

export interface RouteOptions {
  readonly kind: 'read' | 'write';
  /** Collections report a row-lock fault per record instead of failing the request. */
  readonly collection?: boolean;
}

const VERSION = /^v(\d{2})\.0$/;

/** The bearer token of a request (`Authorization: Bearer …`, or the older `OAuth …`). */
export function bearerToken(headers: IncomingHttpHeaders): string {
  const header = headers.authorization ?? '';
  const match = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header);
  return match?.[1]?.trim() ?? '';
}

export function apiVersion(raw: string | undefined): string {
  const match = VERSION.exec(raw ?? '');
  const major = match === null ? NaN : Number(match[1]);
  if (!(major >= OLDEST_API_VERSION && major <= NEWEST_API_VERSION)) throw notFound();
  return `${major}.0`;
}

export function restRoute(
  pipeline: Pipeline,
  options: RouteOptions,
  handler: ApiHandler,
): RequestHandler {
  const { context, state } = pipeline;
  return async (req: Request, res: Response) => {
    const method = req.method;
    const path = req.path;
    context.accounting.record('salesforce', method, path, options.kind);
    const session = state.sessions.session(bearerToken(req.headers));
    if (session === undefined) {
      sendJson(res, 401, invalidSession().body());
      return;
    }
    let headers: HeaderBag = {};
    try {
      const params = req.params as Record<string, string>;
      const version = apiVersion(params.version);
      const fault = context.faults.take(method, path);
      const lockFault = fault?.kind === 'unable_to_lock_row' && options.collection === true;
      if (fault !== undefined && !lockFault) {
        const error = faultError(fault, params.id === undefined ? [] : [params.id]);
        if (error !== undefined) sendJson(res, error.status, error.body(), limitHeaders(state));
        return;
      }
      if (!state.usage.admit()) throw totalRequestsExceeded();
      headers = limitHeaders(state);
      const body =
        method === 'GET' || method === 'DELETE' || method === 'HEAD'
          ? undefined
          : await readJson(req);
      const queryAt = req.originalUrl.indexOf('?');
      const query = new URLSearchParams(queryAt === -1 ? '' : req.originalUrl.slice(queryAt + 1));
      const result = await handler({
        method,
        path,
        params,
        query,
        headers: req.headers,
        body,
        version,
        session,
        lockFault,
      });
      if (result.json !== undefined) sendJsonText(res, result.status, result.json, headers);
      else if (result.body === undefined) sendEmpty(res, result.status, headers);
      else sendJson(res, result.status, result.body, headers);
    } catch (error) {
      sendJson(res, ...renderError(error), { ...limitHeaders(state), ...headers });
    }
  };
}

export function limitHeaders(state: SalesforceState): HeaderBag {
  return { 'Sforce-Limit-Info': state.usage.header() };
}

export function renderError(error: unknown): [number, unknown] {
  if (error instanceof SalesforceApiError) return [error.status, error.body()];
  return [
    500,
    [
      {
        message: `An unexpected error occurred: ${error instanceof Error ? error.message : String(error)}`,
        errorCode: 'UNKNOWN_EXCEPTION',
      },
    ],
  ];
}

export type { ActiveFault };
