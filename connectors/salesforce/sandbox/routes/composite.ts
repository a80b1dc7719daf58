import type { Router } from 'express';
import { isObject } from '../http/body.ts';
import { SalesforceApiError, notFound } from '../http/errors.ts';
import { apiVersion, restRoute, type Pipeline } from '../http/pipeline.ts';
import { describeObject } from '../schema/describe.ts';
import { objectStore } from './context.ts';

/**
 * Composite (`POST /composite`): up to 25 subrequests in one call, which counts as one call
 * against the API limits. The sandbox runs the subrequests leadloop sends — `GET
 * /services/data/vNN.N/sobjects/{Type}/describe` — and answers any other with a 400 naming
 * what it supports, so a new use shows up in tests instead of passing silently.
 */
const MAX_SUBREQUESTS = 25;
const DESCRIBE_URL = /^\/services\/data\/v(\d+\.\d)\/sobjects\/([A-Za-z0-9_]+)\/describe\/?$/;
const REFERENCE_ID = /^[A-Za-z][A-Za-z0-9_]*$/;

interface SubResponse {
  body: unknown;
  httpHeaders: Record<string, string>;
  httpStatusCode: number;
  referenceId: string;
}

const invalid = (message: string) => new SalesforceApiError(400, 'INVALID_INPUT', message);

function subrequests(body: unknown): { method: string; url: string; referenceId: string }[] {
  const list = isObject(body) ? body.compositeRequest : undefined;
  if (!Array.isArray(list) || list.length === 0)
    throw new SalesforceApiError(400, 'JSON_PARSER_ERROR', 'compositeRequest is required');
  if (list.length > MAX_SUBREQUESTS)
    throw invalid(`Limit of ${MAX_SUBREQUESTS} subrequests exceeded: ${list.length}`);
  const seen = new Set<string>();
  return list.map((entry) => {
    if (!isObject(entry)) throw invalid('Each subrequest must be an object');
    const { method, url, referenceId } = entry;
    if (typeof method !== 'string' || typeof url !== 'string' || typeof referenceId !== 'string')
      throw invalid('Each subrequest needs method, url and referenceId');
    if (!REFERENCE_ID.test(referenceId))
      throw invalid(`Invalid reference specified. Reference ID: ${referenceId}`);
    if (seen.has(referenceId))
      throw invalid(`Duplicate reference specified. Reference ID: ${referenceId}`);
    seen.add(referenceId);
    return { method: method.toUpperCase(), url, referenceId };
  });
}

export function registerCompositeRoutes(router: Router, pipeline: Pipeline): void {
  router.post(
    '/services/data/:version/composite',
    restRoute(pipeline, { kind: 'read' }, ({ body }) => {
      const compositeResponse = subrequests(body).map(({ method, url, referenceId }) => {
        const answer = (httpStatusCode: number, answerBody: unknown): SubResponse => ({
          body: answerBody,
          httpHeaders: {},
          httpStatusCode,
          referenceId,
        });
        const describe = method === 'GET' ? DESCRIBE_URL.exec(url) : null;
        if (describe === null)
          return answer(400, [
            {
              errorCode: 'NOT_SUPPORTED_IN_SANDBOX',
              message: `The sandbox's composite runs GET …/sobjects/{Type}/describe only, not ${method} ${url}`,
            },
          ]);
        try {
          const schema = objectStore(pipeline, describe[2]).schema;
          return answer(200, describeObject(schema, apiVersion(`v${describe[1]}`)));
        } catch (error) {
          const failure = error instanceof SalesforceApiError ? error : notFound();
          return answer(failure.status, failure.body());
        }
      });
      return { status: 200, body: { compositeResponse } };
    }),
  );
}
