import { describe, expect, test } from '@jest/globals';
import { LeadloopError } from '../../src/errors/leadloop-error.ts';
import { jobHandlers } from '../../src/jobs/handlers.ts';
import { createJobWorker } from '../../src/jobs/worker.ts';
import { backends, testClock, useStore } from '../support/database.ts';
import { fakeSync, gate } from '../server/support.ts';

const records = (ids: string[]) => ({
  kind: 'sync.records',
  payload: { system: 'hubspot', object: 'contact', ids, receivedAt: '2026-03-09T14:00:00.000Z' },
});

describe.each(backends)('job worker on $name', (backend) => {
  const clock = testClock('2026-03-09T14:00:00.000Z');
  const store = useStore(backend, clock);

  test('runs a queued webhook job through the SyncPort and marks it done', async () => {
    const sync = fakeSync();
    const worker = createJobWorker({
      store: store(),
      handlers: jobHandlers({ store: store(), sync }),
      workerId: 'replica-a',
    });
    const { enqueued } = await store().jobs.enqueue([records(['51234501', '51234502'])]);
    expect(await worker.runOnce()).toBe(true);
    expect(sync.calls).toEqual([
      { call: 'syncRecords', system: 'hubspot', object: 'contact', ids: ['51234501', '51234502'] },
    ]);
    expect(await store().jobs.get(enqueued[0]?.id ?? '')).toMatchObject({
      doneAt: '2026-03-09T14:00:00.000Z',
      attempts: 1,
      lockedBy: null,
    });
    expect(await worker.runOnce()).toBe(false);
  });

  test('a failing job is retried after its backoff, then given up with the error kept', async () => {
    const sync = fakeSync();
    sync.behave(async () => {
      throw Object.assign(new Error('HubSpot 502 Bad Gateway'), { retryAfterMs: undefined });
    });
    const worker = createJobWorker({
      store: store(),
      handlers: jobHandlers({ store: store(), sync }),
      backoff: { baseMs: 10_000, maxMs: 60_000 },
    });
    const { enqueued } = await store().jobs.enqueue([{ ...records(['51234509']), maxAttempts: 2 }]);
    const id = enqueued[0]?.id ?? '';
    expect(await worker.runOnce()).toBe(true);
    expect(await store().jobs.get(id)).toMatchObject({
      attempts: 1,
      failedAt: null,
      runAfter: '2026-03-09T14:00:10.000Z',
      lastError: 'HubSpot 502 Bad Gateway',
    });
    expect(await worker.runOnce()).toBe(false);
    clock.advance(10_000);
    expect(await worker.runOnce()).toBe(true);
    expect(await store().jobs.get(id)).toMatchObject({
      attempts: 2,
      failedAt: '2026-03-09T14:00:10.000Z',
    });
    expect(sync.calls).toHaveLength(2);
  });

  test('a sync cycle that finds another sync running past its wait is skipped, not failed', async () => {
    const sync = fakeSync();
    sync.behave(async () => {
      throw new LeadloopError('sync.busy', 'Another sync is running against this store.');
    });
    const worker = createJobWorker({
      store: store(),
      handlers: jobHandlers({ store: store(), sync }),
    });
    const { enqueued } = await store().jobs.enqueue([
      { kind: 'sync.cycle', payload: { trigger: 'schedule' } },
    ]);
    expect(await worker.runOnce()).toBe(true);
    expect(sync.calls).toEqual([{ call: 'runCycle', trigger: 'schedule' }]);
    expect(await store().jobs.get(enqueued[0]?.id ?? '')).toMatchObject({
      attempts: 1,
      failedAt: null,
      lastError: null,
      lockedBy: null,
    });
    expect((await store().jobs.get(enqueued[0]?.id ?? ''))?.doneAt).not.toBeNull();
  });

  test('stop during a job lets it finish, then claims nothing more', async () => {
    const sync = fakeSync();
    const hold = gate();
    const started = gate();
    sync.behave(async () => {
      started.open();
      await hold.promise;
    });
    const worker = createJobWorker({
      store: store(),
      handlers: jobHandlers({ store: store(), sync }),
      pollMs: 10,
    });
    const { enqueued } = await store().jobs.enqueue([records(['51234511']), records(['51234512'])]);
    worker.start();
    await started.promise;
    const stopped = worker.stop();
    hold.open();
    await stopped;
    expect(sync.calls).toHaveLength(1);
    const [first, second] = await Promise.all(enqueued.map((job) => store().jobs.get(job.id)));
    expect([first?.doneAt !== null, second?.doneAt !== null].sort()).toEqual([false, true]);
    expect([first?.lockedBy, second?.lockedBy]).toEqual([null, null]);
    // The unclaimed one waits for the next replica: done by another worker, nothing lost.
    const next = createJobWorker({
      store: store(),
      handlers: jobHandlers({ store: store(), sync }),
    });
    expect(await next.runOnce()).toBe(true);
    expect(await store().jobs.countUnfinished()).toBe(0);
  });

  test('a job still running after the drain time is released, and another replica runs it', async () => {
    const stuck = fakeSync();
    const started = gate();
    const never = gate();
    stuck.behave(async () => {
      started.open();
      await never.promise; // ignores the shutdown signal
    });
    const worker = createJobWorker({
      store: store(),
      handlers: jobHandlers({ store: store(), sync: stuck }),
      workerId: 'replica-a',
      drainMs: 20,
      pollMs: 10,
    });
    const { enqueued } = await store().jobs.enqueue([records(['51234521'])]);
    const id = enqueued[0]?.id ?? '';
    worker.start();
    await started.promise;
    await worker.stop();
    expect(await store().jobs.get(id)).toMatchObject({ lockedBy: null, attempts: 0, doneAt: null });

    const healthy = fakeSync();
    const other = createJobWorker({
      store: store(),
      handlers: jobHandlers({ store: store(), sync: healthy }),
      workerId: 'replica-b',
    });
    expect(await other.runOnce()).toBe(true);
    expect(healthy.calls).toEqual([
      { call: 'syncRecords', system: 'hubspot', object: 'contact', ids: ['51234521'] },
    ]);
    expect(await store().jobs.get(id)).toMatchObject({ attempts: 1, lockedBy: null });
    expect((await store().jobs.get(id))?.doneAt).not.toBeNull();
    never.open();
  });

  test('a job that winds down on the shutdown signal is released, not counted as failed', async () => {
    const sync = fakeSync();
    const started = gate();
    sync.behave(async (_call, context) => {
      started.open();
      await new Promise<void>((_resolve, reject) => {
        context?.signal.addEventListener('abort', () => reject(new Error('shutdown requested')));
      });
    });
    const worker = createJobWorker({
      store: store(),
      handlers: jobHandlers({ store: store(), sync }),
      pollMs: 10,
    });
    const { enqueued } = await store().jobs.enqueue([records(['51234531'])]);
    worker.start();
    await started.promise;
    await worker.stop();
    expect(await store().jobs.get(enqueued[0]?.id ?? '')).toMatchObject({
      attempts: 0,
      lockedBy: null,
      doneAt: null,
      failedAt: null,
      lastError: null,
    });
    await store().jobs.claim({ workerId: 'cleanup', limit: 10, leaseMs: 1000 });
  });
});
