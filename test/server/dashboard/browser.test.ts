// The dashboard in real headless Chromium (Debian's /usr/bin/chromium) driven by playwright-core.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { frozenClock } from '../../../src/lead/clock.ts';
import { reportProvider } from '../../../src/report/index.ts';
import { backends, testClock, useStore } from '../../support/database.ts';
import { MARCH, NOW, writeDataset } from '../../report/dataset.ts';
import { REPO_ROOT } from '../../config/project.ts';
import { ADMIN_TOKEN, startDashboard, type DashboardServer } from './support.ts';

const [pglite] = backends;
if (pglite === undefined) throw new Error('no test backend');

const SECTIONS_WITH_CHARTS = ['waterfall', 'velocity', 'speed', 'sla', 'recycle', 'revenue'];

describe('dashboard in Chromium', () => {
  const clock = testClock(NOW);
  const store = useStore(pglite, clock);
  let server: DashboardServer;
  let browser: Browser;
  /** Console errors, page errors, and any request that tried to leave 127.0.0.1. */
  const problems: string[] = [];

  beforeAll(async () => {
    await writeDataset(store(), clock);
    server = await startDashboard(reportProvider(store(), frozenClock(NOW)));
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(context: BrowserContext, path: string): Promise<Page> {
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning')
        problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1') return route.continue();
      problems.push(`left the machine: ${url.href}`);
      return route.abort();
    });
    await page.goto(`${server.url}${path}`);
    return page;
  }

  const signedIn = () =>
    browser.newContext({
      httpCredentials: { username: 'admin', password: ADMIN_TOKEN },
      viewport: { width: 1280, height: 900 },
    });

  const rows = (page: Page, selector: string) =>
    page.$$eval(`${selector} tbody tr`, (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('th, td')].map((cell) => cell.textContent ?? '')),
    );

  test('refuses the page without the token, and with a wrong one', async () => {
    for (const credentials of [undefined, { username: 'admin', password: 'guess' }]) {
      const context = await browser.newContext(
        credentials === undefined ? {} : { httpCredentials: credentials },
      );
      const page = await context.newPage();
      // Chromium either shows the 401 or gives up on the Basic challenge
      // (ERR_INVALID_AUTH_CREDENTIALS); which one varies between runs. Neither shows the page.
      const outcome = await page.goto(`${server.url}/?since=${MARCH.since}`).then(
        (response) => `HTTP ${response?.status()}`,
        (error: Error) =>
          error.message.includes('net::ERR_INVALID_AUTH_CREDENTIALS') ? 'HTTP 401' : error.message,
      );
      expect(outcome).toBe('HTTP 401');
      expect(await page.locator('canvas').count()).toBe(0);
      // What the server answered underneath: 401 and the challenge, no report built.
      const answer = await context.request.get(`${server.url}/dashboard/data.json`);
      expect([answer.status(), answer.headers()['www-authenticate']]).toEqual([
        401,
        'Basic realm="leadloop", charset="UTF-8"',
      ]);
      await context.close();
    }
    expect(server.asked).toEqual([]);
  });

  test('with the token every chart draws, the tables carry the numbers, the filter changes them', async () => {
    const context = await signedIn();
    const page = await open(context, `/?since=${MARCH.since}&until=${MARCH.until}`);
    await page.waitForSelector('body[data-state=ready]');
    expect(await page.locator('#status').textContent()).toBe(
      '2026-03-01 – 2026-03-31 (UTC), as of 2026-04-02 12:00',
    );

    // Each chart: bars for every label, and ink on the canvas.
    const charts = await page.$$eval('section canvas', (canvases) =>
      canvases.map((canvas) => {
        const section = canvas.closest('section')?.id ?? '';
        const ctx = (canvas as HTMLCanvasElement).getContext('2d');
        const { width, height } = canvas as HTMLCanvasElement;
        const pixels = ctx?.getImageData(0, 0, width, height).data ?? new Uint8ClampedArray();
        let inked = 0;
        for (let i = 3; i < pixels.length; i += 4) if ((pixels[i] ?? 0) > 0) inked += 1;
        const chart = (
          window as unknown as {
            Chart: { getChart(c: unknown): { data: { labels: unknown[]; datasets: unknown[] } } };
          }
        ).Chart.getChart(canvas);
        return {
          section,
          labels: chart.data.labels.length,
          series: chart.data.datasets.length,
          inked: inked > 2000,
        };
      }),
    );
    expect(charts).toEqual([
      { section: 'waterfall', labels: 6, series: 2, inked: true },
      { section: 'velocity', labels: 7, series: 2, inked: true },
      { section: 'speed', labels: 8, series: 1, inked: true },
      { section: 'sla', labels: 2, series: 3, inked: true },
      { section: 'recycle', labels: 2, series: 2, inked: true },
      { section: 'revenue', labels: 3, series: 1, inked: true },
    ]);
    expect(charts.map((c) => c.section)).toEqual(SECTIONS_WITH_CHARTS);

    // The same numbers as `leadloop report` (test/report/cli.test.ts).
    expect(await rows(page, '#waterfall table:nth-of-type(1)')).toEqual([
      ['inquiry', '6', '5', '83.3%'],
      ['mql', '6', '3', '50.0%'],
      ['sal', '3', '2', '66.7%'],
      ['sql', '2', '2', '100.0%'],
      ['opportunity', '2', '1', '50.0%'],
      ['customer', '1', '0', '–'],
    ]);
    expect(await rows(page, '#sla table:nth-of-type(1)')).toEqual([
      ['all reps', '7', '2', '4', '1', '1', '33.3%'],
      ['Ada Lovelace', '4', '2', '1', '1', '1', '66.7%'],
      ['Grace Hopper', '3', '0', '3', '0', '0', '0.0%'],
    ]);
    expect(await rows(page, '#sla table:nth-of-type(2)')).toEqual([
      ['Wen Li', 'Tailspin', 'Ada Lovelace', 'escalated', '2026-03-15 12:00', '432.0 h', '436.0 h'],
      [
        'Priya Shah',
        'Contoso',
        'Grace Hopper',
        'breached',
        '2026-03-25 12:00',
        '192.0 h',
        '196.0 h',
      ],
    ]);
    expect(await rows(page, '#revenue table:nth-of-type(1)')).toEqual([
      ['Webinar', '1', '12,000.00 USD', '0'],
      ['(no lead)', '1', '5,000.00 USD', '0'],
      ['Paid Search', '0', '0.00 USD', '1'],
      ['all', '2', '17,000.00 USD', '1'],
    ]);
    expect(await rows(page, '#health table:nth-of-type(2)')).toEqual([
      ['salesforce', 'Lead', 'invalid_record', '2', '2026-04-01 09:00'],
      ['hubspot', 'contact', 'rate_limited', '1', '2026-04-02 08:00'],
    ]);

    // CSV links carry the period and download with the browser's sign-in.
    const href = await page.locator('#recycle a[data-table]').getAttribute('href');
    expect(href).toBe('/dashboard/data.csv?table=recycle&since=2026-03-01&until=2026-03-31');
    const csv = await context.request.get(`${server.url}${href}`);
    expect(await csv.text()).toBe(
      'reason,recycled,re_mql,re_mql_rate\r\nall reasons,2,1,0.5\r\nclosed lost,1,0,0\r\nno budget,1,1,1\r\n',
    );

    await mkdir(join(REPO_ROOT, 'test-artifacts'), { recursive: true });
    await page.screenshot({
      path: join(REPO_ROOT, 'test-artifacts', 'dashboard-march.png'),
      fullPage: true,
    });

    // February through the date filter.
    await page.fill('#period [name=since]', '2026-02-01');
    await page.fill('#period [name=until]', '2026-02-28');
    await page.click('#period button[type=submit]');
    await page.waitForFunction(() =>
      document.querySelector('#status')?.textContent?.startsWith('2026-02-01'),
    );
    await page.waitForSelector('body[data-state=ready]');
    expect(new URL(page.url()).search).toBe('?since=2026-02-01&until=2026-02-28');
    expect(await rows(page, '#waterfall table:nth-of-type(1)')).toEqual([
      ['inquiry', '2', '1', '50.0%'],
      ['mql', '1', '0', '0.0%'],
      ['sal', '0', '0', '–'],
      ['sql', '0', '0', '–'],
      ['opportunity', '0', '0', '–'],
      ['customer', '0', '0', '–'],
    ]);
    expect(await rows(page, '#revenue table:nth-of-type(1)')).toEqual([
      ['(no lead)', '1', '2,000.00 USD', '0'],
      ['all', '1', '2,000.00 USD', '0'],
    ]);
    expect(await page.locator('#recycle a[data-table]').getAttribute('href')).toBe(
      '/dashboard/data.csv?table=recycle&since=2026-02-01&until=2026-02-28',
    );
    expect(server.asked.slice(-2)).toEqual([
      { since: MARCH.since, until: MARCH.until },
      { since: '2026-02-01', until: '2026-02-28' },
    ]);
    await context.close();
    expect(problems).toEqual([]);
  });
});
