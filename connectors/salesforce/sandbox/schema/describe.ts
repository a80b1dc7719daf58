import type { FieldDef, FieldType } from './fields.ts';
import type { ObjectSchema } from './registry.ts';

/**
 * The describe shapes: `/sobjects` (describeGlobal) and `/sobjects/{Type}/describe`, with the
 * attributes leadloop reads (name, label, type, length, precision/scale, picklistValues,
 * restrictedPicklist, externalId, unique, nillable, createable, updateable, custom,
 * referenceTo, relationshipName) and the rest of a real describe's keys with honest values.
 */
const SOAP_TYPES: Readonly<Record<FieldType, string>> = {
  id: 'tns:ID',
  reference: 'tns:ID',
  string: 'xsd:string',
  email: 'xsd:string',
  phone: 'xsd:string',
  url: 'xsd:string',
  textarea: 'xsd:string',
  picklist: 'xsd:string',
  combobox: 'xsd:string',
  boolean: 'xsd:boolean',
  datetime: 'xsd:dateTime',
  date: 'xsd:date',
  double: 'xsd:double',
  currency: 'xsd:double',
  percent: 'xsd:double',
  int: 'xsd:int',
};

const TEXT_TYPES = new Set<FieldType>([
  'id',
  'reference',
  'string',
  'email',
  'phone',
  'url',
  'textarea',
  'picklist',
  'combobox',
]);

function urls(name: string, version: string, keyPrefix: string) {
  const base = `/services/data/v${version}/sobjects/${name}`;
  return {
    compactLayouts: `${base}/describe/compactLayouts`,
    rowTemplate: `${base}/{ID}`,
    approvalLayouts: `${base}/describe/approvalLayouts`,
    uiDetailTemplate: `https://acme-sandbox.lightning.force.com/{ID}`,
    uiEditTemplate: `https://acme-sandbox.lightning.force.com/{ID}/e`,
    defaultValues: `${base}/defaultValues?recordTypeId&fields`,
    listviews: `${base}/listviews`,
    describe: `${base}/describe`,
    uiNewRecord: `https://acme-sandbox.lightning.force.com/${keyPrefix}/e`,
    quickActions: `${base}/quickActions`,
    layouts: `${base}/describe/layouts`,
    sobject: base,
  };
}

export function describeGlobalEntry(schema: ObjectSchema, version: string) {
  const def = schema.def;
  return {
    activateable: false,
    associateEntityType: null,
    associateParentEntity: null,
    createable: def.createable,
    custom: false,
    customSetting: false,
    deepCloneable: false,
    deletable: def.deletable,
    deprecatedAndHidden: false,
    feedEnabled: def.name !== 'OpportunityContactRole',
    hasSubtypes: false,
    isInterface: false,
    isSubtype: false,
    keyPrefix: def.keyPrefix,
    label: def.label,
    labelPlural: def.labelPlural,
    layoutable: true,
    mergeable: ['Lead', 'Contact', 'Account'].includes(def.name),
    mruEnabled: true,
    name: def.name,
    queryable: true,
    replicateable: true,
    retrieveable: true,
    searchable: def.name !== 'OpportunityContactRole',
    triggerable: true,
    undeletable: def.hasRecycleBin,
    updateable: def.updateable,
    urls: urls(def.name, version, def.keyPrefix),
  };
}

export function describeField(field: FieldDef) {
  const text = TEXT_TYPES.has(field.type);
  const numeric = field.type === 'double' || field.type === 'currency' || field.type === 'percent';
  return {
    aggregatable: field.type !== 'textarea' || field.length <= 255,
    aiPredictionField: false,
    autoNumber: false,
    byteLength: text ? field.length * 3 : 0,
    calculated: field.calculated,
    calculatedFormula: null,
    cascadeDelete: false,
    caseSensitive: field.caseSensitive,
    compoundFieldName: null,
    controllerName: null,
    createable: field.createable,
    custom: field.custom,
    defaultValue: field.type === 'boolean' ? false : null,
    defaultValueFormula: null,
    defaultedOnCreate: field.defaultedOnCreate,
    dependentPicklist: false,
    deprecatedAndHidden: false,
    digits: field.type === 'int' ? field.precision : 0,
    displayLocationInDecimal: false,
    encrypted: false,
    externalId: field.externalId,
    extraTypeInfo: field.type === 'textarea' && field.length > 255 ? 'plaintextarea' : null,
    filterable: field.type !== 'textarea' || field.length <= 255,
    filteredLookupInfo: null,
    formulaTreatNullNumberAsZero: false,
    groupable:
      !numeric && field.type !== 'datetime' && (field.type !== 'textarea' || field.length <= 255),
    highScaleNumber: false,
    htmlFormatted: false,
    idLookup: field.type === 'id' || field.externalId || field.name === 'Email',
    inlineHelpText: null,
    label: field.label,
    length: text ? field.length : 0,
    mask: null,
    maskType: null,
    name: field.name,
    nameField: field.nameField,
    namePointing: field.referenceTo.length > 1,
    nillable: field.nillable,
    permissionable: field.nillable && !field.calculated && field.type !== 'id',
    picklistValues: (field.picklist?.values ?? []).map((entry) => ({
      active: entry.active,
      defaultValue: entry.defaultValue,
      label: entry.label,
      validFor: null,
      value: entry.value,
    })),
    polymorphicForeignKey: field.referenceTo.length > 1,
    precision: numeric ? field.precision : 0,
    queryByDistance: false,
    referenceTargetField: null,
    referenceTo: [...field.referenceTo],
    relationshipName: field.relationshipName,
    relationshipOrder: null,
    restrictedDelete: false,
    restrictedPicklist: field.picklist?.restricted ?? false,
    scale: numeric ? field.scale : 0,
    searchPrefilterable: field.type === 'reference',
    soapType: SOAP_TYPES[field.type],
    sortable: field.type !== 'textarea' || field.length <= 255,
    type: field.type,
    unique: field.unique,
    updateable: field.updateable,
    writeRequiresMasterRead: false,
  };
}

export function describeObject(schema: ObjectSchema, version: string) {
  return {
    ...describeGlobalEntry(schema, version),
    actionOverrides: [],
    childRelationships: [],
    compactLayoutable: true,
    defaultImplementation: null,
    extendedBy: null,
    extendsInterfaces: null,
    fields: schema.fields().map(describeField),
    implementedBy: null,
    implementsInterfaces: null,
    listviewable: null,
    lookupLayoutable: null,
    namedLayoutInfos: [],
    networkScopeFieldName: null,
    recordTypeInfos: [],
    searchLayoutable: true,
    sobjectDescribeOption: 'FULL',
    supportedScopes: [
      { label: 'All leads', name: 'everything' },
      { label: 'My leads', name: 'mine' },
    ].map((scope) => ({
      ...scope,
      label: scope.label.replace('leads', schema.def.labelPlural.toLowerCase()),
    })),
  };
}
