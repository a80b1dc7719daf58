import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/**
 * HubSpot's wire format for answers and errors. Every error body is
 * `{status: "error", message, correlationId, category, ...}`; the SDK deserialises it into its
 * `Error` model (keeping category, message, correlationId, context, errors, subCategory) and
 * throws `ApiException {code, body, headers}`.
 *
 * Responses are written straight to Node's ServerResponse: express's `res.json` computes an
 * ETag (a SHA-1 of every body), which dominated batch benchmarks.
 */
export interface ErrorDetail {
  message: string;
  code?: string;
  in?: string;
  context?: Record<string, string[]>;
  subCategory?: string;
}

export interface HubspotErrorBody {
  status: 'error';
  message: string;
  correlationId: string;
  category?: string;
  subCategory?: string;
  context?: Record<string, string[]>;
  errors?: ErrorDetail[];
  [extra: string]: unknown;
}

/** Thrown by handlers; the pipeline renders it as the vendor's error body. */
export class HubspotApiError extends Error {
  readonly status: number;
  readonly body: HubspotErrorBody;

  constructor(
    status: number,
    category: string | undefined,
    message: string,
    extra: Partial<Omit<HubspotErrorBody, 'status' | 'message' | 'correlationId'>> = {},
  ) {
    super(message);
    this.name = 'HubspotApiError';
    this.status = status;
    this.body = {
      status: 'error',
      message,
      correlationId: randomUUID(),
      ...(category === undefined ? {} : { category }),
      ...extra,
    };
  }
}

export const validationError = (message: string, extra: Partial<HubspotErrorBody> = {}) =>
  new HubspotApiError(400, 'VALIDATION_ERROR', message, extra);

export const notFoundError = (message = 'resource not found') =>
  new HubspotApiError(404, 'OBJECT_NOT_FOUND', message);

export type HeaderBag = Record<string, string | number>;

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers?: HeaderBag,
): void {
  const payload = JSON.stringify(body);
  res.statusCode = status;
  if (headers !== undefined) for (const name in headers) res.setHeader(name, headers[name]!);
  res.setHeader('Content-Type', 'application/json;charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(payload));
  res.end(payload);
}

export function sendEmpty(res: ServerResponse, status: number, headers?: HeaderBag): void {
  res.statusCode = status;
  if (headers !== undefined) for (const name in headers) res.setHeader(name, headers[name]!);
  res.end();
}

export function sendError(res: ServerResponse, error: HubspotApiError, headers?: HeaderBag): void {
  sendJson(res, error.status, error.body, headers);
}
