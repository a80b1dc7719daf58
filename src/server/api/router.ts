import express, { Router } from 'express';
import { adminAuth } from '../admin-auth.ts';
import { notFound } from '../http-error.ts';
import type { ApiContext } from './context.ts';
import { openApiDocument } from './openapi.ts';
import { listDeadLetters } from './routes/dead-letters/list-dead-letters.ts';
import { replayDeadLetters } from './routes/dead-letters/replay-dead-letters.ts';
import { getLead } from './routes/leads/get-lead.ts';
import { listLeads } from './routes/leads/list-leads.ts';
import { getReport } from './routes/report/get-report.ts';
import { listRuns } from './routes/runs/list-runs.ts';
import { triggerSync } from './routes/sync/trigger-sync.ts';

export interface ApiRouterOptions {
  readonly context: ApiContext;
  readonly adminToken: string | undefined;
  /** JSON body limit (default 256 kB); larger bodies get 413. */
  readonly bodyLimit?: string | number;
  readonly version: string;
  readonly maxFailedAttempts?: number;
}

/** `/api`: the admin API. The OpenAPI document is public; everything else needs the token. */
export function apiRouter(options: ApiRouterOptions): Router {
  const { context } = options;
  const document = openApiDocument(options.version);
  const router = Router();
  router.get('/openapi.json', (_request, response) => {
    response.json(document);
  });
  router.use(
    ...adminAuth({
      token: options.adminToken,
      ...(options.maxFailedAttempts === undefined
        ? {}
        : { maxFailures: options.maxFailedAttempts }),
    }),
  );
  // Authenticated first: an anonymous client cannot make the service parse large bodies.
  router.use(express.json({ limit: options.bodyLimit ?? '256kb', strict: true }));
  router.get('/leads', listLeads(context));
  router.get('/leads/:id', getLead(context));
  router.post('/sync', triggerSync(context));
  router.get('/runs', listRuns(context));
  router.get('/dead-letters', listDeadLetters(context));
  router.post('/dead-letters/replay', replayDeadLetters(context));
  router.get('/report', getReport(context));
  router.use(() => {
    throw notFound();
  });
  return router;
}
