import type { Router } from 'express';
import { LIMITS } from '../config.ts';
import { isRecord } from '../http/body.ts';
import { apiRoute, type ApiRequest, type Pipeline } from '../http/pipeline.ts';
import { batchNotFoundError } from '../objects/errors.ts';
import { checkIdProperty, findRecord, objectType } from '../objects/resolve.ts';
import {
  bodyList,
  propertyNames,
  serializeRecord,
  type SerializedRecord,
} from '../objects/serialize.ts';
import { apiSource } from '../objects/source.ts';
import { archiveRecord } from '../objects/write.ts';
import type { HubspotState } from '../state.ts';
import { batchEnvelope, batchInputs, inputId } from './batch-common.ts';

/**
 * `POST /crm/v3/objects/{objectType}/batch/read` (200, or 207 naming the ids it could not find)
 * and `.../batch/archive` (204 whether or not the records existed).
 */
function batchRead(state: HubspotState, request: ApiRequest) {
  const type = objectType(request.params.objectType);
  const body = isRecord(request.body) ? request.body : {};
  const history = bodyList(body.propertiesWithHistory);
  const withHistory = history !== undefined && history.length > 0;
  const inputs = batchInputs(
    request.body,
    withHistory ? LIMITS.batchInputsWithHistory : LIMITS.batchInputs,
  );
  const idProperty = typeof body.idProperty === 'string' ? body.idProperty : undefined;
  checkIdProperty(state, type, idProperty);
  const archived = request.query.get('archived') === 'true';
  const requested = bodyList(body.properties);
  const names = propertyNames(
    state,
    type,
    requested === undefined || requested.length === 0 ? undefined : requested,
  );
  const startedAt = new Date(state.now()).toISOString();
  const results: SerializedRecord[] = [];
  const missing: string[] = [];
  const seen = new Set<number>();
  for (const input of inputs) {
    const id = inputId(input.id) ?? '';
    const record = findRecord(state, type, id, idProperty, archived);
    if (record === undefined) missing.push(id);
    else if (!seen.has(record.id)) {
      seen.add(record.id);
      results.push(serializeRecord(state, type, record, names, withHistory ? history : undefined));
    }
  }
  const errors = missing.length === 0 ? [] : [batchNotFoundError(state.stores[type].spec, missing)];
  return {
    status: errors.length > 0 ? 207 : 200,
    body: batchEnvelope(startedAt, state.now(), results, errors),
  };
}

function batchArchive(state: HubspotState, request: ApiRequest) {
  const type = objectType(request.params.objectType);
  const source = apiSource(request.appId);
  const now = state.now();
  for (const input of batchInputs(request.body)) {
    const record = findRecord(state, type, inputId(input.id) ?? '', undefined);
    if (record !== undefined) archiveRecord(state, type, record, source, now);
  }
  return { status: 204 };
}

export function registerBatchReadRoutes(
  router: Router,
  pipeline: Pipeline,
  state: HubspotState,
): void {
  const base = '/crm/v3/objects/:objectType/batch';
  router.post(
    `${base}/read`,
    apiRoute(pipeline, { kind: 'read' }, (request) => batchRead(state, request)),
  );
  router.post(
    `${base}/archive`,
    apiRoute(pipeline, { kind: 'write' }, (request) => batchArchive(state, request)),
  );
}
