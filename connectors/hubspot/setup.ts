import type {
  PropertyCreate,
  PropertyCreateFieldTypeEnum,
  PropertyCreateTypeEnum,
} from '@hubspot/api-client/lib/codegen/crm/properties/index.js';
import type { SetupItem } from '../../src/sync/connector.ts';
import type { HubspotClient } from './client.ts';
import { HubspotApiError } from './errors.ts';
import { LEADLOOP_GROUP, LEADLOOP_PROPERTIES, type LeadloopProperty } from './properties.ts';
import {
  HubspotPropertiesRaw,
  HubspotPropertyGroupsRaw,
  HubspotPropertyRaw,
  parseRaw,
} from './schemas.ts';

/**
 * `leadloop setup` for HubSpot: the `leadloop` property group and the leadloop_* contact
 * properties (DESIGN.md). Safe to run again: what exists is compared, not re-created; a
 * property that exists with another type (or leadloop_id without unique values, which
 * HubSpot cannot add later) fails with what to do; missing enumeration options are added.
 * Failures that concern one item are reported on it; auth, rate limits and outages throw.
 */
const OBJECT = 'contacts';

const item = (name: string, status: SetupItem['status'], message?: string): SetupItem => ({
  system: 'hubspot',
  name,
  status,
  ...(message === undefined ? {} : { message }),
});

/** A 400/409 about this one item is its failure; anything else stops the setup. */
function itemFailure(error: unknown): HubspotApiError {
  if (
    error instanceof HubspotApiError &&
    error.status >= 400 &&
    error.status < 500 &&
    error.status !== 401 &&
    error.status !== 403 &&
    error.status !== 429
  ) {
    return error;
  }
  throw error;
}

function createInput(property: LeadloopProperty): PropertyCreate {
  return {
    name: property.name,
    label: property.label,
    description: property.description,
    groupName: LEADLOOP_GROUP.name,
    // The SDK types these as its own enums; HubSpot takes the plain strings.
    type: property.type as PropertyCreateTypeEnum,
    fieldType: property.fieldType as PropertyCreateFieldTypeEnum,
    formField: false,
    hasUniqueValue: property.hasUniqueValue === true,
    options: (property.options ?? []).map((value, displayOrder) => ({
      label: value,
      value,
      displayOrder,
      hidden: false,
    })),
  };
}

export async function setupHubspot(client: HubspotClient): Promise<SetupItem[]> {
  const items: SetupItem[] = [await ensureGroup(client)];
  // GET /crm/v3/properties/contacts: one call tells what exists already.
  const existing = new Map(
    parseRaw(
      HubspotPropertiesRaw,
      await client.call((sdk) => sdk.crm.properties.coreApi.getAll(OBJECT)),
      'contact properties',
    ).results.map((property) => [property.name, property]),
  );
  for (const property of LEADLOOP_PROPERTIES) {
    items.push(await ensureProperty(client, property, existing.get(property.name)));
  }
  return items;
}

async function ensureGroup(client: HubspotClient): Promise<SetupItem> {
  const name = `${OBJECT} group ${LEADLOOP_GROUP.name}`;
  const groups = parseRaw(
    HubspotPropertyGroupsRaw,
    await client.call((sdk) => sdk.crm.properties.groupsApi.getAll(OBJECT)),
    'contact property groups',
  );
  if (groups.results.some((group) => group.name === LEADLOOP_GROUP.name))
    return item(name, 'exists');
  try {
    // POST /crm/v3/properties/contacts/groups → 201; 409 when the name is taken.
    await client.call((sdk) => sdk.crm.properties.groupsApi.create(OBJECT, { ...LEADLOOP_GROUP }));
    return item(name, 'created');
  } catch (error) {
    const failure = itemFailure(error);
    return failure.status === 409
      ? item(name, 'exists')
      : item(name, 'failed', failure.vendorMessage);
  }
}

async function ensureProperty(
  client: HubspotClient,
  property: LeadloopProperty,
  found: HubspotPropertyRaw | undefined,
): Promise<SetupItem> {
  const name = `${OBJECT}.${property.name}`;
  if (found !== undefined) return reconcile(client, property, found);
  try {
    // POST /crm/v3/properties/contacts → 201; 409 "Property named '…' already exists."
    await client.call((sdk) => sdk.crm.properties.coreApi.create(OBJECT, createInput(property)));
    return item(name, 'created');
  } catch (error) {
    const failure = itemFailure(error);
    if (failure.status !== 409) return item(name, 'failed', failure.vendorMessage);
    // Created meanwhile (another setup run, or archived and restored): compare what is there.
    const current = parseRaw(
      HubspotPropertyRaw,
      await client.call((sdk) => sdk.crm.properties.coreApi.getByName(OBJECT, property.name)),
      `property ${property.name}`,
    );
    return reconcile(client, property, current);
  }
}

async function reconcile(
  client: HubspotClient,
  property: LeadloopProperty,
  found: HubspotPropertyRaw,
): Promise<SetupItem> {
  const name = `${OBJECT}.${property.name}`;
  if (found.type !== property.type) {
    return item(
      name,
      'failed',
      `${property.name} already exists as a ${found.type} property; leadloop needs ${property.type}. Archive or rename it in HubSpot (Settings → Properties), then run \`leadloop setup\` again.`,
    );
  }
  if (property.hasUniqueValue === true && found.hasUniqueValue !== true) {
    return item(
      name,
      'failed',
      `${property.name} exists without unique values, and HubSpot cannot make an existing property unique. Archive it in HubSpot (Settings → Properties), then run \`leadloop setup\` again.`,
    );
  }
  const have = new Set(found.options.map((option) => option.value));
  const missing = (property.options ?? []).filter((value) => !have.has(value));
  if (missing.length === 0) return item(name, 'exists');
  try {
    // PATCH /crm/v3/properties/contacts/{name}: options replace the list, so keep the old ones.
    await client.call((sdk) =>
      sdk.crm.properties.coreApi.update(OBJECT, property.name, {
        options: [
          ...found.options.map((option, displayOrder) => ({
            label: option.label,
            value: option.value,
            displayOrder,
            hidden: option.hidden === true,
          })),
          ...missing.map((value, offset) => ({
            label: value,
            value,
            displayOrder: found.options.length + offset,
            hidden: false,
          })),
        ],
      }),
    );
    return item(name, 'updated', `added options ${missing.join(', ')}`);
  } catch (error) {
    return item(name, 'failed', itemFailure(error).vendorMessage);
  }
}
