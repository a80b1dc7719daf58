import { randomUUID } from 'node:crypto';
import { describe, expect, test } from '@jest/globals';
import type { NewLead } from '../../src/store/index.ts';
import { backends, testClock, useStore } from '../support/database.ts';

const score = {
  total: 72,
  grade: 'B' as const,
  reasons: [
    { ruleId: 'title-vp', label: 'Title is VP or above', points: 20 },
    { ruleId: 'webinar', label: 'Attended a webinar', points: 15 },
    { ruleId: 'pricing-page', label: 'Visited pricing 3+ times', points: 37 },
  ],
};
const dana = {
  salesforceUserId: '005Hn00000A1b2cIAB',
  name: 'Dana Whitfield',
  email: 'dana.whitfield@leadloop-demo.example',
};

function lead(first: string, last: string, company: string, extra: Partial<NewLead> = {}): NewLead {
  const email = `${first}.${last}@${company.toLowerCase().replace(/\s+/g, '-')}.example`;
  return {
    id: randomUUID(),
    emailNormalized: email.toLowerCase(),
    fields: { email, firstName: first, lastName: last, company, title: 'VP Operations' },
    stage: 'inquiry',
    ...extra,
  };
}

describe.each(backends)('leads repository on $name', (backend) => {
  const clock = testClock('2026-03-09T14:00:00.000Z');
  const store = useStore(backend, clock);

  test('insert and read back every column, jsonb included', async () => {
    const ana = lead('Ana', 'Souza', 'Northwind Traders', { stage: 'mql', score, owner: dana });
    const inserted = await store().leads.insert(ana);
    const expected = {
      id: ana.id,
      emailNormalized: 'ana.souza@northwind-traders.example',
      fields: ana.fields,
      score,
      stage: 'mql',
      owner: dana,
      recycle: null,
      pendingSeq: null,
      pendingSince: null,
      createdAt: '2026-03-09T14:00:00.000Z',
      updatedAt: '2026-03-09T14:00:00.000Z',
      version: 1,
    };
    expect(inserted).toEqual(expected);
    expect(await store().leads.getById(ana.id)).toEqual(expected);
    expect(await store().leads.getById(randomUUID())).toBeUndefined();
  });

  test('insertMany writes a page in one statement and keeps input order', async () => {
    const page = [
      lead('Li', 'Wei', 'Contoso'),
      lead('Maria', 'Garcia', 'Fabrikam', { createdAt: '2026-02-01T09:30:00.000Z' }),
      lead('Omar', 'Haddad', 'Tailspin Toys'),
    ];
    const rows = await store().leads.insertMany(page);
    expect(rows.map((row) => row.id)).toEqual(page.map((p) => p.id));
    expect(rows.map((row) => row.createdAt)).toEqual([
      '2026-03-09T14:00:00.000Z',
      '2026-02-01T09:30:00.000Z',
      '2026-03-09T14:00:00.000Z',
    ]);
    const ids = page.map((p) => p.id);
    const unknown = randomUUID();
    expect(await store().leads.existingIds([...ids, unknown])).toEqual(new Set(ids));
    expect((await store().leads.getByIds([unknown, ids[2] ?? ''])).map((r) => r.id)).toEqual([
      ids[2],
    ]);
    expect(await store().leads.insertMany([])).toEqual([]);
  });

  test('a duplicate id is a unique violation, and nothing of the batch is written', async () => {
    const first = lead('Sven', 'Berg', 'Litware');
    await store().leads.insert(first);
    const fresh = lead('Ines', 'Costa', 'Litware');
    await expect(store().leads.insertMany([fresh, { ...first }])).rejects.toMatchObject({
      code: '23505',
    });
    expect(await store().leads.getById(fresh.id)).toBeUndefined();
  });

  test('find by email and by link', async () => {
    const a = lead('Kim', 'Park', 'Adatum');
    const b = { ...lead('Kim', 'Park', 'Adatum'), emailNormalized: a.emailNormalized };
    await store().leads.insertMany([a, b]);
    const found = await store().leads.findByEmail('kim.park@adatum.example');
    expect(found.map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
    expect(await store().leads.findByEmails(['nobody@adatum.example'])).toEqual([]);

    const key = { system: 'hubspot', object: 'contacts', externalId: '51234' };
    expect(await store().leads.findByLink(key)).toBeUndefined();
    await store().links.link([{ ...key, leadId: b.id }]);
    expect((await store().leads.findByLink(key))?.id).toBe(b.id);
  });

  test('update changes only the given columns and bumps the version', async () => {
    const raj = await store().leads.insert(lead('Raj', 'Patel', 'Wingtip', { score, owner: dana }));
    clock.advance(60_000);
    const moved = await store().leads.update({ id: raj.id, version: 1, stage: 'mql', owner: null });
    expect(moved).toEqual({
      ...raj,
      stage: 'mql',
      owner: null,
      updatedAt: '2026-03-09T14:01:00.000Z',
      version: 2,
    });
    const recycled = await store().leads.update({
      id: raj.id,
      version: 2,
      stage: 'recycled',
      recycle: { reason: 'No budget this quarter', at: '2026-03-09T14:01:00.000Z', count: 1 },
      fields: { ...raj.fields, title: 'COO' },
    });
    expect(recycled.version).toBe(3);
    expect(recycled.fields.title).toBe('COO');
    expect(recycled.score).toEqual(score);
    expect(recycled.recycle).toEqual({
      reason: 'No budget this quarter',
      at: '2026-03-09T14:01:00.000Z',
      count: 1,
    });
  });

  test('a stale version is a store.conflict and changes nothing', async () => {
    const eva = await store().leads.insert(lead('Eva', 'Novak', 'Proseware'));
    await store().leads.update({ id: eva.id, version: 1, stage: 'mql' });
    await expect(
      store().leads.update({ id: eva.id, version: 1, stage: 'sal' }),
    ).rejects.toMatchObject({
      code: 'store.conflict',
      message: `Lead ${eva.id} changed since it was read.`,
      hint: 'Another sync or replica updated it first; read the lead again and retry.',
    });
    expect(await store().leads.getById(eva.id)).toMatchObject({ stage: 'mql', version: 2 });
  });

  test('updateMany applies a page and reports the leads that changed underneath', async () => {
    const [x, y, z] = await store().leads.insertMany([
      lead('Ada', 'Moss', 'Relecloud'),
      lead('Ben', 'Cho', 'Relecloud'),
      lead('Cy', 'Diaz', 'Relecloud'),
    ]);
    if (x === undefined || y === undefined || z === undefined) throw new Error('insert failed');
    await store().leads.update({ id: y.id, version: 1, stage: 'mql' });
    const gone = randomUUID();
    const result = await store().leads.updateMany([
      { id: x.id, version: 1, stage: 'mql', score },
      { id: y.id, version: 1, stage: 'sal' },
      { id: z.id, version: 1, emailNormalized: 'cy@relecloud.example' },
      { id: gone, version: 1, stage: 'mql' },
    ]);
    expect(result.updated.map((r) => [r.id, r.stage, r.version])).toEqual([
      [x.id, 'mql', 2],
      [z.id, 'inquiry', 2],
    ]);
    expect(result.updated[1]?.emailNormalized).toBe('cy@relecloud.example');
    expect(result.conflicts).toEqual([y.id, gone]);
    await expect(
      store().leads.updateMany([
        { id: x.id, version: 2, stage: 'sal' },
        { id: x.id, version: 2, stage: 'sql' },
      ]),
    ).rejects.toThrow('updateMany: a lead appears twice in one batch');
  });

  test('pages through a stage and an owner in id order', async () => {
    const team = Array.from({ length: 5 }, (_, i) =>
      lead(`Rep${i}`, 'Team', 'Owner Paging Co', {
        stage: 'sql',
        owner: { salesforceUserId: '005Hn00000PAGING', name: 'Pat Paging' },
      }),
    );
    await store().leads.insertMany(team);
    const sorted = team.map((t) => t.id).sort();
    const pageOne = await store().leads.page({ ownerId: '005Hn00000PAGING', limit: 2 });
    const pageTwo = await store().leads.page({
      ownerId: '005Hn00000PAGING',
      after: sorted[1],
      limit: 2,
    });
    const pageThree = await store().leads.page({
      ownerId: '005Hn00000PAGING',
      after: sorted[3],
      limit: 2,
    });
    expect([...pageOne, ...pageTwo, ...pageThree].map((r) => r.id)).toEqual(sorted);
    const sqlLeads = await store().leads.page({ stage: 'sql', limit: 100 });
    expect(sqlLeads.map((r) => r.id)).toEqual(sorted);
  });

  test('counts leads per stage', async () => {
    const before = await store().leads.countByStage();
    await store().leads.insertMany([
      lead('Al', 'One', 'Count Co', { stage: 'disqualified' }),
      lead('Bo', 'Two', 'Count Co', { stage: 'disqualified' }),
      lead('Cy', 'Three', 'Count Co', { stage: 'customer' }),
    ]);
    const after = await store().leads.countByStage();
    expect((after.disqualified ?? 0) - (before.disqualified ?? 0)).toBe(2);
    expect((after.customer ?? 0) - (before.customer ?? 0)).toBe(1);
  });

  test('pending marks order the backlog and survive a re-stage during reconcile', async () => {
    const [p, q] = await store().leads.insertMany([
      lead('Pia', 'Lund', 'Pending'),
      lead('Quinn', 'Ray', 'Pending'),
    ]);
    if (p === undefined || q === undefined) throw new Error('insert failed');
    clock.set('2026-03-10T08:00:00.000Z');
    expect(await store().leads.markPending([q.id])).toBe(1);
    expect(await store().leads.markPending([p.id])).toBe(1);
    const backlog = await store().leads.pendingPage({ limit: 10 });
    expect(backlog.map((r) => r.id)).toEqual([q.id, p.id]);
    expect(backlog[0]?.pendingSince).toBe('2026-03-10T08:00:00.000Z');
    const [seenQ, seenP] = backlog;
    if (seenQ?.pendingSeq == null || seenP?.pendingSeq == null) throw new Error('no marks');
    expect(await store().leads.pendingPage({ limit: 10, afterSeq: seenQ.pendingSeq })).toHaveLength(
      1,
    );

    // p is staged again while its push is in flight: clearing with the old mark keeps it pending.
    await store().leads.markPending([p.id]);
    const cleared = await store().leads.clearPending([
      { id: q.id, pendingSeq: seenQ.pendingSeq },
      { id: p.id, pendingSeq: seenP.pendingSeq },
    ]);
    expect(cleared).toEqual(new Set([q.id]));
    expect((await store().leads.pendingPage({ limit: 10 })).map((r) => r.id)).toEqual([p.id]);
    expect((await store().leads.getById(q.id))?.pendingSince).toBeNull();
  });

  test('a row edited by hand into an impossible stage is reported, not passed on', async () => {
    const odd = await store().leads.insert(lead('Odd', 'Row', 'Handedit'));
    await store().db.query("UPDATE leads SET stage = 'hot' WHERE id = $1", [odd.id]);
    await expect(store().leads.getById(odd.id)).rejects.toMatchObject({
      code: 'store.invalid_row',
      message: 'A row of leads does not match its schema.',
    });
    await store().db.query('DELETE FROM leads WHERE id = $1', [odd.id]);
  });
});
