import { logger } from '../../src/log/logger.ts';
import { ConnectorError, type WriteOutcome, type WriteRequest } from '../../src/sync/connector.ts';
import type { HubspotClient } from './client.ts';
import { HubspotApiError } from './errors.ts';
import { apiErrorFailure, propertyProblem } from './write-failures.ts';
import { hubspotObject, type HubspotObject } from './properties.ts';
import { objectApi } from './read.ts';
import { HubspotBatchUpdateRaw, HubspotBatchUpsertRaw, parseRaw } from './schemas.ts';
import {
  chunkJobs,
  clearJob,
  groupKey,
  isFailure,
  mainJob,
  recordId,
  targetOf,
  upsertKeyOf,
  type Job,
  type JobResult,
} from './write-jobs.ts';
import { matchAnswer } from './write-results.ts';

/** HubSpot batch endpoints take at most 100 inputs. */
export const MAX_BATCH = 100;

interface Progress {
  /** Something was written: from now on a failed call fails its records, it no longer throws. */
  committed: boolean;
}

/**
 * Batched, idempotent writes: updates by id, creates and upserts by a unique property
 * (batch upsert), archives. Every input carries an `objectWriteTraceId`, so HubSpot answers a
 * partly bad batch with 207 and per-input errors. Where it still rejects a whole batch with
 * 400/409 because of one input, the batch is split in halves until the bad input stands alone
 * and fails with HubSpot's own message; its batch-mates go through.
 */
export class HubspotWriter {
  readonly #client: HubspotClient;
  readonly #batchSize: number;

  constructor(client: HubspotClient, batchSize = MAX_BATCH) {
    this.#client = client;
    this.#batchSize = Math.max(1, Math.min(MAX_BATCH, Math.trunc(batchSize)));
  }

  async write(objectName: string, requests: readonly WriteRequest[]): Promise<WriteOutcome[]> {
    const object = hubspotObject(objectName);
    const outcomes: (WriteOutcome | undefined)[] = new Array(requests.length);
    const clears: Job[] = [];
    const sets: Job[] = [];
    requests.forEach((request, index) => {
      const target = targetOf(object, request);
      if (isFailure(target)) {
        outcomes[index] = { ref: request.ref, ok: false, error: target };
        return;
      }
      const clear = clearJob(index, target, request);
      if (clear !== undefined) clears.push(clear);
      sets.push(mainJob(index, target, request));
    });

    const progress: Progress = { committed: false };
    // A backward lifecyclestage move sticks only if the property was cleared in an EARLIER
    // request: HubSpot does not promise the order of a batch's inputs, so clear and set are
    // never in the same batch. Every clear goes first; a record whose clear failed is not set.
    const cleared = await this.#run(object, clears, progress);
    for (const [index, result] of cleared) {
      if (!result.ok)
        outcomes[index] = { ref: requests[index]!.ref, ok: false, error: result.error };
    }
    const written = await this.#run(
      object,
      sets.filter((job) => outcomes[job.index] === undefined),
      progress,
    );
    for (const [index, result] of written) {
      const request = requests[index]!;
      const createdByClear = cleared.get(index);
      outcomes[index] = result.ok
        ? {
            ref: request.ref,
            ok: true,
            id: result.id,
            created: result.created || (createdByClear?.ok === true && createdByClear.created),
          }
        : { ref: request.ref, ok: false, error: result.error };
    }
    return outcomes.map(
      (outcome, index) =>
        outcome ?? {
          ref: requests[index]!.ref,
          ok: false,
          error: {
            kind: 'unknown',
            code: 'NOT_SENT',
            message: 'leadloop did not send this record',
          },
        },
    );
  }

  /** Sends jobs grouped by endpoint, ≤batchSize a call; results by request index. */
  async #run(
    object: HubspotObject,
    jobs: readonly Job[],
    progress: Progress,
  ): Promise<Map<number, JobResult>> {
    const groups = new Map<string, Job[]>();
    for (const job of jobs) {
      const group = groups.get(groupKey(job.target));
      if (group === undefined) groups.set(groupKey(job.target), [job]);
      else group.push(job);
    }
    const results = new Map<number, JobResult>();
    for (const group of groups.values()) {
      for (const chunk of chunkJobs(group, this.#batchSize)) {
        let answered: Map<string, JobResult>;
        try {
          answered = await this.#bisect(object, chunk, progress);
        } catch (error) {
          // Before anything was written the whole call failed: the engine retries it as a
          // whole. After, a throw would resend what already went through, so these records fail
          // on their own (with a retryable kind when the cause was transient).
          if (!progress.committed || !(error instanceof ConnectorError)) throw error;
          logger('connector.hubspot').warn('write batch failed after earlier batches committed', {
            object,
            code: error.code,
          });
          const failure = { kind: error.kind, code: error.code, message: error.message };
          answered = new Map(chunk.map((job) => [job.traceId, { ok: false, error: failure }]));
        }
        for (const job of chunk) results.set(job.index, answered.get(job.traceId)!);
      }
    }
    return results;
  }

  async #bisect(
    object: HubspotObject,
    jobs: readonly Job[],
    progress: Progress,
  ): Promise<Map<string, JobResult>> {
    try {
      const answered = await this.#send(object, jobs);
      progress.committed = true;
      return answered;
    } catch (error) {
      if (!(error instanceof HubspotApiError) || (error.status !== 400 && error.status !== 409)) {
        throw error;
      }
      const properties = propertyProblem(error);
      if (
        properties !== undefined &&
        jobs.every((job) => properties.some((name) => name in job.properties))
      ) {
        // A property every input writes is missing or read-only: no split can help.
        throw new HubspotApiError(
          error.status,
          error.body,
          'config',
          'A HubSpot property leadloop writes is missing or read-only: run `leadloop setup`, then `leadloop doctor`, or fix mappings/fields.yaml.',
        );
      }
      if (jobs.length === 1)
        return new Map([[jobs[0]!.traceId, { ok: false, error: apiErrorFailure(error) }]]);
      const half = Math.ceil(jobs.length / 2);
      const first = await this.#bisect(object, jobs.slice(0, half), progress);
      const second = await this.#bisect(object, jobs.slice(half), progress);
      return new Map([...first, ...second]);
    }
  }

  async #send(object: HubspotObject, jobs: readonly Job[]): Promise<Map<string, JobResult>> {
    const first = jobs[0]!.target;
    if (first.kind === 'archive') {
      // POST /crm/v3/objects/{object}/batch/archive → 204, whether or not the records existed.
      await this.#client.call((sdk) =>
        objectApi(sdk, object).batchApi.archive({
          inputs: jobs.map((job) => ({ id: recordId(job) })),
        }),
      );
      return new Map(
        jobs.map((job) => [job.traceId, { ok: true, id: recordId(job), created: false }]),
      );
    }
    if (first.kind === 'update') {
      // POST /crm/v3/objects/{object}/batch/update → 200, or 207 (unknown ids, bad inputs).
      const answer = await this.#client.call((sdk) =>
        objectApi(sdk, object).batchApi.update({
          inputs: jobs.map((job) => ({
            id: recordId(job),
            properties: { ...job.properties },
            objectWriteTraceId: job.traceId,
          })),
        }),
      );
      const parsed = parseRaw(HubspotBatchUpdateRaw, answer, `a ${object} batch update answer`);
      return matchAnswer(jobs, parsed.results, parsed.errors ?? []);
    }
    // POST /crm/v3/objects/{object}/batch/upsert → 200, or 207. The key is also sent as a
    // property, so the result names it even where HubSpot does not echo the trace id.
    const answer = await this.#client.call((sdk) =>
      objectApi(sdk, object).batchApi.upsert({
        inputs: jobs.map((job) => {
          const target = upsertKeyOf(job);
          return {
            id: target.value,
            idProperty: target.idProperty,
            properties: { ...job.properties, [target.idProperty]: target.value },
            objectWriteTraceId: job.traceId,
          };
        }),
      }),
    );
    const parsed = parseRaw(HubspotBatchUpsertRaw, answer, `a ${object} batch upsert answer`);
    return matchAnswer(jobs, parsed.results, parsed.errors ?? []);
  }
}
