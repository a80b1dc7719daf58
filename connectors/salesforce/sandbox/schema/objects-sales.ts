import {
  READ_ONLY,
  REQUIRED,
  bool,
  currency,
  date,
  dateTime,
  idField,
  integer,
  percent,
  picklist,
  reference,
  systemFields,
  text,
  textarea,
  type ObjectDef,
} from './fields.ts';
import {
  CONTACT_ROLES,
  EVENT_SUBTYPES,
  FORECAST_CATEGORIES,
  LEAD_SOURCES,
  OPPORTUNITY_STAGES,
  OPPORTUNITY_TYPES,
  TASK_PRIORITIES,
  TASK_STATUSES,
  TASK_SUBJECTS,
  TASK_SUBTYPES,
} from './picklists.ts';

/** Opportunity, OpportunityContactRole, Task and Event (abridged standard describes). */
export const OPPORTUNITY: ObjectDef = {
  name: 'Opportunity',
  label: 'Opportunity',
  labelPlural: 'Opportunities',
  keyPrefix: '006',
  createable: true,
  updateable: true,
  deletable: true,
  hasRecycleBin: true,
  fields: [
    idField(),
    reference('AccountId', 'Account ID', ['Account'], 'Account', { indexed: true }),
    text('Name', 'Name', 120, { ...REQUIRED, nameField: true }),
    textarea('Description', 'Description', 32000),
    picklist(
      'StageName',
      'Stage',
      OPPORTUNITY_STAGES.map((stage) => stage.name),
      { restricted: true, ...REQUIRED },
    ),
    currency('Amount', 'Amount', 18, 2),
    percent('Probability', 'Probability (%)', 3, 0),
    date('CloseDate', 'Close Date', REQUIRED),
    picklist('Type', 'Opportunity Type', OPPORTUNITY_TYPES),
    text('NextStep', 'Next Step', 255),
    picklist('LeadSource', 'Lead Source', LEAD_SOURCES),
    bool('IsClosed', 'Closed', READ_ONLY),
    bool('IsWon', 'Won', READ_ONLY),
    picklist('ForecastCategoryName', 'Forecast Category', FORECAST_CATEGORIES, {
      defaultedOnCreate: true,
    }),
    reference('ContactId', 'Contact ID', ['Contact'], 'Contact'),
    reference('OwnerId', 'Owner ID', ['User'], 'Owner', {
      nillable: false,
      defaultedOnCreate: true,
    }),
    ...systemFields(true),
    date('LastActivityDate', 'Last Activity', READ_ONLY),
  ],
};

export const OPPORTUNITY_CONTACT_ROLE: ObjectDef = {
  name: 'OpportunityContactRole',
  label: 'Opportunity Contact Role',
  labelPlural: 'Opportunity Contact Role',
  keyPrefix: '00K',
  createable: true,
  updateable: true,
  deletable: true,
  hasRecycleBin: true,
  fields: [
    idField(),
    reference('OpportunityId', 'Opportunity ID', ['Opportunity'], 'Opportunity', {
      ...REQUIRED,
      updateable: false,
      indexed: true,
    }),
    reference('ContactId', 'Contact ID', ['Contact'], 'Contact', { ...REQUIRED, indexed: true }),
    picklist('Role', 'Role', CONTACT_ROLES),
    bool('IsPrimary', 'Primary'),
    ...systemFields(true),
  ],
};

const activityFields = () => [
  reference('WhoId', 'Name ID', ['Contact', 'Lead'], 'Who', { indexed: true }),
  reference('WhatId', 'Related To ID', ['Account', 'Opportunity'], 'What', { indexed: true }),
];

export const TASK: ObjectDef = {
  name: 'Task',
  label: 'Task',
  labelPlural: 'Tasks',
  keyPrefix: '00T',
  createable: true,
  updateable: true,
  deletable: true,
  hasRecycleBin: true,
  fields: [
    idField(),
    ...activityFields(),
    picklist('Subject', 'Subject', TASK_SUBJECTS, { type: 'combobox' }),
    date('ActivityDate', 'Due Date Only'),
    picklist('Status', 'Status', TASK_STATUSES, { defaultValue: 'Not Started', nillable: false }),
    picklist('Priority', 'Priority', TASK_PRIORITIES, { defaultValue: 'Normal', nillable: false }),
    bool('IsHighPriority', 'High Priority', READ_ONLY),
    reference('OwnerId', 'Assigned To ID', ['Group', 'User'], 'Owner', {
      nillable: false,
      defaultedOnCreate: true,
    }),
    textarea('Description', 'Description', 32000),
    bool('IsClosed', 'Closed', READ_ONLY),
    picklist('TaskSubtype', 'Task Subtype', TASK_SUBTYPES, {
      updateable: false,
      defaultValue: 'Task',
    }),
    dateTime('CompletedDateTime', 'Completed Date/Time', READ_ONLY),
    ...systemFields(true),
  ],
};

export const EVENT: ObjectDef = {
  name: 'Event',
  label: 'Event',
  labelPlural: 'Events',
  keyPrefix: '00U',
  createable: true,
  updateable: true,
  deletable: true,
  hasRecycleBin: true,
  fields: [
    idField(),
    ...activityFields(),
    picklist('Subject', 'Subject', ['Call', 'Email', 'Meeting', 'Send Letter/Quote', 'Other'], {
      type: 'combobox',
    }),
    text('Location', 'Location', 255),
    bool('IsAllDayEvent', 'All-Day Event'),
    dateTime('ActivityDateTime', 'Due Date Time'),
    date('ActivityDate', 'Due Date Only'),
    integer('DurationInMinutes', 'Duration', 8),
    dateTime('StartDateTime', 'Start Date Time'),
    dateTime('EndDateTime', 'End Date Time'),
    textarea('Description', 'Description', 32000),
    reference('OwnerId', 'Assigned To ID', ['Group', 'User'], 'Owner', {
      nillable: false,
      defaultedOnCreate: true,
    }),
    picklist('EventSubtype', 'Event Subtype', EVENT_SUBTYPES, {
      updateable: false,
      defaultValue: 'Event',
    }),
    ...systemFields(true),
  ],
};
