import { batchErrorFailure } from './write-failures.ts';
import type { Job, JobResult } from './write-jobs.ts';
import type { HubspotBatchErrorRaw, HubspotUpsertResultRaw } from './schemas.ts';

/**
 * Which input each result and error of a batch answer belongs to. HubSpot does not promise
 * results in input order, so an input is found by the `objectWriteTraceId` it carried (echoed
 * on results and in `context.objectWriteTraceId` of errors), else by its record id (updates;
 * `context.ids` of OBJECT_NOT_FOUND), else by the upsert key's value in the result.
 */
export function matchAnswer(
  jobs: readonly Job[],
  results: readonly HubspotUpsertResultRaw[],
  errors: readonly HubspotBatchErrorRaw[],
): Map<string, JobResult> {
  const byTrace = new Map(jobs.map((job) => [job.traceId, job]));
  const byKey = new Map<string, Job>();
  for (const job of jobs) {
    const target = job.target;
    if (target.kind === 'upsert') byKey.set(upsertKey(target.idProperty, target.value), job);
    else byKey.set(`id\u0000${target.id}`, job);
  }
  const idProperties = [
    ...new Set(
      jobs.flatMap((job) => (job.target.kind === 'upsert' ? [job.target.idProperty] : [])),
    ),
  ];
  const byUpsertKey = (result: HubspotUpsertResultRaw): Job | undefined =>
    idProperties
      .map((name) => {
        const value = result.properties[name];
        return value === null || value === undefined
          ? undefined
          : byKey.get(upsertKey(name, value));
      })
      .find((job) => job !== undefined);
  const answered = new Map<string, JobResult>();

  for (const result of results) {
    const traced =
      result.objectWriteTraceId === undefined ? undefined : byTrace.get(result.objectWriteTraceId);
    const job = traced ?? byKey.get(`id\u0000${result.id}`) ?? byUpsertKey(result);
    if (job === undefined) continue;
    answered.set(job.traceId, { ok: true, id: result.id, created: result._new === true });
  }

  for (const error of errors) {
    const failure = batchErrorFailure(error);
    const traced = (error.context?.objectWriteTraceId ?? []).flatMap((id) => byTrace.get(id) ?? []);
    const byId = (error.context?.ids ?? []).flatMap((id) => byKey.get(`id\u0000${id}`) ?? []);
    for (const job of [...traced, ...byId])
      answered.set(job.traceId, { ok: false, error: failure });
  }

  for (const job of jobs) {
    if (!answered.has(job.traceId)) {
      answered.set(job.traceId, {
        ok: false,
        error: {
          kind: 'unknown',
          code: 'NO_RESULT',
          message: 'HubSpot answered the batch without a result or an error for this record',
        },
      });
    }
  }
  return answered;
}

function upsertKey(idProperty: string, value: string): string {
  return `${idProperty}\u0000${idProperty === 'email' ? value.trim().toLowerCase() : value}`;
}
