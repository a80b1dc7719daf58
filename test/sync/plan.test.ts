import { describe, expect, it } from '@jest/globals';
import { planWrite, type SystemTarget } from '../../src/sync/plan.ts';

const hubspotContact = (overrides: Partial<SystemTarget> = {}): SystemTarget => ({
  system: 'hubspot',
  object: 'contacts',
  recordId: '501',
  seen: new Map<string, string | number | null>([
    ['jobtitle', 'VP Sales'],
    ['leadloop_score', 72],
    ['leadloop_stage', 'mql'],
  ]),
  desired: { jobtitle: 'VP Sales', leadloop_score: 72, leadloop_stage: 'mql' },
  ...overrides,
});

describe('plan: the minimal write per system', () => {
  it('a quiet lead plans nothing', () => {
    expect(planWrite(hubspotContact(), 'lead-1:hubspot')).toBeUndefined();
  });

  it('writes only the fields that differ, with before and after for the dry run', () => {
    const planned = planWrite(
      hubspotContact({
        desired: { jobtitle: 'VP Sales ', leadloop_score: 80, leadloop_stage: 'sal' },
      }),
      'lead-1:hubspot',
    );
    expect(planned?.changes).toEqual([
      { field: 'leadloop_score', before: 72, after: 80 },
      { field: 'leadloop_stage', before: 'mql', after: 'sal' },
    ]);
    expect(planned?.request).toEqual({
      ref: 'lead-1:hubspot',
      action: 'update',
      id: '501',
      fields: { leadloop_score: 80, leadloop_stage: 'sal' },
    });
  });

  it('a handoff creates the Salesforce lead by upsert on LeadLoop_Id__c with assignment rules, blanks left out', () => {
    const planned = planWrite(
      {
        system: 'salesforce',
        object: 'Lead',
        recordId: undefined,
        seen: new Map(),
        desired: { LastName: 'Lopez', Company: 'Globex', Phone: '', LeadLoop_Id__c: 'lead-1' },
        create: { upsertKey: { field: 'LeadLoop_Id__c', value: 'lead-1' }, assign: true },
      },
      'lead-1:salesforce',
    );
    expect(planned?.request).toEqual({
      ref: 'lead-1:salesforce',
      action: 'upsert',
      upsertKey: { field: 'LeadLoop_Id__c', value: 'lead-1' },
      fields: { LastName: 'Lopez', Company: 'Globex', LeadLoop_Id__c: 'lead-1' },
      assign: true,
    });
  });

  it('no record and no handoff: nothing is created', () => {
    expect(
      planWrite(
        {
          system: 'salesforce',
          object: 'Lead',
          recordId: undefined,
          seen: new Map(),
          desired: { LastName: 'X' },
        },
        'r',
      ),
    ).toBeUndefined();
  });

  it('force fields travel only when they are written', () => {
    const recycle = planWrite(
      hubspotContact({
        desired: { lifecyclestage: 'lead', jobtitle: 'VP Sales' },
        forceFields: ['lifecyclestage'],
      }),
      'r',
    );
    expect(recycle?.request.forceFields).toEqual(['lifecyclestage']);
    const quiet = planWrite(
      hubspotContact({ desired: { leadloop_score: 90 }, forceFields: ['lifecyclestage'] }),
      'r',
    );
    expect(quiet?.request.forceFields).toBeUndefined();
  });
});
