import type { FieldDef } from '../schema/fields.ts';
import type { SalesforceState } from '../state.ts';
import { splitFieldName, toFieldDef, type MetadataProblem } from './custom-fields.ts';
import { checkListView } from './list-views.ts';
import type { Component, Definition, DefinitionValue, MetadataType } from './metadata-store.ts';

/**
 * Saving and removing Metadata API components, with what each does to the org: a CustomField
 * appears in describe and SOQL at once; a PermissionSet's field permissions decide which
 * custom fields the API user sees when field-level security is enforced (the integration user
 * is taken to hold every permission set); a ListView is checked (list-views.ts) and stored
 * for read, list and the REST listviews resource.
 */
type Saved = { component: Component; created: boolean } | MetadataProblem;

const problem = (statusCode: string, message: string): MetadataProblem => ({ statusCode, message });
const str = (value: DefinitionValue | undefined) => (typeof value === 'string' ? value : undefined);
const list = (value: DefinitionValue | undefined): DefinitionValue[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];
export function saveComponent(
  state: SalesforceState,
  type: MetadataType,
  definition: Definition,
  mode: 'create' | 'update' | 'upsert',
): Saved {
  const fullName = str(definition.fullName) ?? '';
  const existing = state.metadata.get(type, fullName);
  if (mode === 'create' && existing !== undefined)
    return problem('DUPLICATE_DEVELOPER_NAME', `There is already a ${type} named ${fullName}.`);
  if (mode === 'update' && existing === undefined)
    return problem(
      'INVALID_CROSS_REFERENCE_KEY',
      `In field: fullName - no ${type} named ${fullName} found`,
    );
  switch (type) {
    case 'CustomField':
      return saveCustomField(state, definition, fullName);
    case 'PermissionSet':
      return savePermissionSet(state, definition, fullName, existing);
    case 'ListView':
      return saveListView(state, definition, fullName);
  }
}

export function removeComponent(
  state: SalesforceState,
  type: MetadataType,
  fullName: string,
): MetadataProblem | undefined {
  const component = state.metadata.get(type, fullName);
  if (component === undefined)
    return problem(
      'INVALID_CROSS_REFERENCE_KEY',
      `In field: fullName - no ${type} named ${fullName} found`,
    );
  state.metadata.delete(type, fullName);
  if (type === 'CustomField') {
    const [object, name] = splitFieldName(component.fullName)!;
    state.schema.object(object)?.removeCustom(name);
    state.store(object)?.dropIndex(name);
  }
  refreshGrants(state);
  return undefined;
}

function saveCustomField(state: SalesforceState, definition: Definition, fullName: string): Saved {
  const objectName = fullName.split('.')[0] ?? '';
  const schema = state.schema.object(objectName);
  if (schema === undefined) {
    return problem(
      'INVALID_CROSS_REFERENCE_KEY',
      `In field: fullName - no CustomObject named ${objectName} found`,
    );
  }
  const field = toFieldDef(schema.name, {
    ...definition,
    fullName: `${schema.name}${fullName.slice(objectName.length)}`,
  });
  if ('statusCode' in field) return field;
  const store = state.store(schema.name)!;
  const previous = schema.anyField(field.name);
  if (previous !== undefined && storageKind(previous) !== storageKind(field)) {
    // Values that cannot survive the type change are cleared.
    for (const record of store.records.values())
      if (record.values[field.name] !== undefined) store.change(record, { [field.name]: null });
  }
  schema.putCustom(field);
  store.dropIndex(field.name);
  if (field.indexed) store.ensureIndex(field);
  const saved = state.metadata.put(
    'CustomField',
    `${schema.name}.${field.name}`,
    { ...definition, fullName: `${schema.name}.${field.name}` },
    state.now(),
  );
  refreshGrants(state);
  return saved;
}

function storageKind(field: FieldDef): string {
  if (field.type === 'boolean') return 'boolean';
  if (['double', 'currency', 'percent', 'int'].includes(field.type)) return 'number';
  if (field.type === 'datetime') return 'datetime';
  if (field.type === 'date') return 'date';
  return 'text';
}

function savePermissionSet(
  state: SalesforceState,
  definition: Definition,
  fullName: string,
  existing: Component | undefined,
): Saved {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(fullName))
    return problem('FIELD_INTEGRITY_EXCEPTION', `Invalid permission set name: ${fullName}`);
  const label = str(definition.label) ?? str(existing?.definition.label);
  if (label === undefined || label === '')
    return problem('REQUIRED_FIELD_MISSING', 'Required field is missing: label');
  const merged = new Map<string, Definition>();
  for (const grant of list(existing?.definition.fieldPermissions)) {
    if (typeof grant === 'object' && !Array.isArray(grant))
      merged.set(String(grant.field).toLowerCase(), grant);
  }
  for (const grant of list(definition.fieldPermissions)) {
    if (typeof grant !== 'object' || Array.isArray(grant)) continue;
    const field = str(grant.field) ?? '';
    const parts = field.split('.');
    const target =
      parts.length === 2 ? state.schema.object(parts[0]!)?.anyField(parts[1]!) : undefined;
    if (target === undefined)
      return problem(
        'INVALID_CROSS_REFERENCE_KEY',
        `In field: field - no CustomField named ${field} found`,
      );
    merged.set(field.toLowerCase(), grant);
  }
  const saved = state.metadata.put(
    'PermissionSet',
    fullName,
    {
      ...(existing?.definition ?? {}),
      ...definition,
      label,
      fieldPermissions: [...merged.values()],
    },
    state.now(),
  );
  refreshGrants(state);
  return saved;
}

function saveListView(state: SalesforceState, definition: Definition, fullName: string): Saved {
  return (
    checkListView(state, definition, fullName) ??
    state.metadata.put('ListView', fullName, definition, state.now())
  );
}

/** The custom fields some permission set lets the API user read (readable or editable). */
function refreshGrants(state: SalesforceState): void {
  state.schema.grants.clear();
  for (const set of state.metadata.list('PermissionSet')) {
    for (const grant of list(set.definition.fieldPermissions)) {
      if (typeof grant !== 'object' || Array.isArray(grant)) continue;
      if (str(grant.readable) === 'true' || str(grant.editable) === 'true')
        state.schema.grants.add(String(grant.field).toLowerCase());
    }
  }
}
