/**
 * The custom fields `leadloop setup` creates on Lead and Contact (DESIGN.md, "Custom
 * fields"), as Metadata API `CustomField` definitions. Read, setup and doctor all use this list.
 */
export const LEADLOOP_OBJECTS = ['Lead', 'Contact'] as const;
export type LeadloopObject = (typeof LEADLOOP_OBJECTS)[number];

export const LEADLOOP_STAGES = [
  'Inquiry',
  'MQL',
  'SAL',
  'SQL',
  'Opportunity',
  'Customer',
  'Recycled',
  'Disqualified',
] as const;
export const LEADLOOP_SLA_STATUSES = ['on_track', 'met', 'breached', 'escalated'] as const;

/** The Metadata API shape of one custom field, without its object prefix. */
export interface CustomFieldDefinition {
  readonly name: string;
  readonly label: string;
  readonly type: 'Text' | 'Picklist' | 'Number' | 'LongTextArea' | 'DateTime';
  readonly description: string;
  readonly length?: number;
  readonly precision?: number;
  readonly scale?: number;
  readonly visibleLines?: number;
  readonly externalId?: boolean;
  readonly unique?: boolean;
  readonly picklist?: readonly string[];
}

export const LEADLOOP_FIELDS: readonly CustomFieldDefinition[] = [
  {
    name: 'LeadLoop_Id__c',
    label: 'LeadLoop Id',
    type: 'Text',
    length: 36,
    externalId: true,
    unique: true,
    description: 'leadloop universal lead id; upsert key, so a retried handoff never duplicates.',
  },
  {
    name: 'LeadLoop_Stage__c',
    label: 'LeadLoop Stage',
    type: 'Picklist',
    picklist: LEADLOOP_STAGES,
    description: 'Funnel stage agreed by marketing and sales, written by leadloop.',
  },
  {
    name: 'LeadLoop_Score__c',
    label: 'LeadLoop Score',
    type: 'Number',
    precision: 5,
    scale: 0,
    description: 'leadloop lead score (see LeadLoop Score Reasons).',
  },
  {
    name: 'LeadLoop_Grade__c',
    label: 'LeadLoop Grade',
    type: 'Text',
    length: 2,
    description: 'leadloop fit grade, A to D.',
  },
  {
    name: 'LeadLoop_Score_Reasons__c',
    label: 'LeadLoop Score Reasons',
    type: 'LongTextArea',
    length: 32768,
    visibleLines: 5,
    description: 'Each scoring rule that fired, with its points.',
  },
  {
    name: 'LeadLoop_MQL_At__c',
    label: 'LeadLoop MQL At',
    type: 'DateTime',
    description: 'When the lead became marketing-qualified.',
  },
  {
    name: 'LeadLoop_SLA_Due__c',
    label: 'LeadLoop SLA Due',
    type: 'DateTime',
    description: 'When sales must have followed up.',
  },
  {
    name: 'LeadLoop_SLA_Status__c',
    label: 'LeadLoop SLA Status',
    type: 'Picklist',
    picklist: LEADLOOP_SLA_STATUSES,
    description: 'Follow-up SLA: on_track, met, breached or escalated.',
  },
  {
    name: 'LeadLoop_Recycle_Reason__c',
    label: 'LeadLoop Recycle Reason',
    type: 'Text',
    length: 255,
    description: 'Why sales sent the lead back to marketing nurture.',
  },
];

export const LEADLOOP_FIELD_NAMES = LEADLOOP_FIELDS.map((field) => field.name);

export const PERMISSION_SET_NAME = 'LeadLoop_Integration';
