import { z } from 'zod';
import { help } from '../config/schema-help.ts';
import { LEAD_FIELD_NAMES, type LeadFieldName } from '../lead/lead.ts';
import { FieldRuleSchema, ruleWritesTo } from './field-rule.ts';

/**
 * `mappings/fields.yaml`: for each field of the universal lead, its HubSpot property, its
 * Salesforce Lead and Contact fields, the rule that decides which side wins, and value maps
 * for picklists. Every lead field is listed, so nothing is synced by accident.
 */
const HubspotPropertySchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/)
  .meta(
    help({
      expected: 'a HubSpot internal property name like "jobtitle", or null',
      hint: 'HubSpot internal names are lower case (Settings → Properties → the property → "Internal name")',
    }),
  );

const SalesforceFieldSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/)
  .meta(
    help({
      expected: 'a Salesforce field API name like "Title" or "UTM_Campaign__c", or null',
      hint: 'use the API name from Setup → Object Manager → Fields & Relationships',
    }),
  );

const ValueMapSchema = z.record(z.string(), z.string().min(1)).meta(
  help({
    expected: "a map from one system's value to the other's, e.g. ORGANIC_SEARCH: Web",
  }),
);

export const FieldMappingSchema = z
  .strictObject({
    hubspot: HubspotPropertySchema.nullable().default(null),
    salesforce: z
      .strictObject({
        lead: SalesforceFieldSchema.nullable().default(null),
        contact: SalesforceFieldSchema.nullable().default(null),
      })
      .prefault({}),
    rule: FieldRuleSchema,
    /** Picklist values, per direction; a value not listed is written unchanged. */
    values: z
      .strictObject({
        toSalesforce: ValueMapSchema.optional(),
        toHubspot: ValueMapSchema.optional(),
      })
      .optional(),
  })
  .superRefine((mapping, context) => {
    const { rule } = mapping;
    if (rule.kind === 'none') return;
    const hasSalesforce = mapping.salesforce.lead !== null || mapping.salesforce.contact !== null;
    if (mapping.hubspot === null || !hasSalesforce) {
      context.addIssue({
        code: 'custom',
        path: mapping.hubspot === null ? ['hubspot'] : ['salesforce'],
        message:
          mapping.hubspot === null
            ? 'expected a HubSpot property for a synced field'
            : 'expected a Salesforce Lead or Contact field for a synced field',
        params: {
          code: 'mapping.one_sided',
          hint: 'name the field on both sides, or set "rule: none"',
        },
      });
    }
    for (const [direction, target] of [
      ['toSalesforce', 'salesforce'],
      ['toHubspot', 'hubspot'],
    ] as const) {
      if (mapping.values?.[direction] !== undefined && !ruleWritesTo(rule, target)) {
        context.addIssue({
          code: 'custom',
          path: ['values', direction],
          message: `expected no ${direction} map: this rule never writes to ${target}`,
          params: {
            code: 'mapping.unused_value_map',
            hint: `delete values.${direction}, or change the rule`,
          },
        });
      }
    }
  });
export type FieldMapping = z.infer<typeof FieldMappingSchema>;

const fieldShape = Object.fromEntries(
  LEAD_FIELD_NAMES.map((name) => [
    name,
    FieldMappingSchema.meta(
      help({
        expected: 'a mapping with hubspot, salesforce and rule',
        hint: `every lead field needs an entry; write "rule: none" to keep ${name} out of the sync`,
      }),
    ),
  ]),
) as Record<LeadFieldName, typeof FieldMappingSchema>;

export const FieldMappingsSchema = z.strictObject({ fields: z.strictObject(fieldShape) }).meta(
  help({
    expected: 'a map with "fields:" listing every lead field',
    hint: 'start from the shipped mappings/fields.yaml',
  }),
);
export type FieldMappings = z.infer<typeof FieldMappingsSchema>;
