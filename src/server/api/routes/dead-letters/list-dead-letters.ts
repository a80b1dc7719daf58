import type { RequestHandler } from 'express';
import { parseRequest } from '../../../http-error.ts';
import { respond, type ApiContext } from '../../context.ts';
import { ListDeadLettersQuery, ListDeadLettersResponse } from '../../schemas.ts';

/** `GET /api/dead-letters?system=&after=&limit=`: unresolved dead letters, oldest first. */
export function listDeadLetters({ store }: ApiContext): RequestHandler {
  return async (request, response) => {
    const query = parseRequest(ListDeadLettersQuery, request.query, 'query');
    const rows = await store.deadLetters.listUnresolved({
      system: query.system,
      afterId: query.after,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    respond(response, ListDeadLettersResponse, {
      // The payload (what leadloop tried to write) holds personal data: not listed here.
      deadLetters: page.map(
        ({ payload: _payload, resolvedAt: _r, resolution: _s, ...rest }) => rest,
      ),
      nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
    });
  };
}
