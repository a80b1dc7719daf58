import type { RequestHandler } from 'express';
import { parseRequest } from '../../../http-error.ts';
import { leadSummary, respond, type ApiContext } from '../../context.ts';
import { ListLeadsQuery, ListLeadsResponse } from '../../schemas.ts';

/** `GET /api/leads?stage=&owner=&slaStatus=&after=&limit=`: one page of leads in id order. */
export function listLeads({ store }: ApiContext): RequestHandler {
  return async (request, response) => {
    const query = parseRequest(ListLeadsQuery, request.query, 'query');
    // One extra row tells whether another page follows.
    const rows = await store.leads.page({
      stage: query.stage,
      ownerId: query.owner,
      slaStatus: query.slaStatus,
      after: query.after,
      limit: query.limit + 1,
    });
    const leads = rows.slice(0, query.limit);
    const more = rows.length > query.limit;
    respond(response, ListLeadsResponse, {
      leads: leads.map(leadSummary),
      nextCursor: more ? (leads.at(-1)?.id ?? null) : null,
    });
  };
}
