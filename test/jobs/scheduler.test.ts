import { afterAll, describe, expect, test } from '@jest/globals';
import { jobHandlers } from '../../src/jobs/handlers.ts';
import { configuredSchedules, createScheduler } from '../../src/jobs/scheduler.ts';
import { createJobWorker } from '../../src/jobs/worker.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { backends, testClock, useStore } from '../support/database.ts';
import { fakeSync } from '../server/support.ts';

const SCHEDULES = { sync: '*/2 * * * *', sla: '* * * * *', reportSnapshot: '0 6 * * *' };

describe.each(backends)('scheduler on $name', (backend) => {
  const clock = testClock('2026-03-09T14:00:20.000Z');
  const store = useStore(backend, clock);
  const extra: Store[] = [];
  afterAll(async () => {
    for (const s of extra) await s.close();
  });

  /** Another replica: its own connection on PostgreSQL; PGlite lives in one process only. */
  const replica = async (): Promise<Store> => {
    if (backend.name === 'pglite') return store();
    const second = await openStore({ env: store.env(), clock: clock.clock });
    extra.push(second);
    return second;
  };

  test('ticks follow the injected clock (LEADLOOP_NOW, or a demo clock), not the wall clock', async () => {
    const scheduler = createScheduler({
      store: store(),
      clock: clock.clock,
      schedules: configuredSchedules(SCHEDULES),
      timezone: 'UTC',
    });
    expect(await scheduler.tick()).toEqual([
      'schedule:sync:2026-03-09T14:00:00.000Z',
      'schedule:sla:2026-03-09T14:00:00.000Z',
    ]);
    // The clock stands still: nothing new is due, however often it ticks.
    expect(await scheduler.tick()).toEqual([]);
    clock.advance(60_000);
    expect(await scheduler.tick()).toEqual(['schedule:sla:2026-03-09T14:01:00.000Z']);
    // A jump (a paused process, an accelerated demo day) runs each schedule once, not a backlog.
    clock.set('2026-03-09T14:09:59.000Z');
    expect(await scheduler.tick()).toEqual([
      'schedule:sync:2026-03-09T14:08:00.000Z',
      'schedule:sla:2026-03-09T14:09:00.000Z',
    ]);
    await scheduler.stop();
    const jobs = await store().jobs.claim({ workerId: 'drain', limit: 20, leaseMs: 1000 });
    expect(
      jobs.find((j) => j.dedupeKey === 'schedule:sync:2026-03-09T14:08:00.000Z'),
    ).toMatchObject({
      kind: 'sync.cycle',
      payload: { trigger: 'schedule', tick: '2026-03-09T14:08:00.000Z' },
      maxAttempts: 1,
    });
    for (const job of jobs) await store().jobs.complete(job.id, 'drain');
  });

  test('schedules are read in the configured time zone', async () => {
    clock.set('2026-03-10T05:00:30.000Z'); // 06:00:30 in Berlin (CET, UTC+1)
    const berlin = createScheduler({
      store: store(),
      clock: clock.clock,
      schedules: configuredSchedules(SCHEDULES).filter((s) => s.name === 'reportSnapshot'),
      timezone: 'Europe/Berlin',
    });
    expect(await berlin.tick()).toEqual(['schedule:reportSnapshot:2026-03-10T05:00:00.000Z']);
    await berlin.stop();
    const jobs = await store().jobs.claim({ workerId: 'drain', limit: 5, leaseMs: 1000 });
    for (const job of jobs) await store().jobs.complete(job.id, 'drain');
  });

  test('two replicas tick the same minute: the SLA sweep runs exactly once', async () => {
    clock.set('2026-03-10T09:15:05.000Z');
    const stores = [store(), await replica()];
    const syncs = [fakeSync(), fakeSync()];
    const sla = configuredSchedules(SCHEDULES).filter((s) => s.name === 'sla');
    const schedulers = stores.map((s) =>
      createScheduler({ store: s, clock: clock.clock, schedules: sla, timezone: 'UTC' }),
    );
    const workers = stores.map((s, n) =>
      createJobWorker({
        store: s,
        handlers: jobHandlers({ store: s, sync: syncs[n] ?? fakeSync() }),
        workerId: `replica-${n}`,
      }),
    );

    const ticks = await Promise.all(schedulers.map((s) => s.tick()));
    expect(ticks.flat()).toEqual(['schedule:sla:2026-03-10T09:15:00.000Z']);
    const ran = await Promise.all(workers.map((w) => w.runOnce()));
    expect(ran.filter(Boolean)).toHaveLength(1);
    expect(syncs.flatMap((s) => s.calls)).toEqual([{ call: 'runSlaSweep' }]);

    // A replica whose timer fires late, after the sweep finished, does not run it again.
    const late = createScheduler({
      store: stores[1] ?? store(),
      clock: clock.clock,
      schedules: sla,
      timezone: 'UTC',
    });
    expect(await late.tick()).toEqual([]);
    expect(await Promise.all(workers.map((w) => w.runOnce()))).toEqual([false, false]);
    for (const s of [...schedulers, late]) await s.stop();
  });
});
