/**
 * The fake org's objects: describe-shaped field lists, id prefixes and validation rules the
 * way Salesforce applies them to collection writes (per record, `{statusCode, message, fields}`).
 */
export interface FakeField {
  readonly name: string;
  readonly type: string;
  readonly createable: boolean;
  readonly updateable: boolean;
  readonly relationshipName?: string;
  readonly picklist?: readonly string[];
  readonly restricted?: boolean;
}

const ro = (name: string, type = 'string'): FakeField => ({
  name,
  type,
  createable: false,
  updateable: false,
});
const rw = (name: string, type = 'string'): FakeField => ({
  name,
  type,
  createable: true,
  updateable: true,
});
const stamps = [
  ro('Id', 'id'),
  ro('CreatedDate', 'datetime'),
  ro('SystemModstamp', 'datetime'),
  ro('IsDeleted', 'boolean'),
];
const owner: FakeField = { ...rw('OwnerId', 'reference'), relationshipName: 'Owner' };
const person = [
  rw('FirstName'),
  rw('LastName'),
  rw('Email', 'email'),
  rw('Title'),
  rw('Phone', 'phone'),
  rw('LeadSource', 'picklist'),
  owner,
  ro('MasterRecordId', 'reference'),
];

export const LEAD_STATUSES = [
  'Open - Not Contacted',
  'Working - Contacted',
  'Closed - Converted',
  'Closed - Not Converted',
];

export const STANDARD_FIELDS: Readonly<Record<string, readonly FakeField[]>> = {
  Lead: [
    ...stamps,
    ...person,
    rw('Company'),
    rw('Country'),
    { ...rw('Status', 'picklist'), picklist: LEAD_STATUSES, restricted: true },
    ro('IsConverted', 'boolean'),
    ro('ConvertedContactId', 'reference'),
  ],
  Contact: [...stamps, ...person, rw('AccountId', 'reference'), rw('MailingCountry')],
  Task: [...stamps, rw('WhoId', 'reference'), rw('Subject'), rw('Status', 'picklist'), owner],
  User: [
    ro('Id', 'id'),
    ro('CreatedDate', 'datetime'),
    ro('SystemModstamp', 'datetime'),
    rw('Name'),
    rw('Email', 'email'),
    rw('IsActive', 'boolean'),
  ],
};

export const ID_PREFIX: Readonly<Record<string, string>> = {
  Lead: '00Q',
  Contact: '003',
  Task: '00T',
  User: '005',
};

export interface RecordError {
  readonly statusCode: string;
  readonly message: string;
  readonly fields: string[];
}

/** Salesforce's checks on one record's values against the object's fields. */
export function validateValues(
  fields: ReadonlyMap<string, FakeField>,
  values: Readonly<Record<string, unknown>>,
  creating: boolean,
): RecordError | undefined {
  for (const [name, value] of Object.entries(values)) {
    const field = fields.get(name);
    if (field === undefined)
      return {
        statusCode: 'INVALID_FIELD',
        message: `No such column '${name}' on sobject`,
        fields: [name],
      };
    if (!(creating ? field.createable : field.updateable)) {
      return {
        statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
        message: `Unable to create/update fields: ${name}.`,
        fields: [name],
      };
    }
    if (
      field.type === 'email' &&
      typeof value === 'string' &&
      !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)
    ) {
      return {
        statusCode: 'INVALID_EMAIL_ADDRESS',
        message: `${name}: invalid email address: ${value}`,
        fields: [name],
      };
    }
    if (
      field.restricted === true &&
      value !== null &&
      !(field.picklist ?? []).includes(String(value))
    ) {
      return {
        statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
        message: `${name}: bad value for restricted picklist field: ${String(value)}`,
        fields: [name],
      };
    }
  }
  return undefined;
}
