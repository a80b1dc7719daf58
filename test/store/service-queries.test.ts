import { describe, expect, test } from '@jest/globals';
import { backends, testClock, useStore } from '../support/database.ts';

// The repository methods the service needs: leads filtered by follow-up status, SLA counts for
// /metrics, and scheduled ticks that run once across replicas.
describe.each(backends)('service queries on $name', (backend) => {
  const clock = testClock('2026-03-09T14:00:00.000Z');
  const store = useStore(backend, clock);
  const ids = [
    '00000000-0000-4000-8000-000000000001',
    '00000000-0000-4000-8000-000000000002',
    '00000000-0000-4000-8000-000000000003',
  ] as const;

  test('leads page by the status of their latest follow-up clock', async () => {
    await store().leads.insertMany(
      ids.map((id, n) => ({
        id,
        emailNormalized: `lead${n}@acme.example`,
        fields: { email: `lead${n}@acme.example` },
        stage: 'mql' as const,
      })),
    );
    // Lead 1: an old clock met, then a new one breached. Lead 2: on track. Lead 3: none.
    const old = await store().sla.start({
      leadId: ids[0],
      handoffAt: '2026-03-01T09:00:00.000Z',
      dueAt: '2026-03-01T13:00:00.000Z',
    });
    await store().sla.close(old.clock.id, { status: 'met' });
    const breached = await store().sla.start({
      leadId: ids[0],
      handoffAt: '2026-03-09T09:00:00.000Z',
      dueAt: '2026-03-09T13:00:00.000Z',
    });
    await store().sla.update(breached.clock.id, {
      status: 'breached',
      breachedAt: '2026-03-09T13:00:00.000Z',
    });
    await store().sla.start({
      leadId: ids[1],
      handoffAt: '2026-03-09T12:00:00.000Z',
      dueAt: '2026-03-09T16:00:00.000Z',
    });

    const page = (slaStatus: 'breached' | 'met' | 'on_track') =>
      store()
        .leads.page({ slaStatus, limit: 10 })
        .then((leads) => leads.map((lead) => lead.id));
    expect(await page('breached')).toEqual([ids[0]]);
    expect(await page('met')).toEqual([]);
    expect(await page('on_track')).toEqual([ids[1]]);
    expect(
      (await store().leads.page({ stage: 'mql', after: ids[0], limit: 1 })).map((l) => l.id),
    ).toEqual([ids[1]]);
    expect(await store().sla.countOpenByStatus()).toEqual({ breached: 1, on_track: 1 });
  });

  test('enqueueOnce runs a key once, even after the first job finished', async () => {
    const tick = { kind: 'sla.sweep', dedupeKey: 'schedule:sla:2026-03-09T14:00:00.000Z' };
    const first = await store().jobs.enqueueOnce(tick);
    expect(first).toMatchObject({ kind: 'sla.sweep', dedupeKey: tick.dedupeKey, payload: {} });
    expect(await store().jobs.enqueueOnce(tick)).toBeUndefined();
    expect(await store().jobs.countUnfinished()).toBe(1);

    const [claimed] = await store().jobs.claim({ workerId: 'w1', limit: 1, leaseMs: 60_000 });
    expect(claimed?.id).toBe(first?.id);
    expect(await store().jobs.complete(first?.id ?? '', 'w1')).toBe(true);
    // A replica whose tick came late must not run it again.
    expect(await store().jobs.enqueueOnce(tick)).toBeUndefined();
    expect(await store().jobs.countUnfinished()).toBe(0);
    // Plain enqueue still reuses a finished key (webhook-style dedupe of waiting work only).
    expect((await store().jobs.enqueue([tick])).enqueued).toHaveLength(1);
  });
});
