// A month of pipeline written through the store's repositories, small enough to count by hand.
// The expected numbers in report.test.ts are worked out from the story told here.
import type { Stage } from '../../src/lead/stages.ts';
import type { Store } from '../../src/store/index.ts';
import type { TestClock } from '../support/database.ts';

export const MARCH = { since: '2026-03-01', until: '2026-03-31' } as const;
export const FEBRUARY = { since: '2026-02-01', until: '2026-02-28' } as const;
/** The review is read on 2 April, after the period closed. */
export const NOW = '2026-04-02T12:00:00.000Z';

export const ADA = {
  salesforceUserId: '005U1000000ADA',
  name: 'Ada Lovelace',
  email: 'ada@leadloop-demo.example',
};
export const GRACE = {
  salesforceUserId: '005U1000000GRC',
  name: 'Grace Hopper',
  email: 'grace@leadloop-demo.example',
};

export const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

interface LeadStory {
  readonly n: number;
  readonly first: string;
  readonly last: string;
  readonly company: string;
  readonly leadSource?: string;
  readonly campaign?: string;
  readonly owner?: typeof ADA;
  /** [stage, at, reason?] oldest first. */
  readonly history: readonly (readonly [Stage, string, string?])[];
}

const STORIES: readonly LeadStory[] = [
  // Webinar → customer: the happy path, every stage in March.
  {
    n: 1,
    first: 'Maria',
    last: 'Garcia',
    company: 'Fabrikam',
    leadSource: 'Webinar',
    campaign: 'Spring Launch',
    owner: ADA,
    history: [
      ['inquiry', '2026-03-01T09:00:00Z'],
      ['mql', '2026-03-02T09:00:00Z'],
      ['sal', '2026-03-02T15:00:00Z'],
      ['sql', '2026-03-05T09:00:00Z'],
      ['opportunity', '2026-03-06T09:00:00Z'],
      ['customer', '2026-03-20T09:00:00Z'],
    ],
  },
  // Accepted by sales and still being worked.
  {
    n: 2,
    first: 'Tom',
    last: 'Reed',
    company: 'Litware',
    leadSource: 'Webinar',
    campaign: 'Spring Launch',
    owner: ADA,
    history: [
      ['inquiry', '2026-03-01T10:00:00Z'],
      ['mql', '2026-03-03T10:00:00Z'],
      ['sal', '2026-03-04T10:00:00Z'],
    ],
  },
  // Never called, recycled for budget, back as MQL three weeks later (and not called again).
  {
    n: 3,
    first: 'Priya',
    last: 'Shah',
    company: 'Contoso',
    leadSource: 'Paid Search',
    campaign: 'Brand Q1',
    owner: GRACE,
    history: [
      ['inquiry', '2026-03-02T08:00:00Z'],
      ['mql', '2026-03-02T20:00:00Z'],
      ['recycled', '2026-03-06T08:00:00Z', 'no budget'],
      ['mql', '2026-03-25T08:00:00Z'],
    ],
  },
  // Called late, got to an opportunity, lost it: back to nurture.
  {
    n: 4,
    first: 'Jonas',
    last: 'Berg',
    company: 'Northwind',
    leadSource: 'Paid Search',
    campaign: 'Brand Q1',
    owner: GRACE,
    history: [
      ['inquiry', '2026-03-03T08:00:00Z'],
      ['mql', '2026-03-04T08:00:00Z'],
      ['sal', '2026-03-04T12:00:00Z'],
      ['sql', '2026-03-10T12:00:00Z'],
      ['opportunity', '2026-03-11T12:00:00Z'],
      ['recycled', '2026-03-28T12:00:00Z', 'closed lost'],
    ],
  },
  // A form fill with no source, no campaign, nobody's lead yet.
  {
    n: 5,
    first: 'Lee',
    last: 'Park',
    company: 'Adatum',
    history: [['inquiry', '2026-03-10T08:00:00Z']],
  },
  // An inquiry from February that became MQL in March; nobody touched it; escalated.
  {
    n: 6,
    first: 'Wen',
    last: 'Li',
    company: 'Tailspin',
    leadSource: 'Webinar',
    owner: ADA,
    history: [
      ['inquiry', '2026-02-10T08:00:00Z'],
      ['mql', '2026-03-15T08:00:00Z'],
    ],
  },
  // February only: the date filter's other month.
  {
    n: 7,
    first: 'Olu',
    last: 'Ade',
    company: 'Proseware',
    leadSource: 'Paid Search',
    campaign: 'Brand Q1',
    owner: GRACE,
    history: [
      ['inquiry', '2026-02-01T08:00:00Z'],
      ['mql', '2026-02-02T08:00:00Z'],
      ['recycled', '2026-02-20T08:00:00Z', 'no budget'],
    ],
  },
  // April: on the period's end, so outside it.
  {
    n: 8,
    first: 'Ana',
    last: 'Silva',
    company: 'Woodgrove',
    leadSource: 'Webinar',
    history: [['inquiry', '2026-04-01T00:00:00Z']],
  },
  // Handed off late on the last evening of March: its clock is still running on 2 April.
  {
    n: 9,
    first: 'Sam',
    last: 'Cole',
    company: 'Lucerne',
    leadSource: 'Webinar',
    campaign: 'Spring Launch',
    owner: ADA,
    history: [
      ['inquiry', '2026-03-31T20:00:00Z'],
      ['mql', '2026-03-31T23:00:00Z'],
    ],
  },
];

const iso = (at: string) => new Date(at).toISOString();

export async function writeDataset(store: Store, clock: TestClock): Promise<void> {
  await store.leads.insertMany(
    STORIES.map((story) => ({
      id: id(story.n),
      emailNormalized: `${story.first}.${story.last}@${story.company}.example`.toLowerCase(),
      fields: {
        firstName: story.first,
        lastName: story.last,
        company: story.company,
        ...(story.leadSource === undefined ? {} : { leadSource: story.leadSource }),
        ...(story.campaign === undefined ? {} : { campaign: story.campaign }),
      },
      stage: story.history.at(-1)?.[0] ?? 'inquiry',
      owner: story.owner ?? null,
      createdAt: iso(story.history[0]?.[1] ?? NOW),
    })),
  );
  await store.stageHistory.add(
    STORIES.flatMap((story) =>
      story.history.map(([stage, at, reason], i) => ({
        leadId: id(story.n),
        stage,
        fromStage: i === 0 ? null : (story.history[i - 1]?.[0] ?? null),
        at: iso(at),
        system: stage === 'mql' || stage === 'inquiry' ? 'hubspot' : 'salesforce',
        actor:
          stage === 'mql' || stage === 'inquiry' ? 'leadloop' : (story.owner?.name ?? 'leadloop'),
        reason: reason ?? null,
      })),
    ),
  );
  await writeClocks(store, clock);
  await writeOpportunities(store, clock);
  await writeSyncBookkeeping(store, clock);
}

interface ClockStory {
  readonly lead: number;
  readonly owner: typeof ADA;
  readonly handoff: string;
  readonly due: string;
  readonly touch?: string;
  readonly breached?: string;
  readonly escalated?: string;
  readonly closed?: string;
}

/** Four-hour follow-up SLA. Statuses follow docs/specs/sla-clock.md. */
const CLOCKS: readonly ClockStory[] = [
  {
    lead: 1,
    owner: ADA,
    handoff: '2026-03-02T09:00:00Z',
    due: '2026-03-02T13:00:00Z',
    touch: '2026-03-02T09:03:00Z',
    closed: '2026-03-02T09:03:00Z',
  },
  {
    lead: 2,
    owner: ADA,
    handoff: '2026-03-03T10:00:00Z',
    due: '2026-03-03T14:00:00Z',
    touch: '2026-03-03T12:00:00Z',
    closed: '2026-03-03T12:00:00Z',
  },
  {
    lead: 3,
    owner: GRACE,
    handoff: '2026-03-02T20:00:00Z',
    due: '2026-03-03T00:00:00Z',
    breached: '2026-03-03T00:00:00Z',
    closed: '2026-03-06T08:00:00Z',
  },
  {
    lead: 4,
    owner: GRACE,
    handoff: '2026-03-04T08:00:00Z',
    due: '2026-03-04T12:00:00Z',
    breached: '2026-03-04T12:00:00Z',
    touch: '2026-03-04T18:00:00Z',
    closed: '2026-03-04T18:00:00Z',
  },
  {
    lead: 6,
    owner: ADA,
    handoff: '2026-03-15T08:00:00Z',
    due: '2026-03-15T12:00:00Z',
    breached: '2026-03-15T12:00:00Z',
    escalated: '2026-03-16T12:00:00Z',
  },
  {
    lead: 3,
    owner: GRACE,
    handoff: '2026-03-25T08:00:00Z',
    due: '2026-03-25T12:00:00Z',
    breached: '2026-03-25T12:00:00Z',
  },
  { lead: 9, owner: ADA, handoff: '2026-03-31T23:00:00Z', due: '2026-04-02T15:00:00Z' },
  {
    lead: 7,
    owner: GRACE,
    handoff: '2026-02-02T08:00:00Z',
    due: '2026-02-02T12:00:00Z',
    touch: '2026-02-02T08:30:00Z',
    closed: '2026-02-02T08:30:00Z',
  },
];

async function writeClocks(store: Store, clock: TestClock): Promise<void> {
  for (const story of CLOCKS) {
    clock.set(story.handoff);
    const { clock: started } = await store.sla.start({
      leadId: id(story.lead),
      handoffAt: iso(story.handoff),
      dueAt: iso(story.due),
      grade: 'B',
      ownerId: story.owner.salesforceUserId,
    });
    const touchedOnTime = story.touch !== undefined && story.breached === undefined;
    const change = {
      status:
        story.escalated !== undefined
          ? 'escalated'
          : story.breached !== undefined
            ? 'breached'
            : touchedOnTime
              ? 'met'
              : 'on_track',
      ...(story.touch === undefined ? {} : { firstTouchAt: iso(story.touch) }),
      ...(story.breached === undefined ? {} : { breachedAt: iso(story.breached) }),
      ...(story.escalated === undefined ? {} : { escalatedAt: iso(story.escalated) }),
    } as const;
    if (story.closed === undefined) {
      await store.sla.update(started.id, change);
    } else {
      clock.set(story.closed);
      await store.sla.close(started.id, change);
    }
  }
}

async function writeOpportunities(store: Store, clock: TestClock): Promise<void> {
  clock.set('2026-03-31T18:00:00Z');
  await store.opportunities.upsertMany([
    {
      system: 'salesforce',
      id: '006A0000001',
      leadId: id(1),
      name: 'Fabrikam — platform',
      stage: 'Closed Won',
      amount: 12000,
      currency: 'USD',
      closeDate: '2026-03-20',
      status: 'won',
    },
    {
      system: 'salesforce',
      id: '006A0000002',
      leadId: id(4),
      name: 'Northwind — pilot',
      stage: 'Closed Lost',
      amount: 30000,
      currency: 'USD',
      closeDate: '2026-03-28',
      status: 'lost',
      lossReason: 'Price',
    },
    // A deal sales created without a lead: it still counts, under "(no lead)".
    {
      system: 'salesforce',
      id: '006A0000003',
      leadId: null,
      name: 'Renewal — Adatum',
      stage: 'Closed Won',
      amount: 5000,
      currency: 'USD',
      closeDate: '2026-03-10',
      status: 'won',
    },
    {
      system: 'salesforce',
      id: '006A0000004',
      leadId: id(2),
      name: 'Litware — team',
      stage: 'Prospecting',
      amount: 8000,
      currency: 'USD',
      closeDate: '2026-03-30',
      status: 'open',
    },
    {
      system: 'salesforce',
      id: '006A0000005',
      leadId: null,
      name: 'Renewal — Proseware',
      stage: 'Closed Won',
      amount: 2000,
      currency: 'USD',
      closeDate: '2026-02-15',
      status: 'won',
    },
  ]);
}

async function writeSyncBookkeeping(store: Store, clock: TestClock): Promise<void> {
  clock.set('2026-04-01T09:00:00Z');
  await store.deadLetters.add([
    {
      system: 'salesforce',
      object: 'Lead',
      operation: 'upsert',
      leadId: id(5),
      payload: { Company: null },
      errorKind: 'invalid_record',
      errorCode: 'REQUIRED_FIELD_MISSING',
      errorMessage: 'Required fields are missing: [Company]',
    },
  ]);
  clock.set('2026-04-02T08:00:00Z');
  const hubspot = await store.deadLetters.add([
    {
      system: 'hubspot',
      object: 'contact',
      operation: 'update',
      leadId: id(2),
      payload: {},
      errorKind: 'rate_limited',
      errorMessage: 'You have reached your secondly limit.',
    },
    {
      system: 'hubspot',
      object: 'contact',
      operation: 'update',
      leadId: id(3),
      payload: {},
      errorKind: 'invalid_record',
      errorMessage: 'Property values were not valid',
    },
  ]);
  clock.set('2026-04-02T09:00:00Z');
  await store.deadLetters.add([
    {
      system: 'salesforce',
      object: 'Lead',
      operation: 'upsert',
      leadId: id(9),
      payload: { Email: 'x' },
      errorKind: 'invalid_record',
      errorCode: 'INVALID_EMAIL_ADDRESS',
      errorMessage: 'Email: invalid email address: x',
    },
  ]);
  // Fixed by an admin and replayed: no longer open.
  await store.deadLetters.markResolved(
    hubspot.filter((letter) => letter.errorKind === 'invalid_record').map((letter) => letter.id),
    'replayed',
  );

  clock.set('2026-04-02T10:00:00Z');
  const sync = await store.runs.start({ kind: 'sync', trigger: 'schedule' });
  clock.set('2026-04-02T10:02:00Z');
  await store.runs.finish(sync.id, {
    status: 'succeeded',
    summary: {
      apiUsage: [
        {
          system: 'salesforce',
          callsMade: 120,
          dailyUsed: 4500,
          dailyLimit: 15000,
          budgetRemaining: 3000,
        },
        {
          system: 'hubspot',
          callsMade: 80,
          dailyUsed: 2000,
          dailyLimit: 250000,
          budgetRemaining: 123000,
        },
      ],
    },
  });
  clock.set('2026-04-02T11:00:00Z');
  const sweep = await store.runs.start({ kind: 'sla', trigger: 'schedule' });
  clock.set('2026-04-02T11:00:05Z');
  await store.runs.finish(sweep.id, { status: 'succeeded', summary: { breached: 0 } });
  clock.set('2026-04-02T11:55:00Z');
  await store.runs.start({ kind: 'sync', trigger: 'schedule', status: 'pulling' });
  clock.set(NOW);
}
