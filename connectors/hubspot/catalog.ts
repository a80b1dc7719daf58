import type { FieldDescription, ObjectDescription } from '../../src/sync/connector.ts';
import type { HubspotClient } from './client.ts';
import type { HubspotObject } from './properties.ts';
import { HubspotPropertiesRaw, parseRaw, type HubspotPropertyRaw } from './schemas.ts';

export interface DescribedObject extends ObjectDescription {
  /** Property name → HubSpot type (`string`, `number`, `bool`, `datetime`, `date`, `enumeration`). */
  readonly types: ReadonlyMap<string, string>;
  readonly raw: ReadonlyMap<string, HubspotPropertyRaw>;
}

/** HubSpot computes these (analytics, ids, formulas): the API refuses to write them. */
export function isWritable(property: HubspotPropertyRaw): boolean {
  return property.modificationMetadata?.readOnlyValue !== true && property.calculated !== true;
}

export function toDescription(
  object: string,
  properties: readonly HubspotPropertyRaw[],
): DescribedObject {
  const fields = new Map<string, FieldDescription>();
  const types = new Map<string, string>();
  const raw = new Map<string, HubspotPropertyRaw>();
  for (const property of properties) {
    if (property.archived === true) continue;
    const writable = isWritable(property);
    fields.set(property.name, {
      name: property.name,
      type: property.type,
      createable: writable,
      updateable: writable,
      // HubSpot rejects an enumeration value that is not one of the options (INVALID_OPTION).
      ...(property.type === 'enumeration'
        ? { picklist: { values: property.options.map((option) => option.value), restricted: true } }
        : {}),
    });
    types.set(property.name, property.type);
    raw.set(property.name, property);
  }
  return { object, fields, types, raw };
}

/**
 * Property definitions per object, reused for a while: every read parses values by type, and
 * a quiet cycle should cost one search, not a search plus a describe.
 */
export class PropertyCatalog {
  readonly #client: HubspotClient;
  readonly #ttlMs: number;
  readonly #cache = new Map<string, { at: number; value: Promise<DescribedObject> }>();

  constructor(client: HubspotClient, ttlMs = 15 * 60_000) {
    this.#client = client;
    this.#ttlMs = ttlMs;
  }

  describe(object: HubspotObject): Promise<DescribedObject> {
    const cached = this.#cache.get(object);
    if (cached !== undefined && Date.now() - cached.at < this.#ttlMs) return cached.value;
    // GET /crm/v3/properties/{objectType}: every property with its type, options and metadata.
    const value = this.#client
      .call((sdk) => sdk.crm.properties.coreApi.getAll(object))
      .then((answer) =>
        toDescription(
          object,
          parseRaw(HubspotPropertiesRaw, answer, `${object} properties`).results,
        ),
      );
    value.catch(() => this.#cache.delete(object));
    this.#cache.set(object, { at: Date.now(), value });
    return value;
  }

  /** Forget definitions (after `setup` created properties). */
  invalidate(): void {
    this.#cache.clear();
  }
}
