import type { Router } from 'express';
import { SalesforceApiError } from '../http/errors.ts';
import { isObject } from '../http/body.ts';
import { restRoute, type ApiRequest, type Pipeline } from '../http/pipeline.ts';
import { LIMITS } from '../config.ts';
import { serializeRecord } from '../records/serialize.ts';
import { isUpsertKey, upsertRecord } from '../records/upsert.ts';
import { saveError } from '../records/values.ts';
import { canonicalId } from '../store/ids.ts';
import {
  collectionBody,
  collectionJson,
  createAll,
  deleteAll,
  runCollection,
  updateAll,
  type CollectionResult,
} from './collections-write.ts';
import { objectStore } from './context.ts';
import { requestedFields } from './sobjects.ts';

/**
 * sObject Collections (`/composite/sobjects`): POST create, PATCH update, PATCH
 * `/{Type}/{ExternalIdField}` upsert, DELETE `?ids=`, and retrieve by ids with GET
 * `/{Type}?ids=&fields=` or POST `/{Type}` `{ids, fields}` (what jsforce's retrieve sends).
 */
export function registerCollectionRoutes(router: Router, pipeline: Pipeline): void {
  const base = '/services/data/:version/composite/sobjects';
  const options = { kind: 'write', collection: true } as const;
  const ok = (body: unknown) => ({ status: 200, body });
  const written = (results: CollectionResult[]) => ({ status: 200, json: collectionJson(results) });

  router.post(
    base,
    restRoute(pipeline, options, (request) => written(createAll(pipeline, request))),
  );
  router.patch(
    base,
    restRoute(pipeline, options, (request) => written(updateAll(pipeline, request))),
  );
  router.delete(
    base,
    restRoute(pipeline, options, (request) => written(deleteAll(pipeline, request))),
  );
  router.patch(
    `${base}/:type/:field`,
    restRoute(pipeline, options, (request) => written(upsertAll(pipeline, request))),
  );

  router.get(
    `${base}/:type`,
    restRoute(pipeline, { kind: 'read' }, (request) => {
      const ids = (request.query.get('ids') ?? '').split(',').filter((id) => id !== '');
      const fields = request.query.get('fields');
      if (ids.length === 0 || fields === null) {
        throw new SalesforceApiError(
          400,
          'MISSING_ARGUMENT',
          'Both ids and fields query parameters are required',
        );
      }
      return ok(retrieve(pipeline, request, ids, fields));
    }),
  );

  router.post(
    `${base}/:type`,
    restRoute(pipeline, { kind: 'read' }, (request) => {
      const body = request.body;
      if (!isObject(body) || !Array.isArray(body.ids) || !Array.isArray(body.fields)) {
        throw new SalesforceApiError(400, 'MISSING_ARGUMENT', 'Both ids and fields are required');
      }
      if (body.ids.length > LIMITS.collectionRetrieveIds) {
        throw new SalesforceApiError(
          400,
          'EXCEEDED_ID_LIMIT',
          `record limit reached. cannot submit more than ${LIMITS.collectionRetrieveIds} records into this call`,
        );
      }
      return ok(
        retrieve(pipeline, request, body.ids.map(String), body.fields.map(String).join(',')),
      );
    }),
  );
}

/** Records in the order of `ids`; null for an id that is malformed, of another type, missing or deleted. */
function retrieve(
  pipeline: Pipeline,
  request: ApiRequest,
  ids: readonly string[],
  fieldList: string,
) {
  const store = objectStore(pipeline, request.params.type);
  const fields = requestedFields(store.schema, fieldList);
  return ids.map((raw) => {
    const id = canonicalId(raw);
    const record = id === undefined ? undefined : store.get(id);
    return record === undefined || record.deleted
      ? null
      : serializeRecord(record, fields, request.version);
  });
}

export function upsertAll(pipeline: Pipeline, request: ApiRequest) {
  const store = objectStore(pipeline, request.params.type);
  const field = store.schema.field(request.params.field!);
  if (!isUpsertKey(field)) {
    throw new SalesforceApiError(
      400,
      'INVALID_FIELD',
      `Field name provided, ${request.params.field} does not match an External ID, Salesforce Id, or indexed field for ${store.schema.name}`,
    );
  }
  const { allOrNone, records } = collectionBody(request.body);
  const lower = field.name.toLowerCase();
  const keyOf = (record: Record<string, unknown>) => {
    let key: string | undefined = Object.hasOwn(record, field.name) ? field.name : undefined;
    if (key === undefined)
      for (const name in record) if (name.toLowerCase() === lower) key ??= name;
    const value = key === undefined ? undefined : record[key];
    return value === undefined || value === null ? '' : String(value);
  };
  const values = records.map(keyOf);
  const duplicates = duplicateKeys(values);
  const typeName = store.schema.name;
  return runCollection(
    pipeline,
    request,
    records.length,
    allOrNone,
    (index, ctx) => {
      const record = records[index]!;
      const type = (record.attributes as { type: string }).type;
      if (type !== typeName && type.toLowerCase() !== typeName.toLowerCase()) {
        return {
          success: false,
          errors: [
            saveError(
              'INVALID_TYPE',
              `Record type ${type} does not match the sObject type ${store.schema.name} of the request`,
            ),
          ],
        };
      }
      const value = values[index]!;
      if (value === '' && field.type !== 'id') {
        return {
          success: false,
          errors: [saveError('MISSING_ARGUMENT', `${field.name} not specified`, [field.name])],
        };
      }
      if (duplicates !== undefined && duplicates.has(value.toLowerCase())) {
        return {
          success: false,
          errors: [
            saveError('DUPLICATE_EXTERNAL_ID', `Duplicate external id specified: ${value}`, [
              field.name,
            ]),
          ],
        };
      }
      return upsertRecord(ctx, store, field, value, record, lower);
    },
    { upsert: true },
  );
}

/**
 * The external id values (lower-case) sent more than once in one call, or undefined when none
 * is: every record naming such a value fails with DUPLICATE_EXTERNAL_ID. One Set probe per
 * record (a value seen before leaves the size unchanged), and none more when all are distinct.
 */
function duplicateKeys(values: readonly string[]): Set<string> | undefined {
  const seen = new Set<string>();
  let duplicates: Set<string> | undefined;
  for (const value of values) {
    if (value === '') continue;
    const key = value.toLowerCase();
    const size = seen.size;
    seen.add(key);
    if (seen.size === size) (duplicates ??= new Set()).add(key);
  }
  return duplicates;
}
