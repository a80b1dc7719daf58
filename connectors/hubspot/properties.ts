import { ConnectorError } from '../../src/sync/connector.ts';

/**
 * What leadloop reads from and writes to HubSpot, by object. The leadloop_* contact
 * properties are the contract in DESIGN.md ("Custom fields that `leadloop setup` creates").
 */
export const HUBSPOT_OBJECTS = ['contacts', 'deals'] as const;
export type HubspotObject = (typeof HUBSPOT_OBJECTS)[number];

export function hubspotObject(object: string): HubspotObject {
  if ((HUBSPOT_OBJECTS as readonly string[]).includes(object)) return object as HubspotObject;
  throw new ConnectorError(
    'hubspot',
    'config',
    `leadloop does not read or write HubSpot ${object}`,
    {
      code: 'hubspot.unknown_object',
      hint: `HubSpot objects leadloop knows: ${HUBSPOT_OBJECTS.join(', ')}.`,
    },
  );
}

/** Contacts keep their change time in `lastmodifieddate`; every other object in `hs_lastmodifieddate`. */
export const MODIFIED_PROPERTY: Readonly<Record<HubspotObject, string>> = {
  contacts: 'lastmodifieddate',
  deals: 'hs_lastmodifieddate',
};

export const LEADLOOP_GROUP = { name: 'leadloop', label: 'leadloop', displayOrder: -1 } as const;

export const LEADLOOP_STAGES = [
  'inquiry',
  'mql',
  'sal',
  'sql',
  'opportunity',
  'customer',
  'recycled',
  'disqualified',
] as const;
export const LEADLOOP_SLA_STATUSES = ['on_track', 'met', 'breached', 'escalated'] as const;

export type LeadloopPropertyType = 'string' | 'number' | 'datetime' | 'enumeration';

export interface LeadloopProperty {
  readonly name: string;
  readonly label: string;
  readonly type: LeadloopPropertyType;
  readonly fieldType: 'text' | 'textarea' | 'number' | 'date' | 'select';
  readonly description: string;
  readonly options?: readonly string[];
  readonly hasUniqueValue?: boolean;
}

const text = (name: string, label: string, description: string): LeadloopProperty => ({
  name,
  label,
  type: 'string',
  fieldType: 'text',
  description,
});

/** The contact properties `leadloop setup` creates in the `leadloop` group. */
export const LEADLOOP_PROPERTIES: readonly LeadloopProperty[] = [
  {
    ...text('leadloop_id', 'leadloop ID', 'The universal lead id; leadloop upserts by it.'),
    hasUniqueValue: true,
  },
  {
    name: 'leadloop_stage',
    label: 'leadloop stage',
    type: 'enumeration',
    fieldType: 'select',
    description: 'Funnel stage agreed by marketing and sales (written by leadloop).',
    options: LEADLOOP_STAGES,
  },
  {
    name: 'leadloop_score',
    label: 'leadloop score',
    type: 'number',
    fieldType: 'number',
    description: 'Lead score computed by leadloop from config/scoring.yaml.',
  },
  text('leadloop_grade', 'leadloop grade', 'Score grade A–D.'),
  {
    ...text('leadloop_score_reasons', 'leadloop score reasons', 'Each scoring rule that fired.'),
    fieldType: 'textarea',
  },
  {
    name: 'leadloop_sla_status',
    label: 'leadloop SLA status',
    type: 'enumeration',
    fieldType: 'select',
    description: 'Whether sales followed up in time.',
    options: LEADLOOP_SLA_STATUSES,
  },
  {
    name: 'leadloop_first_touch_at',
    label: 'leadloop first touch',
    type: 'datetime',
    fieldType: 'date',
    description: 'When sales first followed up.',
  },
  text('leadloop_recycle_reason', 'leadloop recycle reason', 'Why sales sent the lead back.'),
  text('leadloop_salesforce_id', 'leadloop Salesforce ID', 'The linked Salesforce record.'),
  text('leadloop_opportunity_stage', 'leadloop opportunity stage', 'Salesforce opportunity stage.'),
  {
    name: 'leadloop_opportunity_amount',
    label: 'leadloop opportunity amount',
    type: 'number',
    fieldType: 'number',
    description: 'Salesforce opportunity amount.',
  },
  {
    name: 'leadloop_closed_won_at',
    label: 'leadloop closed won at',
    type: 'datetime',
    fieldType: 'date',
    description: 'When the opportunity was won.',
  },
  text('leadloop_owner', 'leadloop owner', "The Salesforce owner's name and email."),
];

export const LEADLOOP_PROPERTY_NAMES: readonly string[] = LEADLOOP_PROPERTIES.map((p) => p.name);

/** Contact properties mapped in the shipped mappings/fields.yaml. */
export const MAPPED_CONTACT_PROPERTIES = [
  'email',
  'firstname',
  'lastname',
  'company',
  'jobtitle',
  'phone',
  'country',
  'hs_analytics_source',
  'utm_campaign',
] as const;

/** What the default scoring rules (config/scoring.yaml) read: firmographics and engagement. */
const SCORING_CONTACT_PROPERTIES = [
  'industry',
  'numemployees',
  'annualrevenue',
  'hs_email_open',
  'hs_email_click',
  'hs_email_last_open_date',
  'hs_analytics_num_page_views',
  'hs_analytics_num_visits',
  'hs_analytics_last_visit_timestamp',
  'num_conversion_events',
  'recent_conversion_date',
  'hubspotscore',
] as const;

/**
 * Properties requested on every read. HubSpot silently leaves out names a portal does not
 * have (leadloop_* before setup, utm_campaign in portals without it), so asking is safe.
 */
export const READ_PROPERTIES: Readonly<Record<HubspotObject, readonly string[]>> = {
  contacts: [
    'hs_object_id',
    'createdate',
    'lastmodifieddate',
    ...MAPPED_CONTACT_PROPERTIES,
    'lifecyclestage',
    'hubspot_owner_id',
    ...SCORING_CONTACT_PROPERTIES,
    'hs_merged_object_ids',
    ...LEADLOOP_PROPERTY_NAMES,
  ],
  deals: [
    'hs_object_id',
    'createdate',
    'hs_lastmodifieddate',
    'dealname',
    'dealstage',
    'pipeline',
    'amount',
    'deal_currency_code',
    'closedate',
    'hs_is_closed',
    'hs_is_closed_won',
    'hubspot_owner_id',
    'hs_merged_object_ids',
  ],
};

/**
 * Properties whose history `fetchByIds(..., {withHistory: true})` asks for: the ones a two-way
 * rule compares change times of, and the ones leadloop writes (to recognise its own echoes).
 * Engagement counters are left out: HubSpot changes them constantly and nobody merges them.
 */
export const HISTORY_PROPERTIES: Readonly<Record<HubspotObject, readonly string[]>> = {
  contacts: [...MAPPED_CONTACT_PROPERTIES, 'lifecyclestage', ...LEADLOOP_PROPERTY_NAMES],
  deals: ['dealname', 'dealstage', 'amount', 'closedate'],
};

/**
 * HubSpot ignores a backward move of these unless the property was cleared in an earlier
 * request: a `forceFields` entry among them is written as clear-then-set.
 */
export const CLEAR_BEFORE_FORCED_SET: ReadonlySet<string> = new Set(['lifecyclestage']);
