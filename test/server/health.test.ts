import { describe, expect, test } from '@jest/globals';
import request from 'supertest';
import { createApp } from '../../src/server/app.ts';
import { syncRuns } from '../../src/server/metrics.ts';
import type { ReadinessResult } from '../../src/server/ports.ts';
import { backends, testClock, useStore } from '../support/database.ts';
import { fakeSync } from './support.ts';

describe.each(backends)('health, metrics and headers on $name', (backend) => {
  const clock = testClock('2026-03-09T14:00:00.000Z');
  const store = useStore(backend, clock);

  test('/healthz answers with helmet headers and without x-powered-by', async () => {
    const app = createApp({ store: store(), sync: fakeSync(), clock: clock.clock });
    const response = await request(app).get('/healthz').expect(200);
    expect(response.body).toEqual({ status: 'ok' });
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['strict-transport-security']).toBe(
      'max-age=31536000; includeSubDomains',
    );
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
  });

  test('/readyz checks the store and the vendors, and caches the answer', async () => {
    let calls = 0;
    let salesforce: ReadinessResult = { ok: true };
    const app = createApp({
      store: store(),
      sync: fakeSync(),
      clock: clock.clock,
      readinessCacheMs: 60_000,
      readiness: async () => {
        calls += 1;
        return { salesforce, hubspot: { ok: true } };
      },
    });
    const first = await request(app).get('/readyz').expect(200);
    expect(first.body).toEqual({
      status: 'ready',
      checks: { store: { ok: true }, salesforce: { ok: true }, hubspot: { ok: true } },
    });
    salesforce = { ok: false, message: 'INVALID_SESSION_ID: Session expired or invalid' };
    await request(app).get('/readyz').expect(200);
    expect(calls).toBe(1);

    const uncached = createApp({
      store: store(),
      sync: fakeSync(),
      clock: clock.clock,
      readinessCacheMs: 0,
      readiness: async () => ({ salesforce }),
    });
    const down = await request(uncached).get('/readyz').expect(503);
    expect(down.body).toEqual({
      status: 'not_ready',
      checks: {
        store: { ok: true },
        salesforce: { ok: false, message: 'INVALID_SESSION_ID: Session expired or invalid' },
      },
    });
  });

  test('/metrics serves the registry with store-backed gauges', async () => {
    await store().deadLetters.add([
      {
        system: 'salesforce',
        object: 'Lead',
        operation: 'upsert',
        externalId: 'hubspot:51234501',
        payload: { LastName: 'Okafor' },
        errorKind: 'invalid_record',
        errorCode: 'REQUIRED_FIELD_MISSING',
        errorMessage: 'Required fields are missing: [Company]',
      },
    ]);
    await store().jobs.enqueue([{ kind: 'sla.sweep' }]);
    syncRuns.inc({ trigger: 'schedule', status: 'succeeded' });
    const app = createApp({ store: store(), sync: fakeSync(), clock: clock.clock });
    const response = await request(app).get('/metrics').expect(200);
    expect(response.headers['content-type']).toContain('text/plain');
    const text = response.text;
    expect(text).toContain('leadloop_dead_letters 1');
    expect(text).toContain('leadloop_jobs_queued 1');
    expect(text).toContain('leadloop_sla_clocks{status="on_track"} 0');
    expect(text).toMatch(/leadloop_sync_runs_total\{trigger="schedule",status="succeeded"\} \d+/);
    for (const name of [
      'leadloop_sync_run_duration_seconds',
      'leadloop_sync_records_total',
      'leadloop_api_calls',
      'leadloop_api_budget_remaining',
      'leadloop_propagation_latency_seconds',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
  });

  test('an unknown path is a 404 in the API error shape', async () => {
    const app = createApp({ store: store(), sync: fakeSync(), clock: clock.clock });
    const response = await request(app).get('/nope').expect(404);
    expect(response.body).toEqual({
      error: {
        code: 'route.not_found',
        message: 'No such endpoint.',
        hint: 'See /api/openapi.json for the admin API.',
      },
    });
  });
});
