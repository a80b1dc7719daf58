import type { ScoringRecord, ScoringValue } from './record-values.ts';
import type { LeadFieldName } from './lead.ts';

/**
 * HubSpot contact property → universal field name, for scoring a contact as HubSpot's v3 API
 * returns it (`leadloop score --explain contact.json`). The sync maps fields through
 * `mappings/fields.yaml`; this fixed list covers the standard properties the score reads.
 */
export const HUBSPOT_SCORING_FIELDS: Readonly<Record<string, LeadFieldName>> = {
  email: 'email',
  firstname: 'firstName',
  lastname: 'lastName',
  company: 'company',
  jobtitle: 'title',
  phone: 'phone',
  country: 'country',
  hs_analytics_source: 'leadSource',
};

/**
 * A flat scoring record from a contact's `properties`: every property under its HubSpot name
 * (engagement rules read `hs_email_open` and friends), plus the universal names above.
 */
export function scoringRecordFromHubspotProperties(
  properties: Readonly<Record<string, ScoringValue>>,
): ScoringRecord {
  const record: Record<string, ScoringValue> = { ...properties };
  for (const [property, field] of Object.entries(HUBSPOT_SCORING_FIELDS)) {
    if (Object.hasOwn(properties, property)) record[field] = properties[property];
  }
  return record;
}
