import type { PropertyCreateInput } from './definitions.ts';

/**
 * The contact properties `leadloop setup` creates (DESIGN.md, group `leadloop`). The sandbox
 * starts without them, like a fresh portal; the seed option `withLeadloopProperties` creates
 * them up front for tests and demos that skip setup.
 */
export const LEADLOOP_GROUP = { name: 'leadloop', label: 'leadloop', displayOrder: 10 } as const;

const text = (name: string, label: string, extra: Partial<PropertyCreateInput> = {}) =>
  ({
    name,
    label,
    type: 'string',
    fieldType: 'text',
    groupName: LEADLOOP_GROUP.name,
    description: '',
    options: [],
    displayOrder: -1,
    hidden: false,
    formField: false,
    hasUniqueValue: false,
    ...extra,
  }) satisfies PropertyCreateInput;

const choice = (name: string, label: string, values: readonly string[]) =>
  text(name, label, {
    type: 'enumeration',
    fieldType: 'select',
    options: values.map((value, index) => ({
      label: value,
      value,
      displayOrder: index,
      hidden: false,
    })),
  });

export const LEADLOOP_CONTACT_PROPERTIES: readonly PropertyCreateInput[] = [
  text('leadloop_id', 'leadloop ID', { hasUniqueValue: true }),
  choice('leadloop_stage', 'leadloop stage', [
    'inquiry',
    'mql',
    'sal',
    'sql',
    'opportunity',
    'customer',
    'recycled',
    'disqualified',
  ]),
  text('leadloop_score', 'leadloop score', { type: 'number', fieldType: 'number' }),
  text('leadloop_grade', 'leadloop grade'),
  text('leadloop_score_reasons', 'leadloop score reasons', { fieldType: 'textarea' }),
  choice('leadloop_sla_status', 'leadloop SLA status', [
    'on_track',
    'met',
    'breached',
    'escalated',
  ]),
  text('leadloop_first_touch_at', 'leadloop first touch', { type: 'datetime', fieldType: 'date' }),
  text('leadloop_recycle_reason', 'leadloop recycle reason'),
  text('leadloop_salesforce_id', 'leadloop Salesforce ID'),
  text('leadloop_opportunity_stage', 'leadloop opportunity stage'),
  text('leadloop_opportunity_amount', 'leadloop opportunity amount', {
    type: 'number',
    fieldType: 'number',
  }),
  text('leadloop_closed_won_at', 'leadloop closed won at', { type: 'datetime', fieldType: 'date' }),
  text('leadloop_owner', 'leadloop owner'),
];
