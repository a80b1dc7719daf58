import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { HttpError } from './http-error.ts';

/**
 * The admin API and the dashboard sit behind `LEADLOOP_ADMIN_TOKEN`. The token is compared
 * in constant time on SHA-256 digests (equal lengths whatever was sent), and failed attempts
 * are limited per client IP so the token cannot be guessed. Without a token configured the
 * admin surface is off, with a 503 that says how to turn it on.
 */
export interface AdminAuthOptions {
  readonly token: string | undefined;
  /** Failed attempts allowed per IP per window before 429 (default 10 per 15 minutes). */
  readonly maxFailures?: number;
  readonly windowMs?: number;
  /** Also accept HTTP Basic (any user, the token as password): browsers prompt for it. */
  readonly allowBasic?: boolean;
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

export function tokenMatches(expected: string, given: string): boolean {
  return timingSafeEqual(digest(expected), digest(given));
}

function presentedToken(request: Request, allowBasic: boolean): string | undefined {
  const header = request.get('authorization');
  if (header === undefined) return undefined;
  const bearer = /^Bearer\s+(.+)$/i.exec(header);
  if (bearer?.[1] !== undefined) return bearer[1].trim();
  const basic = allowBasic ? /^Basic\s+(.+)$/i.exec(header) : null;
  if (basic?.[1] !== undefined) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon === -1 ? undefined : decoded.slice(colon + 1);
  }
  return undefined;
}

/** The middlewares to put in front of an admin router: failure limiter, then the check. */
export function adminAuth(options: AdminAuthOptions): RequestHandler[] {
  const { token } = options;
  const allowBasic = options.allowBasic ?? false;
  if (token === undefined || token === '') {
    return [
      () => {
        throw new HttpError(503, 'admin.disabled', 'The admin API is disabled.', {
          hint: 'Set LEADLOOP_ADMIN_TOKEN (a long random string) and restart leadloop.',
        });
      },
    ];
  }

  // Counts only failed attempts (401s); a correct token never uses up the allowance.
  const limiter = rateLimit({
    windowMs: options.windowMs ?? 15 * 60_000,
    limit: options.maxFailures ?? 10,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_request, response) => response.statusCode !== 401,
    handler: (_request, _response, next) => {
      next(
        new HttpError(429, 'admin.too_many_attempts', 'Too many failed sign-in attempts.', {
          hint: 'Wait a few minutes, then retry with the right LEADLOOP_ADMIN_TOKEN.',
        }),
      );
    },
  });

  const check: RequestHandler = (request, response, next) => {
    const given = presentedToken(request, allowBasic);
    if (given !== undefined && tokenMatches(token, given)) {
      next();
      return;
    }
    if (allowBasic) response.set('WWW-Authenticate', 'Basic realm="leadloop", charset="UTF-8"');
    else response.set('WWW-Authenticate', 'Bearer realm="leadloop"');
    throw new HttpError(
      401,
      given === undefined ? 'admin.token_missing' : 'admin.token_invalid',
      given === undefined ? 'This endpoint needs the admin token.' : 'The admin token is wrong.',
      { hint: 'Send "Authorization: Bearer <LEADLOOP_ADMIN_TOKEN>".' },
    );
  };
  return [limiter, check];
}
