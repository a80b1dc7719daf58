import type { Router } from 'express';
import { SalesforceApiError, notFound } from '../http/errors.ts';
import { restRoute, type Pipeline } from '../http/pipeline.ts';
import { deleteRecord } from '../records/delete.ts';
import { serializeRecord } from '../records/serialize.ts';
import { isUpsertKey, liveMatches, upsertRecord } from '../records/upsert.ts';
import type { FieldDef } from '../schema/fields.ts';
import type { ObjectStore } from '../store/object-store.ts';
import { objectStore, recordBody, saveFailure, writeContext } from './context.ts';
import { recordUrl } from '../records/serialize.ts';
import { requestedFields } from './sobjects.ts';

/**
 * sObject Rows by External ID: `/sobjects/{Type}/{ExternalIdField}/{value}`. PATCH upserts —
 * 201 `{id, success, errors, created: true}` for a new record, 200 with `created: false` for an
 * update (API 46.0+), 300 with the matching records' URLs when the value is not unique.
 */
function keyField(store: ObjectStore, name: string): FieldDef {
  const field = store.schema.field(name);
  if (!isUpsertKey(field)) {
    throw new SalesforceApiError(
      404,
      'NOT_FOUND',
      `Provided external ID field does not exist or is not accessible: ${name}`,
    );
  }
  return field;
}

export function registerExternalIdRoutes(router: Router, pipeline: Pipeline): void {
  const path = '/services/data/:version/sobjects/:type/:field/:value';

  router.get(
    path,
    restRoute(pipeline, { kind: 'read' }, ({ params, query, version }) => {
      const store = objectStore(pipeline, params.type);
      const field = keyField(store, params.field!);
      const matches = liveMatches(store, field, params.value!);
      if (matches.length === 0) throw notFound();
      if (matches.length > 1)
        return {
          status: 300,
          body: matches.map((record) => recordUrl(version, record.type, record.id)),
        };
      return {
        status: 200,
        body: serializeRecord(
          matches[0]!,
          requestedFields(store.schema, query.get('fields')),
          version,
        ),
      };
    }),
  );

  router.patch(
    path,
    restRoute(pipeline, { kind: 'write' }, (request) => {
      const { params, query, version } = request;
      const store = objectStore(pipeline, params.type);
      const field = keyField(store, params.field!);
      const matches = liveMatches(store, field, params.value!);
      if (matches.length > 1)
        return {
          status: 300,
          body: matches.map((record) => recordUrl(version, record.type, record.id)),
        };
      if (matches.length === 0 && query.get('updateOnly') === 'true') throw notFound();
      const outcome = upsertRecord(
        writeContext(pipeline, request),
        store,
        field,
        params.value!,
        recordBody(request.body),
      );
      if (!outcome.success) throw saveFailure(outcome);
      return {
        status: outcome.created ? 201 : 200,
        body: { id: outcome.id, success: true, errors: [], created: outcome.created },
      };
    }),
  );

  router.delete(
    path,
    restRoute(pipeline, { kind: 'write' }, (request) => {
      const store = objectStore(pipeline, request.params.type);
      const field = keyField(store, request.params.field!);
      const matches = liveMatches(store, field, request.params.value!);
      if (matches.length === 0) throw notFound();
      if (matches.length > 1) {
        return {
          status: 300,
          body: matches.map((record) => recordUrl(request.version, record.type, record.id)),
        };
      }
      const outcome = deleteRecord(writeContext(pipeline, request), matches[0]!.id, store);
      if (!outcome.success) throw saveFailure(outcome);
      return { status: 204 };
    }),
  );
}
