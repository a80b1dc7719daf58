import type { Router } from 'express';
import { LIMITS, type ObjectTypeName } from '../config.ts';
import { isRecord } from '../http/body.ts';
import { apiRoute, type ApiRequest, type Pipeline } from '../http/pipeline.ts';
import { HubspotApiError, notFoundError, validationError } from '../http/respond.ts';
import { conflictError, invalidPropertiesError } from '../objects/errors.ts';
import { checkIdProperty, findRecord, objectType } from '../objects/resolve.ts';
import {
  listParam,
  propertyNames,
  serializeRecord,
  writeResultNames,
  type SerializedRecord,
} from '../objects/serialize.ts';
import { apiSource } from '../objects/source.ts';
import {
  applyValues,
  archiveRecord,
  createRecord,
  findConflict,
  prepareProperties,
} from '../objects/write.ts';
import type { HubspotState } from '../state.ts';
import { associateOnCreate, v3Associations } from './associations.ts';

/**
 * `/crm/v3/objects/{objectType}`: list (paged by record id), get (by id or a unique property),
 * create (201), update (PATCH, 200) and archive (204).
 */
const intParam = (query: URLSearchParams, name: string, fallback: number): number => {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw validationError(`Unable to parse value for query parameter: ${name}`);
  return value;
};

function list(state: HubspotState, baseUrl: () => string, request: ApiRequest) {
  const type = objectType(request.params.objectType);
  const history = listParam(request.query, 'propertiesWithHistory');
  const max = history === undefined ? LIMITS.listPage : LIMITS.listPageWithHistory;
  const limit = Math.min(Math.max(intParam(request.query, 'limit', 10), 1), max);
  const after = intParam(request.query, 'after', 0);
  const archived = request.query.get('archived') === 'true';
  const names = propertyNames(state, type, listParam(request.query, 'properties'));
  const store = state.stores[type];
  const results = [];
  let next: number | undefined;
  for (const id of store.idsFrom(after)) {
    const record = store.get(id)!;
    if (record.archived !== archived) continue;
    if (results.length === limit) {
      next = id;
      break;
    }
    results.push(
      withAssociations(
        state,
        type,
        serializeRecord(state, type, record, names, history),
        record.id,
        request,
      ),
    );
  }
  const paging =
    next === undefined
      ? undefined
      : {
          next: {
            after: String(next),
            link: `${baseUrl()}/crm/v3/objects/${type}?limit=${limit}&after=${next}`,
          },
        };
  return { status: 200, body: paging === undefined ? { results } : { results, paging } };
}

function withAssociations(
  state: HubspotState,
  type: ObjectTypeName,
  body: SerializedRecord,
  id: number,
  request: ApiRequest,
): SerializedRecord {
  const requested = listParam(request.query, 'associations');
  const associations =
    requested === undefined ? undefined : v3Associations(state, type, id, requested);
  if (associations !== undefined) body.associations = associations;
  return body;
}

function get(state: HubspotState, request: ApiRequest) {
  const type = objectType(request.params.objectType);
  const idProperty = request.query.get('idProperty') ?? undefined;
  checkIdProperty(state, type, idProperty);
  const record = findRecord(
    state,
    type,
    request.params.objectId!,
    idProperty,
    request.query.get('archived') === 'true',
  );
  if (record === undefined) throw notFoundError();
  const names = propertyNames(state, type, listParam(request.query, 'properties'));
  const history = listParam(request.query, 'propertiesWithHistory');
  const body = serializeRecord(state, type, record, names, history);
  return { status: 200, body: withAssociations(state, type, body, record.id, request) };
}

function create(state: HubspotState, request: ApiRequest) {
  const type = objectType(request.params.objectType);
  const body = isRecord(request.body) ? request.body : {};
  const source = apiSource(request.appId);
  const prepared = prepareProperties(state, type, body.properties ?? {}, source);
  if (prepared.issues.length > 0) throw invalidPropertiesError(prepared.issues);
  const conflict = findConflict(state, type, prepared.values, undefined);
  if (conflict !== undefined)
    throw conflictFor(state, type, conflict.existingId, conflict.property);
  const now = state.now();
  const associate = associateOnCreate(state, type, body.associations);
  const record = createRecord(state, type, prepared.values, source, now);
  associate(record.id);
  const names = writeResultNames(
    state,
    type,
    prepared.values.map(([name]) => name),
  );
  return { status: 201, body: serializeRecord(state, type, record, names) };
}

function update(state: HubspotState, request: ApiRequest) {
  const type = objectType(request.params.objectType);
  const idProperty = request.query.get('idProperty') ?? undefined;
  checkIdProperty(state, type, idProperty);
  const record = findRecord(state, type, request.params.objectId!, idProperty);
  if (record === undefined) throw notFoundError();
  const body = isRecord(request.body) ? request.body : {};
  const source = apiSource(request.appId);
  const prepared = prepareProperties(state, type, body.properties ?? {}, source);
  if (prepared.issues.length > 0) throw invalidPropertiesError(prepared.issues);
  const conflict = findConflict(state, type, prepared.values, record.id);
  if (conflict !== undefined)
    throw conflictFor(state, type, conflict.existingId, conflict.property);
  applyValues(state, type, record, prepared.values, source, state.now());
  const names = writeResultNames(
    state,
    type,
    prepared.values.map(([name]) => name),
  );
  return { status: 200, body: serializeRecord(state, type, record, names) };
}

function archive(state: HubspotState, request: ApiRequest) {
  const type = objectType(request.params.objectType);
  const record = findRecord(state, type, request.params.objectId!, undefined);
  // HubSpot answers 204 whether or not the record existed.
  if (record !== undefined)
    archiveRecord(state, type, record, apiSource(request.appId), state.now());
  return { status: 204 };
}

/** Email collisions are 409 "Contact already exists"; other unique properties are invalid values. */
export function conflictFor(
  state: HubspotState,
  type: ObjectTypeName,
  existingId: number,
  property: string,
): HubspotApiError {
  if (property === 'email') return conflictError(state.stores[type].spec, existingId);
  return invalidPropertiesError([
    {
      error: 'CONFLICTING_UNIQUE_VALUE',
      name: property,
      message: `Another object (${existingId}) already has this value for the unique property ${property}`,
    },
  ]);
}

export function registerBasicRoutes(router: Router, pipeline: Pipeline, state: HubspotState): void {
  const base = '/crm/v3/objects/:objectType';
  const baseUrl = () => pipeline.context.baseUrl();
  router.get(
    base,
    apiRoute(pipeline, { kind: 'read' }, (request) => list(state, baseUrl, request)),
  );
  router.post(
    base,
    apiRoute(pipeline, { kind: 'write' }, (request) => create(state, request)),
  );
  router.get(
    `${base}/:objectId`,
    apiRoute(pipeline, { kind: 'read' }, (request) => get(state, request)),
  );
  router.patch(
    `${base}/:objectId`,
    apiRoute(pipeline, { kind: 'write' }, (request) => update(state, request)),
  );
  router.delete(
    `${base}/:objectId`,
    apiRoute(pipeline, { kind: 'write' }, (request) => archive(state, request)),
  );
}
