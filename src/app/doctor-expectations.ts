import {
  DEFAULT_EXPECTATIONS as HUBSPOT_DEFAULTS,
  LEADLOOP_PROPERTY_NAMES,
  type HubspotDoctorExpectations,
} from '../../connectors/hubspot/index.ts';
import { DEFAULT_EXPECTATIONS as SALESFORCE_DEFAULTS } from '../../connectors/salesforce/index.ts';
import type { LeadloopConfig } from '../config/load-config.ts';
import { ruleWritesTo } from '../mapping/field-rule.ts';
import type { FieldMapping } from '../mapping/fields-schema.ts';
import type { StageTarget } from '../mapping/stages-schema.ts';
import type { DoctorExpectations } from '../sync/connector.ts';

/**
 * What `leadloop doctor` checks in each system, from the admin's mappings: every vendor field
 * or property mappings/fields.yaml names (on Lead, Contact and HubSpot contacts), the fields
 * leadloop itself owns, and every picklist value the mappings read or write — Lead `Status`
 * values and `lifecyclestage` values from mappings/stages.yaml, value maps from fields.yaml.
 */
export interface ConnectorExpectations {
  readonly salesforce: DoctorExpectations;
  readonly hubspot: HubspotDoctorExpectations;
}

type Config = Readonly<LeadloopConfig>;
type PicklistValues = Record<string, Record<string, string[]>>;

const mappings = (config: Config): FieldMapping[] => Object.values(config.fields.fields);
const unique = (values: readonly string[]) => [...new Set(values)];

/** Salesforce fields the stage map reads a recycle or disqualification reason from. */
function reasonFields(config: Config): string[] {
  const { leadStatus, opportunity } = config.stages.salesforce;
  const targets: StageTarget[] = [...Object.values(leadStatus), ...Object.values(opportunity)];
  return targets.flatMap((target) =>
    target.reasonField === undefined ? [] : [target.reasonField],
  );
}

/** Lead and Contact fields the mappings name (read by every pull, whatever the rule). */
export function mappedSalesforceFields(config: Config): { Lead: string[]; Contact: string[] } {
  const all = mappings(config);
  return {
    Lead: unique([
      ...all.flatMap((mapping) =>
        mapping.salesforce.lead === null ? [] : [mapping.salesforce.lead],
      ),
      ...reasonFields(config),
    ]),
    Contact: unique(
      all.flatMap((mapping) =>
        mapping.salesforce.contact === null ? [] : [mapping.salesforce.contact],
      ),
    ),
  };
}

/** HubSpot contact properties the mappings name. */
export function mappedHubspotProperties(config: Config): string[] {
  return unique(
    mappings(config).flatMap((mapping) => (mapping.hubspot === null ? [] : [mapping.hubspot])),
  );
}

function add(picklists: PicklistValues, object: string, field: string, values: readonly string[]) {
  const byField = (picklists[object] ??= {});
  byField[field] = unique([...(byField[field] ?? []), ...values]);
}

function salesforceExpectations(config: Config): DoctorExpectations {
  const synced = mappings(config).filter((mapping) => mapping.rule.kind !== 'none');
  const fields: Record<string, string[]> = {};
  const picklists: PicklistValues = structuredClone(
    SALESFORCE_DEFAULTS.picklistValues,
  ) as PicklistValues;
  for (const [object, key] of [
    ['Lead', 'lead'],
    ['Contact', 'contact'],
  ] as const) {
    const names = synced.flatMap((mapping) =>
      mapping.salesforce[key] === null ? [] : [mapping.salesforce[key]],
    );
    fields[object] = unique([
      ...(SALESFORCE_DEFAULTS.fields[object] ?? []),
      ...names,
      ...(object === 'Lead' ? reasonFields(config) : []),
    ]);
    for (const mapping of synced) {
      const field = mapping.salesforce[key];
      const written = mapping.values?.toSalesforce;
      if (field !== null && written !== undefined && ruleWritesTo(mapping.rule, 'salesforce'))
        add(picklists, object, field, Object.values(written));
    }
  }
  add(picklists, 'Lead', 'Status', Object.keys(config.stages.salesforce.leadStatus));
  return { fields, picklistValues: picklists };
}

function hubspotExpectations(config: Config): HubspotDoctorExpectations {
  const synced = mappings(config).filter((mapping) => mapping.rule.kind !== 'none');
  const { lifecyclestage, lifecycleFor, recycledLifecycle } = config.stages.hubspot;
  const picklists: PicklistValues = {
    contacts: {
      leadloop_stage: [...(HUBSPOT_DEFAULTS.picklistValues.contacts?.leadloop_stage ?? [])],
      leadloop_sla_status: [
        ...(HUBSPOT_DEFAULTS.picklistValues.contacts?.leadloop_sla_status ?? []),
      ],
    },
  };
  add(picklists, 'contacts', 'lifecyclestage', [
    ...Object.keys(lifecyclestage),
    ...Object.values(lifecycleFor).filter((value) => value !== undefined),
    recycledLifecycle,
  ]);
  for (const mapping of synced) {
    const written = mapping.values?.toHubspot;
    if (mapping.hubspot !== null && written !== undefined && ruleWritesTo(mapping.rule, 'hubspot'))
      add(picklists, 'contacts', mapping.hubspot, Object.values(written));
  }
  const names = synced.flatMap((mapping) => (mapping.hubspot === null ? [] : [mapping.hubspot]));
  const written = synced.flatMap((mapping) =>
    mapping.hubspot !== null && ruleWritesTo(mapping.rule, 'hubspot') ? [mapping.hubspot] : [],
  );
  return {
    fields: { contacts: unique([...names, 'lifecyclestage', ...LEADLOOP_PROPERTY_NAMES]) },
    picklistValues: picklists,
    writtenFields: {
      contacts: unique([...written, 'lifecyclestage', ...LEADLOOP_PROPERTY_NAMES]),
    },
  };
}

/** Each system's doctor expectations from mappings/fields.yaml and mappings/stages.yaml. */
export function doctorExpectations(config: Config): ConnectorExpectations {
  return { salesforce: salesforceExpectations(config), hubspot: hubspotExpectations(config) };
}
