import { z } from 'zod';

/**
 * Raw Salesforce shapes (STYLE.md §2), parsed right after each call. Records are loose
 * objects: the fields leadloop asks for are typed, anything else an admin maps passes
 * through and is normalised in to-record.ts.
 */
const text = z.string().nullable().optional();
const flag = z.boolean().nullable().optional();
const num = z.number().nullable().optional();

const Attributes = z.looseObject({ type: z.string(), url: z.string().optional() });
/** A `Owner.Name`-style parent reference; null when the lookup is empty. */
const Reference = z.looseObject({ attributes: Attributes.optional() }).nullable().optional();

/** A dateTime leadloop reads as a time (cursors, change times): anything else is a bad row. */
const DateTime = z.string().refine((value) => !Number.isNaN(new Date(value).getTime()), {
  message: 'not a Salesforce dateTime',
});

const RecordBase = {
  attributes: Attributes.optional(),
  Id: z.string().regex(/^[A-Za-z0-9]{15,18}$/),
  SystemModstamp: DateTime,
  CreatedDate: DateTime.nullable().optional(),
  IsDeleted: flag,
};

const LeadloopFields = {
  LeadLoop_Id__c: text,
  LeadLoop_Stage__c: text,
  LeadLoop_Score__c: num,
  LeadLoop_Grade__c: text,
  LeadLoop_Score_Reasons__c: text,
  LeadLoop_MQL_At__c: text,
  LeadLoop_SLA_Due__c: text,
  LeadLoop_SLA_Status__c: text,
  LeadLoop_Recycle_Reason__c: text,
};

const Person = {
  FirstName: text,
  LastName: text,
  Email: text,
  Title: text,
  Phone: text,
  LeadSource: text,
  OwnerId: text,
  Owner: Reference,
  MasterRecordId: text,
};

export const SalesforceLeadRaw = z.looseObject({
  ...RecordBase,
  ...Person,
  ...LeadloopFields,
  Company: text,
  Country: text,
  Status: text,
  IsConverted: flag,
  ConvertedDate: text,
  ConvertedContactId: text,
  ConvertedAccountId: text,
  ConvertedOpportunityId: text,
});

export const SalesforceContactRaw = z.looseObject({
  ...RecordBase,
  ...Person,
  ...LeadloopFields,
  AccountId: text,
  MailingCountry: text,
});

export const SalesforceOpportunityRaw = z.looseObject({
  ...RecordBase,
  Name: text,
  StageName: text,
  Amount: num,
  CurrencyIsoCode: text,
  CloseDate: text,
  IsClosed: flag,
  IsWon: flag,
  AccountId: text,
  OwnerId: text,
  LeadSource: text,
});

export const SalesforceOpportunityContactRoleRaw = z.looseObject({
  ...RecordBase,
  OpportunityId: text,
  ContactId: text,
  Role: text,
  IsPrimary: flag,
});

const Activity = {
  WhoId: text,
  WhatId: text,
  Subject: text,
  OwnerId: text,
  CreatedById: text,
};

export const SalesforceTaskRaw = z.looseObject({
  ...RecordBase,
  ...Activity,
  Status: text,
  TaskSubtype: text,
  ActivityDate: text,
  IsClosed: flag,
  CompletedDateTime: text,
});

export const SalesforceEventRaw = z.looseObject({
  ...RecordBase,
  ...Activity,
  StartDateTime: text,
  EndDateTime: text,
  ActivityDateTime: text,
});

export const SalesforceUserRaw = z.looseObject({
  ...RecordBase,
  Name: text,
  Email: text,
  Username: text,
  IsActive: flag,
});

export const SalesforceRecordRaw = z.looseObject(RecordBase);

export const RAW_SCHEMAS: Readonly<Record<string, z.ZodType<z.infer<typeof SalesforceRecordRaw>>>> =
  {
    Lead: SalesforceLeadRaw,
    Contact: SalesforceContactRaw,
    Opportunity: SalesforceOpportunityRaw,
    OpportunityContactRole: SalesforceOpportunityContactRoleRaw,
    Task: SalesforceTaskRaw,
    Event: SalesforceEventRaw,
    User: SalesforceUserRaw,
  };

export const SalesforceQueryResultRaw = z.looseObject({
  totalSize: z.number().optional(),
  done: z.boolean(),
  nextRecordsUrl: z.string().optional(),
  records: z.array(z.unknown()),
});

/** One entry of a collection (`/composite/sobjects`) response. */
export const SalesforceSaveResultRaw = z.looseObject({
  id: z.string().nullable().optional(),
  success: z.boolean(),
  created: z.boolean().optional(),
  errors: z
    .array(
      z.looseObject({
        statusCode: z.string(),
        message: z.string(),
        fields: z.array(z.string()).optional(),
      }),
    )
    .default([]),
});
export const SalesforceSaveResultsRaw = z.array(SalesforceSaveResultRaw);

export const SalesforceDescribeFieldRaw = z.looseObject({
  name: z.string(),
  type: z.string(),
  createable: z.boolean(),
  updateable: z.boolean(),
  relationshipName: z.string().nullable().optional(),
  restrictedPicklist: z.boolean().optional(),
  picklistValues: z
    .array(z.looseObject({ value: z.string(), active: z.boolean().optional() }))
    .optional(),
});
export const SalesforceDescribeRaw = z.looseObject({
  name: z.string(),
  fields: z.array(SalesforceDescribeFieldRaw),
});

export const SalesforceLimitsRaw = z.looseObject({
  DailyApiRequests: z.looseObject({ Max: z.number(), Remaining: z.number() }),
});

export const SalesforceVersionsRaw = z.array(
  z.looseObject({ version: z.string(), label: z.string().optional(), url: z.string().optional() }),
);

export const SalesforceIdentityRaw = z.looseObject({
  user_id: z.string(),
  organization_id: z.string(),
  username: z.string().optional(),
  display_name: z.string().optional(),
});
