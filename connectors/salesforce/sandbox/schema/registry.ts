import { idField, text, email, phone, bool, type FieldDef, type ObjectDef } from './fields.ts';
import { deriveFieldInfo, fieldForKey, type DerivedFields } from './derived.ts';
import { ACCOUNT, CONTACT, GROUP, LEAD, USER } from './objects-people.ts';
import { EVENT, OPPORTUNITY, OPPORTUNITY_CONTACT_ROLE, TASK } from './objects-sales.ts';

/**
 * The org's schema: standard objects plus the custom fields added through the Metadata API.
 * Names are case-insensitive everywhere (SOQL, REST paths, JSON bodies); answers use the
 * canonical spelling. With field-level security enforced, a custom field is invisible to the
 * API user until a permission set grants it (see `metadata/permission-sets.ts`).
 */
export const STANDARD_OBJECTS: readonly ObjectDef[] = [
  LEAD,
  CONTACT,
  ACCOUNT,
  OPPORTUNITY,
  OPPORTUNITY_CONTACT_ROLE,
  TASK,
  EVENT,
  USER,
  GROUP,
];

/**
 * The fields a polymorphic relationship (Lead.Owner, Task.Who, Task.What) exposes in SOQL:
 * Salesforce's `Name` entity. Values come from whichever record the id points to.
 */
export const NAME_ENTITY_FIELDS: readonly FieldDef[] = [
  idField(),
  text('Name', 'Name', 255),
  text('FirstName', 'First Name', 40),
  text('LastName', 'Last Name', 80),
  email('Email', 'Email'),
  text('Title', 'Title', 128),
  phone('Phone', 'Phone'),
  text('Alias', 'Alias', 8),
  text('Username', 'Username', 80),
  bool('IsActive', 'Active'),
  text('Type', 'Object Type', 40),
];

export class ObjectSchema {
  readonly def: ObjectDef;
  #fields: FieldDef[];
  #byLower = new Map<string, FieldDef>();
  #relationships = new Map<string, FieldDef>();
  #derived: DerivedFields | undefined;
  readonly #lookupLower = (lower: string) => this.#byLower.get(lower);
  readonly #visible: (object: string, field: FieldDef) => boolean;

  constructor(def: ObjectDef, visible: (object: string, field: FieldDef) => boolean) {
    this.def = def;
    this.#visible = visible;
    this.#fields = [...def.fields];
    this.#reindex();
  }

  get name(): string {
    return this.def.name;
  }

  /** A field by name (any case), if it exists and the API user may see it. */
  field(name: string): FieldDef | undefined {
    const found = fieldForKey(this.derived(), name, this.#lookupLower);
    return found !== undefined && this.#visible(this.def.name, found) ? found : undefined;
  }

  /** A field whether or not field-level security hides it (writes of the org itself, setup). */
  anyField(name: string): FieldDef | undefined {
    return fieldForKey(this.derived(), name, this.#lookupLower);
  }

  /** Per-object facts the write path reads for every record (see `derived.ts`). */
  derived(): DerivedFields {
    this.#derived ??= deriveFieldInfo(this.#fields);
    return this.#derived;
  }

  relationship(name: string): FieldDef | undefined {
    const found = this.#relationships.get(name.toLowerCase());
    return found !== undefined && this.#visible(this.def.name, found) ? found : undefined;
  }

  fields(): FieldDef[] {
    return this.#fields.filter((field) => this.#visible(this.def.name, field));
  }

  allFields(): readonly FieldDef[] {
    return this.#fields;
  }

  customFields(): FieldDef[] {
    return this.#fields.filter((field) => field.custom);
  }

  /** Adds or replaces a custom field (Metadata API upsert). */
  putCustom(field: FieldDef): void {
    const at = this.#fields.findIndex(
      (candidate) => candidate.name.toLowerCase() === field.name.toLowerCase(),
    );
    if (at === -1) this.#fields.push(field);
    else this.#fields[at] = field;
    this.#reindex();
  }

  removeCustom(name: string): boolean {
    const before = this.#fields.length;
    this.#fields = this.#fields.filter(
      (field) => !(field.custom && field.name.toLowerCase() === name.toLowerCase()),
    );
    this.#reindex();
    return this.#fields.length < before;
  }

  #reindex(): void {
    this.#derived = undefined;
    this.#byLower.clear();
    this.#relationships.clear();
    for (const field of this.#fields) {
      this.#byLower.set(field.name.toLowerCase(), field);
      if (field.relationshipName !== null)
        this.#relationships.set(field.relationshipName.toLowerCase(), field);
    }
  }
}

export class SchemaRegistry {
  #objects = new Map<string, ObjectSchema>();
  #byPrefix = new Map<string, ObjectSchema>();
  /** Field-level security: when enforced, only granted custom fields are visible. */
  fieldSecurityEnforced = false;
  readonly grants = new Set<string>();

  constructor() {
    this.reset();
  }

  reset(): void {
    this.#objects.clear();
    this.#byPrefix.clear();
    this.grants.clear();
    this.fieldSecurityEnforced = false;
    const visible = (object: string, field: FieldDef) =>
      !field.custom ||
      !this.fieldSecurityEnforced ||
      this.grants.has(`${object}.${field.name}`.toLowerCase());
    for (const def of STANDARD_OBJECTS) {
      const schema = new ObjectSchema(def, visible);
      this.#objects.set(def.name.toLowerCase(), schema);
      this.#byPrefix.set(def.keyPrefix, schema);
    }
  }

  object(name: string): ObjectSchema | undefined {
    return this.#objects.get(name.toLowerCase());
  }

  objectForId(id: string): ObjectSchema | undefined {
    return this.#byPrefix.get(id.slice(0, 3));
  }

  objects(): ObjectSchema[] {
    return [...this.#objects.values()];
  }
}
