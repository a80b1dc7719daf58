import { beforeAll, describe, expect, test } from '@jest/globals';
import { buildReport, resolveRange, type Report } from '../../src/report/index.ts';
import { backends, testClock, useStore } from '../support/database.ts';
import { ADA, FEBRUARY, GRACE, id, MARCH, NOW, writeDataset } from './dataset.ts';

const steps = (...rows: [string, number, number, number | null][]) =>
  rows.map(([stage, entered, advanced, conversion]) => ({ stage, entered, advanced, conversion }));

describe.each(backends)('pipeline review on $name', (backend) => {
  const clock = testClock(NOW);
  const store = useStore(backend, clock);
  let march: Report;

  beforeAll(async () => {
    await writeDataset(store(), clock);
    march = await buildReport(store(), resolveRange(MARCH, new Date(NOW)));
  });

  test('covers March as whole UTC days, read on 2 April', () => {
    expect(march.range).toEqual({
      since: '2026-03-01T00:00:00.000Z',
      until: '2026-04-01T00:00:00.000Z',
      now: NOW,
    });
  });

  test('demand waterfall: entered per stage and how many went on, overall', () => {
    expect(march.waterfall.steps).toEqual(
      steps(
        ['inquiry', 6, 5, 5 / 6],
        ['mql', 6, 3, 0.5],
        ['sal', 3, 2, 2 / 3],
        ['sql', 2, 2, 1],
        ['opportunity', 2, 1, 0.5],
        ['customer', 1, 0, null],
      ),
    );
  });

  test('demand waterfall by lead source and campaign, biggest first; blanks read (none)', () => {
    expect(march.waterfall.byLeadSource).toEqual([
      {
        value: 'Webinar',
        steps: steps(
          ['inquiry', 3, 3, 1],
          ['mql', 4, 2, 0.5],
          ['sal', 2, 1, 0.5],
          ['sql', 1, 1, 1],
          ['opportunity', 1, 1, 1],
          ['customer', 1, 0, null],
        ),
      },
      {
        value: 'Paid Search',
        steps: steps(
          ['inquiry', 2, 2, 1],
          ['mql', 2, 1, 0.5],
          ['sal', 1, 1, 1],
          ['sql', 1, 1, 1],
          ['opportunity', 1, 0, 0],
          ['customer', 0, 0, null],
        ),
      },
      {
        value: '(none)',
        steps: steps(
          ['inquiry', 1, 0, 0],
          ['mql', 0, 0, null],
          ['sal', 0, 0, null],
          ['sql', 0, 0, null],
          ['opportunity', 0, 0, null],
          ['customer', 0, 0, null],
        ),
      },
    ]);
    expect(march.waterfall.byCampaign.map((g) => [g.value, g.steps.map((s) => s.entered)])).toEqual(
      [
        ['Spring Launch', [3, 3, 2, 1, 1, 1]],
        ['Brand Q1', [2, 2, 1, 1, 1, 0]],
        ['(none)', [1, 1, 0, 0, 0, 0]],
      ],
    );
  });

  test('stage velocity: median and p90 hours of the stays that ended in March', () => {
    const velocity = march.velocity.map((row) => [
      row.stage,
      row.exits,
      row.medianHours,
      row.p90Hours === null ? null : Math.round(row.p90Hours * 1e6) / 1e6,
    ]);
    expect(velocity).toEqual([
      // 3, 12, 24, 24, 48 and Wen Li's 792 h (inquiry since February).
      ['inquiry', 6, 24, 420],
      ['mql', 4, 15, 66],
      ['sal', 2, 105, 136.2],
      ['sql', 2, 24, 24],
      ['opportunity', 2, 372, 400.8],
      ['recycled', 1, 456, 456],
      ['disqualified', 0, null, null],
    ]);
  });

  test('speed to lead: first-touch buckets, within SLA, never touched, overall and per rep', () => {
    const bucketsOf = (counts: number[]) =>
      [
        'under_5m',
        'under_1h',
        'under_4h',
        'under_24h',
        'under_3d',
        'over_3d',
        'never',
        'waiting',
      ].map((key, i) => ({ key, count: counts[i] }));
    expect(march.speedToLead).toEqual({
      overall: {
        ownerId: null,
        ownerName: null,
        handoffs: 7,
        buckets: bucketsOf([1, 0, 1, 1, 0, 0, 3, 1]),
        touchedWithinSla: 2,
        neverTouched: 3,
        withinSlaShare: 2 / 7,
        neverTouchedShare: 3 / 7,
        medianFirstTouchHours: 2,
      },
      byRep: [
        {
          ownerId: ADA.salesforceUserId,
          ownerName: 'Ada Lovelace',
          handoffs: 4,
          buckets: bucketsOf([1, 0, 1, 0, 0, 0, 1, 1]),
          touchedWithinSla: 2,
          neverTouched: 1,
          withinSlaShare: 0.5,
          neverTouchedShare: 0.25,
          // 3 min and 2 h.
          medianFirstTouchHours: 1.025,
        },
        {
          ownerId: GRACE.salesforceUserId,
          ownerName: 'Grace Hopper',
          handoffs: 3,
          buckets: bucketsOf([0, 0, 0, 1, 0, 0, 2, 0]),
          touchedWithinSla: 0,
          neverTouched: 2,
          withinSlaShare: 0,
          neverTouchedShare: 2 / 3,
          medianFirstTouchHours: 10,
        },
      ],
    });
  });

  test('SLA compliance per rep, and the open breaches oldest first with owner and age', () => {
    expect(march.slaCompliance).toEqual({
      overall: {
        ownerId: null,
        ownerName: null,
        handoffs: 7,
        metOnTime: 2,
        breached: 4,
        escalated: 1,
        waiting: 1,
        compliance: 2 / 6,
      },
      byRep: [
        {
          ownerId: ADA.salesforceUserId,
          ownerName: 'Ada Lovelace',
          handoffs: 4,
          metOnTime: 2,
          breached: 1,
          escalated: 1,
          waiting: 1,
          compliance: 2 / 3,
        },
        {
          ownerId: GRACE.salesforceUserId,
          ownerName: 'Grace Hopper',
          handoffs: 3,
          metOnTime: 0,
          breached: 3,
          escalated: 0,
          waiting: 0,
          compliance: 0,
        },
      ],
      openBreachCount: 2,
      openBreaches: [
        {
          leadId: id(6),
          lead: 'Wen Li',
          company: 'Tailspin',
          ownerId: ADA.salesforceUserId,
          ownerName: 'Ada Lovelace',
          status: 'escalated',
          handoffAt: '2026-03-15T08:00:00.000Z',
          dueAt: '2026-03-15T12:00:00.000Z',
          ageHours: 436,
          overdueHours: 432,
        },
        {
          leadId: id(3),
          lead: 'Priya Shah',
          company: 'Contoso',
          ownerId: GRACE.salesforceUserId,
          ownerName: 'Grace Hopper',
          status: 'breached',
          handoffAt: '2026-03-25T08:00:00.000Z',
          dueAt: '2026-03-25T12:00:00.000Z',
          ageHours: 196,
          overdueHours: 192,
        },
      ],
    });
  });

  test('recycle reasons and the recycled → re-MQL rate', () => {
    expect(march.recycle).toEqual({
      overall: { reason: 'all reasons', recycled: 2, reMql: 1, reMqlRate: 0.5 },
      byReason: [
        { reason: 'closed lost', recycled: 1, reMql: 0, reMqlRate: 0 },
        { reason: 'no budget', recycled: 1, reMql: 1, reMqlRate: 1 },
      ],
    });
  });

  test('revenue and won deals by lead source and campaign; deals without a lead still count', () => {
    const row = (value: string, wonDeals: number, wonAmount: number, lostDeals: number) => ({
      value,
      currency: 'USD',
      wonDeals,
      wonAmount,
      lostDeals,
    });
    expect(march.revenue).toEqual({
      total: [row('all', 2, 17000, 1)],
      byLeadSource: [
        row('Webinar', 1, 12000, 0),
        row('(no lead)', 1, 5000, 0),
        row('Paid Search', 0, 0, 1),
      ],
      byCampaign: [
        row('Spring Launch', 1, 12000, 0),
        row('(no lead)', 1, 5000, 0),
        row('Brand Q1', 0, 0, 1),
      ],
    });
  });

  test('sync health: last runs newest first, open dead letters, API budget of the last finished sync', () => {
    const health = march.syncHealth;
    expect(
      health.lastRuns.map((run) => [run.kind, run.status, run.startedAt, run.durationSeconds]),
    ).toEqual([
      ['sync', 'pulling', '2026-04-02T11:55:00.000Z', null],
      ['sla', 'succeeded', '2026-04-02T11:00:00.000Z', 5],
      ['sync', 'succeeded', '2026-04-02T10:00:00.000Z', 120],
    ]);
    expect(health.openDeadLetters).toBe(3);
    expect(health.deadLetters).toEqual([
      {
        system: 'salesforce',
        object: 'Lead',
        errorKind: 'invalid_record',
        count: 2,
        oldestFailedAt: '2026-04-01T09:00:00.000Z',
      },
      {
        system: 'hubspot',
        object: 'contact',
        errorKind: 'rate_limited',
        count: 1,
        oldestFailedAt: '2026-04-02T08:00:00.000Z',
      },
    ]);
    expect(health.apiBudgetRunId).toBe(health.lastRuns[2]?.id);
    expect(health.apiBudget).toEqual([
      {
        system: 'salesforce',
        callsMade: 120,
        dailyUsed: 4500,
        dailyLimit: 15000,
        budgetRemaining: 3000,
        dailyShareUsed: 0.3,
      },
      {
        system: 'hubspot',
        callsMade: 80,
        dailyUsed: 2000,
        dailyLimit: 250000,
        budgetRemaining: 123000,
        dailyShareUsed: 0.008,
      },
    ]);
  });

  test('February tells another story: the period filters every section', async () => {
    const february = await buildReport(store(), resolveRange(FEBRUARY, new Date(NOW)));
    expect(february.waterfall.steps.map((s) => [s.stage, s.entered, s.advanced])).toEqual([
      ['inquiry', 2, 1],
      ['mql', 1, 0],
      ['sal', 0, 0],
      ['sql', 0, 0],
      ['opportunity', 0, 0],
      ['customer', 0, 0],
    ]);
    expect(february.speedToLead.overall).toMatchObject({
      handoffs: 1,
      touchedWithinSla: 1,
      medianFirstTouchHours: 0.5,
    });
    expect(february.recycle.overall).toEqual({
      reason: 'all reasons',
      recycled: 1,
      reMql: 0,
      reMqlRate: 0,
    });
    expect(february.revenue.total).toEqual([
      { value: 'all', currency: 'USD', wonDeals: 1, wonAmount: 2000, lostDeals: 0 },
    ]);
    // Open breaches are about now, whatever the period.
    expect(february.slaCompliance.openBreachCount).toBe(2);
  });

  test('an empty period reads zeros and unknown rates, not errors', async () => {
    const empty = await buildReport(
      store(),
      resolveRange({ since: '2025-01-01', until: '2025-01-31' }, new Date(NOW)),
    );
    expect(empty.waterfall.steps.every((s) => s.entered === 0 && s.conversion === null)).toBe(true);
    expect(empty.speedToLead.overall).toMatchObject({
      handoffs: 0,
      withinSlaShare: null,
      medianFirstTouchHours: null,
    });
    expect(empty.slaCompliance.overall.compliance).toBeNull();
    expect(empty.recycle).toEqual({
      overall: { reason: 'all reasons', recycled: 0, reMql: 0, reMqlRate: null },
      byReason: [],
    });
    expect(empty.revenue).toEqual({ total: [], byLeadSource: [], byCampaign: [] });
  });
});
