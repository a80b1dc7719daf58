import type { ApiRequest, Pipeline } from '../http/pipeline.ts';
import { SalesforceApiError, notFound } from '../http/errors.ts';
import type { SaveOutcome, WriteContext } from '../records/save.ts';
import type { UndoLog } from '../records/undo.ts';
import type { ObjectStore } from '../store/object-store.ts';

/** Helpers the REST routes share: the object a path names, the write context of a request. */
export function objectStore(pipeline: Pipeline, type: string | undefined): ObjectStore {
  const store = type === undefined ? undefined : pipeline.state.store(type);
  if (store === undefined) throw notFound();
  return store;
}

/**
 * `Sforce-Auto-Assign`: TRUE or FALSE (any case) or an AssignmentRule id; REST applies the
 * active assignment rule when the header is absent.
 */
export function autoAssign(request: ApiRequest): boolean {
  const header = request.headers['sforce-auto-assign'];
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  return value === undefined || value.toUpperCase() !== 'FALSE';
}

export function writeContext(
  pipeline: Pipeline,
  request: ApiRequest,
  undo?: UndoLog,
): WriteContext {
  return {
    state: pipeline.state,
    userId: request.session.userId,
    autoAssign: autoAssign(request),
    ...(undo === undefined ? {} : { undo }),
  };
}

/** A single-record write that failed: 400 with the record's errors as the body. */
export function saveFailure(outcome: Extract<SaveOutcome, { success: false }>): SalesforceApiError {
  const [first] = outcome.errors;
  const error = new SalesforceApiError(400, first!.statusCode, first!.message, first!.fields);
  return error;
}

/** The body of a single-record write must be a JSON object. */
export function recordBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new SalesforceApiError(
      400,
      'JSON_PARSER_ERROR',
      'Cannot deserialize instance of sobject from START_ARRAY value [ or request may be missing a required field',
    );
  }
  return body as Record<string, unknown>;
}
