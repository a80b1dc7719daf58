import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../src/config/load-config.ts';
import {
  lifecycleForStage,
  recycleReason,
  stageFromLeadStatus,
  stageFromLifecycle,
  stageFromOpportunity,
} from '../../src/mapping/stage-map.ts';
import { REPO_ROOT } from '../config/project.ts';

const { stages } = loadConfig({ configPath: 'config/leadloop.yaml', cwd: REPO_ROOT });

describe('the default stage maps (DESIGN.md "Stages")', () => {
  it('reads HubSpot lifecycle stages', () => {
    expect(stageFromLifecycle(stages, 'subscriber')).toEqual({ stage: 'inquiry' });
    expect(stageFromLifecycle(stages, 'lead')).toEqual({ stage: 'inquiry' });
    expect(stageFromLifecycle(stages, 'marketingqualifiedlead')).toEqual({ stage: 'mql' });
    expect(stageFromLifecycle(stages, 'salesqualifiedlead')).toEqual({ stage: 'sql' });
    expect(stageFromLifecycle(stages, 'customer')).toEqual({ stage: 'customer' });
    expect(stageFromLifecycle(stages, 'evangelist')).toBeUndefined();
    // Inherited object keys are not stages.
    expect(stageFromLifecycle(stages, 'constructor')).toBeUndefined();
  });

  it('reads Salesforce Lead statuses and opportunity outcomes', () => {
    expect(stageFromLeadStatus(stages, 'Open - Not Contacted')).toEqual({ stage: 'mql' });
    expect(stageFromLeadStatus(stages, 'Working - Contacted')).toEqual({ stage: 'sal' });
    expect(stageFromLeadStatus(stages, 'Closed - Converted')).toEqual({ stage: 'sql' });
    expect(stageFromLeadStatus(stages, 'Nurturing')).toBeUndefined();
    expect(stageFromOpportunity(stages, { isClosed: false, isWon: false })).toEqual({
      stage: 'opportunity',
    });
    expect(stageFromOpportunity(stages, { isClosed: true, isWon: true })).toEqual({
      stage: 'customer',
    });
    expect(stageFromOpportunity(stages, { isClosed: true, isWon: false })).toEqual({
      stage: 'recycled',
      reason: 'closed lost',
    });
  });

  it('takes a recycle reason from the field sales filled in, else the fixed text', () => {
    const notConverted = stageFromLeadStatus(stages, 'Closed - Not Converted');
    if (notConverted === undefined) throw new Error('Closed - Not Converted is mapped by default');
    expect(
      recycleReason(notConverted, { LeadLoop_Recycle_Reason__c: ' No budget this year ' }),
    ).toBe('No budget this year');
    expect(recycleReason(notConverted, { LeadLoop_Recycle_Reason__c: '' })).toBe(
      'closed - not converted',
    );
    expect(recycleReason(notConverted, {})).toBe('closed - not converted');
  });

  it('writes stages back as lifecycle values; SAL and disqualified leave HubSpot alone', () => {
    expect(lifecycleForStage(stages, 'inquiry')).toBe('lead');
    expect(lifecycleForStage(stages, 'mql')).toBe('marketingqualifiedlead');
    expect(lifecycleForStage(stages, 'sal')).toBeUndefined();
    expect(lifecycleForStage(stages, 'sql')).toBe('salesqualifiedlead');
    expect(lifecycleForStage(stages, 'recycled')).toBe('lead');
    expect(lifecycleForStage(stages, 'disqualified')).toBeUndefined();
  });
});
