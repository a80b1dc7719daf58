import type { ApiRequest, Pipeline } from '../http/pipeline.ts';
import { SalesforceApiError } from '../http/errors.ts';
import { isObject } from '../http/body.ts';
import { lockMessage } from '../http/faults.ts';
import { LIMITS } from '../config.ts';
import { deleteRecord } from '../records/delete.ts';
import {
  createRecord,
  findRecord,
  updateRecord,
  type SaveOutcome,
  type WriteContext,
} from '../records/save.ts';
import { KeyMemo } from '../records/prepare.ts';
import { UndoLog } from '../records/undo.ts';
import { saveError, type SaveError } from '../records/values.ts';
import { writeContext } from './context.ts';

/**
 * The write side of sObject Collections, shared by create, update, upsert and delete: at most
 * 200 records, results in input order, `allOrNone` rolling back every write when one record
 * fails (the others then answer ALL_OR_NONE_OPERATION_ROLLED_BACK), and an injected row lock
 * failing every record with UNABLE_TO_LOCK_ROW.
 */
export interface CollectionResult {
  id?: string;
  success: boolean;
  errors: readonly SaveError[];
  created?: boolean;
}

/** The errors of every saved record: one frozen empty list instead of one per record. */
const NO_ERRORS: readonly SaveError[] = Object.freeze([]);

/** Writes record `index` of the call; `ctx` is shared by every record of the call. */
export type RecordWrite = (index: number, ctx: WriteContext) => SaveOutcome;

const ROLLED_BACK = saveError(
  'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  'Record rolled back because not all records were valid and the request was using AllOrNone header',
);

export const tooManyRecords = () =>
  new SalesforceApiError(
    400,
    'EXCEEDED_ID_LIMIT',
    `record limit reached. cannot submit more than ${LIMITS.collectionRecords} records into this call`,
  );

/** `{allOrNone, records}` from a create/update/upsert body. */
export function collectionBody(body: unknown): {
  allOrNone: boolean;
  records: Record<string, unknown>[];
} {
  if (!isObject(body) || !Array.isArray(body.records)) {
    throw new SalesforceApiError(400, 'INVALID_FIELD', "The 'records' field is required");
  }
  if (body.records.length > LIMITS.collectionRecords) throw tooManyRecords();
  if (body.allOrNone !== undefined && typeof body.allOrNone !== 'boolean') {
    throw new SalesforceApiError(
      400,
      'JSON_PARSER_ERROR',
      `Cannot deserialize instance of boolean from VALUE_STRING value ${String(body.allOrNone)} or request may be missing a required field`,
    );
  }
  for (const record of body.records) {
    if (
      !isObject(record) ||
      !isObject(record.attributes) ||
      typeof record.attributes.type !== 'string'
    ) {
      throw new SalesforceApiError(400, 'INVALID_TYPE', 'Must send a concrete entity type.');
    }
  }
  return { allOrNone: body.allOrNone === true, records: body.records as Record<string, unknown>[] };
}

export function runCollection(
  pipeline: Pipeline,
  request: ApiRequest,
  count: number,
  allOrNone: boolean,
  write: RecordWrite,
  options: { upsert?: boolean; lockIds?: (index: number) => string | undefined } = {},
): CollectionResult[] {
  if (request.lockFault) {
    return Array.from({ length: count }, (_, index) => {
      const id = options.lockIds?.(index);
      return {
        ...(id === undefined ? {} : { id }),
        success: false,
        errors: [saveError('UNABLE_TO_LOCK_ROW', lockMessage(id))],
      };
    });
  }
  const undo = allOrNone ? new UndoLog() : undefined;
  // One save time for the whole call: its records share their audit timestamps (one clock read).
  const ctx = {
    ...writeContext(pipeline, request, undo),
    now: pipeline.state.now(),
    keys: { create: new KeyMemo(), update: new KeyMemo() },
  };
  const outcomes: SaveOutcome[] = new Array<SaveOutcome>(count);
  for (let index = 0; index < count; index += 1) outcomes[index] = write(index, ctx);
  const anyFailed = outcomes.some((outcome) => !outcome.success);
  if (anyFailed && undo !== undefined) undo.rollback();
  return outcomes.map((outcome) => {
    if (!outcome.success)
      return {
        ...(outcome.id === undefined ? {} : { id: outcome.id }),
        success: false,
        errors: outcome.errors,
      };
    if (anyFailed && allOrNone) {
      return {
        ...(outcome.created ? {} : { id: outcome.id }),
        success: false,
        errors: [ROLLED_BACK],
      };
    }
    return options.upsert === true
      ? { id: outcome.id, success: true, errors: NO_ERRORS, created: outcome.created }
      : { id: outcome.id, success: true, errors: NO_ERRORS };
  });
}

/**
 * The answer's JSON, as JSON.stringify would write it, from a template for the common case (a
 * saved record: its id is 18 letters and digits, nothing to escape): 4× quicker for 200.
 */
export function collectionJson(results: readonly CollectionResult[]): string {
  let json = '[';
  for (let i = 0; i < results.length; i += 1) {
    const result = results[i]!;
    if (i > 0) json += ',';
    if (result.success && result.errors.length === 0 && result.id !== undefined) {
      const created =
        result.created === undefined ? '' : result.created ? ',"created":true' : ',"created":false';
      json += `{"id":"${result.id}","success":true,"errors":[]${created}}`;
    } else json += JSON.stringify(result);
  }
  return `${json}]`;
}

export function createAll(pipeline: Pipeline, request: ApiRequest): CollectionResult[] {
  const { allOrNone, records } = collectionBody(request.body);
  return runCollection(pipeline, request, records.length, allOrNone, (index, ctx) => {
    const record = records[index]!;
    const type = (record.attributes as { type: string }).type;
    const store = pipeline.state.store(type);
    if (store === undefined) return unsupported(type);
    if (idKey(record) !== undefined) {
      return {
        success: false,
        errors: [
          saveError('INVALID_FIELD_FOR_INSERT_UPDATE', 'cannot specify Id in an insert call', [
            'Id',
          ]),
        ],
      };
    }
    return createRecord(ctx, store, record);
  });
}

export function updateAll(pipeline: Pipeline, request: ApiRequest): CollectionResult[] {
  const { allOrNone, records } = collectionBody(request.body);
  const idOf = (record: Record<string, unknown>) => {
    const key = idKey(record);
    return key === undefined ? undefined : String(record[key]);
  };
  return runCollection(
    pipeline,
    request,
    records.length,
    allOrNone,
    (index, ctx) => {
      const record = records[index]!;
      const id = idOf(record);
      if (id === undefined || id === '') {
        return {
          success: false,
          errors: [saveError('MISSING_ARGUMENT', 'Id not specified in an update call')],
        };
      }
      const type = (record.attributes as { type: string }).type;
      const expected = pipeline.state.store(type);
      if (expected === undefined) return unsupported(type);
      const found = findRecord(pipeline.state, id, expected);
      if ('error' in found) return { success: false, errors: [found.error] };
      return updateRecord(ctx, found.store, found.record, record);
    },
    { lockIds: (index) => idOf(records[index]!) },
  );
}

export function deleteAll(pipeline: Pipeline, request: ApiRequest): CollectionResult[] {
  const ids = (request.query.get('ids') ?? '').split(',').filter((id) => id !== '');
  if (ids.length === 0)
    throw new SalesforceApiError(400, 'MISSING_ARGUMENT', 'ids parameter is required');
  if (ids.length > LIMITS.collectionRecords) throw tooManyRecords();
  const allOrNone = request.query.get('allOrNone') === 'true';
  return runCollection(
    pipeline,
    request,
    ids.length,
    allOrNone,
    (index, ctx) => deleteRecord(ctx, ids[index]!),
    {
      lockIds: (index) => ids[index],
    },
  );
}

/** The key a record body names its Id by (any case; `Id` as clients send it is checked first). */
export function idKey(record: Record<string, unknown>): string | undefined {
  if (Object.hasOwn(record, 'Id')) return 'Id';
  for (const key in record) if (key.length === 2 && key.toLowerCase() === 'id') return key;
  return undefined;
}

function unsupported(type: string): SaveOutcome {
  return {
    success: false,
    errors: [saveError('INVALID_TYPE', `sObject type '${type}' is not supported.`)],
  };
}
