import type { RequestHandler } from 'express';
import { JOB_KINDS } from '../../../../jobs/job-kinds.ts';
import { parseRequest } from '../../../http-error.ts';
import { respond, type ApiContext } from '../../context.ts';
import { TriggerSyncBody, TriggerSyncResponse } from '../../schemas.ts';

/**
 * `POST /api/sync`: queues a full sync cycle (202). Any replica's worker runs it; pressing
 * the button twice while one waits queues it once.
 */
export function triggerSync({ store, onJobQueued }: ApiContext): RequestHandler {
  return async (request, response) => {
    parseRequest(TriggerSyncBody, request.body ?? {}, 'body');
    const { enqueued } = await store.jobs.enqueue([
      { kind: JOB_KINDS.syncCycle, payload: { trigger: 'admin' }, dedupeKey: 'sync.cycle:admin' },
    ]);
    const job = enqueued[0];
    if (job !== undefined) onJobQueued();
    respond(
      response,
      TriggerSyncResponse,
      { jobId: job?.id ?? null, queued: job !== undefined },
      202,
    );
  };
}
