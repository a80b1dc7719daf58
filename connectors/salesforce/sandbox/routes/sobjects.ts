import type { Router } from 'express';
import { SalesforceApiError, notFound } from '../http/errors.ts';
import { restRoute, type Pipeline } from '../http/pipeline.ts';
import { deleteRecord } from '../records/delete.ts';
import { createRecord, findRecord, updateRecord } from '../records/save.ts';
import { serializeRecord } from '../records/serialize.ts';
import { describeGlobalEntry, describeObject } from '../schema/describe.ts';
import type { FieldDef } from '../schema/fields.ts';
import type { ObjectSchema } from '../schema/registry.ts';
import { objectStore, recordBody, saveFailure, writeContext } from './context.ts';

/**
 * sObject resources: describeGlobal, describe, and one record by id — create (201), read
 * (`?fields=`), update (204), delete (204). Ids that cannot be ids answer as Salesforce does for
 * this ambiguous path: as an unknown external id field.
 */
export const noSuchColumn = (name: string, entity: string) =>
  `No such column '${name}' on entity '${entity}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`;

/** `?fields=A,B` (or every field the user can see). */
export function requestedFields(schema: ObjectSchema, list: string | null): FieldDef[] {
  if (list === null || list.trim() === '') return schema.fields();
  return list.split(',').map((name) => {
    const field = schema.field(name.trim());
    if (field === undefined)
      throw new SalesforceApiError(400, 'INVALID_FIELD', noSuchColumn(name.trim(), schema.name));
    return field;
  });
}

export function registerSObjectRoutes(router: Router, pipeline: Pipeline): void {
  const { state } = pipeline;
  const base = '/services/data/:version/sobjects';

  router.get(
    base,
    restRoute(pipeline, { kind: 'read' }, ({ version }) => ({
      status: 200,
      body: {
        encoding: 'UTF-8',
        maxBatchSize: 200,
        sobjects: state.schema.objects().map((schema) => describeGlobalEntry(schema, version)),
      },
    })),
  );

  router.get(
    `${base}/:type/describe`,
    restRoute(pipeline, { kind: 'read' }, ({ params, version }) => ({
      status: 200,
      body: describeObject(objectStore(pipeline, params.type).schema, version),
    })),
  );

  router.get(
    `${base}/:type`,
    restRoute(pipeline, { kind: 'read' }, ({ params, version }) => ({
      status: 200,
      body: {
        objectDescribe: describeGlobalEntry(objectStore(pipeline, params.type).schema, version),
        recentItems: [],
      },
    })),
  );

  router.post(
    `${base}/:type`,
    restRoute(pipeline, { kind: 'write' }, (request) => {
      const store = objectStore(pipeline, request.params.type);
      const outcome = createRecord(
        writeContext(pipeline, request),
        store,
        recordBody(request.body),
      );
      if (!outcome.success) throw saveFailure(outcome);
      return { status: 201, body: { id: outcome.id, success: true, errors: [] } };
    }),
  );

  router.get(
    `${base}/:type/:id`,
    restRoute(pipeline, { kind: 'read' }, ({ params, query, version }) => {
      const store = objectStore(pipeline, params.type);
      const found = findRecord(state, params.id!, store);
      if ('error' in found) throw unknownIdOrField(found.error.statusCode, params.id!);
      if (found.record.deleted) throw notFound();
      return {
        status: 200,
        body: serializeRecord(
          found.record,
          requestedFields(store.schema, query.get('fields')),
          version,
        ),
      };
    }),
  );

  router.patch(
    `${base}/:type/:id`,
    restRoute(pipeline, { kind: 'write' }, (request) => {
      const store = objectStore(pipeline, request.params.type);
      const found = findRecord(state, request.params.id!, store);
      if ('error' in found) throw unknownIdOrField(found.error.statusCode, request.params.id!);
      if (found.record.deleted)
        throw new SalesforceApiError(404, 'ENTITY_IS_DELETED', 'entity is deleted', []);
      const outcome = updateRecord(
        writeContext(pipeline, request),
        store,
        found.record,
        recordBody(request.body),
      );
      if (!outcome.success) throw saveFailure(outcome);
      return { status: 204 };
    }),
  );

  router.delete(
    `${base}/:type/:id`,
    restRoute(pipeline, { kind: 'write' }, (request) => {
      const store = objectStore(pipeline, request.params.type);
      const found = findRecord(state, request.params.id!, store);
      if ('error' in found) throw unknownIdOrField(found.error.statusCode, request.params.id!);
      if (found.record.deleted)
        throw new SalesforceApiError(404, 'ENTITY_IS_DELETED', 'entity is deleted', []);
      const outcome = deleteRecord(writeContext(pipeline, request), found.record.id, store);
      if (!outcome.success) throw saveFailure(outcome);
      return { status: 204 };
    }),
  );
}

function unknownIdOrField(statusCode: string, raw: string): SalesforceApiError {
  return statusCode === 'MALFORMED_ID'
    ? new SalesforceApiError(
        404,
        'NOT_FOUND',
        `Provided external ID field does not exist or is not accessible: ${raw}`,
      )
    : notFound();
}
