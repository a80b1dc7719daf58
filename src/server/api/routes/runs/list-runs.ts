import type { RequestHandler } from 'express';
import { parseRequest } from '../../../http-error.ts';
import { respond, type ApiContext } from '../../context.ts';
import { ListRunsQuery, ListRunsResponse } from '../../schemas.ts';

/** `GET /api/runs?kind=&limit=`: the latest sync, SLA and replay runs, newest first. */
export function listRuns({ store }: ApiContext): RequestHandler {
  return async (request, response) => {
    const query = parseRequest(ListRunsQuery, request.query, 'query');
    const runs = await store.runs.latest({ kind: query.kind, limit: query.limit });
    respond(response, ListRunsResponse, { runs });
  };
}
