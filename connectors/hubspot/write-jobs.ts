import type { FieldValue, WriteFailure, WriteRequest } from '../../src/sync/connector.ts';
import { CLEAR_BEFORE_FORCED_SET, type HubspotObject } from './properties.ts';

/**
 * What one write request becomes on HubSpot's side: its target (update by id, upsert by a
 * unique property, archive) and the property strings to send. Pure; write.ts sends them.
 */
export type Target =
  | { readonly kind: 'update'; readonly id: string }
  | { readonly kind: 'upsert'; readonly idProperty: string; readonly value: string }
  | { readonly kind: 'archive'; readonly id: string };

export interface Job {
  /** Position of the request in the caller's list. */
  readonly index: number;
  readonly target: Target;
  readonly properties: Readonly<Record<string, string>>;
  /** `objectWriteTraceId`: HubSpot echoes it on the result or error of this input. */
  readonly traceId: string;
}

export type JobResult =
  | { readonly ok: true; readonly id: string; readonly created: boolean }
  | { readonly ok: false; readonly error: WriteFailure };

/** HubSpot stores every value as a string; an empty string clears the property. */
export function propertyText(value: FieldValue): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}

const invalid = (code: string, message: string): WriteFailure => ({
  kind: 'invalid_record',
  code,
  message,
});

/**
 * Creates go through batch upsert on a unique property, never batch create: a create batch is
 * all-or-nothing and one existing email fails it with 409, and a retried create would
 * duplicate. The key is the request's upsertKey, else its leadloop_id, else its email.
 */
export function targetOf(object: HubspotObject, request: WriteRequest): Target | WriteFailure {
  switch (request.action) {
    case 'update':
    case 'delete':
      if (request.id === undefined || !/^\d+$/.test(request.id)) {
        return invalid('MISSING_ID', `A HubSpot ${request.action} needs the record's numeric id`);
      }
      return { kind: request.action === 'update' ? 'update' : 'archive', id: request.id };
    case 'upsert':
    case 'create': {
      const key = request.upsertKey ?? keyFromFields(request);
      if (key === undefined || key.value.trim() === '') {
        return invalid(
          'MISSING_UPSERT_KEY',
          `A HubSpot ${object} ${request.action} needs a unique key (upsertKey, or a leadloop_id or email value) so that a retry never creates a duplicate`,
        );
      }
      return { kind: 'upsert', idProperty: key.field, value: key.value };
    }
  }
}

function keyFromFields(request: WriteRequest): { field: string; value: string } | undefined {
  for (const field of ['leadloop_id', 'email']) {
    const value = request.fields[field];
    if (typeof value === 'string' && value.trim() !== '') return { field, value };
  }
  return undefined;
}

export function isFailure(value: Target | WriteFailure): value is WriteFailure {
  return 'code' in value;
}

/** The same record, as HubSpot resolves inputs (emails without regard to case). */
export function targetKey(target: Target): string {
  switch (target.kind) {
    case 'update':
    case 'archive':
      return `id\u0000${target.id}`;
    case 'upsert':
      return `${target.idProperty}\u0000${target.idProperty === 'email' ? target.value.toLowerCase() : target.value}`;
  }
}

/** The clear-first request of a forced backward move, or undefined when none is needed. */
export function clearJob(index: number, target: Target, request: WriteRequest): Job | undefined {
  if (target.kind === 'archive') return undefined;
  const cleared = (request.forceFields ?? []).filter(
    (field) =>
      CLEAR_BEFORE_FORCED_SET.has(field) && propertyText(request.fields[field] ?? null) !== '',
  );
  if (cleared.length === 0) return undefined;
  return {
    index,
    target,
    properties: Object.fromEntries(cleared.map((field) => [field, ''])),
    traceId: String(index),
  };
}

export function mainJob(index: number, target: Target, request: WriteRequest): Job {
  const properties: Record<string, string> = {};
  for (const [field, value] of Object.entries(request.fields))
    properties[field] = propertyText(value);
  return { index, target, properties, traceId: String(index) };
}

/**
 * Batches of at most `size` with one input per record: HubSpot refuses a batch naming a
 * record twice, and a later request for the same record goes in a later batch so it wins.
 */
export function chunkJobs(jobs: readonly Job[], size: number): Job[][] {
  const chunks: { jobs: Job[]; keys: Set<string> }[] = [];
  for (const job of jobs) {
    const key = targetKey(job.target);
    const lastWithKey = chunks.findLastIndex((c) => c.keys.has(key));
    let chunk = chunks.slice(lastWithKey + 1).find((c) => c.jobs.length < size);
    if (chunk === undefined) {
      chunk = { jobs: [], keys: new Set() };
      chunks.push(chunk);
    }
    chunk.jobs.push(job);
    chunk.keys.add(key);
  }
  return chunks.map((chunk) => chunk.jobs);
}

/** The record id of an update or archive job. */
export function recordId(job: Job): string {
  if (job.target.kind === 'upsert') throw new TypeError('an upsert job has no record id');
  return job.target.id;
}

/** The unique property and value of an upsert job. */
export function upsertKeyOf(job: Job): { readonly idProperty: string; readonly value: string } {
  if (job.target.kind !== 'upsert')
    throw new TypeError(`a ${job.target.kind} job has no upsert key`);
  return job.target;
}

/** Update, upsert-by-email, upsert-by-leadloop_id and archive go to different endpoints/shapes. */
export function groupKey(target: Target): string {
  return target.kind === 'upsert' ? `upsert:${target.idProperty}` : target.kind;
}
