import { beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { LEADLOOP_PROPERTY_NAMES } from '../../../connectors/hubspot/index.ts';
import {
  connect,
  fixture,
  hubspot,
  portalProperties,
  rateHeaders,
  resetNock,
  type Json,
} from './support.ts';

const PROPERTIES = '/crm/v3/properties/contacts';
const GROUPS = '/crm/v3/properties/contacts/groups';

const groups = (withLeadloop: boolean): Json => {
  const { results } = fixture('connector/contact-property-groups.json').response.body;
  return {
    results: withLeadloop
      ? [...results, { name: 'leadloop', label: 'leadloop', displayOrder: -1, archived: false }]
      : results,
  };
};
const standardProperties = () => fixture('connector/contact-properties.json').response.body;
const leadloopProperty = (name: string): Json =>
  portalProperties().results.find((property: Json) => property.name === name);

describe('HubSpot setup', () => {
  beforeEach(resetNock);

  it('on a fresh portal creates the leadloop group and its 13 contact properties', async () => {
    const created: Json[] = [];
    hubspot()
      .get(GROUPS)
      .reply(200, groups(false), rateHeaders())
      .post(GROUPS, { name: 'leadloop', label: 'leadloop', displayOrder: -1 })
      .reply(
        201,
        { name: 'leadloop', label: 'leadloop', displayOrder: -1, archived: false },
        rateHeaders(),
      )
      .get(PROPERTIES)
      .reply(200, standardProperties(), rateHeaders())
      .post(PROPERTIES, (body) => created.push(body) > 0)
      .times(13)
      .reply(201, (_request: Request) => leadloopProperty(created.at(-1).name), rateHeaders());
    const items = await connect().setup();

    expect(items.map((item) => `${item.name} ${item.status}`)).toEqual([
      'contacts group leadloop created',
      ...LEADLOOP_PROPERTY_NAMES.map((name) => `contacts.${name} created`),
    ]);
    const byName = new Map(created.map((body) => [body.name, body]));
    expect(byName.get('leadloop_id')).toMatchObject({
      type: 'string',
      fieldType: 'text',
      hasUniqueValue: true,
      groupName: 'leadloop',
    });
    expect(byName.get('leadloop_score')).toMatchObject({
      type: 'number',
      fieldType: 'number',
      hasUniqueValue: false,
    });
    expect(byName.get('leadloop_opportunity_amount')).toMatchObject({ type: 'number' });
    expect(byName.get('leadloop_first_touch_at')).toMatchObject({
      type: 'datetime',
      fieldType: 'date',
    });
    expect(byName.get('leadloop_closed_won_at')).toMatchObject({
      type: 'datetime',
      fieldType: 'date',
    });
    expect(byName.get('leadloop_stage')).toMatchObject({
      type: 'enumeration',
      fieldType: 'select',
    });
    expect(byName.get('leadloop_stage').options.map((option: Json) => option.value)).toEqual([
      'inquiry',
      'mql',
      'sal',
      'sql',
      'opportunity',
      'customer',
      'recycled',
      'disqualified',
    ]);
    expect(byName.get('leadloop_sla_status').options.map((option: Json) => option.value)).toEqual([
      'on_track',
      'met',
      'breached',
      'escalated',
    ]);
    expect(nock.isDone()).toBe(true);
  });

  it('run again, it changes nothing: two reads, every item exists', async () => {
    hubspot()
      .get(GROUPS)
      .reply(200, groups(true), rateHeaders())
      .get(PROPERTIES)
      .reply(200, portalProperties(), rateHeaders());
    const connector = connect();
    const items = await connector.setup();

    expect(items).toHaveLength(14);
    expect(items.every((item) => item.status === 'exists')).toBe(true);
    expect(connector.usage().callsMade).toBe(2);
  });

  it('409 on create (another run got there first) compares what is there', async () => {
    const taken = fixture('vendor/create-property-409.json').response;
    hubspot()
      .get(GROUPS)
      .reply(200, groups(true), rateHeaders())
      .get(PROPERTIES)
      .reply(200, portalProperties(['leadloop_grade']), rateHeaders())
      .post(PROPERTIES, (body) => body.name === 'leadloop_grade')
      .reply(
        409,
        { ...taken.body, message: "Property named 'leadloop_grade' already exists." },
        taken.headers,
      )
      .get(`${PROPERTIES}/leadloop_grade`)
      .reply(200, leadloopProperty('leadloop_grade'), rateHeaders());
    const items = await connect().setup();

    expect(items.find((item) => item.name === 'contacts.leadloop_grade')).toEqual({
      system: 'hubspot',
      name: 'contacts.leadloop_grade',
      status: 'exists',
    });
    expect(nock.isDone()).toBe(true);
  });

  it('a property of the wrong type or shape fails with what to do; missing options are added', async () => {
    const properties = portalProperties();
    const patched: Json[] = [];
    for (const property of properties.results) {
      if (property.name === 'leadloop_score')
        Object.assign(property, { type: 'string', fieldType: 'text' });
      if (property.name === 'leadloop_id') property.hasUniqueValue = false;
      if (property.name === 'leadloop_sla_status') property.options = property.options.slice(0, 2);
    }
    hubspot()
      .get(GROUPS)
      .reply(200, groups(true), rateHeaders())
      .get(PROPERTIES)
      .reply(200, properties, rateHeaders())
      .patch(`${PROPERTIES}/leadloop_sla_status`, (body) => patched.push(body) > 0)
      .reply(200, leadloopProperty('leadloop_sla_status'), rateHeaders());
    const items = await connect().setup();
    const item = (name: string) => items.find((candidate) => candidate.name === `contacts.${name}`);

    expect(item('leadloop_score')).toEqual({
      system: 'hubspot',
      name: 'contacts.leadloop_score',
      status: 'failed',
      message:
        'leadloop_score already exists as a string property; leadloop needs number. Archive or rename it in HubSpot (Settings → Properties), then run `leadloop setup` again.',
    });
    expect(item('leadloop_id')).toMatchObject({
      status: 'failed',
      message: expect.stringContaining('without unique values'),
    });
    expect(item('leadloop_sla_status')).toEqual({
      system: 'hubspot',
      name: 'contacts.leadloop_sla_status',
      status: 'updated',
      message: 'added options breached, escalated',
    });
    expect(patched[0].options.map((option: Json) => option.value)).toEqual([
      'on_track',
      'met',
      'breached',
      'escalated',
    ]);
    expect(items.filter((candidate) => candidate.status === 'exists')).toHaveLength(11);
  });

  it('a rejected token stops setup with the auth error, not 14 failed items', async () => {
    const rejected = fixture('vendor/unauthorized-401.json').response;
    hubspot().get(GROUPS).reply(rejected.status, rejected.body, rejected.headers);
    await expect(connect().setup()).rejects.toMatchObject({ kind: 'auth' });
  });
});
