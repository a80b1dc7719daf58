import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { backends, testClock, useStore } from '../support/database.ts';

describe.each(backends)(
  'stage history, SLA clocks, opportunities, identity conflicts on $name',
  (backend) => {
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
        expect(
          (await store().stageHistory.ofLead(maria)).map((e) => [e.fromStage, e.stage]),
        ).toEqual([
          [null, 'inquiry'],
          ['inquiry', 'mql'],
          ['mql', 'sal'],
        ]);
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
        });
        const retried = await store().sla.start({
          leadId: maria,
          handoffAt: '2026-03-09T14:05:00.000Z',
          dueAt: '2026-03-09T18:05:00.000Z',
        });
        expect(retried).toEqual({ clock: started.clock, started: false });
        expect(await store().sla.openFor([maria, tom])).toEqual([started.clock]);
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

    describe('opportunities', () => {
      test('upserts a page and reads amounts, currencies and dates back exactly', async () => {
        await store().opportunities.upsertMany([
          {
            system: 'salesforce',
            id: '0065e00000OppAAA',
            leadId: maria,
            name: 'Fabrikam — 250 seats',
            stage: 'Negotiation/Review',
            amount: 48250.5,
            currency: 'USD',
            closeDate: '2026-04-30',
            status: 'open',
          },
          {
            system: 'salesforce',
            id: '0065e00000OppBBB',
            leadId: maria,
            name: 'Fabrikam — pilot',
            stage: 'Closed Lost',
            amount: 5000,
            currency: 'USD',
            closeDate: '2026-02-28',
            status: 'lost',
            lossReason: 'Chose a competitor',
          },
        ]);
        clock.set('2026-03-10T09:00:00.000Z');
        await store().opportunities.upsertMany([
          {
            system: 'salesforce',
            id: '0065e00000OppAAA',
            leadId: maria,
            name: 'Fabrikam — 250 seats',
            stage: 'Closed Won',
            amount: 51000,
            currency: 'USD',
            closeDate: '2026-03-10',
            status: 'won',
          },
        ]);
        expect(await store().opportunities.ofLeads([maria])).toEqual([
          {
            system: 'salesforce',
            id: '0065e00000OppBBB',
            leadId: maria,
            name: 'Fabrikam — pilot',
            stage: 'Closed Lost',
            amount: 5000,
            currency: 'USD',
            closeDate: '2026-02-28',
            status: 'lost',
            lossReason: 'Chose a competitor',
            updatedAt: '2026-03-09T15:30:00.000Z',
          },
          {
            system: 'salesforce',
            id: '0065e00000OppAAA',
            leadId: maria,
            name: 'Fabrikam — 250 seats',
            stage: 'Closed Won',
            amount: 51000,
            currency: 'USD',
            closeDate: '2026-03-10',
            status: 'won',
            lossReason: null,
            updatedAt: '2026-03-10T09:00:00.000Z',
          },
        ]);
        expect(await store().opportunities.get('salesforce', '0065e00000OppBBB')).toMatchObject({
          amount: 5000,
        });
        expect(await store().opportunities.get('salesforce', 'missing')).toBeUndefined();
      });
    });

    describe('identity conflicts', () => {
      test('reports once per lead and object; seeing it again widens the open report', async () => {
        clock.set('2026-03-11T08:00:00.000Z');
        const [first] = await store().identityConflicts.report([
          {
            leadId: tom,
            system: 'salesforce',
            object: 'Contact',
            ids: ['0035e00000TomBBB', '0035e00000TomAAA'],
            emailNormalized: 'tom.reed@litware.example',
          },
        ]);
        expect(first).toEqual({
          id: first?.id,
          leadId: tom,
          system: 'salesforce',
          object: 'Contact',
          ids: ['0035e00000TomAAA', '0035e00000TomBBB'],
          emailNormalized: 'tom.reed@litware.example',
          detectedAt: '2026-03-11T08:00:00.000Z',
          lastDetectedAt: '2026-03-11T08:00:00.000Z',
          resolvedAt: null,
          resolution: null,
        });
        clock.advance(15 * 60_000);
        const [again] = await store().identityConflicts.report([
          {
            leadId: tom,
            system: 'salesforce',
            object: 'Contact',
            ids: ['0035e00000TomCCC', '0035e00000TomAAA'],
          },
        ]);
        expect(again).toMatchObject({
          id: first?.id,
          ids: ['0035e00000TomAAA', '0035e00000TomBBB', '0035e00000TomCCC'],
          emailNormalized: 'tom.reed@litware.example',
          detectedAt: '2026-03-11T08:00:00.000Z',
          lastDetectedAt: '2026-03-11T08:15:00.000Z',
        });
        expect((await store().identityConflicts.listOpen()).map((c) => c.id)).toEqual([first?.id]);
        expect(
          await store().identityConflicts.resolve(
            first?.id ?? 0,
            'kept 0035e00000TomAAA; merged the others',
          ),
        ).toBe(true);
        expect(await store().identityConflicts.resolve(first?.id ?? 0, 'twice')).toBe(false);
        expect(await store().identityConflicts.listOpen()).toEqual([]);
      });
    });
  },
);
