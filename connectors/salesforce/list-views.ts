import { z } from 'zod';

/**
 * The list views `leadloop setup` installs so a rep works the follow-up queue inside
 * Salesforce: on Lead and Contact, "LeadLoop: follow-up due" (handed-off leads nobody has worked
 * yet, the SLA due time first among the columns) and "LeadLoop: SLA breached". List views name
 * standard fields by their list-view column names (`FULL_NAME`, `LEAD.COMPANY`), custom fields by
 * their API name — which must exist, so they are installed after the fields.
 *
 * The Metadata API has no sort order for a list view (a user sorts it in the UI, by a click on
 * the SLA due column); the columns put the due time right after the name.
 */
export interface ListViewDefinition {
  readonly fullName: string;
  readonly label: string;
  readonly filterScope: 'Everything';
  readonly columns: readonly string[];
  readonly filters: readonly { field: string; operation: string; value: string }[];
}

/** Stages in which a lead still waits for sales' first move (picklist labels). */
const WAITING_STAGES = 'MQL';
/** Stages in which a breach still matters: not recycled, disqualified or closed. */
const OPEN_STAGES = 'MQL,SAL,SQL';

const COLUMNS: Readonly<Record<'Lead' | 'Contact', readonly string[]>> = {
  Lead: [
    'FULL_NAME',
    'LeadLoop_SLA_Due__c',
    'LeadLoop_SLA_Status__c',
    'LEAD.COMPANY',
    'LEAD.STATUS',
    'LeadLoop_Grade__c',
    'LeadLoop_Score__c',
    'CORE.USERS.ALIAS',
  ],
  Contact: [
    'FULL_NAME',
    'LeadLoop_SLA_Due__c',
    'LeadLoop_SLA_Status__c',
    'ACCOUNT.NAME',
    'CONTACT.EMAIL',
    'LeadLoop_Grade__c',
    'LeadLoop_Score__c',
    'CORE.USERS.ALIAS',
  ],
};

export function leadloopListViews(): ListViewDefinition[] {
  return (['Lead', 'Contact'] as const).flatMap((object) => [
    {
      fullName: `${object}.LeadLoop_Follow_Up_Due`,
      label: 'LeadLoop: follow-up due',
      filterScope: 'Everything',
      columns: COLUMNS[object],
      filters: [
        {
          field: 'LeadLoop_SLA_Status__c',
          operation: 'equals',
          value: 'on_track,breached,escalated',
        },
        { field: 'LeadLoop_Stage__c', operation: 'equals', value: WAITING_STAGES },
      ],
    },
    {
      fullName: `${object}.LeadLoop_SLA_Breached`,
      label: 'LeadLoop: SLA breached',
      filterScope: 'Everything',
      columns: COLUMNS[object],
      filters: [
        { field: 'LeadLoop_SLA_Status__c', operation: 'equals', value: 'breached,escalated' },
        { field: 'LeadLoop_Stage__c', operation: 'equals', value: OPEN_STAGES },
      ],
    },
  ]);
}

/** The custom fields a view uses: it can only be installed once they exist. */
export function fieldsOfView(view: ListViewDefinition): string[] {
  const object = view.fullName.split('.')[0] ?? '';
  return [...view.columns, ...view.filters.map((filter) => filter.field)]
    .filter((name) => name.endsWith('__c'))
    .map((name) => `${object}.${name}`);
}

const asList = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];

/** A list view as `readMetadata` returns it (jsforce casts one column or filter to a list, or not). */
export const ListViewRaw = z.looseObject({
  fullName: z.string().optional(),
  label: z.string().nullable().optional(),
  filterScope: z.string().nullable().optional(),
  columns: z.unknown().optional(),
  filters: z.unknown().optional(),
});
export type ListViewRaw = z.infer<typeof ListViewRaw>;

/** True when the org's view already is what leadloop installs (admins' extra columns aside). */
export function listViewMatches(wanted: ListViewDefinition, existing: ListViewRaw): boolean {
  const columns = new Set(asList(existing.columns).map(String));
  const filters = asList(existing.filters).map((entry) => {
    const filter = z
      .looseObject({
        field: z.string().optional(),
        operation: z.string().optional(),
        value: z.unknown().optional(),
      })
      .safeParse(entry);
    return filter.success
      ? `${filter.data.field}|${filter.data.operation}|${String(filter.data.value ?? '')}`
      : '';
  });
  return (
    existing.label === wanted.label &&
    existing.filterScope === wanted.filterScope &&
    wanted.columns.every((column) => columns.has(column)) &&
    filters.length === wanted.filters.length &&
    wanted.filters.every((filter) =>
      filters.includes(`${filter.field}|${filter.operation}|${filter.value}`),
    )
  );
}
