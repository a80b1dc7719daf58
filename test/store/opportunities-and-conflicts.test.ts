import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { backends, testClock, useStore } from '../support/database.ts';

describe.each(backends)('opportunities and identity conflicts on $name', (backend) => {
  const clock = testClock('2026-03-09T15:30:00.000Z');
  const store = useStore(backend, clock);
  const maria = randomUUID();
  const tom = randomUUID();

  beforeAll(async () => {
    await store().leads.insertMany([
      {
        id: maria,
        emailNormalized: 'maria.garcia@fabrikam.example',
        fields: {},
        stage: 'opportunity',
      },
      { id: tom, emailNormalized: 'tom.reed@litware.example', fields: {}, stage: 'mql' },
    ]);
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
});
