import { describe, expect, test } from '@jest/globals';
import request from 'supertest';
import { createApp } from '../../src/server/app.ts';
import { backends, testClock, useStore } from '../support/database.ts';
import { fakeSync } from './support.ts';

describe.each(backends)('/api/openapi.json on $name', (backend) => {
  const clock = testClock('2026-03-09T14:00:00.000Z');
  const store = useStore(backend, clock);

  test('the OpenAPI 3.1 document is public and generated from the schemas', async () => {
    const app = createApp({
      store: store(),
      sync: fakeSync(),
      clock: clock.clock,
      adminToken: 'x',
    });
    const response = await request(app).get('/api/openapi.json').expect(200);
    expect(response.body.openapi).toBe('3.1.0');
    expect(Object.keys(response.body.paths).sort()).toEqual([
      '/api/dead-letters',
      '/api/dead-letters/replay',
      '/api/leads',
      '/api/leads/{id}',
      '/api/report',
      '/api/runs',
      '/api/sync',
    ]);
    const list = response.body.paths['/api/leads'].get;
    expect(list.parameters.find((p: { name: string }) => p.name === 'slaStatus')).toEqual({
      name: 'slaStatus',
      in: 'query',
      required: false,
      schema: { type: 'string', enum: ['on_track', 'met', 'breached', 'escalated'] },
    });
    expect(list.responses['200'].content['application/json'].schema.required).toEqual([
      'leads',
      'nextCursor',
    ]);
    expect(response.body.paths['/api/sync'].post.responses['202']).toBeDefined();
    expect(response.body.components.securitySchemes.adminToken).toEqual({
      type: 'http',
      scheme: 'bearer',
    });
  });
});
