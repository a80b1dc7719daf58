import { describe, expect, test } from '@jest/globals';
import { createStore, openDatabase, type Store } from '../../src/store/index.ts';
import { backends, testClock, useStore } from '../support/database.ts';

describe.each(backends)('jobs and webhook events on $name', (backend) => {
  const clock = testClock('2026-03-09T14:00:00.000Z');
  const store = useStore(backend, clock);
  const lease = 60_000;

  describe('jobs', () => {
    test('enqueue skips a dedupe key that is already waiting, in the store or in the batch', async () => {
      const first = await store().jobs.enqueue([
        { kind: 'sync.lead', payload: { leadId: 'a1' }, dedupeKey: 'sync.lead:a1' },
        { kind: 'sync.lead', payload: { leadId: 'a1', again: true }, dedupeKey: 'sync.lead:a1' },
        { kind: 'sla.sweep', payload: {} },
      ]);
      expect(first.enqueued.map((j) => [j.kind, j.dedupeKey])).toEqual([
        ['sync.lead', 'sync.lead:a1'],
        ['sla.sweep', null],
      ]);
      expect(first.skipped).toEqual(['sync.lead:a1']);
      expect(first.enqueued[0]).toEqual({
        id: first.enqueued[0]?.id,
        kind: 'sync.lead',
        payload: { leadId: 'a1' },
        dedupeKey: 'sync.lead:a1',
        runAfter: '2026-03-09T14:00:00.000Z',
        attempts: 0,
        maxAttempts: 5,
        lockedBy: null,
        lockedUntil: null,
        createdAt: '2026-03-09T14:00:00.000Z',
        doneAt: null,
        failedAt: null,
        lastError: null,
      });
      const second = await store().jobs.enqueue([{ kind: 'sync.lead', dedupeKey: 'sync.lead:a1' }]);
      expect(second).toEqual({ enqueued: [], skipped: ['sync.lead:a1'] });
    });

    test('claim takes due jobs in order under a lease; complete frees the dedupe key', async () => {
      await store().jobs.enqueue([{ kind: 'report.daily', runAfter: '2026-03-09T15:00:00.000Z' }]);
      const claimed = await store().jobs.claim({
        workerId: 'replica-1',
        limit: 10,
        leaseMs: lease,
      });
      // Both were due at the same instant (ties break by id); the report is not due yet.
      expect(claimed.map((j) => j.kind).sort()).toEqual(['sla.sweep', 'sync.lead']);
      const syncJob = claimed.find((j) => j.kind === 'sync.lead');
      const sweepJob = claimed.find((j) => j.kind === 'sla.sweep');
      if (syncJob === undefined || sweepJob === undefined) throw new Error('nothing claimed');
      expect(syncJob).toMatchObject({
        attempts: 1,
        lockedBy: 'replica-1',
        lockedUntil: '2026-03-09T14:01:00.000Z',
      });
      expect(
        await store().jobs.claim({ workerId: 'replica-2', limit: 10, leaseMs: lease }),
      ).toEqual([]);

      expect(await store().jobs.complete(syncJob.id, 'replica-2')).toBe(false);
      expect(await store().jobs.complete(syncJob.id, 'replica-1')).toBe(true);
      expect(await store().jobs.complete(syncJob.id, 'replica-1')).toBe(false);
      expect((await store().jobs.get(syncJob.id))?.doneAt).toBe('2026-03-09T14:00:00.000Z');
      expect(
        (await store().jobs.enqueue([{ kind: 'sync.lead', dedupeKey: 'sync.lead:a1' }])).enqueued,
      ).toHaveLength(1);
      expect(await store().jobs.release(sweepJob.id, 'replica-1')).toBe(true);
      expect(await store().jobs.get(sweepJob.id)).toMatchObject({ attempts: 0, lockedBy: null });
    });

    test('a dead worker’s job is claimed again when its lease runs out; the late worker loses it', async () => {
      const [job] = await store().jobs.claim({
        workerId: 'replica-1',
        limit: 1,
        leaseMs: lease,
        kinds: ['sla.sweep'],
      });
      if (job === undefined) throw new Error('nothing claimed');
      clock.advance(30_000);
      expect(await store().jobs.extendLease(job.id, 'replica-1', lease)).toBe(true);
      clock.advance(61_000);
      const [taken] = await store().jobs.claim({
        workerId: 'replica-2',
        limit: 1,
        leaseMs: lease,
        kinds: ['sla.sweep'],
      });
      expect(taken).toMatchObject({ id: job.id, attempts: 2, lockedBy: 'replica-2' });
      expect(await store().jobs.fail(job.id, 'replica-1', 'late')).toBe('lease_lost');
      expect(await store().jobs.extendLease(job.id, 'replica-1', lease)).toBe(false);
      expect(await store().jobs.complete(job.id, 'replica-2')).toBe(true);
    });

    test('failures back off exponentially, then give up after maxAttempts', async () => {
      clock.set('2026-03-10T09:00:00.000Z');
      const {
        enqueued: [job],
      } = await store().jobs.enqueue([
        { kind: 'notify.slack', payload: { leadId: 'b2' }, dedupeKey: 'notify:b2', maxAttempts: 3 },
      ]);
      if (job === undefined) throw new Error('not enqueued');
      const claimOne = () =>
        store().jobs.claim({ workerId: 'w', limit: 1, leaseMs: lease, kinds: ['notify.slack'] });

      await claimOne();
      expect(await store().jobs.fail(job.id, 'w', 'HTTP 503 from hooks.slack.com')).toBe('retry');
      expect(await store().jobs.get(job.id)).toMatchObject({
        runAfter: '2026-03-10T09:00:30.000Z',
        lastError: 'HTTP 503 from hooks.slack.com',
        lockedBy: null,
      });
      expect(await claimOne()).toEqual([]);
      clock.advance(30_000);
      expect((await claimOne()).map((j) => j.attempts)).toEqual([2]);
      expect(await store().jobs.fail(job.id, 'w', 'HTTP 503 again')).toBe('retry');
      expect((await store().jobs.get(job.id))?.runAfter).toBe('2026-03-10T09:01:30.000Z');
      clock.advance(60_000);
      await claimOne();
      expect(await store().jobs.fail(job.id, 'w', 'HTTP 404 no_service')).toBe('gave_up');
      expect(await store().jobs.get(job.id)).toMatchObject({
        failedAt: '2026-03-10T09:01:30.000Z',
        attempts: 3,
      });
      expect((await store().jobs.listFailed()).map((j) => j.id)).toEqual([job.id]);
      clock.advance(3_600_000);
      expect(await claimOne()).toEqual([]);
      // Given up: the key is free for a new attempt later.
      expect(
        (await store().jobs.enqueue([{ kind: 'notify.slack', dedupeKey: 'notify:b2' }])).enqueued,
      ).toHaveLength(1);
    });

    test('retryInMs overrides the backoff; a lease lost after the last attempt gives up', async () => {
      clock.set('2026-03-11T09:00:00.000Z');
      const {
        enqueued: [job],
      } = await store().jobs.enqueue([{ kind: 'hubspot.rate_limited', maxAttempts: 2 }]);
      if (job === undefined) throw new Error('not enqueued');
      const claimOne = () =>
        store().jobs.claim({
          workerId: 'w',
          limit: 1,
          leaseMs: lease,
          kinds: ['hubspot.rate_limited'],
        });
      await claimOne();
      expect(
        await store().jobs.fail(job.id, 'w', '429 TEN_SECONDLY_ROLLING', { retryInMs: 10_000 }),
      ).toBe('retry');
      expect((await store().jobs.get(job.id))?.runAfter).toBe('2026-03-11T09:00:10.000Z');
      clock.advance(10_000);
      await claimOne(); // the second and last attempt; this worker then dies
      clock.advance(lease);
      expect(await claimOne()).toEqual([]);
      expect(await store().jobs.get(job.id)).toMatchObject({
        failedAt: '2026-03-11T09:01:10.000Z',
        lastError: '429 TEN_SECONDLY_ROLLING',
        lockedBy: null,
      });
    });

    test('two replicas claiming at once get every job exactly once', async () => {
      clock.set('2026-03-12T09:00:00.000Z');
      const count = 60;
      await store().jobs.enqueue(
        Array.from({ length: count }, (_, i) => ({
          kind: 'sync.page',
          payload: { page: i },
          dedupeKey: `page:${i}`,
        })),
      );
      // PostgreSQL: a second connection pool, as another replica has. PGlite serves one process,
      // so its two claimers share the connection and interleave.
      const otherDb =
        backend.name === 'postgres' ? await openDatabase({ env: store.env() }) : store().db;
      const other = createStore(otherDb, clock.clock);
      const drain = async (replica: Store, workerId: string) => {
        const mine: string[] = [];
        for (;;) {
          const batch = await replica.jobs.claim({
            workerId,
            limit: 4,
            leaseMs: lease,
            kinds: ['sync.page'],
          });
          if (batch.length === 0) return mine;
          mine.push(...batch.map((j) => j.id));
          await Promise.all(batch.map((j) => replica.jobs.complete(j.id, workerId)));
        }
      };
      try {
        const results = await Promise.all([
          drain(store(), 'replica-1'),
          drain(other, 'replica-2'),
          drain(store(), 'replica-1b'),
          drain(other, 'replica-2b'),
        ]);
        const all = results.flat();
        expect(all).toHaveLength(count);
        expect(new Set(all).size).toBe(count);
        const { rows } = await store().db.query<{ n: number | string }>(
          "SELECT count(*) AS n FROM jobs WHERE kind = 'sync.page' AND done_at IS NOT NULL AND attempts = 1",
        );
        expect(Number(rows[0]?.n)).toBe(count);
      } finally {
        if (otherDb !== store().db) await otherDb.close();
      }
    });

    test('finished jobs are pruned by age', async () => {
      clock.set('2026-04-01T00:00:00.000Z');
      const pruned = await store().jobs.pruneFinished('2026-03-12T00:00:00.000Z');
      expect(pruned).toBe(4);
      const { rows } = await store().db.query<{ n: number | string }>(
        'SELECT count(*) AS n FROM jobs WHERE done_at IS NOT NULL OR failed_at IS NOT NULL',
      );
      expect(Number(rows[0]?.n)).toBe(60);
    });
  });

  describe('webhook events', () => {
    const delivery = (eventId: string) => ({
      system: 'hubspot',
      eventId,
      payload: {
        eventId: Number(eventId),
        subscriptionType: 'contact.propertyChange',
        objectId: 51234,
        propertyName: 'lifecyclestage',
        propertyValue: 'marketingqualifiedlead',
        occurredAt: 1741528800000,
      },
    });

    test('an event is new once; a replayed delivery is not', async () => {
      clock.set('2026-03-09T14:00:00.000Z');
      expect(await store().webhookEvents.recordIfNew(delivery('1001'))).toBe(true);
      expect(await store().webhookEvents.recordIfNew(delivery('1001'))).toBe(false);
      // The same id from another system is another event.
      expect(
        await store().webhookEvents.recordIfNew({ ...delivery('1001'), system: 'salesforce' }),
      ).toBe(true);
    });

    test('a batch returns only the new ids, duplicates inside it included once', async () => {
      const fresh = await store().webhookEvents.recordManyIfNew([
        delivery('1001'),
        delivery('1002'),
        delivery('1003'),
        delivery('1002'),
      ]);
      expect(fresh).toEqual(new Set(['1002', '1003']));
    });

    test('old events are pruned after the retry window', async () => {
      clock.set('2026-03-12T14:00:00.000Z');
      await store().webhookEvents.recordIfNew(delivery('2001'));
      expect(await store().webhookEvents.pruneReceivedBefore('2026-03-11T14:00:00.000Z')).toBe(4);
      expect(await store().webhookEvents.recordIfNew(delivery('1001'))).toBe(true);
      expect(await store().webhookEvents.recordIfNew(delivery('2001'))).toBe(false);
    });
  });
});
