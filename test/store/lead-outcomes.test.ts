import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { backends, testClock, useStore } from '../support/database.ts';

describe.each(backends)('stage history and SLA clocks on $name', (backend) => {
  const clock = testClock('2026-03-09T14:00:00.000Z');
  const store = useStore(backend, clock);
  const maria = randomUUID();
  const tom = randomUUID();

  beforeAll(async () => {
    await store().leads.insertMany([
      {
        id: maria,
        emailNormalized: 'maria.garcia@fabrikam.example',
        fields: { firstName: 'Maria' },
        stage: 'sal',
      },
      {
        id: tom,
        emailNormalized: 'tom.reed@litware.example',
        fields: { firstName: 'Tom' },
        stage: 'mql',
      },
    ]);
  });

  describe('stage history', () => {
    test('appends a page of entries in order and reads them oldest first', async () => {
      const added = await store().stageHistory.add([
        {
          leadId: maria,
          stage: 'inquiry',
          at: '2026-03-01T09:00:00.000Z',
          system: 'hubspot',
          actor: 'form: Pricing',
        },
        {
          leadId: maria,
          stage: 'mql',
          fromStage: 'inquiry',
          at: '2026-03-05T10:00:00.000Z',
          system: 'leadloop',
          actor: 'leadloop',
          reason: 'score 72 reached the MQL threshold 60',
        },
        {
          leadId: tom,
          stage: 'mql',
          fromStage: 'inquiry',
          at: '2026-03-06T11:00:00.000Z',
          system: 'hubspot',
          actor: 'jordan@leadloop-demo.example',
        },
        {
          leadId: maria,
          stage: 'sal',
          fromStage: 'mql',
          at: '2026-03-07T08:15:00.000Z',
          system: 'salesforce',
          actor: '005Hn00000A1b2cIAB',
        },
      ]);
      expect(added.map((e) => e.stage)).toEqual(['inquiry', 'mql', 'mql', 'sal']);
      expect(added[1]).toEqual({
        id: added[1]?.id,
        leadId: maria,
        stage: 'mql',
        fromStage: 'inquiry',
        at: '2026-03-05T10:00:00.000Z',
        system: 'leadloop',
        actor: 'leadloop',
        reason: 'score 72 reached the MQL threshold 60',
      });
      expect((await store().stageHistory.ofLead(maria)).map((e) => [e.fromStage, e.stage])).toEqual(
        [
          [null, 'inquiry'],
          ['inquiry', 'mql'],
          ['mql', 'sal'],
        ],
      );
      expect(
        await store().stageHistory.countEntered({
          from: '2026-03-05T00:00:00.000Z',
          to: '2026-03-07T00:00:00.000Z',
        }),
      ).toEqual({
        mql: 2,
      });
    });
  });

  describe('SLA clocks', () => {
    test('one open clock per lead: a retried handoff returns the running clock', async () => {
      const started = await store().sla.start({
        leadId: maria,
        handoffAt: '2026-03-09T14:00:00.000Z',
        dueAt: '2026-03-09T18:00:00.000Z',
        grade: 'A',
        ownerId: '005Hn00000A1b2cIAB',
        escalationDueAt: '2026-03-10T14:00:00.000Z',
      });
      expect(started.started).toBe(true);
      expect(started.clock).toEqual({
        id: started.clock.id,
        leadId: maria,
        handoffAt: '2026-03-09T14:00:00.000Z',
        dueAt: '2026-03-09T18:00:00.000Z',
        grade: 'A',
        ownerId: '005Hn00000A1b2cIAB',
        status: 'on_track',
        firstTouchAt: null,
        breachedAt: null,
        escalatedAt: null,
        escalationDueAt: '2026-03-10T14:00:00.000Z',
        closedAt: null,
        alerts: [],
        alertRetryAt: null,
      });
      const retried = await store().sla.start({
        leadId: maria,
        handoffAt: '2026-03-09T14:05:00.000Z',
        dueAt: '2026-03-09T18:05:00.000Z',
      });
      expect(retried).toEqual({ clock: started.clock, started: false });
      expect(await store().sla.openFor([maria, tom])).toEqual([started.clock]);
    });

    test('a page of handoffs starts its clocks in one statement; an open clock is kept', async () => {
      const [mariaBefore] = await store().sla.openFor([maria]);
      const started = await store().sla.startMany([
        { leadId: maria, handoffAt: '2026-03-09T15:00:00.000Z', dueAt: '2026-03-09T19:00:00.000Z' },
        {
          leadId: tom,
          handoffAt: '2026-03-09T09:00:00.000Z',
          dueAt: '2026-03-09T13:00:00.000Z',
          escalationDueAt: '2026-03-09T17:00:00.000Z',
        },
      ]);
      expect(started).toBe(1);
      const [mariaAfter, tomClock] = await store()
        .sla.openFor([maria, tom])
        .then((clocks) => [maria, tom].map((id) => clocks.find((clock) => clock.leadId === id)));
      expect(mariaAfter).toEqual(mariaBefore);
      expect(tomClock).toMatchObject({
        handoffAt: '2026-03-09T09:00:00.000Z',
        dueAt: '2026-03-09T13:00:00.000Z',
        escalationDueAt: '2026-03-09T17:00:00.000Z',
        status: 'on_track',
        grade: null,
        ownerId: null,
      });
    });

    test('the sweep finds due clocks, then breached clocks due for escalation', async () => {
      const { clock: tomClock } = await store().sla.start({
        leadId: tom,
        handoffAt: '2026-03-09T09:00:00.000Z',
        dueAt: '2026-03-09T13:00:00.000Z',
        escalationDueAt: '2026-03-09T17:00:00.000Z',
      });
      expect(
        (await store().sla.dueForBreach('2026-03-09T15:00:00.000Z', 10)).map((c) => c.leadId),
      ).toEqual([tom]);
      expect(
        (await store().sla.dueForBreach('2026-03-09T18:00:00.000Z', 10)).map((c) => c.leadId),
      ).toEqual([tom, maria]);
      const breached = await store().sla.update(tomClock.id, {
        status: 'breached',
        breachedAt: '2026-03-09T15:00:00.000Z',
      });
      expect(breached).toMatchObject({
        status: 'breached',
        breachedAt: '2026-03-09T15:00:00.000Z',
        dueAt: '2026-03-09T13:00:00.000Z',
      });
      const alerted = await store().sla.addAlert(tomClock.id, {
        kind: 'breached',
        at: '2026-03-09T15:00:00.000Z',
        channel: 'slack',
      });
      expect(alerted.alerts).toEqual([
        { kind: 'breached', at: '2026-03-09T15:00:00.000Z', channel: 'slack' },
      ]);
      expect(await store().sla.dueForBreach('2026-03-09T15:00:00.000Z', 10)).toEqual([]);
      expect(await store().sla.dueForEscalation('2026-03-09T16:59:59.000Z', 10)).toEqual([]);
      expect(
        (await store().sla.dueForEscalation('2026-03-09T17:00:00.000Z', 10)).map((c) => c.id),
      ).toEqual([tomClock.id]);
    });

    test('closing a clock keeps it for reports and allows a new one later', async () => {
      const [open] = await store().sla.openFor([maria]);
      if (open === undefined) throw new Error('no clock');
      clock.set('2026-03-09T15:30:00.000Z');
      const closed = await store().sla.close(open.id, {
        status: 'met',
        firstTouchAt: '2026-03-09T15:29:00.000Z',
      });
      expect(closed).toMatchObject({
        status: 'met',
        firstTouchAt: '2026-03-09T15:29:00.000Z',
        closedAt: '2026-03-09T15:30:00.000Z',
      });
      expect(await store().sla.openFor([maria])).toEqual([]);
      const again = await store().sla.start({
        leadId: maria,
        handoffAt: '2026-04-01T09:00:00.000Z',
        dueAt: '2026-04-01T13:00:00.000Z',
      });
      expect(again.started).toBe(true);
      expect((await store().sla.ofLead(maria)).map((c) => c.status)).toEqual(['met', 'on_track']);
      const march = await store().sla.handedOffBetween({
        from: '2026-03-01T00:00:00.000Z',
        to: '2026-04-01T00:00:00.000Z',
      });
      expect(march.map((c) => c.leadId)).toEqual([tom, maria]);
    });
  });
});
