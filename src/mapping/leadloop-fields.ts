import type { Stage } from '../lead/stages.ts';

/**
 * The fields leadloop itself owns in each system (DESIGN.md "Custom fields"). `leadloop setup`
 * creates them; the sync writes them from the universal lead and never reads them back as a
 * change made by a person. Names are part of the contract: admins build reports on them.
 */
export const SALESFORCE_FIELDS = {
  id: 'LeadLoop_Id__c',
  stage: 'LeadLoop_Stage__c',
  score: 'LeadLoop_Score__c',
  grade: 'LeadLoop_Grade__c',
  reasons: 'LeadLoop_Score_Reasons__c',
  mqlAt: 'LeadLoop_MQL_At__c',
  slaDue: 'LeadLoop_SLA_Due__c',
  slaStatus: 'LeadLoop_SLA_Status__c',
  recycleReason: 'LeadLoop_Recycle_Reason__c',
} as const;

export const HUBSPOT_PROPERTIES = {
  id: 'leadloop_id',
  stage: 'leadloop_stage',
  score: 'leadloop_score',
  grade: 'leadloop_grade',
  reasons: 'leadloop_score_reasons',
  slaStatus: 'leadloop_sla_status',
  firstTouchAt: 'leadloop_first_touch_at',
  recycleReason: 'leadloop_recycle_reason',
  salesforceId: 'leadloop_salesforce_id',
  opportunityStage: 'leadloop_opportunity_stage',
  opportunityAmount: 'leadloop_opportunity_amount',
  closedWonAt: 'leadloop_closed_won_at',
  owner: 'leadloop_owner',
  lifecycle: 'lifecyclestage',
} as const;

/** The Salesforce picklist labels of `LeadLoop_Stage__c`. */
const SALESFORCE_STAGE_LABELS: Readonly<Record<Stage, string>> = {
  inquiry: 'Inquiry',
  mql: 'MQL',
  sal: 'SAL',
  sql: 'SQL',
  opportunity: 'Opportunity',
  customer: 'Customer',
  recycled: 'Recycled',
  disqualified: 'Disqualified',
};

export const salesforceStageLabel = (stage: Stage): string => SALESFORCE_STAGE_LABELS[stage];

/** The Salesforce person objects a lead lives in, and HubSpot's. */
export const SALESFORCE_PERSON_OBJECTS = ['Lead', 'Contact'] as const;
export const HUBSPOT_PERSON_OBJECT = 'contacts';
