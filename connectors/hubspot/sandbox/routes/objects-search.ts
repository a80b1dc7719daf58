import type { Router } from 'express';
import { isRecord } from '../http/body.ts';
import { apiRoute, type ApiRequest, type Pipeline } from '../http/pipeline.ts';
import { notFoundError, validationError } from '../http/respond.ts';
import { mergeRecords } from '../objects/merge.ts';
import { objectType } from '../objects/resolve.ts';
import { propertyNames, serializeRecord } from '../objects/serialize.ts';
import { apiSource } from '../objects/source.ts';
import { runSearch } from '../search/execute.ts';
import { parseSearch } from '../search/parse.ts';
import type { HubspotState } from '../state.ts';

/**
 * `POST /crm/v3/objects/{objectType}/search` (its own per-second budget, no rate-limit
 * headers) and `POST /crm/v3/objects/{objectType}/merge`.
 */
function search(state: HubspotState, request: ApiRequest) {
  const type = objectType(request.params.objectType);
  const parsed = parseSearch(state, type, request.body);
  const page = runSearch(state, type, parsed);
  const names = propertyNames(state, type, parsed.properties);
  const results = page.records.map((record) => serializeRecord(state, type, record, names));
  const body =
    page.nextAfter === undefined
      ? { total: page.total, results }
      : {
          total: page.total,
          results,
          paging: { next: { after: String(page.nextAfter), link: `?after=${page.nextAfter}` } },
        };
  return { status: 200, body };
}

function merge(state: HubspotState, request: ApiRequest) {
  const type = objectType(request.params.objectType);
  const body = isRecord(request.body) ? request.body : {};
  const primaryId = Number(body.primaryObjectId);
  const mergedId = Number(body.objectIdToMerge);
  if (!Number.isInteger(primaryId) || !Number.isInteger(mergedId))
    throw validationError('Invalid input JSON: primaryObjectId and objectIdToMerge are required');
  if (primaryId === mergedId) throw validationError('Cannot merge an object with itself');
  const primary = state.stores[type].live(primaryId);
  const merged = state.stores[type].live(mergedId);
  if (primary === undefined || merged === undefined || primary.id === merged.id)
    throw notFoundError();
  const survivor = mergeRecords(
    state,
    type,
    primary,
    merged,
    apiSource(request.appId),
    state.now(),
  );
  return {
    status: 200,
    body: serializeRecord(state, type, survivor, propertyNames(state, type, undefined)),
  };
}

export function registerSearchRoutes(
  router: Router,
  pipeline: Pipeline,
  state: HubspotState,
): void {
  router.post(
    '/crm/v3/objects/:objectType/search',
    apiRoute(pipeline, { kind: 'read', search: true }, (request) => search(state, request)),
  );
  router.post(
    '/crm/v3/objects/:objectType/merge',
    apiRoute(pipeline, { kind: 'write' }, (request) => merge(state, request)),
  );
}
