import { describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';

/**
 * `npm start` on a fresh machine: no vendor credentials, so the demo — sandboxes, setup, the
 * service and a simulated business day — and a dashboard that shows what happened.
 */
describe('npm start without credentials runs the demo', () => {
  test('a simulated day fills the pipeline review; the dashboard and the API show it', async () => {
    const child = spawn(process.execPath, ['bin/leadloop.js', 'start', '--people', '80'], {
      env: { PATH: process.env.PATH, PORT: '0', LOG_LEVEL: 'warn', LOG_FORMAT: 'json' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('The day is over')) resolve();
      });
      child.on('exit', () => reject(new Error(`demo exited early:\n${stdout}\n${stderr}`)));
    });

    expect(stdout).toContain(
      'No vendor credentials in the environment: starting the demo on the built-in sandboxes.',
    );
    const url = /Dashboard: (http:\/\/127\.0\.0\.1:\d+)\//.exec(stdout)?.[1];
    const token = /Admin token: (\S+)/.exec(stdout)?.[1];
    expect(url).toBeDefined();
    expect(token).toBeDefined();

    const refused = await fetch(`${url}/`);
    expect(refused.status).toBe(401);
    const page = await fetch(`${url}/`, {
      headers: { authorization: `Basic ${Buffer.from(`admin:${token}`).toString('base64')}` },
    });
    expect(page.status).toBe(200);

    const report = (await (
      await fetch(`${url}/api/report`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as {
      waterfall: { steps: { stage: string; entered: number; advanced: number }[] };
    };
    const entered = Object.fromEntries(
      report.waterfall.steps.map((step) => [step.stage, step.entered]),
    );
    expect(entered.mql).toBeGreaterThan(0);
    expect(entered.sal).toBeGreaterThan(0);
    expect(entered.sql).toBeGreaterThan(0);
    expect(entered.customer).toBeGreaterThan(0);
    // Opportunities are worked open before they are won: customers come through opportunity.
    const opportunity = report.waterfall.steps.find((step) => step.stage === 'opportunity');
    expect(opportunity?.advanced).toBeGreaterThan(0);

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stderr).not.toMatch(/"level":"error"/);
  }, 180_000);
});
