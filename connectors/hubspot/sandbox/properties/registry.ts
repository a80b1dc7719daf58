import { OBJECT_TYPES, type ObjectTypeName } from '../config.ts';
import { HubspotApiError, validationError } from '../http/respond.ts';
import {
  optionsFrom,
  type PropertyCreateInput,
  type PropertyDefinition,
  type PropertyUpdateInput,
  type PropertyGroup,
} from './definitions.ts';
import { standardGroups, standardProperties } from './standard.ts';

/**
 * The property definitions and groups of each object type. Writes to records are validated
 * against it: a property that does not exist here cannot be written (PROPERTY_DOESNT_EXIST).
 */
export class PropertyRegistry {
  readonly #properties = new Map<ObjectTypeName, Map<string, PropertyDefinition>>();
  readonly #groups = new Map<ObjectTypeName, Map<string, PropertyGroup>>();
  readonly #uniqueCache = new Map<ObjectTypeName, ReadonlySet<string>>();

  constructor() {
    this.reset();
  }

  reset(): void {
    this.#uniqueCache.clear();
    for (const type of Object.keys(OBJECT_TYPES) as ObjectTypeName[]) {
      this.#properties.set(type, new Map(standardProperties(type).map((p) => [p.name, p])));
      this.#groups.set(type, new Map(standardGroups(type).map((g) => [g.name, g])));
    }
  }

  /** The live (not archived) definition, if any. */
  get(type: ObjectTypeName, name: string): PropertyDefinition | undefined {
    const definition = this.#properties.get(type)!.get(name);
    return definition === undefined || definition.archived ? undefined : definition;
  }

  list(type: ObjectTypeName, archived: boolean): PropertyDefinition[] {
    return [...this.#properties.get(type)!.values()].filter((p) => p.archived === archived);
  }

  /** Properties whose values must be unique across records: contacts' email, hasUniqueValue ones. */
  uniqueSet(type: ObjectTypeName): ReadonlySet<string> {
    let names = this.#uniqueCache.get(type);
    if (names === undefined) {
      const unique = this.list(type, false)
        .filter((p) => p.hasUniqueValue)
        .map((p) => p.name);
      names = new Set(type === 'contacts' ? ['email', ...unique] : unique);
      this.#uniqueCache.set(type, names);
    }
    return names;
  }

  create(type: ObjectTypeName, input: PropertyCreateInput, nowMs: number): PropertyDefinition {
    const existing = this.get(type, input.name);
    if (existing !== undefined)
      throw new HubspotApiError(
        409,
        'OBJECT_ALREADY_EXISTS',
        `Property named '${input.name}' already exists.`,
      );
    if (this.group(type, input.groupName) === undefined)
      throw validationError(`Property group '${input.groupName}' does not exist.`);
    if (input.type === 'enumeration' && input.fieldType === 'text')
      throw validationError(
        `Property '${input.name}' of type enumeration cannot use field type text.`,
      );
    const definition: PropertyDefinition = {
      name: input.name,
      label: input.label,
      type: input.type,
      fieldType: input.fieldType,
      groupName: input.groupName,
      description: input.description,
      options: optionsFrom(input.options),
      displayOrder: input.displayOrder,
      hidden: input.hidden,
      formField: input.formField,
      hasUniqueValue: input.hasUniqueValue,
      hubspotDefined: false,
      readOnlyValue: false,
      calculated: false,
      createdAt: nowMs,
      updatedAt: nowMs,
      archived: false,
    };
    this.#properties.get(type)!.set(definition.name, definition);
    this.#uniqueCache.delete(type);
    return definition;
  }

  update(
    type: ObjectTypeName,
    name: string,
    patch: PropertyUpdateInput,
    nowMs: number,
  ): PropertyDefinition {
    const definition = this.require(type, name);
    if (patch.groupName !== undefined && this.group(type, patch.groupName) === undefined)
      throw validationError(`Property group '${patch.groupName}' does not exist.`);
    const { options, ...rest } = patch;
    for (const [key, value] of Object.entries(rest))
      if (value !== undefined) (definition as unknown as Record<string, unknown>)[key] = value;
    if (options !== undefined) definition.options = optionsFrom(options);
    definition.updatedAt = nowMs;
    return definition;
  }

  archive(type: ObjectTypeName, name: string, nowMs: number): void {
    const definition = this.require(type, name);
    if (definition.hubspotDefined)
      throw validationError(
        `Property '${name}' is a HubSpot-defined property and cannot be archived.`,
      );
    definition.archived = true;
    definition.archivedAt = nowMs;
    this.#uniqueCache.delete(type);
  }

  require(type: ObjectTypeName, name: string): PropertyDefinition {
    const definition = this.get(type, name);
    if (definition === undefined)
      throw new HubspotApiError(
        404,
        'OBJECT_NOT_FOUND',
        `Unable to find property ${name} for object type ${OBJECT_TYPES[type].objectTypeId}`,
      );
    return definition;
  }

  group(type: ObjectTypeName, name: string): PropertyGroup | undefined {
    const group = this.#groups.get(type)!.get(name);
    return group === undefined || group.archived ? undefined : group;
  }

  groups(type: ObjectTypeName): PropertyGroup[] {
    return [...this.#groups.get(type)!.values()].filter((g) => !g.archived);
  }

  createGroup(
    type: ObjectTypeName,
    input: { name: string; label: string; displayOrder: number },
  ): PropertyGroup {
    if (this.group(type, input.name) !== undefined)
      throw new HubspotApiError(
        409,
        'OBJECT_ALREADY_EXISTS',
        `Property group named '${input.name}' already exists.`,
      );
    const group: PropertyGroup = { ...input, archived: false };
    this.#groups.get(type)!.set(group.name, group);
    return group;
  }

  requireGroup(type: ObjectTypeName, name: string): PropertyGroup {
    const group = this.group(type, name);
    if (group === undefined)
      throw new HubspotApiError(404, 'OBJECT_NOT_FOUND', `Unable to find property group ${name}`);
    return group;
  }
}
