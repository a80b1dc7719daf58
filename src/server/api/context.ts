import type { Response } from 'express';
import type { z } from 'zod';
import type { Clock } from '../../lead/clock.ts';
import type { LeadRecord, Store } from '../../store/index.ts';
import type { ReportFn, SyncPort } from '../ports.ts';
import type { LeadSummary } from './schemas.ts';

/** What every admin API handler may use. */
export interface ApiContext {
  readonly store: Store;
  readonly sync: SyncPort;
  readonly clock: Clock;
  readonly report?: ReportFn | undefined;
  /** Tells this replica's job worker that work was queued, so it claims it at once. */
  readonly onJobQueued: () => void;
}

/** Checks a response against its schema before sending it: the OpenAPI document stays true. */
export function respond<S extends z.ZodType>(
  response: Response,
  schema: S,
  body: z.input<S>,
  status = 200,
): void {
  response.status(status).json(schema.parse(body));
}

export function leadSummary(lead: LeadRecord): z.input<typeof LeadSummary> {
  return {
    id: lead.id,
    email: lead.emailNormalized,
    fields: lead.fields,
    stage: lead.stage,
    score: lead.score,
    owner: lead.owner,
    recycle: lead.recycle,
    createdAt: lead.createdAt,
    updatedAt: lead.updatedAt,
  };
}
