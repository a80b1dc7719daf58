import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { backends, testClock, useStore } from '../support/database.ts';

describe.each(backends)('links repository on $name', (backend) => {
  const clock = testClock('2026-03-09T14:00:00.000Z');
  const store = useStore(backend, clock);
  const ana = randomUUID();
  const anaTwin = randomUUID();

  beforeAll(async () => {
    await store().leads.insertMany([
      {
        id: ana,
        emailNormalized: 'ana@northwind.example',
        fields: { email: 'ana@northwind.example' },
        stage: 'mql',
      },
      {
        id: anaTwin,
        emailNormalized: 'ana@northwind.example',
        fields: { email: 'ana@northwind.example' },
        stage: 'inquiry',
      },
    ]);
  });

  const hubspot = (id: string) => ({ system: 'hubspot', object: 'contacts', externalId: id });
  const sfLead = (id: string) => ({ system: 'salesforce', object: 'Lead', externalId: id });
  const sfContact = (id: string) => ({ system: 'salesforce', object: 'Contact', externalId: id });

  test('links a page of records; an already linked record keeps its link', async () => {
    const first = await store().links.link([
      { ...hubspot('1001'), leadId: ana },
      { ...sfLead('00Q5e00000AnaAAA'), leadId: ana },
    ]);
    expect(first.linked).toEqual([
      {
        ...hubspot('1001'),
        leadId: ana,
        createdAt: '2026-03-09T14:00:00.000Z',
        unlinkedAt: null,
        unlinkReason: null,
      },
      {
        ...sfLead('00Q5e00000AnaAAA'),
        leadId: ana,
        createdAt: '2026-03-09T14:00:00.000Z',
        unlinkedAt: null,
        unlinkReason: null,
      },
    ]);
    expect(first.alreadyLinked).toEqual([]);

    const second = await store().links.link([
      { ...hubspot('1001'), leadId: anaTwin },
      { ...hubspot('1002'), leadId: anaTwin },
    ]);
    expect(second.linked.map((l) => [l.externalId, l.leadId])).toEqual([['1002', anaTwin]]);
    expect(second.alreadyLinked.map((l) => [l.externalId, l.leadId])).toEqual([['1001', ana]]);

    const active = await store().links.findActive([
      hubspot('1001'),
      hubspot('1002'),
      hubspot('9999'),
    ]);
    expect(active.map((l) => [l.externalId, l.leadId]).sort()).toEqual([
      ['1001', ana],
      ['1002', anaTwin],
    ]);
    expect((await store().links.linksOfLeads([ana, anaTwin])).map((l) => l.externalId)).toEqual(
      ana < anaTwin ? ['1001', '00Q5e00000AnaAAA', '1002'] : ['1002', '1001', '00Q5e00000AnaAAA'],
    );
  });

  test('a converted Salesforce Lead hands its link to the Contact, keeping history', async () => {
    clock.advance(3_600_000);
    const contact = await store().links.replaceLink(
      sfLead('00Q5e00000AnaAAA'),
      sfContact('0035e00000AnaCCC'),
      'converted',
    );
    expect(contact).toMatchObject({
      ...sfContact('0035e00000AnaCCC'),
      leadId: ana,
      unlinkedAt: null,
    });
    expect((await store().links.linksOfLead(ana)).map((l) => l.object).sort()).toEqual([
      'Contact',
      'contacts',
    ]);
    const history = await store().links.historyOfLead(ana);
    expect(history.find((l) => l.object === 'Lead')).toMatchObject({
      unlinkedAt: '2026-03-09T15:00:00.000Z',
      unlinkReason: 'converted',
    });
    expect(
      await store().links.replaceLink(sfLead('00Q5e00000AnaAAA'), sfContact('x'), 'again'),
    ).toBeUndefined();
  });

  test('a HubSpot merge moves the merged contact to the survivor lead', async () => {
    const moved = await store().links.moveLink(hubspot('1002'), ana, 'merged into 1001');
    expect(moved).toMatchObject({ ...hubspot('1002'), leadId: ana, unlinkedAt: null });
    expect(await store().links.linksOfLead(anaTwin)).toEqual([]);
    const twinHistory = await store().links.historyOfLead(anaTwin);
    expect(twinHistory).toHaveLength(1);
    expect(twinHistory[0]).toMatchObject({ externalId: '1002', unlinkReason: 'merged into 1001' });
    await expect(
      store().links.moveLink(hubspot('404'), ana, 'nothing to move'),
    ).resolves.toMatchObject({
      externalId: '404',
      leadId: ana,
    });
  });

  test('two leads found to be one person: all links move in one go', async () => {
    const from = randomUUID();
    const to = randomUUID();
    await store().leads.insertMany([
      { id: from, emailNormalized: 'li@contoso.example', fields: {}, stage: 'inquiry' },
      { id: to, emailNormalized: 'li@contoso.example', fields: {}, stage: 'mql' },
    ]);
    await store().links.link([
      { ...hubspot('2001'), leadId: from },
      { ...sfLead('00Q5e00000LiAAAA'), leadId: from },
    ]);
    const moved = await store().links.moveAllLinks(from, to, 'lead merge');
    expect(moved.map((l) => l.externalId).sort()).toEqual(['00Q5e00000LiAAAA', '2001']);
    expect(await store().links.linksOfLead(from)).toEqual([]);
    expect((await store().links.linksOfLead(to)).map((l) => l.externalId).sort()).toEqual([
      '00Q5e00000LiAAAA',
      '2001',
    ]);
  });

  test('unlink ends active links only and returns them', async () => {
    const deleted = await store().links.unlink(
      [hubspot('2001'), hubspot('never-linked')],
      'deleted in hubspot',
    );
    expect(deleted.map((l) => [l.externalId, l.unlinkReason])).toEqual([
      ['2001', 'deleted in hubspot'],
    ]);
    expect(await store().links.unlink([hubspot('2001')], 'twice')).toEqual([]);
    // The record may be linked again later (restored from the recycle bin).
    const { linked } = await store().links.link([{ ...hubspot('2001'), leadId: ana }]);
    expect(linked).toHaveLength(1);
  });
});
