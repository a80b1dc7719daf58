/**
 * Fixed identity of the emulated HubSpot portal and the private app that calls it. The ids are
 * what HubSpot puts in property history (`sourceId`) and webhook payloads (`appId`, `portalId`),
 * so echo detection can be tested against known values.
 */
export const HUBSPOT_SANDBOX_TOKEN = 'pat-na1-leadloop-sandbox-0000';
export const SANDBOX_PORTAL_ID = 24_681_357;
/** The private app owning HUBSPOT_SANDBOX_TOKEN: writes made with it carry this source id. */
export const SANDBOX_APP_ID = 3_141_592;
/** The HubSpot user a simulated "UI edit" is attributed to when the admin call names none. */
export const SANDBOX_UI_USER_ID = 52_917_384;

/** Default API budgets (Enterprise private app: 190 per rolling 10 s, 1,000,000 per day). */
export const DEFAULT_BUDGETS = {
  tenSecondly: 190,
  daily: 1_000_000,
  /** CRM search: about five requests per second per account, no rate-limit headers. */
  searchPerSecond: 5,
} as const;

/** Vendor limits the emulator enforces (checked against the 2024+ docs and changelog). */
export const LIMITS = {
  batchInputs: 100,
  batchInputsWithHistory: 50,
  listPage: 100,
  listPageWithHistory: 50,
  searchPage: 200,
  searchResultWindow: 10_000,
  filterGroups: 5,
  filtersPerGroup: 10,
  filtersTotal: 25,
  historyPerProperty: 45,
} as const;

export type ObjectTypeName = 'contacts' | 'companies' | 'deals';

export interface ObjectTypeSpec {
  readonly name: ObjectTypeName;
  /** `CONTACT`, as HubSpot names the type in batch error messages. */
  readonly upper: string;
  /** `Contact`, as in "Contact already exists". */
  readonly label: string;
  readonly objectTypeId: string;
  /** Contacts keep `lastmodifieddate`; every other object uses `hs_lastmodifieddate`. */
  readonly modifiedProperty: string;
  /** Returned when a request names no properties (list, get, batch read, search). */
  readonly defaultProperties: readonly string[];
  /** Search also returns these by default. */
  readonly defaultSearchProperties: readonly string[];
}

export const OBJECT_TYPES: Readonly<Record<ObjectTypeName, ObjectTypeSpec>> = {
  contacts: {
    name: 'contacts',
    upper: 'CONTACT',
    label: 'Contact',
    objectTypeId: '0-1',
    modifiedProperty: 'lastmodifieddate',
    defaultProperties: [
      'createdate',
      'email',
      'firstname',
      'hs_object_id',
      'lastmodifieddate',
      'lastname',
    ],
    defaultSearchProperties: [
      'createdate',
      'email',
      'firstname',
      'hs_object_id',
      'lastmodifieddate',
      'lastname',
    ],
  },
  companies: {
    name: 'companies',
    upper: 'COMPANY',
    label: 'Company',
    objectTypeId: '0-2',
    modifiedProperty: 'hs_lastmodifieddate',
    defaultProperties: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'],
    defaultSearchProperties: [
      'createdate',
      'domain',
      'hs_lastmodifieddate',
      'hs_object_id',
      'name',
    ],
  },
  deals: {
    name: 'deals',
    upper: 'DEAL',
    label: 'Deal',
    objectTypeId: '0-3',
    modifiedProperty: 'hs_lastmodifieddate',
    defaultProperties: [
      'amount',
      'closedate',
      'createdate',
      'dealname',
      'dealstage',
      'hs_lastmodifieddate',
      'hs_object_id',
      'pipeline',
    ],
    defaultSearchProperties: [
      'amount',
      'closedate',
      'createdate',
      'dealname',
      'dealstage',
      'hs_lastmodifieddate',
      'hs_object_id',
      'pipeline',
    ],
  },
};

const ALIASES: Readonly<Record<string, ObjectTypeName>> = {
  contacts: 'contacts',
  contact: 'contacts',
  '0-1': 'contacts',
  companies: 'companies',
  company: 'companies',
  '0-2': 'companies',
  deals: 'deals',
  deal: 'deals',
  '0-3': 'deals',
};

/** HubSpot accepts the plural, the singular and the numeric object type id in paths. */
export function objectTypeNamed(raw: string): ObjectTypeSpec | undefined {
  const name = ALIASES[raw.toLowerCase()];
  return name === undefined ? undefined : OBJECT_TYPES[name];
}
