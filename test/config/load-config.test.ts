import { describe, expect, it } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config.ts';
import { projectWith, REPO_ROOT } from './project.ts';

describe('loadConfig with the shipped defaults', () => {
  const config = loadConfig({ configPath: 'config/leadloop.yaml', cwd: REPO_ROOT });

  it('loads all five files, named relative to the project root', () => {
    expect(config.baseDir).toBe(REPO_ROOT.replace(/\/$/, ''));
    expect(
      Object.fromEntries(Object.entries(config.files).map(([kind, file]) => [kind, file.name])),
    ).toEqual({
      main: 'config/leadloop.yaml',
      scoring: 'config/scoring.yaml',
      sla: 'config/sla.yaml',
      fields: 'mappings/fields.yaml',
      stages: 'mappings/stages.yaml',
    });
    expect(config.files.fields.path).toBe(join(REPO_ROOT, 'mappings/fields.yaml'));
  });

  it('returns typed values with durations and rules normalised', () => {
    expect(config.main.sync.pollInterval).toEqual({ text: '2m', ms: 120_000 });
    expect(config.main.sync.overlapWindow.ms).toBe(30_000);
    expect(config.main.sync.tieBreak).toBe('salesforce');
    expect(config.main.sync.propagateDeletes).toBe(false);
    expect(config.main.apiBudget).toEqual({ hubspot: 0.5, salesforce: 0.5 });
    expect(config.main.handoff).toEqual({
      createSalesforceLeadOnMql: true,
      useAssignmentRules: true,
      companyPlaceholder: '[not provided]',
    });
    expect(config.fields.fields.company.rule).toEqual({ kind: 'prefer', system: 'salesforce' });
    expect(config.fields.fields.leadSource.rule).toEqual({ kind: 'always', system: 'hubspot' });
    expect(config.fields.fields.leadSource.values?.toSalesforce?.REFERRALS).toBe(
      'Partner Referral',
    );
    expect(config.fields.fields.owner.rule).toEqual({ kind: 'none' });
    expect(config.stages.salesforce.leadStatus['Closed - Not Converted']).toEqual({
      stage: 'recycled',
      reasonField: 'LeadLoop_Recycle_Reason__c',
      reason: 'closed - not converted',
    });
    expect(config.scoring.mqlThreshold).toBe(60);
    expect(config.sla.timezone).toBe('America/New_York');
  });

  it('is frozen all the way down', () => {
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.main.sync.batchSize)).toBe(true);
    expect(Object.isFrozen(config.fields.fields.email.salesforce)).toBe(true);
    expect(() => {
      (config.main.apiBudget as { hubspot: number }).hubspot = 1;
    }).toThrow(TypeError);
  });
});

describe('loadConfig paths', () => {
  it('fills every setting of an empty main file with its default', () => {
    const root = projectWith();
    writeFileSync(join(root, 'config/leadloop.yaml'), '# all defaults\n');
    const config = loadConfig({ configPath: join(root, 'config/leadloop.yaml') });
    expect(config.main.schedules).toEqual({
      sync: '*/2 * * * *',
      sla: '* * * * *',
      reportSnapshot: '0 6 * * *',
      timezone: 'UTC',
    });
    expect(config.files.stages.name).toBe('mappings/stages.yaml');
  });

  it('resolves the other files from paths.base, relative to the main file', () => {
    const root = projectWith();
    mkdirSync(join(root, 'etc'));
    writeFileSync(
      join(root, 'etc/leadloop.yaml'),
      [
        'paths:',
        '  base: ../config',
        '  scoring: scoring.yaml',
        '  sla: sla.yaml',
        '  fields: ../mappings/fields.yaml',
        '  stages: ../mappings/stages.yaml',
        '',
      ].join('\n'),
    );
    const config = loadConfig({ configPath: join(root, 'etc/leadloop.yaml') });
    expect(config.baseDir).toBe(join(root, 'config'));
    expect(config.files.scoring.name).toBe('scoring.yaml');
    // Outside the base folder, names are absolute so the admin can still find the file.
    expect(config.files.main.name).toBe(join(root, 'etc/leadloop.yaml'));
    expect(config.files.fields.name).toBe(join(root, 'mappings/fields.yaml'));
  });
});
