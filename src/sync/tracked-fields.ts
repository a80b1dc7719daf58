import type { LeadloopConfig } from '../config/load-config.ts';
import { mappedFields } from '../mapping/field-values.ts';
import { HUBSPOT_PROPERTIES, SALESFORCE_FIELDS } from '../mapping/leadloop-fields.ts';
import type { SystemRecord } from './connector.ts';

/**
 * The vendor fields whose state the engine keeps per lead: mapped fields, stage fields, the
 * fields leadloop writes, owner and (HubSpot) the engagement counters scoring reads. Record
 * bookkeeping (ids, modstamps) is left out: it changes on every write and means nothing.
 */
const HUBSPOT_BOOKKEEPING = new Set([
  'hs_object_id',
  'createdate',
  'lastmodifieddate',
  'hs_lastmodifieddate',
  'hs_merged_object_ids',
]);

const SALESFORCE_EXTRA = ['Status', 'OwnerId', 'Owner.Name', 'Owner.Email'];

export type TrackedFields = (record: SystemRecord) => readonly string[];

export function trackedFields(config: LeadloopConfig): TrackedFields {
  const lead = new Set([
    ...mappedFields(config.fields, 'salesforce', 'lead').map((pair) => pair.vendorField),
    ...Object.values(SALESFORCE_FIELDS),
    ...SALESFORCE_EXTRA,
  ]);
  const contact = new Set([
    ...mappedFields(config.fields, 'salesforce', 'contact').map((pair) => pair.vendorField),
    ...Object.values(SALESFORCE_FIELDS),
    ...SALESFORCE_EXTRA.filter((field) => field !== 'Status'),
  ]);
  const hubspotMapped = [
    ...mappedFields(config.fields, 'hubspot').map((pair) => pair.vendorField),
    ...Object.values(HUBSPOT_PROPERTIES),
  ];
  return (record) => {
    if (record.system === 'hubspot') {
      const names = new Set(hubspotMapped);
      for (const name of Object.keys(record.fields))
        if (!HUBSPOT_BOOKKEEPING.has(name)) names.add(name);
      return [...names];
    }
    return [...(record.object === 'Lead' ? lead : contact)];
  };
}
