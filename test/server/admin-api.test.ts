import { beforeAll, describe, expect, test } from '@jest/globals';
import request from 'supertest';
import { createApp } from '../../src/server/app.ts';
import type { ReportRange } from '../../src/server/ports.ts';
import { backends, testClock, useStore } from '../support/database.ts';
import { fakeSync } from './support.ts';

const TOKEN = 'll-admin-7f3c9a1e5b2d4f60a8c1e9b3d7f2a6c4';
const auth = { Authorization: `Bearer ${TOKEN}` };
const LEADS = [
  '0b7e2c1a-4d3f-4a59-9c1e-2f6a8b3d5e71',
  '3c9d4e2b-5f6a-4b7c-8d9e-0f1a2b3c4d5e',
  '7a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d',
] as const;

describe.each(backends)('admin API on $name', (backend) => {
  const clock = testClock('2026-03-09T14:00:00.000Z');
  const store = useStore(backend, clock);
  const sync = fakeSync();
  const reports: ReportRange[] = [];
  const app = () =>
    createApp({
      store: store(),
      sync,
      clock: clock.clock,
      adminToken: TOKEN,
      bodyLimit: '2kb',
      report: async (range) => {
        reports.push(range);
        return { waterfall: { mql: 2, sal: 1 } };
      },
    });

  beforeAll(async () => {
    const owner = { salesforceUserId: '0055g00000AbCdEAAV', name: 'Dana Reyes' };
    await store().leads.insertMany([
      {
        id: LEADS[0],
        emailNormalized: 'amara.okafor@northwind.example',
        fields: {
          email: 'amara.okafor@northwind.example',
          firstName: 'Amara',
          company: 'Northwind',
        },
        stage: 'mql',
        owner,
        score: {
          total: 65,
          grade: 'B',
          reasons: [
            { ruleId: 'title-vp', label: 'Title is VP or above', points: 25 },
            { ruleId: 'pricing-visit', label: 'Visited pricing page', points: 40 },
          ],
        },
      },
      {
        id: LEADS[1],
        emailNormalized: 'li.wei@contoso.example',
        fields: { email: 'li.wei@contoso.example' },
        stage: 'mql',
        owner,
      },
      {
        id: LEADS[2],
        emailNormalized: 'j.smith@fabrikam.example',
        fields: { email: 'j.smith@fabrikam.example' },
        stage: 'inquiry',
      },
    ]);
    await store().links.link([
      { system: 'hubspot', object: 'contact', externalId: '51234501', leadId: LEADS[0] },
      { system: 'salesforce', object: 'Lead', externalId: '00Q5g00000Kx9aBEAR', leadId: LEADS[0] },
    ]);
    await store().stageHistory.add([
      {
        leadId: LEADS[0],
        stage: 'inquiry',
        at: '2026-03-02T10:00:00.000Z',
        system: 'hubspot',
        actor: 'form',
      },
      {
        leadId: LEADS[0],
        stage: 'mql',
        fromStage: 'inquiry',
        at: '2026-03-09T09:00:00.000Z',
        system: 'leadloop',
        actor: 'leadloop',
        reason: 'score 65 reached the MQL threshold 60',
      },
    ]);
    const { clock: sla } = await store().sla.start({
      leadId: LEADS[0],
      handoffAt: '2026-03-09T09:00:00.000Z',
      dueAt: '2026-03-09T13:00:00.000Z',
      ownerId: '0055g00000AbCdEAAV',
    });
    await store().sla.update(sla.id, {
      status: 'breached',
      breachedAt: '2026-03-09T13:00:00.000Z',
    });
  });

  describe('leads', () => {
    test('list filters by stage, owner and SLA status, with keyset paging', async () => {
      const first = await request(app()).get('/api/leads?stage=mql&limit=1').set(auth).expect(200);
      expect(first.body.leads.map((l: { id: string }) => l.id)).toEqual([LEADS[0]]);
      expect(first.body.nextCursor).toBe(LEADS[0]);
      expect(first.body.leads[0]).toMatchObject({
        email: 'amara.okafor@northwind.example',
        stage: 'mql',
        owner: { salesforceUserId: '0055g00000AbCdEAAV', name: 'Dana Reyes' },
        score: { total: 65, grade: 'B' },
        createdAt: '2026-03-09T14:00:00.000Z',
      });
      const second = await request(app())
        .get(`/api/leads?stage=mql&limit=1&after=${LEADS[0]}`)
        .set(auth)
        .expect(200);
      expect(second.body).toMatchObject({ leads: [{ id: LEADS[1] }], nextCursor: null });

      const byOwner = await request(app()).get('/api/leads?owner=0055g00000AbCdEAAV').set(auth);
      expect(byOwner.body.leads.map((l: { id: string }) => l.id)).toEqual([LEADS[0], LEADS[1]]);
      const breached = await request(app()).get('/api/leads?slaStatus=breached').set(auth);
      expect(breached.body.leads.map((l: { id: string }) => l.id)).toEqual([LEADS[0]]);
    });

    test('bad filters are 400 with the zod issues', async () => {
      const response = await request(app())
        .get('/api/leads?stage=hot&limit=5000&colour=red')
        .set(auth)
        .expect(400);
      expect(response.body.error.code).toBe('request.invalid');
      expect(response.body.error.message).toBe('The request query is not valid.');
      const paths = response.body.error.issues.map((i: { path: string[] }) => i.path.join('.'));
      expect(paths.sort()).toEqual(['', 'limit', 'stage']);
      expect(
        response.body.error.issues.find((i: { path: string[] }) => i.path[0] === 'stage').code,
      ).toBe('invalid_value');
    });

    test('one lead: history, score reasons, links and follow-up clocks; unknown id 404', async () => {
      const response = await request(app()).get(`/api/leads/${LEADS[0]}`).set(auth).expect(200);
      expect(response.body.scoreReasons).toEqual([
        { ruleId: 'title-vp', label: 'Title is VP or above', points: 25 },
        { ruleId: 'pricing-visit', label: 'Visited pricing page', points: 40 },
      ]);
      expect(response.body.stageHistory.map((h: { stage: string }) => h.stage)).toEqual([
        'inquiry',
        'mql',
      ]);
      expect(response.body.stageHistory[1].reason).toBe('score 65 reached the MQL threshold 60');
      expect(
        response.body.links.map(
          (l: { system: string; externalId: string }) => `${l.system}:${l.externalId}`,
        ),
      ).toEqual(['hubspot:51234501', 'salesforce:00Q5g00000Kx9aBEAR']);
      expect(response.body.slaClocks).toEqual([
        expect.objectContaining({
          status: 'breached',
          handoffAt: '2026-03-09T09:00:00.000Z',
          dueAt: '2026-03-09T13:00:00.000Z',
          breachedAt: '2026-03-09T13:00:00.000Z',
        }),
      ]);
      expect(response.body.opportunities).toEqual([]);

      const missing = await request(app())
        .get('/api/leads/9f8e7d6c-5b4a-4392-8170-6e5d4c3b2a19')
        .set(auth)
        .expect(404);
      expect(missing.body.error.code).toBe('lead.not_found');
      const notUuid = await request(app())
        .get('/api/leads/00Q5g00000Kx9aBEAR')
        .set(auth)
        .expect(400);
      expect(notUuid.body.error.issues[0].path).toEqual(['id']);
    });
  });

  describe('sync, runs, dead letters, report', () => {
    test('POST /api/sync queues one cycle however often it is pressed', async () => {
      const first = await request(app()).post('/api/sync').set(auth).expect(202);
      expect(first.body).toEqual({ jobId: expect.any(String), queued: true });
      const again = await request(app()).post('/api/sync').set(auth).send({}).expect(202);
      expect(again.body).toEqual({ jobId: null, queued: false });
      const job = await store().jobs.get(first.body.jobId);
      expect(job).toMatchObject({ kind: 'sync.cycle', payload: { trigger: 'admin' } });
    });

    test('malformed JSON is 400, an oversize body 413, unknown fields 400', async () => {
      const malformed = await request(app())
        .post('/api/sync')
        .set(auth)
        .set('Content-Type', 'application/json')
        .send('{"dryRun": tru')
        .expect(400);
      expect(malformed.body.error.code).toBe('request.malformed');
      const big = await request(app())
        .post('/api/dead-letters/replay')
        .set(auth)
        .send({ ids: Array.from({ length: 600 }, (_, i) => 100000 + i) })
        .expect(413);
      expect(big.body.error.code).toBe('request.too_large');
      const unknown = await request(app())
        .post('/api/sync')
        .set(auth)
        .send({ dryRun: true })
        .expect(400);
      expect(unknown.body.error.issues).toEqual([
        { code: 'unrecognized_keys', path: [], message: 'Unrecognized key: "dryRun"' },
      ]);
    });

    test('runs, newest first', async () => {
      const run = await store().runs.start({ kind: 'sync', trigger: 'schedule' });
      await store().runs.finish(run.id, { status: 'succeeded', summary: { read: 12, written: 3 } });
      const response = await request(app()).get('/api/runs?kind=sync').set(auth).expect(200);
      expect(response.body.runs).toEqual([
        {
          id: run.id,
          kind: 'sync',
          trigger: 'schedule',
          status: 'succeeded',
          startedAt: '2026-03-09T14:00:00.000Z',
          finishedAt: '2026-03-09T14:00:00.000Z',
          summary: { read: 12, written: 3 },
          error: null,
        },
      ]);
    });

    test('dead letters list without their payload, and replay through the engine', async () => {
      const [letter] = await store().deadLetters.add([
        {
          system: 'salesforce',
          object: 'Lead',
          operation: 'upsert',
          leadId: LEADS[1],
          payload: { LastName: 'Wei', Email: 'li.wei@contoso.example' },
          errorKind: 'invalid_record',
          errorCode: 'REQUIRED_FIELD_MISSING',
          errorMessage: 'Required fields are missing: [Company]',
        },
      ]);
      const list = await request(app())
        .get('/api/dead-letters?system=salesforce')
        .set(auth)
        .expect(200);
      expect(list.body.nextCursor).toBeNull();
      expect(list.body.deadLetters).toEqual([
        expect.objectContaining({
          id: letter?.id,
          leadId: LEADS[1],
          errorCode: 'REQUIRED_FIELD_MISSING',
          errorMessage: 'Required fields are missing: [Company]',
          attempts: 1,
        }),
      ]);
      expect(list.body.deadLetters[0].payload).toBeUndefined();

      const replay = await request(app())
        .post('/api/dead-letters/replay')
        .set(auth)
        .send({ ids: [letter?.id] })
        .expect(200);
      expect(replay.body).toEqual({ outcomes: [{ id: letter?.id, outcome: 'replayed' }] });
      expect(sync.calls.at(-1)).toEqual({ call: 'replayDeadLetters', ids: [letter?.id] });
      await request(app()).post('/api/dead-letters/replay').set(auth).send({ ids: [] }).expect(400);
    });

    test('report defaults to the last 28 days before the clock; from must precede to', async () => {
      const response = await request(app()).get('/api/report').set(auth).expect(200);
      expect(response.body).toEqual({ waterfall: { mql: 2, sal: 1 } });
      expect(reports.at(-1)).toEqual({
        from: '2026-02-09T14:00:00.000Z',
        to: '2026-03-09T14:00:00.000Z',
      });
      await request(app())
        .get('/api/report?from=2026-03-01T00:00:00Z&to=2026-02-01T00:00:00Z')
        .set(auth)
        .expect(400);
      const none = createApp({ store: store(), sync, clock: clock.clock, adminToken: TOKEN });
      expect((await request(none).get('/api/report').set(auth).expect(501)).body.error.code).toBe(
        'report.unavailable',
      );
    });
  });
});
