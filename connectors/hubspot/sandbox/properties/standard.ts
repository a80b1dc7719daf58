import type { ObjectTypeName } from '../config.ts';
import type {
  PropertyDefinition,
  PropertyGroup,
  PropertyOption,
  PropertyType,
} from './definitions.ts';

/**
 * HubSpot-defined properties every portal has: the ones leadloop reads, writes or filters on,
 * with the types and options HubSpot gives them. Values of read-only ones (analytics counters,
 * ids, modification stamps) are set by HubSpot itself, never by the API.
 */
const HUBSPOT_EPOCH = Date.parse('2019-08-06T02:41:52.000Z');

interface Extra {
  options?: readonly (readonly [value: string, label: string])[];
  readOnly?: boolean;
  calculated?: boolean;
  hidden?: boolean;
  hasUniqueValue?: boolean;
}

function builtIn(
  name: string,
  label: string,
  type: PropertyType,
  fieldType: string,
  groupName: string,
  extra: Extra = {},
): PropertyDefinition {
  const options: PropertyOption[] = (extra.options ?? []).map(([value, optionLabel], index) => ({
    label: optionLabel,
    value,
    displayOrder: index,
    hidden: false,
  }));
  return {
    name,
    label,
    type,
    fieldType,
    groupName,
    description: '',
    options,
    displayOrder: -1,
    hidden: extra.hidden ?? false,
    formField: !extra.readOnly,
    hasUniqueValue: extra.hasUniqueValue ?? false,
    hubspotDefined: true,
    readOnlyValue: extra.readOnly ?? false,
    calculated: extra.calculated ?? false,
    createdAt: HUBSPOT_EPOCH,
    updatedAt: HUBSPOT_EPOCH,
    archived: false,
  };
}

export const LIFECYCLE_STAGES = [
  ['subscriber', 'Subscriber'],
  ['lead', 'Lead'],
  ['marketingqualifiedlead', 'Marketing Qualified Lead'],
  ['salesqualifiedlead', 'Sales Qualified Lead'],
  ['opportunity', 'Opportunity'],
  ['customer', 'Customer'],
  ['evangelist', 'Evangelist'],
  ['other', 'Other'],
] as const;

/** HubSpot users who own records; ids are what `hubspot_owner_id` holds. */
export const SANDBOX_OWNERS = [
  ['71000101', 'Jordan Reyes'],
  ['71000102', 'Casey Morgan'],
  ['71000103', 'Riley Chen'],
  ['71000104', 'Avery Patel'],
  ['71000105', 'Quinn Okafor'],
  ['71000106', 'Taylor Nakamura'],
] as const;

const ANALYTICS_SOURCES = [
  ['ORGANIC_SEARCH', 'Organic search'],
  ['PAID_SEARCH', 'Paid search'],
  ['EMAIL_MARKETING', 'Email marketing'],
  ['SOCIAL_MEDIA', 'Organic social'],
  ['REFERRALS', 'Referrals'],
  ['OTHER_CAMPAIGNS', 'Other campaigns'],
  ['DIRECT_TRAFFIC', 'Direct traffic'],
  ['OFFLINE', 'Offline sources'],
  ['PAID_SOCIAL', 'Paid social'],
] as const;

const LEAD_STATUSES = [
  ['NEW', 'New'],
  ['OPEN', 'Open'],
  ['IN_PROGRESS', 'In Progress'],
  ['OPEN_DEAL', 'Open Deal'],
  ['UNQUALIFIED', 'Unqualified'],
  ['ATTEMPTED_TO_CONTACT', 'Attempted to Contact'],
  ['CONNECTED', 'Connected'],
  ['BAD_TIMING', 'Bad Timing'],
] as const;

export const DEAL_STAGES = [
  ['appointmentscheduled', 'Appointment Scheduled'],
  ['qualifiedtobuy', 'Qualified To Buy'],
  ['presentationscheduled', 'Presentation Scheduled'],
  ['decisionmakerboughtin', 'Decision Maker Bought-In'],
  ['contractsent', 'Contract Sent'],
  ['closedwon', 'Closed Won'],
  ['closedlost', 'Closed Lost'],
] as const;

const common = (group: string, modified: string) => [
  builtIn('createdate', 'Create Date', 'datetime', 'date', group),
  builtIn(modified, 'Last Modified Date', 'datetime', 'date', group, { readOnly: true }),
  builtIn('hs_object_id', 'Record ID', 'number', 'number', group, { readOnly: true }),
  builtIn('hs_merged_object_ids', 'Merged record IDs', 'enumeration', 'checkbox', group, {
    readOnly: true,
  }),
  builtIn('hubspot_owner_id', 'Owner', 'enumeration', 'select', group, { options: SANDBOX_OWNERS }),
];

const contacts = (): PropertyDefinition[] => [
  ...common('contactinformation', 'lastmodifieddate'),
  builtIn('email', 'Email', 'string', 'text', 'contactinformation'),
  builtIn(
    'hs_additional_emails',
    'Additional email addresses',
    'enumeration',
    'checkbox',
    'contactinformation',
    { readOnly: true },
  ),
  builtIn('firstname', 'First Name', 'string', 'text', 'contactinformation'),
  builtIn('lastname', 'Last Name', 'string', 'text', 'contactinformation'),
  builtIn('company', 'Company Name', 'string', 'text', 'contactinformation'),
  builtIn('jobtitle', 'Job Title', 'string', 'text', 'contactinformation'),
  builtIn('phone', 'Phone Number', 'string', 'phonenumber', 'contactinformation'),
  builtIn('country', 'Country/Region', 'string', 'text', 'contactinformation'),
  builtIn('city', 'City', 'string', 'text', 'contactinformation'),
  builtIn('website', 'Website URL', 'string', 'text', 'contactinformation'),
  builtIn('industry', 'Industry', 'string', 'text', 'contactinformation'),
  builtIn('lifecyclestage', 'Lifecycle Stage', 'enumeration', 'radio', 'contactinformation', {
    options: LIFECYCLE_STAGES,
  }),
  builtIn('hs_lead_status', 'Lead Status', 'enumeration', 'radio', 'sales_properties', {
    options: LEAD_STATUSES,
  }),
  builtIn(
    'hs_analytics_source',
    'Original Traffic Source',
    'enumeration',
    'select',
    'analyticsinformation',
    { options: ANALYTICS_SOURCES, readOnly: true },
  ),
  builtIn(
    'hs_analytics_num_page_views',
    'Number of Pageviews',
    'number',
    'number',
    'analyticsinformation',
    { readOnly: true },
  ),
  builtIn(
    'hs_analytics_num_visits',
    'Number of Sessions',
    'number',
    'number',
    'analyticsinformation',
    { readOnly: true },
  ),
  builtIn(
    'hs_analytics_last_visit_timestamp',
    'Time of Last Session',
    'datetime',
    'date',
    'analyticsinformation',
    { readOnly: true },
  ),
  builtIn('hs_email_open', 'Marketing emails opened', 'number', 'number', 'emailinformation', {
    readOnly: true,
  }),
  builtIn('hs_email_click', 'Marketing emails clicked', 'number', 'number', 'emailinformation', {
    readOnly: true,
  }),
  builtIn(
    'hs_email_last_open_date',
    'Last marketing email open date',
    'datetime',
    'date',
    'emailinformation',
    { readOnly: true },
  ),
  builtIn(
    'num_conversion_events',
    'Number of Form Submissions',
    'number',
    'number',
    'conversioninformation',
    { readOnly: true },
  ),
  builtIn(
    'recent_conversion_date',
    'Recent Conversion Date',
    'datetime',
    'date',
    'conversioninformation',
    { readOnly: true },
  ),
  builtIn(
    'recent_conversion_event_name',
    'Recent Conversion',
    'string',
    'text',
    'conversioninformation',
    { readOnly: true },
  ),
  builtIn('hubspotscore', 'HubSpot Score', 'number', 'number', 'contactinformation', {
    readOnly: true,
    calculated: true,
  }),
];

const companies = (): PropertyDefinition[] => [
  ...common('companyinformation', 'hs_lastmodifieddate'),
  builtIn('name', 'Company name', 'string', 'text', 'companyinformation'),
  builtIn('domain', 'Company Domain Name', 'string', 'text', 'companyinformation'),
  builtIn('industry', 'Industry', 'string', 'text', 'companyinformation'),
  builtIn('country', 'Country/Region', 'string', 'text', 'companyinformation'),
  builtIn('city', 'City', 'string', 'text', 'companyinformation'),
  builtIn('phone', 'Phone Number', 'string', 'phonenumber', 'companyinformation'),
  builtIn('numberofemployees', 'Number of Employees', 'number', 'number', 'companyinformation'),
  builtIn('annualrevenue', 'Annual Revenue', 'number', 'number', 'companyinformation'),
  builtIn('lifecyclestage', 'Lifecycle Stage', 'enumeration', 'radio', 'companyinformation', {
    options: LIFECYCLE_STAGES,
  }),
];

const deals = (): PropertyDefinition[] => [
  ...common('dealinformation', 'hs_lastmodifieddate'),
  builtIn('dealname', 'Deal Name', 'string', 'text', 'dealinformation'),
  builtIn('amount', 'Amount', 'number', 'number', 'dealinformation'),
  builtIn('dealstage', 'Deal Stage', 'enumeration', 'radio', 'dealinformation', {
    options: DEAL_STAGES,
  }),
  builtIn('pipeline', 'Pipeline', 'enumeration', 'select', 'dealinformation', {
    options: [['default', 'Sales Pipeline']],
  }),
  builtIn('closedate', 'Close Date', 'datetime', 'date', 'dealinformation'),
  builtIn('dealtype', 'Deal Type', 'enumeration', 'radio', 'dealinformation', {
    options: [
      ['newbusiness', 'New Business'],
      ['existingbusiness', 'Existing Business'],
    ],
  }),
  builtIn('closed_lost_reason', 'Closed Lost Reason', 'string', 'textarea', 'dealinformation'),
  builtIn('deal_currency_code', 'Currency', 'enumeration', 'select', 'dealinformation', {
    options: [
      ['USD', 'US Dollar'],
      ['EUR', 'Euro'],
      ['GBP', 'British Pound'],
    ],
  }),
];

export function standardProperties(type: ObjectTypeName): PropertyDefinition[] {
  if (type === 'contacts') return contacts();
  if (type === 'companies') return companies();
  return deals();
}

const group = (name: string, label: string, displayOrder: number): PropertyGroup => ({
  name,
  label,
  displayOrder,
  archived: false,
});

export function standardGroups(type: ObjectTypeName): PropertyGroup[] {
  if (type === 'contacts')
    return [
      group('contactinformation', 'Contact information', 0),
      group('emailinformation', 'Email information', 1),
      group('analyticsinformation', 'Web analytics history', 2),
      group('conversioninformation', 'Conversion information', 3),
      group('sales_properties', 'Sales properties', 4),
    ];
  if (type === 'companies') return [group('companyinformation', 'Company information', 0)];
  return [group('dealinformation', 'Deal information', 0)];
}
