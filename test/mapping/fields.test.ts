import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../src/config/load-config.ts';
import { describeRule, FieldRuleSchema, ruleWritesTo } from '../../src/mapping/field-rule.ts';
import { mappedFields, translateValue } from '../../src/mapping/field-values.ts';
import { REPO_ROOT } from '../config/project.ts';

const { fields } = loadConfig({ configPath: 'config/leadloop.yaml', cwd: REPO_ROOT });

describe('field rules', () => {
  it('accepts the map spelling and the one-line spelling of DESIGN.md', () => {
    expect(FieldRuleSchema.parse('two-way')).toEqual({ kind: 'two-way' });
    expect(FieldRuleSchema.parse('none')).toEqual({ kind: 'none' });
    expect(FieldRuleSchema.parse({ prefer: 'salesforce' })).toEqual({
      kind: 'prefer',
      system: 'salesforce',
    });
    expect(FieldRuleSchema.parse({ always: 'hubspot' })).toEqual({
      kind: 'always',
      system: 'hubspot',
    });
    expect(FieldRuleSchema.parse('prefer: salesforce')).toEqual({
      kind: 'prefer',
      system: 'salesforce',
    });
    expect(FieldRuleSchema.parse('always hubspot')).toEqual({ kind: 'always', system: 'hubspot' });
    expect(FieldRuleSchema.safeParse('one-way').success).toBe(false);
    expect(FieldRuleSchema.safeParse({ prefer: 'hubspot', always: 'hubspot' }).success).toBe(false);
    expect(FieldRuleSchema.safeParse({ prefer: 'marketo' }).success).toBe(false);
  });

  it('knows which systems a rule writes to', () => {
    expect(ruleWritesTo({ kind: 'always', system: 'hubspot' }, 'salesforce')).toBe(true);
    expect(ruleWritesTo({ kind: 'always', system: 'hubspot' }, 'hubspot')).toBe(false);
    expect(ruleWritesTo({ kind: 'prefer', system: 'salesforce' }, 'salesforce')).toBe(true);
    expect(ruleWritesTo({ kind: 'none' }, 'hubspot')).toBe(false);
    expect(describeRule({ kind: 'always', system: 'hubspot' })).toBe('always hubspot → salesforce');
  });
});

describe('the default field mappings', () => {
  it('lists the Salesforce Contact fields (company lives on the Account)', () => {
    expect(mappedFields(fields, 'salesforce', 'contact')).toEqual([
      { field: 'email', vendorField: 'Email' },
      { field: 'firstName', vendorField: 'FirstName' },
      { field: 'lastName', vendorField: 'LastName' },
      { field: 'title', vendorField: 'Title' },
      { field: 'phone', vendorField: 'Phone' },
      { field: 'country', vendorField: 'MailingCountry' },
      { field: 'leadSource', vendorField: 'LeadSource' },
      { field: 'campaign', vendorField: 'UTM_Campaign__c' },
      { field: 'owner', vendorField: 'OwnerId' },
    ]);
    expect(mappedFields(fields, 'hubspot').map((pair) => pair.vendorField)).toContain(
      'hs_analytics_source',
    );
  });

  it("translates HubSpot's analytics sources onto Salesforce's LeadSource picklist", () => {
    const { leadSource } = fields.fields;
    expect(translateValue(leadSource, 'salesforce', 'PAID_SEARCH')).toBe('Web');
    expect(translateValue(leadSource, 'salesforce', 'REFERRALS')).toBe('Partner Referral');
    expect(translateValue(leadSource, 'salesforce', 'OFFLINE')).toBe('Other');
    // Unlisted values pass unchanged; blanks stay blank.
    expect(translateValue(leadSource, 'salesforce', 'AI_REFERRALS')).toBe('AI_REFERRALS');
    expect(translateValue(leadSource, 'salesforce', null)).toBeNull();
    expect(translateValue(leadSource, 'hubspot', 'Web')).toBe('Web');
  });
});
