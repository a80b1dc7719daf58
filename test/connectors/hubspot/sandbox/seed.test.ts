import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { people } from '../../../../src/sandbox/seed/people.ts';
import { PropertyRegistry } from '../../../../connectors/hubspot/sandbox/properties/registry.ts';
import { checkValue } from '../../../../connectors/hubspot/sandbox/properties/validate-value.ts';
import { startHubspot, type HubspotHarness, type JsonBody } from './support.ts';

const NOW = '2026-11-23T09:30:00.000Z';
const COUNT = 300;

describe('HubSpot sandbox: seeding from the shared seeded market', () => {
  let hub: HubspotHarness;
  let created: Record<string, number>;
  const seedAtNow = async () => {
    await hub.admin('/clock', { now: NOW, systems: ['hubspot'] });
    return (await hub.admin('/seed', { count: COUNT, seed: 17, systems: ['hubspot'] })).body.created
      .hubspot as Record<string, number>;
  };
  const dumpAll = async () =>
    Promise.all(
      ['contacts', 'companies', 'deals'].map(
        async (object) =>
          (await hub.admin(`/dump/hubspot?object=${object}`, undefined, 'GET')).body,
      ),
    );

  beforeAll(async () => {
    hub = await startHubspot();
    created = await seedAtNow();
  });
  afterAll(() => hub.server.close());

  it('makes a contact per person, a company per founder and a deal per Salesforce contact', () => {
    let deals = 0;
    for (const person of people(17, COUNT)) if (person.salesforce === 'contact') deals += 1;
    expect(created).toEqual({ contacts: COUNT, companies: Math.ceil(COUNT / 7), deals });
  });

  it('is deterministic for a seed and a frozen clock (reset, then seed again)', async () => {
    const before = await dumpAll();
    expect((await hub.admin('/reset', { systems: ['hubspot'] })).status).toBe(200);
    expect((await hub.admin('/hubspot/stats', undefined, 'GET')).body.contacts).toBe(0);
    expect(await seedAtNow()).toEqual(created);
    expect(await dumpAll()).toEqual(before);
  });

  it('gives realistic, valid values with past dates and engagement', async () => {
    const dump = (await hub.admin('/dump/hubspot?object=contacts', undefined, 'GET'))
      .body as JsonBody[];
    const registry = new PropertyRegistry();
    const now = Date.parse(NOW);
    const stages = new Set<string>();
    for (const contact of dump) {
      for (const [name, value] of Object.entries(
        contact.properties as Record<string, string | null>,
      )) {
        if (value === null) continue;
        const checked = checkValue(registry.get('contacts', name)!, value);
        expect({ name, value, ok: checked.ok }).toEqual({ name, value, ok: true });
      }
      const created = Date.parse(contact.createdAt);
      const modified = Date.parse(contact.updatedAt);
      expect(created).toBeLessThan(now);
      expect(modified).toBeGreaterThanOrEqual(created);
      expect(modified).toBeLessThanOrEqual(now);
      stages.add(contact.properties.lifecyclestage);
    }
    expect([...stages].sort()).toEqual(['lead', 'marketingqualifiedlead', 'subscriber']);
    expect(
      dump.some(
        (c) =>
          Number(c.properties.hs_email_open) > 3 &&
          c.properties.hs_analytics_last_visit_timestamp !== null,
      ),
    ).toBe(true);
    const history = await hub.client.crm.contacts.basicApi.getById(
      '1',
      ['hs_analytics_source'],
      ['hs_analytics_source', 'email'],
    );
    expect(history.propertiesWithHistory!.hs_analytics_source![0]!.sourceType).toBe('ANALYTICS');
    expect(history.propertiesWithHistory!.email![0]!.sourceType).toBe('FORM');
  });

  it("answers a seeded contact's properties from its person, absent where the person has none", async () => {
    const names = [
      'email',
      'firstname',
      'lastname',
      'company',
      'jobtitle',
      'phone',
      'country',
      'industry',
      'website',
      'lifecyclestage',
      'hs_analytics_source',
      'hs_email_open',
      'num_conversion_events',
      'hubspotscore',
      'hs_lead_status',
      'hubspot_owner_id',
      'recent_conversion_event_name',
    ];
    const response = await hub.raw('POST', '/crm/v3/objects/contacts/batch/read', {
      inputs: Array.from({ length: 60 }, (_, i) => ({ id: String(i + 1) })),
      properties: names,
    });
    expect(response.status).toBe(200);
    const byId = new Map(
      (response.body.results as JsonBody[]).map((result) => [result.id, result.properties]),
    );
    let index = 0;
    for (const person of people(17, 60)) {
      index += 1;
      const e = person.engagement;
      expect(byId.get(String(index))).toMatchObject({
        email: person.email,
        firstname: person.firstName,
        lastname: person.lastName,
        company: person.company,
        jobtitle: person.title,
        phone: person.phone,
        country: person.country,
        industry: person.industry,
        website: `https://www.${person.companyDomain}`,
        lifecyclestage: person.lifecycleStage,
        hs_analytics_source: person.analyticsSource,
        hs_email_open: String(e.emailOpens),
        num_conversion_events: String(e.conversions),
        hubspotscore: String(e.hubspotScore),
        hs_lead_status:
          person.lifecycleStage === 'subscriber'
            ? null
            : person.salesforce === 'none'
              ? 'NEW'
              : 'OPEN',
        recent_conversion_event_name: e.conversions > 0 ? person.campaign : null,
      });
      expect(byId.get(String(index)).hubspot_owner_id === null).toBe(person.salesforce === 'none');
    }
  });

  it('continues the same seed where it stopped and skips existing emails', async () => {
    const more = await hub.admin('/seed', { count: 10, seed: 17, systems: ['hubspot'] });
    expect(more.body.created.hubspot.contacts).toBe(10);
    const person300 = [...people(17, 1, COUNT)][0]!;
    const contact = await hub.client.crm.contacts.basicApi.getById(
      person300.email,
      ['email'],
      undefined,
      undefined,
      false,
      'email',
    );
    expect(Number(contact.id)).toBe(COUNT + 1);
  });

  it('seeds a hundred thousand people and finds the last one by email', async () => {
    const big = await hub.admin('/hubspot/seed', { count: 100_000, seed: 23 });
    expect(big.body.created.contacts).toBe(100_000);
    const last = [...people(23, 1, 99_999)][0]!;
    const found = await hub.client.crm.contacts.searchApi.doSearch({
      filterGroups: [
        { filters: [{ propertyName: 'email', operator: 'EQ' as never, value: last.email }] },
      ],
      limit: 1,
    } as never);
    expect(found.results.map((r) => r.properties.email)).toEqual([last.email]);
  });
});
