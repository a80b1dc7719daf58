import { saveComponent } from '../metadata/components.ts';
import type { Definition } from '../metadata/metadata-store.ts';
import type { SalesforceState } from '../state.ts';

/**
 * The custom fields `leadloop setup` creates on Lead and Contact (DESIGN.md, "Custom fields")
 * and the permission set granting them, as Metadata API definitions: seeding with
 * `withLeadloopFields` gives an org where setup has already run.
 */
const values = (names: readonly string[]) => ({
  restricted: 'true',
  valueSetDefinition: {
    sorted: 'false',
    value: names.map((name) => ({ fullName: name, default: 'false', label: name })),
  },
});

const FIELDS: readonly Definition[] = [
  {
    fullName: 'LeadLoop_Id__c',
    label: 'LeadLoop Id',
    type: 'Text',
    length: '36',
    externalId: 'true',
    unique: 'true',
    caseSensitive: 'false',
  },
  {
    fullName: 'LeadLoop_Stage__c',
    label: 'LeadLoop Stage',
    type: 'Picklist',
    valueSet: values([
      'Inquiry',
      'MQL',
      'SAL',
      'SQL',
      'Opportunity',
      'Customer',
      'Recycled',
      'Disqualified',
    ]),
  },
  {
    fullName: 'LeadLoop_Score__c',
    label: 'LeadLoop Score',
    type: 'Number',
    precision: '5',
    scale: '0',
  },
  { fullName: 'LeadLoop_Grade__c', label: 'LeadLoop Grade', type: 'Text', length: '2' },
  {
    fullName: 'LeadLoop_Score_Reasons__c',
    label: 'LeadLoop Score Reasons',
    type: 'LongTextArea',
    length: '32768',
    visibleLines: '5',
  },
  { fullName: 'LeadLoop_MQL_At__c', label: 'LeadLoop MQL At', type: 'DateTime' },
  { fullName: 'LeadLoop_SLA_Due__c', label: 'LeadLoop SLA Due', type: 'DateTime' },
  {
    fullName: 'LeadLoop_SLA_Status__c',
    label: 'LeadLoop SLA Status',
    type: 'Picklist',
    valueSet: values(['on_track', 'met', 'breached', 'escalated']),
  },
  {
    fullName: 'LeadLoop_Recycle_Reason__c',
    label: 'LeadLoop Recycle Reason',
    type: 'Text',
    length: '255',
  },
];

export const LEADLOOP_FIELD_NAMES = FIELDS.map((field) => String(field.fullName));

/** Creates the leadloop fields and permission set unless they exist; returns how many fields were created. */
export function ensureLeadloopFields(state: SalesforceState): number {
  let created = 0;
  const granted: Definition[] = [];
  for (const object of ['Lead', 'Contact']) {
    for (const field of FIELDS) {
      const fullName = `${object}.${String(field.fullName)}`;
      granted.push({ field: fullName, editable: 'true', readable: 'true' });
      if (state.metadata.get('CustomField', fullName) !== undefined) continue;
      const saved = saveComponent(state, 'CustomField', { ...field, fullName }, 'upsert');
      if ('created' in saved && saved.created) created += 1;
    }
  }
  saveComponent(
    state,
    'PermissionSet',
    { fullName: 'LeadLoop_Integration', label: 'LeadLoop Integration', fieldPermissions: granted },
    'upsert',
  );
  return created;
}
