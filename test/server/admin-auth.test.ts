import { Router } from 'express';
import { describe, expect, test } from '@jest/globals';
import request from 'supertest';
import { createApp } from '../../src/server/app.ts';
import { tokenMatches } from '../../src/server/admin-auth.ts';
import { backends, testClock, useStore } from '../support/database.ts';
import { fakeSync } from './support.ts';

const TOKEN = 'll-admin-7f3c9a1e5b2d4f60a8c1e9b3d7f2a6c4';
const auth = { Authorization: `Bearer ${TOKEN}` };

test('tokens compare equal only when identical, whatever their lengths', () => {
  expect(tokenMatches(TOKEN, TOKEN)).toBe(true);
  expect(tokenMatches(TOKEN, `${TOKEN} `)).toBe(false);
  expect(tokenMatches(TOKEN, TOKEN.slice(0, -1))).toBe(false);
  expect(tokenMatches(TOKEN, '')).toBe(false);
});

describe.each(backends)('admin authentication on $name', (backend) => {
  const clock = testClock('2026-03-09T14:00:00.000Z');
  const store = useStore(backend, clock);
  const sync = fakeSync();
  const app = () => createApp({ store: store(), sync, clock: clock.clock, adminToken: TOKEN });

  test('no token, a wrong token and a malformed header are 401 with a hint', async () => {
    const missing = await request(app()).get('/api/leads').expect(401);
    expect(missing.body.error).toEqual({
      code: 'admin.token_missing',
      message: 'This endpoint needs the admin token.',
      hint: 'Send "Authorization: Bearer <LEADLOOP_ADMIN_TOKEN>".',
    });
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="leadloop"');
    const wrong = await request(app())
      .get('/api/leads')
      .set('Authorization', `Bearer ${TOKEN}x`)
      .expect(401);
    expect(wrong.body.error.code).toBe('admin.token_invalid');
    await request(app()).get('/api/leads').set('Authorization', TOKEN).expect(401);
  });

  test('repeated failures from one address are cut off with 429; a right token does not count', async () => {
    const limited = createApp({
      store: store(),
      sync,
      clock: clock.clock,
      adminToken: TOKEN,
      maxFailedAttempts: 3,
    });
    for (let i = 0; i < 5; i += 1) {
      await request(limited).get('/api/runs').set(auth).expect(200);
    }
    for (let i = 0; i < 3; i += 1) {
      await request(limited).get('/api/runs').set('Authorization', `Bearer guess-${i}`).expect(401);
    }
    const blocked = await request(limited)
      .get('/api/runs')
      .set('Authorization', 'Bearer guess-4')
      .expect(429);
    expect(blocked.body.error.code).toBe('admin.too_many_attempts');
    // Even the right token waits now: a guesser cannot tell when it hit.
    await request(limited).get('/api/runs').set(auth).expect(429);
  });

  test('without LEADLOOP_ADMIN_TOKEN the admin API is off with a 503 saying how to turn it on', async () => {
    const off = createApp({ store: store(), sync, clock: clock.clock });
    const response = await request(off).get('/api/leads').set(auth).expect(503);
    expect(response.body.error).toEqual({
      code: 'admin.disabled',
      message: 'The admin API is disabled.',
      hint: 'Set LEADLOOP_ADMIN_TOKEN (a long random string) and restart leadloop.',
    });
  });

  test('the dashboard is served at / behind the token; browsers may use Basic auth', async () => {
    const dashboard = Router();
    dashboard.get('/', (_request, response) => {
      response.type('html').send('<h1>Pipeline</h1>');
    });
    const withDashboard = createApp({
      store: store(),
      sync,
      clock: clock.clock,
      adminToken: TOKEN,
      dashboard,
    });
    const anonymous = await request(withDashboard).get('/').expect(401);
    expect(anonymous.headers['www-authenticate']).toBe('Basic realm="leadloop", charset="UTF-8"');
    const basic = `Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}`;
    const page = await request(withDashboard).get('/').set('Authorization', basic).expect(200);
    expect(page.text).toBe('<h1>Pipeline</h1>');
    await request(withDashboard).get('/').set(auth).expect(200);
    const wrong = `Basic ${Buffer.from('admin:letmein').toString('base64')}`;
    await request(withDashboard).get('/').set('Authorization', wrong).expect(401);
    // The API itself takes only the bearer token, and health stays open.
    await request(withDashboard).get('/api/runs').set('Authorization', basic).expect(401);
    await request(withDashboard).get('/healthz').expect(200);
  });
});
