import type { RequestHandler } from 'express';
import { HttpError, parseRequest } from '../../../http-error.ts';
import type { ApiContext } from '../../context.ts';
import { ReportQuery } from '../../schemas.ts';

// The same default period as `leadloop report`: four weeks, a monthly pipeline review.
const DEFAULT_DAYS = 28;

/** `GET /api/report?from=&to=`: the pipeline report for `[from, to)` (default: last 28 days). */
export function getReport({ report, clock }: ApiContext): RequestHandler {
  return async (request, response) => {
    const query = parseRequest(ReportQuery, request.query, 'query');
    if (report === undefined) {
      throw new HttpError(501, 'report.unavailable', 'The report is not available in this build.');
    }
    const to = query.to === undefined ? clock() : new Date(query.to);
    const from =
      query.from === undefined
        ? new Date(to.getTime() - DEFAULT_DAYS * 86_400_000)
        : new Date(query.from);
    if (from >= to) {
      throw new HttpError(400, 'request.invalid', '`from` must be before `to`.');
    }
    response.json(await report({ from: from.toISOString(), to: to.toISOString() }));
  };
}
