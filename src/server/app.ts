import express, { type Express, type Router } from 'express';
import helmet from 'helmet';
import type { Clock } from '../lead/clock.ts';
import type { Store } from '../store/index.ts';
import { adminAuth } from './admin-auth.ts';
import { apiRouter } from './api/router.ts';
import { healthRouter } from './health.ts';
import { errorHandler, notFound } from './http-error.ts';
import type { ReadinessCheck, ReportFn, SyncPort } from './ports.ts';
import type { WebhookSettings } from './webhooks/context.ts';
import { webhooksRouter } from './webhooks/router.ts';

export interface AppOptions {
  readonly store: Store;
  readonly sync: SyncPort;
  /** `LEADLOOP_NOW`-aware clock (webhook timestamp windows, report defaults). */
  readonly clock: Clock;
  /** `LEADLOOP_ADMIN_TOKEN`; without it `/api` and the dashboard answer 503. */
  readonly adminToken?: string | undefined;
  readonly webhooks?: WebhookSettings | undefined;
  readonly report?: ReportFn | undefined;
  /** Served at `/` behind the admin token (Bearer, or Basic with the token as password). */
  readonly dashboard?: Router | undefined;
  readonly readiness?: ReadinessCheck | undefined;
  readonly readinessCacheMs?: number | undefined;
  /** JSON body limit of the admin API (default 256 kB). */
  readonly bodyLimit?: string | number | undefined;
  /** Failed admin sign-ins allowed per IP per 15 minutes (default 10). */
  readonly maxFailedAttempts?: number | undefined;
  /** express `trust proxy`: set when a proxy terminates TLS (client IPs, https in URLs). */
  readonly trustProxy?: boolean | number | string | undefined;
  readonly onJobQueued?: (() => void) | undefined;
  readonly version?: string | undefined;
}

/** The HTTP surface: health, metrics, webhooks, the admin API, and the dashboard. */
export function createApp(options: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy ?? false);
  app.use(helmet());
  const onJobQueued = options.onJobQueued ?? (() => undefined);

  app.use(
    healthRouter({
      store: options.store,
      readiness: options.readiness,
      readinessCacheMs: options.readinessCacheMs,
    }),
  );
  app.use(
    '/webhooks',
    webhooksRouter({
      ...options.webhooks,
      store: options.store,
      clock: options.clock,
      onJobQueued,
    }),
  );
  app.use(
    '/api',
    apiRouter({
      context: {
        store: options.store,
        sync: options.sync,
        clock: options.clock,
        report: options.report,
        onJobQueued,
      },
      adminToken: options.adminToken,
      version: options.version ?? '0.0.0',
      ...(options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
      ...(options.maxFailedAttempts === undefined
        ? {}
        : { maxFailedAttempts: options.maxFailedAttempts }),
    }),
  );
  if (options.dashboard !== undefined) {
    app.use(
      '/',
      ...adminAuth({
        token: options.adminToken,
        allowBasic: true,
        ...(options.maxFailedAttempts === undefined
          ? {}
          : { maxFailures: options.maxFailedAttempts }),
      }),
      options.dashboard,
    );
  }
  app.use(() => {
    throw notFound();
  });
  app.use(errorHandler);
  return app;
}
