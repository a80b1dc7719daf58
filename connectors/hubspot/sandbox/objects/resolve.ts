import { objectTypeNamed, type ObjectTypeName } from '../config.ts';
import { validationError } from '../http/respond.ts';
import type { HubspotState } from '../state.ts';
import type { CrmRecord } from '../store/record.ts';

/**
 * Finding records the way HubSpot's `{objectId}` plus `idProperty` works: by record id by
 * default, or by the value of a unique property (contacts' email, any hasUniqueValue property).
 */
export function objectType(raw: string | undefined): ObjectTypeName {
  const spec = raw === undefined ? undefined : objectTypeNamed(raw);
  if (spec === undefined) throw validationError(`Unable to infer object type from: ${raw ?? ''}`);
  return spec.name;
}

export function checkIdProperty(
  state: HubspotState,
  type: ObjectTypeName,
  idProperty: string | undefined,
): void {
  if (idProperty === undefined || idProperty === 'hs_object_id') return;
  if (type === 'contacts' && idProperty === 'email') return;
  const definition = state.registry.get(type, idProperty);
  if (definition === undefined)
    throw validationError(`Property "${idProperty}" does not exist`, {
      errors: [
        {
          message: `Property "${idProperty}" does not exist`,
          code: 'PROPERTY_DOESNT_EXIST',
          context: { propertyName: [idProperty] },
        },
      ],
    });
  if (!definition.hasUniqueValue)
    throw validationError(
      `The property ${idProperty} is not a unique identifier property. Use a property with hasUniqueValue set to true.`,
    );
}

/** A live record (or, with `archived`, an archived one) by id or unique property value. */
export function findRecord(
  state: HubspotState,
  type: ObjectTypeName,
  idValue: string,
  idProperty: string | undefined,
  archived = false,
): CrmRecord | undefined {
  const store = state.stores[type];
  if (idProperty === undefined || idProperty === 'hs_object_id') {
    if (!/^\d+$/.test(idValue)) return undefined;
    const record = store.get(Number(idValue));
    return record === undefined || record.archived !== archived ? undefined : record;
  }
  return archived ? undefined : store.findUnique(idProperty, idValue);
}
