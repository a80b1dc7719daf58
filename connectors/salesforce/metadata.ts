import { z } from 'zod';
import type { CustomFieldDefinition } from './custom-fields.ts';

/**
 * Metadata API shapes for setup: what leadloop sends (`CustomField`, `PermissionSet`) and the
 * raw shapes read back (jsforce casts the SOAP XML with its schema; zod checks the result).
 */
export const CustomFieldRaw = z.looseObject({
  fullName: z.string().optional(),
  type: z.string().nullable().optional(),
  length: z.number().nullable().optional(),
  precision: z.number().nullable().optional(),
  scale: z.number().nullable().optional(),
  externalId: z.boolean().nullable().optional(),
  unique: z.boolean().nullable().optional(),
  valueSet: z
    .looseObject({
      restricted: z.boolean().nullable().optional(),
      valueSetDefinition: z
        .looseObject({
          value: z.array(z.looseObject({ fullName: z.string().optional() })).optional(),
        })
        .nullable()
        .optional(),
    })
    .nullable()
    .optional(),
});
export type CustomFieldRaw = z.infer<typeof CustomFieldRaw>;

export const PermissionSetRaw = z.looseObject({
  fullName: z.string().optional(),
  label: z.string().nullable().optional(),
  fieldPermissions: z
    .array(
      z.looseObject({
        field: z.string(),
        editable: z.boolean(),
        readable: z.boolean().nullable().optional(),
      }),
    )
    .optional(),
});
export type PermissionSetRaw = z.infer<typeof PermissionSetRaw>;

export const MetadataSaveResultRaw = z.looseObject({
  fullName: z.string().optional(),
  success: z.boolean(),
  created: z.boolean().optional(),
  errors: z
    .array(z.looseObject({ statusCode: z.string().optional(), message: z.string() }))
    .nullable()
    .optional(),
});
export type MetadataSaveResultRaw = z.infer<typeof MetadataSaveResultRaw>;

export const picklistValues = (field: CustomFieldRaw): string[] =>
  (field.valueSet?.valueSetDefinition?.value ?? []).flatMap((value) =>
    value.fullName === undefined ? [] : [value.fullName],
  );

/** The Metadata API definition of `object.field`; existing picklist values an admin added are kept. */
export function customFieldMetadata(
  object: string,
  field: CustomFieldDefinition,
  existingValues: readonly string[] = [],
): Record<string, unknown> {
  const base = {
    fullName: `${object}.${field.name}`,
    label: field.label,
    description: field.description,
    type: field.type,
  };
  switch (field.type) {
    case 'Text':
      return {
        ...base,
        length: field.length,
        externalId: field.externalId ?? false,
        unique: field.unique ?? false,
        ...(field.unique ? { caseSensitive: false } : {}),
      };
    case 'LongTextArea':
      return { ...base, length: field.length, visibleLines: field.visibleLines };
    case 'Number':
      return { ...base, precision: field.precision, scale: field.scale };
    case 'DateTime':
      return base;
    case 'Picklist': {
      const values = [...new Set([...(field.picklist ?? []), ...existingValues])];
      return {
        ...base,
        valueSet: {
          restricted: true,
          valueSetDefinition: {
            sorted: false,
            value: values.map((value) => ({ fullName: value, default: false, label: value })),
          },
        },
      };
    }
  }
}

/** What differs between the org's field and what leadloop needs; empty when nothing does. */
export function fieldDifferences(field: CustomFieldDefinition, existing: CustomFieldRaw): string[] {
  const problems: string[] = [];
  if (existing.type !== field.type)
    problems.push(`type is ${existing.type ?? 'unknown'}, leadloop needs ${field.type}`);
  if (field.length !== undefined && (existing.length ?? 0) < field.length)
    problems.push(`length ${existing.length ?? 0} < ${field.length}`);
  if (field.precision !== undefined && existing.precision !== field.precision)
    problems.push(`precision ${existing.precision ?? 'unset'} ≠ ${field.precision}`);
  if (field.scale !== undefined && (existing.scale ?? 0) !== field.scale)
    problems.push(`scale ${existing.scale ?? 0} ≠ ${field.scale}`);
  if (field.externalId === true && existing.externalId !== true)
    problems.push('not an External ID');
  if (field.unique === true && existing.unique !== true) problems.push('not Unique');
  const values = new Set(picklistValues(existing));
  const missing = (field.picklist ?? []).filter((value) => !values.has(value));
  if (missing.length > 0) problems.push(`picklist lacks ${missing.join(', ')}`);
  return problems;
}
