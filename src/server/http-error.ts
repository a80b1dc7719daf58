import type { ErrorRequestHandler, Request, Response } from 'express';
import { z } from 'zod';
import { LeadloopError } from '../errors/leadloop-error.ts';
import { logger } from '../log/logger.ts';

/**
 * Every HTTP error answers `{error: {code, message, hint?, issues?}}` (STYLE.md §6) with a
 * stable dotted code; zod issues keep their code, path and message so a client can point at
 * the bad field. Handlers throw; express 5 forwards rejected promises to `errorHandler`.
 */
export class HttpError extends LeadloopError {
  readonly status: number;
  readonly issues: readonly ApiIssue[] | undefined;

  constructor(
    status: number,
    code: string,
    message: string,
    options: { hint?: string; issues?: readonly ApiIssue[]; cause?: unknown } = {},
  ) {
    super(code, message, {
      ...(options.hint === undefined ? {} : { hint: options.hint }),
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.status = status;
    this.issues = options.issues;
  }
}

export const ApiIssueSchema = z.object({
  code: z.string(),
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
});
export type ApiIssue = z.infer<typeof ApiIssueSchema>;

export const ApiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    hint: z.string().optional(),
    issues: z.array(ApiIssueSchema).optional(),
  }),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

export function toIssues(error: z.ZodError): ApiIssue[] {
  return error.issues.map((issue) => ({
    code: issue.code,
    path: issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part)),
    message: issue.message,
  }));
}

/** Parses `value` with `schema`, or throws a 400 naming what part of the request was wrong. */
export function parseRequest<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: 'body' | 'query' | 'params',
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new HttpError(400, 'request.invalid', `The request ${where} is not valid.`, {
    hint: 'Fix the fields named in `issues` (see /api/openapi.json).',
    issues: toIssues(result.error),
  });
}

export function sendError(response: Response, error: HttpError): void {
  const body: ApiError = {
    error: {
      code: error.code,
      message: error.message,
      ...(error.hint === undefined ? {} : { hint: error.hint }),
      ...(error.issues === undefined ? {} : { issues: [...error.issues] }),
    },
  };
  response.status(error.status).json(body);
}

/** body-parser's own errors carry `type` and `status`. */
function bodyParserError(error: unknown): HttpError | undefined {
  if (typeof error !== 'object' || error === null || !('type' in error)) return undefined;
  const type = (error as { type: unknown }).type;
  if (type === 'entity.too.large') {
    return new HttpError(413, 'request.too_large', 'The request body is too large.', {
      hint: 'Send fewer records per request.',
    });
  }
  if (type === 'entity.parse.failed') {
    return new HttpError(400, 'request.malformed', 'The request body is not valid JSON.');
  }
  if (type === 'charset.unsupported' || type === 'encoding.unsupported') {
    return new HttpError(415, 'request.unsupported_encoding', 'Send the body as UTF-8.');
  }
  return undefined;
}

const log = logger('server.http');

// Four parameters: that is how express tells an error handler from a middleware.
export const errorHandler: ErrorRequestHandler = (
  error: unknown,
  request: Request,
  response,
  _next,
) => {
  const known = error instanceof HttpError ? error : bodyParserError(error);
  if (known !== undefined) {
    sendError(response, known);
    return;
  }
  log.error('request failed', {
    method: request.method,
    path: request.path,
    error: error instanceof Error ? error.message : String(error),
    code: error instanceof LeadloopError ? error.code : undefined,
  });
  const code = error instanceof LeadloopError ? error.code : 'server.internal';
  sendError(
    response,
    new HttpError(500, code, 'The request failed inside leadloop.', {
      hint: 'See the service log for details.',
    }),
  );
};

export function notFound(): HttpError {
  return new HttpError(404, 'route.not_found', 'No such endpoint.', {
    hint: 'See /api/openapi.json for the admin API.',
  });
}
