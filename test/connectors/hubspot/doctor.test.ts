import { beforeEach, describe, expect, it } from '@jest/globals';
import { DEFAULT_EXPECTATIONS, runHubspotDoctor } from '../../../connectors/hubspot/index.ts';
import { parseEnv } from '../../../src/config/env.ts';
import { connect, fixture, hubspot, portalProperties, rateHeaders, resetNock } from './support.ts';

const PROPERTIES = '/crm/v3/properties/contacts';
const ACCOUNT = '/account-info/v3/details';
const account = {
  portalId: 24681357,
  accountType: 'STANDARD',
  timeZone: 'America/New_York',
  companyCurrency: 'USD',
  additionalCurrencies: [],
  utcOffset: '-05:00',
  utcOffsetMilliseconds: -18000000,
  uiDomain: 'app.hubspot.com',
  dataHostingLocation: 'na1',
};
/** The local clock of the run, as HubSpot's Date header would show it. */
const dateHeader = (offsetMs = 0) => new Date(Date.now() + offsetMs).toUTCString();

describe('HubSpot doctor', () => {
  beforeEach(resetNock);

  it('a set-up portal passes every check and names the portal', async () => {
    hubspot()
      .get(PROPERTIES)
      .reply(200, portalProperties(), {
        ...rateHeaders({ dailyRemaining: 940_000 }),
        date: dateHeader(),
      })
      .get(ACCOUNT)
      .reply(200, account, { ...rateHeaders({ dailyRemaining: 939_999 }), date: dateHeader() });
    const checks = await connect().doctor();

    expect(checks.map((check) => `${check.name}: ${check.status}`)).toEqual([
      'credentials: ok',
      'properties on contacts: ok',
      'enumeration contacts.lifecyclestage: ok',
      'enumeration contacts.leadloop_stage: ok',
      'enumeration contacts.leadloop_sla_status: ok',
      'api budget: ok',
      'clock skew: ok',
    ]);
    expect(checks[0]?.detail).toBe(
      'HUBSPOT_ACCESS_TOKEN works for portal 24681357, time zone America/New_York (http://127.0.0.1:4010)',
    );
    expect(checks[1]?.detail).toBe(
      'contacts: all 23 mapped properties exist; written ones are writable',
    );
    expect(checks[5]?.detail).toBe(
      '60001 of 1000000 daily API calls used in the portal; leadloop may use up to 500000 (50%), 439999 left',
    );
  });

  it('catches a missing property and an enumeration value the portal does not have', async () => {
    hubspot()
      .get(PROPERTIES)
      .reply(200, portalProperties(['leadloop_owner']), { ...rateHeaders(), date: dateHeader() })
      .get(ACCOUNT)
      .reply(200, account, rateHeaders());
    const checks = await connect().doctor({
      ...DEFAULT_EXPECTATIONS,
      picklistValues: {
        contacts: { lifecyclestage: ['lead', 'marketingqualifiedlead', 'nurture'] },
      },
    });

    expect(checks.find((check) => check.name === 'properties on contacts')).toEqual({
      system: 'hubspot',
      name: 'properties on contacts',
      status: 'fail',
      detail: 'contacts has no property leadloop_owner',
      fix: 'Run `leadloop setup` to create the leadloop properties.',
    });
    expect(checks.find((check) => check.name === 'enumeration contacts.lifecyclestage')).toEqual({
      system: 'hubspot',
      name: 'enumeration contacts.lifecyclestage',
      status: 'fail',
      detail:
        'contacts.lifecyclestage has no option "nurture": HubSpot rejects such writes (INVALID_OPTION)',
      fix: 'Add the option(s) in HubSpot (Settings → Properties → lifecyclestage), or change the value map in mappings/*.yaml to one of: subscriber, lead, marketingqualifiedlead, salesqualifiedlead, opportunity, customer, evangelist, other.',
    });
  });

  it('a mapped property HubSpot computes fails when leadloop writes it, only warns when read', async () => {
    const answer = { ...rateHeaders(), date: dateHeader() };
    hubspot().get(PROPERTIES).reply(200, portalProperties(), answer).get(ACCOUNT).reply(404, {});
    const written = await connect().doctor({
      fields: { contacts: ['email', 'hubspotscore'] },
      picklistValues: {},
      writtenFields: { contacts: ['email', 'hubspotscore'] },
    });
    expect(written[1]).toMatchObject({
      status: 'fail',
      detail:
        'contacts: HubSpot computes hubspotscore (read-only or calculated), but the mappings write it',
    });

    hubspot().get(PROPERTIES).reply(200, portalProperties(), answer).get(ACCOUNT).reply(404, {});
    const read = await connect().doctor({
      fields: { contacts: ['email', 'hubspotscore'] },
      picklistValues: {},
    });
    expect(read[1]).toMatchObject({ status: 'warn' });
    expect(read[0]?.detail).toBe(
      'HUBSPOT_ACCESS_TOKEN works at http://127.0.0.1:4010 (the portal id was not reported: not_found)',
    );
  });

  it('a clock two minutes off fails; a nearly spent share warns', async () => {
    hubspot()
      .get(PROPERTIES)
      .reply(200, portalProperties(), rateHeaders())
      .get(ACCOUNT)
      .reply(200, account, {
        ...rateHeaders({ dailyRemaining: 520_000 }),
        date: dateHeader(-120_000),
      });
    const checks = await connect().doctor();

    expect(checks.find((check) => check.name === 'api budget')).toMatchObject({
      status: 'warn',
      detail:
        '480000 of 1000000 daily API calls used in the portal; leadloop may use up to 500000 (50%), 20000 left',
    });
    const clock = checks.find((check) => check.name === 'clock skew');
    expect(clock?.status).toBe('fail');
    expect(clock?.detail).toMatch(/^local clock is 12\d\.\d s ahead of HubSpot$/);
  });

  it('a rejected token is one failed check with the fix', async () => {
    const rejected = fixture('vendor/unauthorized-401.json').response;
    hubspot().get(PROPERTIES).reply(rejected.status, rejected.body, rejected.headers);
    const checks = await connect().doctor();

    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ name: 'credentials', status: 'fail' });
    expect(checks[0]?.fix).toContain('HUBSPOT_ACCESS_TOKEN');
  });

  it('no token at all is a failed check, not a crash', async () => {
    const checks = await runHubspotDoctor({ env: parseEnv({}) });
    expect(checks).toEqual([
      {
        system: 'hubspot',
        name: 'credentials',
        status: 'fail',
        detail: 'HUBSPOT_ACCESS_TOKEN is not set',
        fix: 'Create a private app in HubSpot (Settings → Integrations → Private Apps) and set HUBSPOT_ACCESS_TOKEN to its access token.',
      },
    ]);
  });
});
