import type { Router } from 'express';
import { OBJECT_TYPES, type ObjectTypeName } from '../config.ts';
import { isRecord } from '../http/body.ts';
import { apiRoute, type ApiRequest, type Pipeline } from '../http/pipeline.ts';
import { HubspotApiError, validationError } from '../http/respond.ts';
import { objectType } from '../objects/resolve.ts';
import type { HubspotState } from '../state.ts';
import { defaultType, typeById, v3TypeName, type AssociationType } from '../store/associations.ts';
import { objectTypeNamed } from '../config.ts';
import { batchEnvelope, batchInputs } from './batch-common.ts';

/**
 * v4 associations: default (unlabeled) and typed associations between contacts, companies and
 * deals, listing one record's associations, and the batch endpoints. Creating one direction
 * creates its inverse, and answers list both.
 */
const recordId = (raw: unknown): number | undefined => {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw : '';
  return /^\d+$/.test(text) ? Number(text) : undefined;
};

function requireLive(state: HubspotState, type: ObjectTypeName, raw: unknown): number {
  const id = recordId(raw);
  if (id === undefined || state.stores[type].live(id) === undefined)
    throw new HubspotApiError(
      404,
      'OBJECT_NOT_FOUND',
      `No ${OBJECT_TYPES[type].upper} with ID ${String(raw)} exists`,
    );
  return id;
}

const spec = (typeId: number) => ({
  associationCategory: 'HUBSPOT_DEFINED',
  associationTypeId: typeId,
});

function defaultPair(type: AssociationType, fromId: number, toId: number) {
  return [
    { from: { id: String(fromId) }, to: { id: String(toId) }, associationSpec: spec(type.typeId) },
    {
      from: { id: String(toId) },
      to: { id: String(fromId) },
      associationSpec: spec(type.inverseTypeId),
    },
  ];
}

function defaultTypeOrFail(from: ObjectTypeName, to: ObjectTypeName): AssociationType {
  const type = defaultType(from, to);
  if (type === undefined)
    throw validationError(`No default association type from ${from} to ${to}`);
  return type;
}

function createDefault(state: HubspotState, request: ApiRequest) {
  const from = objectType(request.params.fromObjectType);
  const to = objectType(request.params.toObjectType);
  const type = defaultTypeOrFail(from, to);
  const startedAt = new Date(state.now()).toISOString();
  const fromId = requireLive(state, from, request.params.fromObjectId);
  const toId = requireLive(state, to, request.params.toObjectId);
  state.associations.add(type, fromId, toId);
  return {
    status: 200,
    body: batchEnvelope(startedAt, state.now(), defaultPair(type, fromId, toId), []),
  };
}

function createLabelled(state: HubspotState, request: ApiRequest) {
  const from = objectType(request.params.objectType);
  const to = objectType(request.params.toObjectType);
  const fromId = requireLive(state, from, request.params.objectId);
  const toId = requireLive(state, to, request.params.toObjectId);
  const specs = Array.isArray(request.body) ? request.body : [];
  const types = specs.map((item: unknown) => {
    const type = isRecord(item) ? typeById(from, Number(item.associationTypeId)) : undefined;
    if (type === undefined || type.to !== to)
      throw validationError(`Invalid association type for ${from} to ${to}`);
    return type;
  });
  for (const type of types) state.associations.add(type, fromId, toId);
  return {
    status: 201,
    body: {
      fromObjectTypeId: OBJECT_TYPES[from].objectTypeId,
      fromObjectId: fromId,
      toObjectTypeId: OBJECT_TYPES[to].objectTypeId,
      toObjectId: toId,
      labels: types.map((type) => type.label).filter((label): label is string => label !== null),
    },
  };
}

/** `associations` of a v3 record read: `{companies: {results: [{id, type}]}}` per requested type. */
export function v3Associations(
  state: HubspotState,
  from: ObjectTypeName,
  fromId: number,
  requested: readonly string[],
): Record<string, { results: { id: string; type: string }[] }> | undefined {
  const result: Record<string, { results: { id: string; type: string }[] }> = {};
  for (const raw of requested) {
    const to = objectTypeNamed(raw)?.name;
    if (to === undefined || to === from) continue;
    const results = associatedJson(state, from, fromId, to).flatMap(
      ({ toObjectId, associationTypes }) =>
        associationTypes.map(({ typeId }) => ({
          id: String(toObjectId),
          type: v3TypeName(typeById(from, typeId)!),
        })),
    );
    if (results.length > 0) result[to] = { results };
  }
  return Object.keys(result).length === 0 ? undefined : result;
}

export function associatedJson(
  state: HubspotState,
  from: ObjectTypeName,
  fromId: number,
  to: ObjectTypeName,
) {
  return state.associations
    .list(from, fromId, to)
    .filter(({ toObjectId }) => state.stores[to].live(toObjectId) !== undefined)
    .map(({ toObjectId, typeIds }) => ({
      toObjectId,
      associationTypes: typeIds.map((typeId) => ({
        category: 'HUBSPOT_DEFINED',
        typeId,
        label: typeById(from, typeId)?.label ?? null,
      })),
    }));
}

function listAssociations(state: HubspotState, request: ApiRequest) {
  const from = objectType(request.params.objectType);
  const to = objectType(request.params.toObjectType);
  const fromId = requireLive(state, from, request.params.objectId);
  const limit = Math.min(Number(request.query.get('limit') ?? 500) || 500, 500);
  const after = Number(request.query.get('after') ?? 0) || 0;
  const all = associatedJson(state, from, fromId, to).filter((item) => item.toObjectId >= after);
  const results = all.slice(0, limit);
  const next = all[limit];
  return {
    status: 200,
    body:
      next === undefined
        ? { results }
        : { results, paging: { next: { after: String(next.toObjectId) } } },
  };
}

function removeAssociation(state: HubspotState, request: ApiRequest) {
  const from = objectType(request.params.objectType);
  const to = objectType(request.params.toObjectType);
  const fromId = recordId(request.params.objectId);
  const toId = recordId(request.params.toObjectId);
  if (fromId !== undefined && toId !== undefined) state.associations.remove(from, fromId, to, toId);
  return { status: 204 };
}

function batchDefault(state: HubspotState, request: ApiRequest) {
  const from = objectType(request.params.fromObjectType);
  const to = objectType(request.params.toObjectType);
  const type = defaultTypeOrFail(from, to);
  const startedAt = new Date(state.now()).toISOString();
  const results = [];
  const missing: string[] = [];
  for (const input of batchInputs(request.body)) {
    const fromId = recordId(isRecord(input.from) ? input.from.id : undefined);
    const toId = recordId(isRecord(input.to) ? input.to.id : undefined);
    if (
      fromId === undefined ||
      toId === undefined ||
      !state.stores[from].live(fromId) ||
      !state.stores[to].live(toId)
    ) {
      missing.push(`${String(fromId)}->${String(toId)}`);
      continue;
    }
    state.associations.add(type, fromId, toId);
    results.push(...defaultPair(type, fromId, toId));
  }
  const errors =
    missing.length === 0
      ? []
      : [
          {
            status: 'error',
            category: 'OBJECT_NOT_FOUND',
            message: 'Some objects could not be found',
            context: { ids: missing },
          },
        ];
  return { status: 200, body: batchEnvelope(startedAt, state.now(), results, errors) };
}

function batchRead(state: HubspotState, request: ApiRequest) {
  const from = objectType(request.params.fromObjectType);
  const to = objectType(request.params.toObjectType);
  const startedAt = new Date(state.now()).toISOString();
  const results = [];
  const missing: string[] = [];
  for (const input of batchInputs(request.body)) {
    const id = recordId(input.id);
    if (id === undefined || state.stores[from].live(id) === undefined) {
      missing.push(String(input.id));
      continue;
    }
    results.push({ from: { id: String(id) }, to: associatedJson(state, from, id, to) });
  }
  const errors =
    missing.length === 0
      ? []
      : [
          {
            status: 'error',
            category: 'OBJECT_NOT_FOUND',
            message: `No ${OBJECT_TYPES[from].upper} associations found`,
            context: { fromObjectId: missing },
          },
        ];
  return {
    status: errors.length > 0 ? 207 : 200,
    body: batchEnvelope(startedAt, state.now(), results, errors),
  };
}

export function registerAssociationRoutes(
  router: Router,
  pipeline: Pipeline,
  state: HubspotState,
): void {
  const one = '/crm/v4/objects/:objectType/:objectId/associations/:toObjectType';
  router.put(
    '/crm/v4/objects/:fromObjectType/:fromObjectId/associations/default/:toObjectType/:toObjectId',
    apiRoute(pipeline, { kind: 'write' }, (request) => createDefault(state, request)),
  );
  router.get(
    one,
    apiRoute(pipeline, { kind: 'read' }, (request) => listAssociations(state, request)),
  );
  router.put(
    `${one}/:toObjectId`,
    apiRoute(pipeline, { kind: 'write' }, (request) => createLabelled(state, request)),
  );
  router.delete(
    `${one}/:toObjectId`,
    apiRoute(pipeline, { kind: 'write' }, (request) => removeAssociation(state, request)),
  );
  const batch = '/crm/v4/associations/:fromObjectType/:toObjectType/batch';
  router.post(
    `${batch}/associate/default`,
    apiRoute(pipeline, { kind: 'write' }, (request) => batchDefault(state, request)),
  );
  router.post(
    `${batch}/read`,
    apiRoute(pipeline, { kind: 'read' }, (request) => batchRead(state, request)),
  );
}

/** Validates `associations` of a create request up front; returns how to apply them. */
export function associateOnCreate(
  state: HubspotState,
  type: ObjectTypeName,
  raw: unknown,
): (id: number) => void {
  if (raw === undefined) return () => undefined;
  if (!Array.isArray(raw))
    throw validationError('Invalid input JSON: associations must be an array');
  const planned: [AssociationType, number][] = [];
  for (const item of raw) {
    const toRaw = isRecord(item) && isRecord(item.to) ? item.to.id : undefined;
    const types = isRecord(item) && Array.isArray(item.types) ? item.types : [];
    for (const spec of types) {
      const association = isRecord(spec)
        ? typeById(type, Number(spec.associationTypeId))
        : undefined;
      if (association === undefined)
        throw validationError(`Invalid association type for ${type}: ${JSON.stringify(spec)}`);
      planned.push([association, requireLive(state, association.to, toRaw)]);
    }
  }
  return (id) => {
    for (const [association, toId] of planned) state.associations.add(association, id, toId);
  };
}
