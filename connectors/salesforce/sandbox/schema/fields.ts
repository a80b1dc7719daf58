/**
 * Field and object definitions as the org's describe knows them. Standard objects are built
 * from the helpers below; custom fields come from the Metadata API (`metadata/custom-fields.ts`).
 */
export type FieldType =
  | 'id'
  | 'string'
  | 'email'
  | 'phone'
  | 'url'
  | 'textarea'
  | 'picklist'
  | 'combobox'
  | 'reference'
  | 'boolean'
  | 'datetime'
  | 'date'
  | 'double'
  | 'currency'
  | 'percent'
  | 'int';

export interface PicklistEntry {
  readonly value: string;
  readonly label: string;
  readonly active: boolean;
  readonly defaultValue: boolean;
}

export interface FieldDef {
  readonly name: string;
  readonly label: string;
  readonly type: FieldType;
  /** Characters, for text types. */
  readonly length: number;
  /** Total digits and digits after the point, for number types. */
  readonly precision: number;
  readonly scale: number;
  readonly picklist?: { readonly values: readonly PicklistEntry[]; readonly restricted: boolean };
  /** Objects a reference points to (several: a polymorphic field such as OwnerId or WhoId). */
  readonly referenceTo: readonly string[];
  readonly relationshipName: string | null;
  readonly externalId: boolean;
  readonly unique: boolean;
  readonly caseSensitive: boolean;
  readonly nillable: boolean;
  readonly createable: boolean;
  readonly updateable: boolean;
  readonly custom: boolean;
  /** The org fills the field on create when the request leaves it out (Status, OwnerId …). */
  readonly defaultedOnCreate: boolean;
  readonly calculated: boolean;
  readonly nameField: boolean;
  /** The sandbox keeps a value → ids index for the field (Email, WhoId, external ids …). */
  readonly indexed: boolean;
}

type FieldExtras = Partial<Omit<FieldDef, 'name' | 'label' | 'type'>>;

const field = (
  name: string,
  label: string,
  type: FieldType,
  extra: FieldExtras = {},
): FieldDef => ({
  name,
  label,
  type,
  length: 0,
  precision: 0,
  scale: 0,
  referenceTo: [],
  relationshipName: null,
  externalId: false,
  unique: false,
  caseSensitive: false,
  nillable: true,
  createable: true,
  updateable: true,
  custom: false,
  defaultedOnCreate: false,
  calculated: false,
  nameField: false,
  indexed: false,
  ...extra,
});

/** Read-only fields the org maintains itself. */
export const READ_ONLY: FieldExtras = { createable: false, updateable: false };
/** Required on create (REQUIRED_FIELD_MISSING when absent or blank). */
export const REQUIRED: FieldExtras = { nillable: false };

export const text = (name: string, label: string, length: number, extra: FieldExtras = {}) =>
  field(name, label, 'string', { length, ...extra });
export const email = (name: string, label: string, extra: FieldExtras = {}) =>
  field(name, label, 'email', { length: 80, indexed: true, ...extra });
export const phone = (name: string, label: string) => field(name, label, 'phone', { length: 40 });
export const url = (name: string, label: string) => field(name, label, 'url', { length: 255 });
export const textarea = (name: string, label: string, length: number) =>
  field(name, label, 'textarea', { length });
export const bool = (name: string, label: string, extra: FieldExtras = {}) =>
  field(name, label, 'boolean', { nillable: false, defaultedOnCreate: true, ...extra });
export const dateTime = (name: string, label: string, extra: FieldExtras = {}) =>
  field(name, label, 'datetime', extra);
export const date = (name: string, label: string, extra: FieldExtras = {}) =>
  field(name, label, 'date', extra);
export const currency = (name: string, label: string, precision: number, scale: number) =>
  field(name, label, 'currency', { precision, scale });
export const percent = (name: string, label: string, precision: number, scale: number) =>
  field(name, label, 'percent', { precision, scale });
export const integer = (name: string, label: string, digits: number, extra: FieldExtras = {}) =>
  field(name, label, 'int', { precision: digits, ...extra });
export const double = (
  name: string,
  label: string,
  precision: number,
  scale: number,
  extra: FieldExtras = {},
) => field(name, label, 'double', { precision, scale, ...extra });

export function picklist(
  name: string,
  label: string,
  values: readonly string[],
  options: {
    restricted?: boolean;
    defaultValue?: string;
    type?: 'picklist' | 'combobox';
    length?: number;
  } & FieldExtras = {},
): FieldDef {
  const { restricted = false, defaultValue, type = 'picklist', length = 255, ...extra } = options;
  return field(name, label, type, {
    length,
    picklist: {
      restricted,
      values: values.map((value) => ({
        value,
        label: value,
        active: true,
        defaultValue: value === defaultValue,
      })),
    },
    ...(defaultValue === undefined ? {} : { defaultedOnCreate: true }),
    ...extra,
  });
}

export const reference = (
  name: string,
  label: string,
  referenceTo: readonly string[],
  relationshipName: string,
  extra: FieldExtras = {},
) => field(name, label, 'reference', { length: 18, referenceTo, relationshipName, ...extra });

export const idField = () =>
  field('Id', 'Record ID', 'id', {
    length: 18,
    nillable: false,
    ...READ_ONLY,
    defaultedOnCreate: true,
  });

/** The audit fields every object has; `deletable` objects also get IsDeleted. */
export function systemFields(deletable: boolean): FieldDef[] {
  const stamps = { ...READ_ONLY, nillable: false, defaultedOnCreate: true };
  return [
    ...(deletable ? [bool('IsDeleted', 'Deleted', READ_ONLY)] : []),
    dateTime('CreatedDate', 'Created Date', stamps),
    reference('CreatedById', 'Created By ID', ['User'], 'CreatedBy', stamps),
    dateTime('LastModifiedDate', 'Last Modified Date', stamps),
    reference('LastModifiedById', 'Last Modified By ID', ['User'], 'LastModifiedBy', stamps),
    dateTime('SystemModstamp', 'System Modstamp', stamps),
  ];
}

export interface ObjectDef {
  readonly name: string;
  readonly label: string;
  readonly labelPlural: string;
  readonly keyPrefix: string;
  readonly createable: boolean;
  readonly updateable: boolean;
  readonly deletable: boolean;
  /** Whether the object has IsDeleted and a recycle bin (User does not). */
  readonly hasRecycleBin: boolean;
  readonly fields: readonly FieldDef[];
}

/** A custom field as the Metadata API defines it. */
export function customField(
  def: Omit<FieldExtras, 'custom'> & { name: string; label: string; type: FieldType },
): FieldDef {
  const { name, label, type, ...extra } = def;
  return field(name, label, type, {
    ...extra,
    custom: true,
    indexed: extra.externalId === true || extra.unique === true,
  });
}
