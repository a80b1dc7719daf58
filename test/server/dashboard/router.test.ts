import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { frozenClock } from '../../../src/lead/clock.ts';
import {
  buildReport,
  renderSectionCsv,
  reportProvider,
  resolveRange,
  type Report,
} from '../../../src/report/index.ts';
import { backends, testClock, useStore } from '../../support/database.ts';
import { MARCH, NOW, writeDataset } from '../../report/dataset.ts';
import { ADMIN_TOKEN, basicAuth, startDashboard, type DashboardServer } from './support.ts';

const [pglite] = backends;
if (pglite === undefined) throw new Error('no test backend');

describe('dashboard router', () => {
  const clock = testClock(NOW);
  const store = useStore(pglite, clock);
  let server: DashboardServer;
  let march: Report;
  const bearer = { Authorization: `Bearer ${ADMIN_TOKEN}` };

  beforeAll(async () => {
    await writeDataset(store(), clock);
    march = await buildReport(store(), resolveRange(MARCH, new Date(NOW)));
    server = await startDashboard(reportProvider(store(), frozenClock(NOW)));
  });
  afterAll(async () => {
    await server.close();
  });

  const get = (path: string, headers: Record<string, string> = bearer) =>
    fetch(`${server.url}${path}`, { headers });

  test('the page, its scripts and its data all stay behind the admin token', async () => {
    for (const path of [
      '/',
      '/dashboard/app.js',
      '/dashboard/chart.umd.min.js',
      '/dashboard/data.json',
    ]) {
      const refused = await get(path, {});
      expect([path, refused.status, refused.headers.get('www-authenticate')]).toEqual([
        path,
        401,
        'Basic realm="leadloop", charset="UTF-8"',
      ]);
      expect((await get(path, { Authorization: basicAuth('not-the-token') })).status).toBe(401);
    }
    expect(server.asked).toEqual([]);
  });

  test('serves one page with no inline script, and Chart.js from node_modules', async () => {
    const page = await get('/', { Authorization: basicAuth(ADMIN_TOKEN) });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.map(([, attributes, body]) => [attributes?.trim(), body])).toEqual([
      ['defer src="/dashboard/chart.umd.min.js"', ''],
      ['type="module" src="/dashboard/app.js"', ''],
    ]);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toMatch(/https?:\/\//);
    const chart = await get('/dashboard/chart.umd.min.js');
    expect(chart.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await chart.text()).toMatch(/^\/\*!\n \* Chart\.js v4\./);
  });

  test('data.json is the report buildReport computes (page and JSON agree)', async () => {
    const response = await get(`/dashboard/data.json?since=${MARCH.since}&until=${MARCH.until}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual(march);
    expect(server.asked.at(-1)).toEqual({ since: MARCH.since, until: MARCH.until });
  });

  test('without a period the page gets the last 28 days up to now', async () => {
    const report = (await (await get('/dashboard/data.json')).json()) as Report;
    expect(report.range).toEqual({ since: '2026-03-05T12:00:00.000Z', until: NOW, now: NOW });
  });

  test('data.csv downloads one table for the period, as the CLI prints it', async () => {
    const response = await get(
      `/dashboard/data.csv?table=recycle&since=${MARCH.since}&until=${MARCH.until}`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename=leadloop-recycle-2026-03-01-2026-03-31.csv',
    );
    const body = await response.text();
    expect(body).toBe(renderSectionCsv(march, 'recycle'));
    expect(body).toBe(
      'reason,recycled,re_mql,re_mql_rate\r\nall reasons,2,1,0.5\r\nclosed lost,1,0,0\r\nno budget,1,1,1\r\n',
    );
  });

  test('a bad period or table is a 400 that says how to fix it', async () => {
    const badDay = await get('/dashboard/data.json?since=2026-02-30');
    expect(badDay.status).toBe(400);
    expect(await badDay.json()).toEqual({
      error: {
        code: 'report.invalid_range',
        message: '--since "2026-02-30" is not a date.',
        hint: 'Use a UTC day like 2026-03-01 or an ISO timestamp like 2026-03-01T09:00:00Z.',
      },
    });
    const badTable = await get('/dashboard/data.csv?table=leads');
    expect(badTable.status).toBe(400);
    expect(((await badTable.json()) as { error: { code: string } }).error.code).toBe(
      'report.invalid_range',
    );
    const twice = await get('/dashboard/data.json?since=2026-03-01&since=2026-03-02');
    expect(twice.status).toBe(400);
  });
});
