import type { System } from '../config/leadloop-schema.ts';
import type { LeadFieldName } from '../lead/lead.ts';
import type { FieldMapping, FieldMappings } from './fields-schema.ts';

/** Which Salesforce object a record is: a Lead, or a Contact (a known customer's person). */
export type SalesforceObject = 'lead' | 'contact';

/** The vendor field or property a lead field lives in, or null where it has none. */
export function vendorFieldName(
  mapping: FieldMapping,
  system: System,
  object: SalesforceObject = 'lead',
): string | null {
  return system === 'hubspot' ? mapping.hubspot : mapping.salesforce[object];
}

/** Every mapped `(lead field, vendor field)` pair for one system (and Salesforce object). */
export function mappedFields(
  mappings: FieldMappings,
  system: System,
  object: SalesforceObject = 'lead',
): { field: LeadFieldName; vendorField: string }[] {
  const pairs: { field: LeadFieldName; vendorField: string }[] = [];
  for (const [field, mapping] of Object.entries(mappings.fields) as [
    LeadFieldName,
    FieldMapping,
  ][]) {
    const vendorField = vendorFieldName(mapping, system, object);
    if (vendorField !== null) pairs.push({ field, vendorField });
  }
  return pairs;
}

/**
 * Translates a picklist value for writing into `target` (e.g. HubSpot's `PAID_SEARCH` →
 * Salesforce's `Web`). A value the map does not list is written unchanged; blanks stay blank.
 */
export function translateValue(
  mapping: FieldMapping,
  target: System,
  value: string | null,
): string | null {
  if (value === null || value === '') return value;
  const map = target === 'salesforce' ? mapping.values?.toSalesforce : mapping.values?.toHubspot;
  if (map === undefined || !Object.hasOwn(map, value)) return value;
  return map[value] ?? value;
}
