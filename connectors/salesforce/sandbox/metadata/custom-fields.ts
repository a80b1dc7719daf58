import {
  customField,
  type FieldDef,
  type FieldType,
  type PicklistEntry,
} from '../schema/fields.ts';
import type { Definition, DefinitionValue } from './metadata-store.ts';

/**
 * A Metadata API CustomField definition (`Lead.LeadLoop_Id__c`, type Text/LongTextArea/
 * Number/DateTime/Picklist/…) checked the way the org checks it, and turned into the field
 * describe and the REST API then show.
 */
export interface MetadataProblem {
  readonly statusCode: string;
  readonly message: string;
}

const TYPES: Readonly<Record<string, FieldType>> = {
  Text: 'string',
  TextArea: 'textarea',
  LongTextArea: 'textarea',
  Number: 'double',
  Currency: 'currency',
  Percent: 'percent',
  Date: 'date',
  DateTime: 'datetime',
  Checkbox: 'boolean',
  Picklist: 'picklist',
  Email: 'email',
  Phone: 'phone',
  Url: 'url',
};

const str = (value: DefinitionValue | undefined): string | undefined =>
  typeof value === 'string' ? value : undefined;
const num = (value: DefinitionValue | undefined): number | undefined => {
  const text = str(value);
  return text === undefined || text.trim() === '' ? undefined : Number(text);
};
const bool = (value: DefinitionValue | undefined) => str(value) === 'true';
const list = (value: DefinitionValue | undefined): DefinitionValue[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];
const problem = (statusCode: string, message: string): MetadataProblem => ({ statusCode, message });

/** `Lead.LeadLoop_Id__c` → ['Lead', 'LeadLoop_Id__c'], if it names a custom field. */
export function splitFieldName(fullName: string): [string, string] | undefined {
  const match = /^([A-Za-z][A-Za-z0-9_]*)\.([A-Za-z][A-Za-z0-9_]*__c)$/.exec(fullName);
  return match === null ? undefined : [match[1]!, match[2]!];
}

export function toFieldDef(object: string, definition: Definition): FieldDef | MetadataProblem {
  const fullName = str(definition.fullName) ?? '';
  const name = splitFieldName(fullName)?.[1];
  if (name === undefined)
    return problem(
      'FIELD_INTEGRITY_EXCEPTION',
      `Invalid custom field name: ${fullName}. Custom field names end in __c.`,
    );
  const label = str(definition.label);
  if (label === undefined || label === '')
    return problem('REQUIRED_FIELD_MISSING', 'Required field is missing: label');
  const metadataType = str(definition.type);
  const type = metadataType === undefined ? undefined : TYPES[metadataType];
  if (type === undefined)
    return problem(
      'FIELD_INTEGRITY_EXCEPTION',
      `Invalid field type for ${object}.${name}: ${metadataType ?? 'none given'}`,
    );
  const common = {
    name,
    label,
    type,
    externalId: bool(definition.externalId),
    unique: bool(definition.unique),
    caseSensitive: bool(definition.caseSensitive),
    nillable: !bool(definition.required) || metadataType === 'Checkbox',
  };
  switch (metadataType) {
    case 'Text': {
      const length = num(definition.length);
      if (length === undefined || !(length >= 1 && length <= 255))
        return problem(
          'FIELD_INTEGRITY_EXCEPTION',
          'Length: Text fields take a length from 1 to 255',
        );
      return customField({ ...common, length });
    }
    case 'LongTextArea': {
      const length = num(definition.length);
      if (length === undefined || !(length >= 256 && length <= 131072)) {
        return problem(
          'FIELD_INTEGRITY_EXCEPTION',
          'Length: Long Text Area fields take a length from 256 to 131,072',
        );
      }
      if (num(definition.visibleLines) === undefined)
        return problem('REQUIRED_FIELD_MISSING', 'Required field is missing: visibleLines');
      return customField({ ...common, length, externalId: false, unique: false });
    }
    case 'TextArea':
      return customField({ ...common, length: 255 });
    case 'Number':
    case 'Currency':
    case 'Percent': {
      const precision = num(definition.precision);
      const scale = num(definition.scale) ?? 0;
      if (precision === undefined || !(precision >= 1 && precision <= 18))
        return problem(
          'FIELD_INTEGRITY_EXCEPTION',
          'Precision: number fields take a precision from 1 to 18',
        );
      if (!(scale >= 0 && scale <= precision))
        return problem(
          'FIELD_INTEGRITY_EXCEPTION',
          'Scale: the scale must be between 0 and the precision',
        );
      return customField({ ...common, precision, scale });
    }
    case 'Checkbox':
      if (str(definition.defaultValue) === undefined)
        return problem('REQUIRED_FIELD_MISSING', 'Required field is missing: defaultValue');
      return customField({ ...common, defaultedOnCreate: true, externalId: false, unique: false });
    case 'Picklist':
      return picklistField(common, definition);
    case 'Email':
      return customField({ ...common, length: 80 });
    case 'Phone':
      return customField({ ...common, length: 40 });
    case 'Url':
      return customField({ ...common, length: 255 });
    default:
      return customField(common);
  }
}

function picklistField(
  common: { name: string; label: string; type: FieldType },
  definition: Definition,
): FieldDef | MetadataProblem {
  const valueSet = definition.valueSet;
  const values = typeof valueSet === 'object' && !Array.isArray(valueSet) ? valueSet : undefined;
  const set = values?.valueSetDefinition;
  const entries = list(typeof set === 'object' && !Array.isArray(set) ? set.value : undefined);
  if (entries.length === 0)
    return problem('FIELD_INTEGRITY_EXCEPTION', 'Picklist: a picklist needs at least one value');
  const picklist: PicklistEntry[] = entries.map((entry) => {
    const item = typeof entry === 'object' && !Array.isArray(entry) ? entry : {};
    const value = str(item.fullName) ?? '';
    return {
      value,
      label: str(item.label) ?? value,
      active: str(item.isActive) !== 'false',
      defaultValue: bool(item.default),
    };
  });
  const restricted = values !== undefined && bool(values.restricted);
  return customField({ ...common, length: 255, picklist: { values: picklist, restricted } });
}
