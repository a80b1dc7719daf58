import type { Router } from 'express';
import { LIMITS } from '../config.ts';
import { SalesforceApiError } from '../http/errors.ts';
import { restRoute, type ApiRequest, type Pipeline } from '../http/pipeline.ts';
import type { Cursor } from '../soql/cursors.ts';
import { SoqlError } from '../soql/errors.ts';
import { executeQuery } from '../soql/execute.ts';
import { parseSoql } from '../soql/parser.ts';
import { projectRow } from '../soql/project.ts';
import { resolveQuery } from '../soql/resolve.ts';

/**
 * Query and QueryAll: `GET /query?q=` (live rows) and `/queryAll?q=` (deleted rows too), pages
 * of 2,000 rows (`Sforce-Query-Options: batchSize=200…2000` changes it), further pages from
 * `nextRecordsUrl` = `/services/data/vXX.X/query/{locator}-{offset}`.
 */
function batchSize(request: ApiRequest): number {
  const header = request.headers['sforce-query-options'];
  const match = /batchSize\s*=\s*(\d+)/i.exec(
    Array.isArray(header) ? header.join(',') : (header ?? ''),
  );
  if (match === null) return LIMITS.queryBatchMax;
  return Math.min(LIMITS.queryBatchMax, Math.max(LIMITS.queryBatchMin, Number(match[1])));
}

export function registerQueryRoutes(router: Router, pipeline: Pipeline): void {
  const { state } = pipeline;

  const page = (cursor: Cursor, offset: number, endpoint: string) => {
    const store = state.store(cursor.query.object.name)!;
    const end = Math.min(cursor.ids.length, offset + cursor.batchSize);
    const select = cursor.query.select === 'count' ? [] : cursor.query.select;
    const records = [];
    for (let i = offset; i < end; i += 1) {
      const record = store.get(cursor.ids[i]!);
      if (record !== undefined) records.push(projectRow(state, record, select, cursor.version));
    }
    const done = end >= cursor.ids.length;
    if (done) state.cursors.close(cursor.locator);
    return {
      status: 200,
      body: {
        totalSize: cursor.ids.length,
        done,
        ...(done
          ? {}
          : {
              nextRecordsUrl: `/services/data/v${cursor.version}/${endpoint}/${cursor.locator}-${end}`,
            }),
        records,
      },
    };
  };

  const run = (scanAll: boolean) =>
    restRoute(pipeline, { kind: 'read' }, (request) => {
      const soql = request.query.get('q');
      if (soql === null || soql.trim() === '') {
        throw new SalesforceApiError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
      }
      let resolved;
      let ids: string[];
      try {
        resolved = resolveQuery(state.schema, parseSoql(soql));
        ids = executeQuery(state, resolved, scanAll);
      } catch (error) {
        if (error instanceof SoqlError) throw error.toApiError(soql);
        throw error;
      }
      if (resolved.select === 'count')
        return { status: 200, body: { totalSize: ids.length, done: true, records: [] } };
      const cursor = state.cursors.open({
        userId: request.session.userId,
        query: resolved,
        ids,
        batchSize: batchSize(request),
        scanAll,
        version: request.version,
      });
      return page(cursor, 0, scanAll ? 'queryAll' : 'query');
    });

  const more = (endpoint: string) =>
    restRoute(pipeline, { kind: 'read' }, (request) => {
      const match = /^(01g[A-Za-z0-9]{15})-(\d+)$/.exec(request.params.locator ?? '');
      const cursor = match === null ? undefined : state.cursors.get(match[1]!);
      const offset = match === null ? NaN : Number(match[2]);
      if (cursor === undefined || !(offset >= 0 && offset < cursor.ids.length)) {
        throw new SalesforceApiError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
      }
      return page(cursor, offset, endpoint);
    });

  router.get('/services/data/:version/query', run(false));
  router.get('/services/data/:version/queryAll', run(true));
  router.get('/services/data/:version/query/:locator', more('query'));
  router.get('/services/data/:version/queryAll/:locator', more('queryAll'));
}
