import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import {
  connectorOptions,
  createConnectors,
  doctorExpectations,
  enabledSystems,
} from '../../src/app/connectors.ts';
import { parseEnv } from '../../src/config/env.ts';
import { loadConfig, type LeadloopConfig } from '../../src/config/load-config.ts';
import { REPO_ROOT } from '../config/project.ts';

/** The composition root with the shipped config (config/leadloop.yaml and the mappings). */
const shipped = loadConfig({ configPath: join(REPO_ROOT, 'config/leadloop.yaml') });
const withSystems = (hubspot: boolean, salesforce: boolean): Readonly<LeadloopConfig> => ({
  ...shipped,
  main: {
    ...shipped.main,
    systems: { hubspot: { enabled: hubspot }, salesforce: { enabled: salesforce } },
  },
});
const sandboxEnv = parseEnv({
  SALESFORCE_INSTANCE_URL: 'http://127.0.0.1:4010',
  SALESFORCE_ACCESS_TOKEN: 'token',
  HUBSPOT_BASE_URL: 'http://127.0.0.1:4010',
  HUBSPOT_ACCESS_TOKEN: 'pat-na1-token',
  HUBSPOT_APP_ID: '2710541',
});

describe('createConnectors', () => {
  it('builds both connectors from the environment and the config, without a network call', async () => {
    const connectors = createConnectors({ env: sandboxEnv, config: shipped });
    expect(connectors.salesforce?.system).toBe('salesforce');
    expect(connectors.hubspot?.system).toBe('hubspot');
    expect(connectors.salesforce?.usage()).toEqual({ system: 'salesforce', callsMade: 0 });
    await connectors.close();
  });

  it('passes budgets, batch sizes, the overlap window, mapped fields and the app id', () => {
    const options = connectorOptions({ env: sandboxEnv, config: shipped });
    expect(options.salesforce).toMatchObject({
      budget: { dailyShare: 0.5 },
      batchSize: 200,
      extraFields: {
        Lead: [
          'Email',
          'FirstName',
          'LastName',
          'Company',
          'Title',
          'Phone',
          'Country',
          'LeadSource',
          'UTM_Campaign__c',
          'OwnerId',
          'LeadLoop_Recycle_Reason__c',
        ],
        Contact: [
          'Email',
          'FirstName',
          'LastName',
          'Title',
          'Phone',
          'MailingCountry',
          'LeadSource',
          'UTM_Campaign__c',
          'OwnerId',
        ],
      },
    });
    expect(options.hubspot).toMatchObject({
      budget: { dailyShare: 0.5 },
      batchSize: 100,
      overlapMs: 30_000,
      appId: '2710541',
      extraProperties: {
        contacts: [
          'email',
          'firstname',
          'lastname',
          'company',
          'jobtitle',
          'phone',
          'country',
          'hs_analytics_source',
          'utm_campaign',
          'leadloop_owner',
        ],
      },
    });
  });

  it('missing credentials of both systems are one error listing what to set', () => {
    const error = (() => {
      try {
        createConnectors({ env: parseEnv({}), config: shipped });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toMatchObject({
      code: 'config.credentials',
      message: 'Salesforce credentials: nothing is set.\nHUBSPOT_ACCESS_TOKEN is not set',
      details: { systems: ['salesforce', 'hubspot'] },
    });
    expect((error as { hint: string }).hint).toMatch(/^Set one of:\n {2}direct session: /);
  });

  it('contradictory Salesforce credentials are named; a system turned off needs none', () => {
    const env = parseEnv({
      SALESFORCE_INSTANCE_URL: 'https://acme.my.salesforce.com',
      SALESFORCE_ACCESS_TOKEN: 'token',
      SALESFORCE_CLIENT_SECRET: 'secret',
    });
    expect(() => createConnectors({ env, config: withSystems(false, true) })).toThrow(
      'Salesforce credentials: SALESFORCE_ACCESS_TOKEN (direct session) is set together with SALESFORCE_CLIENT_SECRET (OAuth); unset one of the two.',
    );
    const hubspotOnly = createConnectors({
      env: parseEnv({ HUBSPOT_ACCESS_TOKEN: 'pat-na1-token' }),
      config: withSystems(true, false),
    });
    expect(hubspotOnly.salesforce).toBeUndefined();
    expect(hubspotOnly.hubspot?.system).toBe('hubspot');
    expect(enabledSystems(withSystems(true, false))).toEqual(['hubspot']);
  });
});

describe('doctorExpectations', () => {
  const expected = doctorExpectations(shipped);

  it('Salesforce: mapped Lead and Contact fields, leadloop fields, and picklist values used', () => {
    expect(expected.salesforce.fields.Lead).toEqual([
      'Email',
      'LeadLoop_Id__c',
      'LeadLoop_Stage__c',
      'LeadLoop_Score__c',
      'LeadLoop_Grade__c',
      'LeadLoop_Score_Reasons__c',
      'LeadLoop_MQL_At__c',
      'LeadLoop_SLA_Due__c',
      'LeadLoop_SLA_Status__c',
      'LeadLoop_Recycle_Reason__c',
      'FirstName',
      'LastName',
      'Company',
      'Title',
      'Phone',
      'Country',
      'LeadSource',
      'UTM_Campaign__c',
    ]);
    expect(expected.salesforce.fields.Contact).not.toContain('Company');
    expect(expected.salesforce.fields.Contact).toContain('MailingCountry');
    expect(expected.salesforce.picklistValues.Lead).toEqual({
      LeadLoop_Stage__c: [
        'Inquiry',
        'MQL',
        'SAL',
        'SQL',
        'Opportunity',
        'Customer',
        'Recycled',
        'Disqualified',
      ],
      LeadLoop_SLA_Status__c: ['on_track', 'met', 'breached', 'escalated'],
      LeadSource: ['Web', 'Partner Referral', 'Other'],
      Status: [
        'Open - Not Contacted',
        'Working - Contacted',
        'Closed - Converted',
        'Closed - Not Converted',
      ],
    });
    expect(expected.salesforce.picklistValues.Contact?.LeadSource).toEqual([
      'Web',
      'Partner Referral',
      'Other',
    ]);
  });

  it('HubSpot: mapped properties, lifecycle values read and written, written properties', () => {
    expect(expected.hubspot.picklistValues.contacts?.lifecyclestage).toEqual([
      'subscriber',
      'lead',
      'marketingqualifiedlead',
      'salesqualifiedlead',
      'opportunity',
      'customer',
    ]);
    expect(expected.hubspot.fields.contacts).toContain('utm_campaign');
    expect(expected.hubspot.fields.contacts).toContain('leadloop_owner');
    // HubSpot's own tracking is one-way into Salesforce: never written back.
    expect(expected.hubspot.writtenFields?.contacts).not.toContain('hs_analytics_source');
    expect(expected.hubspot.writtenFields?.contacts).toContain('jobtitle');
  });
});
