import type { Router } from 'express';
import { LIMITS } from '../config.ts';
import { SalesforceApiError } from '../http/errors.ts';
import { restRoute, type Pipeline } from '../http/pipeline.ts';
import { DAY, formatDateTime, parseDateTime } from '../records/time.ts';
import { ORG_CREATED } from '../seed/org.ts';
import { objectStore } from './context.ts';

/**
 * Get Updated / Get Deleted (`/sobjects/{Type}/updated/?start=&end=`, `/deleted/`): the ids
 * whose SystemModstamp falls in [start, end) and the deletions in that span. Salesforce ignores
 * the seconds of both bounds, answers at most 30 (updated) or 15 (deleted) days back, and
 * reports `latestDateCovered` (never after now) and `earliestDateAvailable`.
 */
const MINUTE = 60_000;
const floorMinute = (ms: number) => Math.floor(ms / MINUTE) * MINUTE;

function bounds(query: URLSearchParams, now: number, days: number): { start: number; end: number } {
  const raw = [query.get('start'), query.get('end')];
  const [start, end] = raw.map((value) => (value === null ? undefined : parseDateTime(value)));
  if (start === undefined || end === undefined) {
    const which = start === undefined ? 'start' : 'end';
    throw new SalesforceApiError(
      400,
      'INVALID_REPLICATION_DATE',
      `Please specify a valid ${which} date and time`,
    );
  }
  const from = floorMinute(start);
  const to = floorMinute(end);
  if (from >= to)
    throw new SalesforceApiError(
      400,
      'INVALID_REPLICATION_DATE',
      'startDate must chronologically precede endDate',
    );
  if (from < floorMinute(now) - days * DAY) {
    throw new SalesforceApiError(
      400,
      'INVALID_REPLICATION_DATE',
      `startDate cannot be more than ${days} days ago`,
    );
  }
  return { start: from, end: Math.min(to, floorMinute(now)) };
}

export function registerReplicationRoutes(router: Router, pipeline: Pipeline): void {
  const { state } = pipeline;
  const tooMany = () =>
    new SalesforceApiError(
      400,
      'EXCEEDED_ID_LIMIT',
      `The result set is larger than ${LIMITS.replicationIds}; please narrow the date range`,
    );

  router.get(
    '/services/data/:version/sobjects/:type/updated',
    restRoute(pipeline, { kind: 'read' }, ({ params, query }) => {
      const store = objectStore(pipeline, params.type);
      const { start, end } = bounds(query, state.now(), LIMITS.updatedDays);
      const ids: string[] = [];
      for (const id of store.modstamps.range({ from: start, to: end, toExclusive: true })) {
        if (store.get(id)?.deleted === false) ids.push(id);
        if (ids.length > LIMITS.replicationIds) throw tooMany();
      }
      return { status: 200, body: { ids: ids.sort(), latestDateCovered: formatDateTime(end) } };
    }),
  );

  router.get(
    '/services/data/:version/sobjects/:type/deleted',
    restRoute(pipeline, { kind: 'read' }, ({ params, query }) => {
      const store = objectStore(pipeline, params.type);
      const now = state.now();
      const { start, end } = bounds(query, now, LIMITS.deletedDays);
      const deletedRecords: { id: string; deletedDate: string }[] = [];
      let earliest = floorMinute(now) - LIMITS.deletedDays * DAY;
      for (const id of store.modstamps.range({ from: start, to: end, toExclusive: true })) {
        const record = store.get(id);
        if (record?.deleted !== true) continue;
        deletedRecords.push({
          id,
          deletedDate: formatDateTime(record.values.SystemModstamp as number),
        });
        if (deletedRecords.length > LIMITS.replicationIds) throw tooMany();
      }
      earliest = Math.max(earliest, floorMinute(ORG_CREATED));
      return {
        status: 200,
        body: {
          deletedRecords,
          earliestDateAvailable: formatDateTime(earliest),
          latestDateCovered: formatDateTime(end),
        },
      };
    }),
  );
}
