import type { SalesforceState } from '../state.ts';
import type { MetadataProblem } from './custom-fields.ts';
import type { Definition, DefinitionValue } from './metadata-store.ts';

/**
 * A Metadata API ListView (`Lead.LeadLoop_Follow_Up_Due`) checked the way the org checks it:
 * the view's API name, the object, label, filter scope, and every column and filter field must
 * resolve. List views name standard fields by their list-view column names (`FULL_NAME`,
 * `LEAD.STATUS`, `CORE.USERS.ALIAS`), not their API names — `Name` or `CreatedDate` do not
 * resolve — and custom fields by their API name relative to the object (`LeadLoop_SLA_Due__c`,
 * the `Lead.` prefix tolerated), which must exist already: setup creates fields first.
 */
const STANDARD_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  Lead: [
    'FULL_NAME',
    'LEAD.FIRST_NAME',
    'LEAD.LAST_NAME',
    'LEAD.TITLE',
    'LEAD.COMPANY',
    'LEAD.EMAIL',
    'LEAD.PHONE',
    'LEAD.MOBILE_PHONE',
    'LEAD.STATUS',
    'LEAD.LEAD_SOURCE',
    'LEAD.RATING',
    'LEAD.INDUSTRY',
    'LEAD.CITY',
    'LEAD.STATE',
    'LEAD.COUNTRY',
    'LEAD.CREATED_DATE',
    'LEAD.LAST_UPDATE',
    'LEAD.LAST_ACTIVITY',
    'LEAD.UNREAD',
    'LEAD.CONVERTED',
    'CORE.USERS.ALIAS',
    'CORE.USERS.FIRST_NAME',
    'CORE.USERS.LAST_NAME',
  ],
  Contact: [
    'FULL_NAME',
    'CONTACT.FIRST_NAME',
    'CONTACT.LAST_NAME',
    'ACCOUNT.NAME',
    'CONTACT.TITLE',
    'CONTACT.EMAIL',
    'CONTACT.PHONE1',
    'CONTACT.PHONE3',
    'CONTACT.LEAD_SOURCE',
    'CONTACT.MAILING_STATE',
    'CONTACT.MAILING_COUNTRY',
    'CONTACT.CREATED_DATE',
    'CONTACT.LAST_UPDATE',
    'CONTACT.LAST_ACTIVITY',
    'CORE.USERS.ALIAS',
    'CORE.USERS.FIRST_NAME',
    'CORE.USERS.LAST_NAME',
  ],
  Account: [
    'ACCOUNT.NAME',
    'ACCOUNT.SITE',
    'ACCOUNT.TYPE',
    'ACCOUNT.INDUSTRY',
    'ACCOUNT.PHONE1',
    'ACCOUNT.ADDRESS1_STATE',
    'ACCOUNT.CREATED_DATE',
    'ACCOUNT.LAST_UPDATE',
    'CORE.USERS.ALIAS',
  ],
  Opportunity: [
    'OPPORTUNITY.NAME',
    'ACCOUNT.NAME',
    'OPPORTUNITY.AMOUNT',
    'OPPORTUNITY.CLOSE_DATE',
    'OPPORTUNITY.STAGE_NAME',
    'OPPORTUNITY.PROBABILITY',
    'OPPORTUNITY.CLOSED',
    'OPPORTUNITY.WON',
    'OPPORTUNITY.CREATED_DATE',
    'OPPORTUNITY.LAST_UPDATE',
    'CORE.USERS.ALIAS',
  ],
};
const FILTER_SCOPES = [
  'Everything',
  'Mine',
  'MineAndMyGroups',
  'Queue',
  'Delegated',
  'MyTerritory',
  'MyTeamTerritory',
  'Team',
];
const OPERATIONS = [
  'equals',
  'notEqual',
  'lessThan',
  'greaterThan',
  'lessOrEqual',
  'greaterOrEqual',
  'contains',
  'notContain',
  'startsWith',
  'includes',
  'excludes',
  'within',
];
/** A developer name: starts with a letter, letters/digits/underscores, no `__`, no trailing `_`. */
const DEVELOPER_NAME = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*(?<!_)$/;
const MAX_NAME = 40;
const MAX_LABEL = 40;

const str = (value: DefinitionValue | undefined) => (typeof value === 'string' ? value : undefined);
const list = (value: DefinitionValue | undefined): DefinitionValue[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];
const problem = (statusCode: string, message: string): MetadataProblem => ({ statusCode, message });

/** The problem with a list view definition, or undefined when the org would save it. */
export function checkListView(
  state: SalesforceState,
  definition: Definition,
  fullName: string,
): MetadataProblem | undefined {
  const [object, name, ...rest] = fullName.split('.');
  const schema = object === undefined ? undefined : state.schema.object(object);
  if (schema === undefined || name === undefined || rest.length > 0)
    return problem(
      'INVALID_CROSS_REFERENCE_KEY',
      `In field: fullName - no CustomObject named ${object ?? ''} found`,
    );
  if (!DEVELOPER_NAME.test(name) || name.length > MAX_NAME)
    return problem(
      'FIELD_INTEGRITY_EXCEPTION',
      'The List View API Name can only contain underscores and alphanumeric characters. It must be unique, begin with a letter, not include spaces, not end with an underscore, and not contain two consecutive underscores.',
    );
  const label = str(definition.label) ?? '';
  if (label === '') return problem('REQUIRED_FIELD_MISSING', 'Required field is missing: label');
  if (label.length > MAX_LABEL)
    return problem(
      'STRING_TOO_LONG',
      `View Name: data value too large: ${label} (max length=${MAX_LABEL})`,
    );
  const scope = str(definition.filterScope);
  if (scope === undefined || !FILTER_SCOPES.includes(scope))
    return problem(
      'FIELD_INTEGRITY_EXCEPTION',
      `filterScope: bad value for restricted picklist field: ${scope ?? ''}`,
    );
  const resolves = (column: string) => {
    if (STANDARD_COLUMNS[schema.name]?.includes(column.toUpperCase()) === true) return true;
    const prefix = `${schema.name.toLowerCase()}.`;
    const field = column.toLowerCase().startsWith(prefix) ? column.slice(prefix.length) : column;
    return /__c$/i.test(field) && schema.anyField(field)?.custom === true;
  };
  for (const column of list(definition.columns)) {
    const text = str(column) ?? '';
    if (!resolves(text))
      return problem('FIELD_INTEGRITY_EXCEPTION', `Could not resolve list view column: ${text}`);
  }
  for (const filter of list(definition.filters)) {
    const entry = typeof filter === 'object' && !Array.isArray(filter) ? filter : {};
    const field = str(entry.field) ?? '';
    if (!resolves(field))
      return problem(
        'FIELD_INTEGRITY_EXCEPTION',
        `Could not resolve list view filter field: ${field}`,
      );
    const operation = str(entry.operation);
    if (operation === undefined || !OPERATIONS.includes(operation))
      return problem(
        'FIELD_INTEGRITY_EXCEPTION',
        `operation: bad value for restricted picklist field: ${operation ?? ''}`,
      );
  }
  return undefined;
}
