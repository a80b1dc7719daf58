import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Router, type Response } from 'express';
import { z } from 'zod';
import {
  CSV_TABLE_NAMES,
  ReportRangeError,
  renderSectionCsv,
  type RangeInput,
  type Report,
} from '../../report/index.ts';

/**
 * The pipeline-review dashboard: one page at `/`, its scripts under `/dashboard/`, and the
 * report it draws at `/dashboard/data.json?since&until` (CSV per table at `data.csv`).
 *
 * Mount it behind the admin token, all of it (src/server/app.ts does, Bearer or Basic): the
 * page sends no token itself. A browser signs in once through its Basic prompt (any user name,
 * the token as password) and then sends it with every request to this origin, the data fetch
 * and the CSV links included. No token in URLs or page storage, no script needed to sign in.
 */
export interface DashboardOptions {
  /** The report for a range as the user typed it (`resolveRange` turns it into instants). */
  readonly report: (range: RangeInput) => Promise<Report>;
}

const ASSETS = join(dirname(fileURLToPath(import.meta.url)), 'assets');
// Chart.js's UMD build, served from node_modules (never a CDN: the page must work offline).
const CHART_JS = join(
  dirname(createRequire(import.meta.url).resolve('chart.js')),
  'chart.umd.min.js',
);

// A day or an instant; anything longer is not a date (and is not echoed back).
const dateText = z.string().trim().min(1).max(40).optional();
const RangeQuerySchema = z.object({ since: dateText, until: dateText });
const CsvQuerySchema = RangeQuerySchema.extend({ table: z.enum(CSV_TABLE_NAMES) });

export function dashboardRouter(options: DashboardOptions): Router {
  const router = Router();
  const file = (path: string, type: string) => (_request: unknown, response: Response) => {
    response.type(type).set('Cache-Control', 'no-cache').sendFile(path);
  };
  router.get('/', file(join(ASSETS, 'index.html'), 'html'));
  router.get('/dashboard/app.js', file(join(ASSETS, 'app.js'), 'js'));
  router.get('/dashboard/charts.js', file(join(ASSETS, 'charts.js'), 'js'));
  router.get('/dashboard/app.css', file(join(ASSETS, 'app.css'), 'css'));
  router.get('/dashboard/chart.umd.min.js', file(CHART_JS, 'js'));

  router.get('/dashboard/data.json', async (request, response) => {
    const query = RangeQuerySchema.safeParse(request.query);
    if (!query.success) return badRange(response, 'The period in the query string is not valid.');
    const report = await loadReport(options, query.data, response);
    if (report !== undefined) response.set('Cache-Control', 'no-store').json(report);
  });

  router.get('/dashboard/data.csv', async (request, response) => {
    const query = CsvQuerySchema.safeParse(request.query);
    if (!query.success) {
      return badRange(response, `Give table=${CSV_TABLE_NAMES.join('|')} and an optional period.`);
    }
    const report = await loadReport(options, query.data, response);
    if (report === undefined) return;
    // Named after the days it covers, the last one included (until itself is exclusive).
    const { since, until } = report.range;
    const lastDay = new Date(Date.parse(until) - 1).toISOString().slice(0, 10);
    const name = `leadloop-${query.data.table}-${since.slice(0, 10)}-${lastDay}.csv`;
    response
      .set('Cache-Control', 'no-store')
      .type('text/csv; charset=utf-8')
      .attachment(name)
      .send(renderSectionCsv(report, query.data.table));
  });
  return router;
}

async function loadReport(
  options: DashboardOptions,
  query: { since?: string | undefined; until?: string | undefined },
  response: Response,
): Promise<Report | undefined> {
  try {
    return await options.report({ since: query.since, until: query.until });
  } catch (error) {
    if (!(error instanceof ReportRangeError)) throw error;
    badRange(response, error.message, error.hint);
    return undefined;
  }
}

/** `{error: {code, message, hint}}` like the rest of the HTTP API (STYLE.md §6). */
function badRange(response: Response, message: string, hint?: string): void {
  response.status(400).json({
    error: {
      code: 'report.invalid_range',
      message,
      hint: hint ?? 'Use since=2026-03-01&until=2026-03-31 (UTC days, both included).',
    },
  });
}
