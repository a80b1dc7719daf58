import { z } from 'zod';

/**
 * A property definition as HubSpot's properties API describes it (`Property` in the SDK). Values
 * on records are always strings; `type` says how HubSpot validates, filters and sorts them.
 */
export const PROPERTY_TYPES = [
  'string',
  'number',
  'date',
  'datetime',
  'enumeration',
  'bool',
  'phone_number',
] as const;
export type PropertyType = (typeof PROPERTY_TYPES)[number];

export const FIELD_TYPES = [
  'text',
  'textarea',
  'number',
  'date',
  'select',
  'radio',
  'checkbox',
  'booleancheckbox',
  'calculation_equation',
  'phonenumber',
  'file',
  'html',
] as const;

export interface PropertyOption {
  label: string;
  value: string;
  displayOrder: number;
  hidden: boolean;
  description?: string;
}

export interface PropertyDefinition {
  name: string;
  label: string;
  type: PropertyType;
  fieldType: string;
  groupName: string;
  description: string;
  options: PropertyOption[];
  displayOrder: number;
  hidden: boolean;
  formField: boolean;
  hasUniqueValue: boolean;
  hubspotDefined: boolean;
  /** Set by HubSpot itself (analytics, scoring, ids): the API refuses to write it. */
  readOnlyValue: boolean;
  calculated: boolean;
  createdAt: number;
  updatedAt: number;
  archived: boolean;
  archivedAt?: number;
}

export interface PropertyGroup {
  name: string;
  label: string;
  displayOrder: number;
  archived: boolean;
}

const OptionInputSchema = z.object({
  label: z.string(),
  value: z.string(),
  displayOrder: z.number().int().optional(),
  hidden: z.boolean().default(false),
  description: z.string().optional(),
});

/** `PropertyCreate` of the properties API; unknown keys are ignored like HubSpot does. */
export const PropertyCreateSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be lower-case letters, digits and _'),
  label: z.string().min(1),
  type: z.enum(PROPERTY_TYPES),
  fieldType: z.enum(FIELD_TYPES),
  groupName: z.string().min(1),
  description: z.string().default(''),
  options: z.array(OptionInputSchema).default([]),
  displayOrder: z.number().int().default(-1),
  hidden: z.boolean().default(false),
  formField: z.boolean().default(false),
  hasUniqueValue: z.boolean().default(false),
  calculationFormula: z.string().optional(),
  externalOptions: z.boolean().optional(),
  referencedObjectType: z.string().optional(),
});
export type PropertyCreateInput = z.infer<typeof PropertyCreateSchema>;

/** `PropertyUpdate`: everything optional; name and hasUniqueValue cannot change. */
export const PropertyUpdateSchema = z.object({
  label: z.string().min(1).optional(),
  type: z.enum(PROPERTY_TYPES).optional(),
  fieldType: z.enum(FIELD_TYPES).optional(),
  groupName: z.string().min(1).optional(),
  description: z.string().optional(),
  options: z.array(OptionInputSchema).optional(),
  displayOrder: z.number().int().optional(),
  hidden: z.boolean().optional(),
  formField: z.boolean().optional(),
});
export type PropertyUpdateInput = z.infer<typeof PropertyUpdateSchema>;

export const PropertyGroupCreateSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/),
  label: z.string().min(1),
  displayOrder: z.number().int().default(-1),
});

export function optionsFrom(
  input: readonly {
    label: string;
    value: string;
    displayOrder?: number | undefined;
    hidden: boolean;
    description?: string | undefined;
  }[],
): PropertyOption[] {
  return input.map((option, index) => ({
    label: option.label,
    value: option.value,
    displayOrder: option.displayOrder ?? index,
    hidden: option.hidden,
    ...(option.description === undefined ? {} : { description: option.description }),
  }));
}

/** The JSON HubSpot answers for one property. */
export function serializeProperty(definition: PropertyDefinition): Record<string, unknown> {
  return {
    updatedAt: new Date(definition.updatedAt).toISOString(),
    createdAt: new Date(definition.createdAt).toISOString(),
    name: definition.name,
    label: definition.label,
    type: definition.type,
    fieldType: definition.fieldType,
    description: definition.description,
    groupName: definition.groupName,
    options: definition.options.map((option) => ({ ...option })),
    displayOrder: definition.displayOrder,
    calculated: definition.calculated,
    externalOptions: false,
    hasUniqueValue: definition.hasUniqueValue,
    hidden: definition.hidden,
    hubspotDefined: definition.hubspotDefined,
    modificationMetadata: {
      archivable: !definition.hubspotDefined,
      readOnlyDefinition: definition.hubspotDefined,
      readOnlyValue: definition.readOnlyValue,
    },
    formField: definition.formField,
    ...(definition.archived
      ? { archived: true, archivedAt: new Date(definition.archivedAt ?? 0).toISOString() }
      : { archived: false }),
  };
}

export const serializeGroup = (group: PropertyGroup) => ({
  name: group.name,
  label: group.label,
  displayOrder: group.displayOrder,
  archived: group.archived,
});
