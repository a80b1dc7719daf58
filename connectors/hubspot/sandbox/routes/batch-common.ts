import { LIMITS } from '../config.ts';
import { isRecord } from '../http/body.ts';
import { validationError } from '../http/respond.ts';

/**
 * Shared pieces of HubSpot's batch endpoints: `{inputs: [...]}` bodies of at most 100 inputs
 * (50 when property history is requested), and the `{status: "COMPLETE", results, startedAt,
 * completedAt}` envelope that gains `numErrors` and `errors[]` on partial failure.
 *
 * Inputs are checked by hand rather than with zod: a 100-input batch is the benchmark's hot
 * path and only a handful of fields matter.
 */
export function batchInputs(
  body: unknown,
  max: number = LIMITS.batchInputs,
): Record<string, unknown>[] {
  if (!isRecord(body) || !Array.isArray(body.inputs))
    throw validationError(
      'Invalid input JSON on line 1, column 1: Cannot build BatchInput, some of required attributes are not set [inputs]',
    );
  const inputs = body.inputs;
  if (inputs.length > max) {
    const what =
      max === LIMITS.batchInputsWithHistory
        ? 'a batch request for property histories'
        : 'a batch request';
    throw validationError(
      `The maximum number of inputs supported in ${what} is ${max}. Please reduce the number of items and try again`,
    );
  }
  for (const input of inputs)
    if (!isRecord(input)) throw validationError('Invalid input JSON: each input must be an object');
  return inputs as Record<string, unknown>[];
}

export interface BatchEnvelope<T> {
  status: 'COMPLETE';
  results: T[];
  numErrors?: number;
  errors?: unknown[];
  startedAt: string;
  completedAt: string;
}

export function batchEnvelope<T>(
  startedAt: string,
  nowMs: number,
  results: T[],
  errors: readonly unknown[],
): BatchEnvelope<T> {
  const envelope: BatchEnvelope<T> = {
    status: 'COMPLETE',
    results,
    startedAt,
    completedAt: new Date(nowMs).toISOString(),
  };
  if (errors.length > 0) {
    envelope.numErrors = errors.length;
    envelope.errors = [...errors];
  }
  return envelope;
}

/** The id an input names: a string, or a number HubSpot accepts in its place. */
export const inputId = (raw: unknown): string | undefined =>
  typeof raw === 'string' ? raw : typeof raw === 'number' ? String(raw) : undefined;

export const duplicateIdsError = (ids: readonly string[]) =>
  validationError(`Duplicate IDs found in batch input: [${ids.join(', ')}]`);

/** Batch update and read refuse the same id twice in one request. */
export function refuseDuplicates(ids: readonly string[]): void {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) duplicates.add(id);
    seen.add(id);
  }
  if (duplicates.size > 0) throw duplicateIdsError([...duplicates]);
}

/** `objectWriteTraceId` on every input turns on multi-status answers (207) for writes. */
export const traceIdOf = (input: Record<string, unknown>): string | undefined =>
  typeof input.objectWriteTraceId === 'string' ? input.objectWriteTraceId : undefined;
