// A tiny express app shaped like the real service around the dashboard: helmet's strict
// Content-Security-Policy and the admin check of src/server (Bearer, or Basic with the token as
// the password, compared in constant time), then the router. Listens on 127.0.0.1 only.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type RequestHandler } from 'express';
import { dashboardRouter } from '../../../src/server/dashboard/index.ts';
import type { RangeInput, Report } from '../../../src/report/index.ts';

export const ADMIN_TOKEN = 'll-admin-4f9c2e7a1b3d5f6e8a0c';

// helmet() defaults, with style-src tightened to 'self' (the page needs no inline style).
const CSP = [
  "default-src 'self'",
  "base-uri 'self'",
  "font-src 'self' https: data:",
  "form-action 'self'",
  "frame-ancestors 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self'",
  'upgrade-insecure-requests',
].join(';');

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

function presented(header: string | undefined): string | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (bearer?.[1] !== undefined) return bearer[1].trim();
  const basic = /^Basic\s+(.+)$/i.exec(header ?? '');
  if (basic?.[1] === undefined) return undefined;
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? undefined : decoded.slice(colon + 1);
}

const requireAdmin: RequestHandler = (request, response, next) => {
  const given = presented(request.get('authorization'));
  if (given !== undefined && timingSafeEqual(digest(given), digest(ADMIN_TOKEN))) {
    next();
    return;
  }
  response
    .status(401)
    .set('WWW-Authenticate', 'Basic realm="leadloop", charset="UTF-8"')
    .json({
      error: { code: 'admin.token_missing', message: 'This endpoint needs the admin token.' },
    });
};

export interface DashboardServer {
  readonly url: string;
  /** Ranges the router asked for, in order. */
  readonly asked: RangeInput[];
  close(): Promise<void>;
}

export async function startDashboard(
  report: (range: RangeInput) => Promise<Report>,
): Promise<DashboardServer> {
  const asked: RangeInput[] = [];
  const app = express();
  app.disable('x-powered-by');
  app.use((_request, response, next) => {
    response.set('Content-Security-Policy', CSP).set('X-Content-Type-Options', 'nosniff');
    next();
  });
  app.use(
    '/',
    requireAdmin,
    dashboardRouter({
      report: (range) => {
        asked.push(range);
        return report(range);
      },
    }),
  );
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    asked,
    close: () =>
      new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      ),
  };
}

export const basicAuth = (token: string) =>
  `Basic ${Buffer.from(`admin:${token}`).toString('base64')}`;
