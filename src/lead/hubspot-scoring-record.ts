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

/**
 * Universal field → the contact properties that fill it, last listed first (the last one
 * present wins, as in the record's overlay), then the field's own name as a property.
 */
const PROPERTIES_OF_KEY = new Map<string, string[]>();
for (const [property, field] of Object.entries(HUBSPOT_SCORING_FIELDS)) {
  PROPERTIES_OF_KEY.set(field, [property, ...(PROPERTIES_OF_KEY.get(field) ?? [field])]);
}

/**
 * The contact properties a key of `scoringRecordFromHubspotProperties`'s record is read from,
 * in turn: the first one the contact has gives the value (a universal field's properties,
 * then a property of the key's own name).
 */
export const scoringKeyProperties = (name: string): readonly string[] =>
  PROPERTIES_OF_KEY.get(name) ?? [name];

/**
 * One value of the record `scoringRecordFromHubspotProperties` builds, overlaid with the
 * lead's known (non-null) fields, read straight from the sources: the sync scores every lead
 * of every cycle and needs only the few keys the rules name, not a copy of every property.
 * `property` gives a contact property's value, undefined when the contact has none; `sources`
 * is `scoringKeyProperties(name)`, for a caller that worked it out once.
 */
export function scoringValueOf(
  name: string,
  property: (property: string) => ScoringValue,
  known: Readonly<Record<string, ScoringValue>>,
  sources: readonly string[] = scoringKeyProperties(name),
): ScoringValue {
  if (Object.hasOwn(known, name)) {
    const value = known[name];
    if (value !== null && value !== undefined) return value;
  }
  for (const source of sources) {
    const value = property(source);
    if (value !== undefined) return value;
  }
  return undefined;
}
