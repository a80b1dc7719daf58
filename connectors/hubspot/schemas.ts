import { z } from 'zod';
import { ConnectorError } from '../../src/sync/connector.ts';

/**
 * Raw HubSpot shapes (STYLE.md §2), parsed right after each call. The SDK has already turned
 * the JSON into its model classes: timestamps arrive as `Date`s, unknown keys are dropped,
 * property values stay strings (null when a requested property has no value).
 */
const Instant = z.union([z.date(), z.string()]).transform((value, ctx) => {
  const at = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(at.getTime())) {
    ctx.addIssue({ code: 'custom', message: `not a timestamp: ${String(value)}` });
    return z.NEVER;
  }
  return at.toISOString();
});

/** One entry of `propertiesWithHistory` (`ValueWithTimestamp`): newest first. */
export const HubspotHistoryEntryRaw = z.object({
  value: z.string(),
  timestamp: Instant,
  sourceType: z.string(),
  sourceId: z.string().optional(),
  sourceLabel: z.string().optional(),
  updatedByUserId: z.number().optional(),
});
export type HubspotHistoryEntryRaw = z.infer<typeof HubspotHistoryEntryRaw>;

const objectShape = {
  id: z.string().regex(/^\d+$/, 'HubSpot record ids are digits'),
  properties: z.record(z.string(), z.string().nullable()),
  propertiesWithHistory: z.record(z.string(), z.array(HubspotHistoryEntryRaw)).optional(),
  createdAt: Instant,
  updatedAt: Instant,
  archived: z.boolean().optional(),
  archivedAt: Instant.optional(),
  objectWriteTraceId: z.string().optional(),
};

/** `SimplePublicObject` for a contact (`updatedAt` mirrors `lastmodifieddate`). */
export const HubspotContactRaw = z.object(objectShape);
export type HubspotContactRaw = z.infer<typeof HubspotContactRaw>;

/** `SimplePublicObject` for a deal (`updatedAt` mirrors `hs_lastmodifieddate`). */
export const HubspotDealRaw = z.object(objectShape);
export type HubspotDealRaw = z.infer<typeof HubspotDealRaw>;

export type HubspotObjectRaw = HubspotContactRaw | HubspotDealRaw;

/** Upsert results add `new`: the SDK names it `_new` (a reserved word in its generator). */
export const HubspotUpsertResultRaw = z.object({ ...objectShape, _new: z.boolean().optional() });
export type HubspotUpsertResultRaw = z.infer<typeof HubspotUpsertResultRaw>;

/** One problem inside an error: `{message, code, context: {propertyName: [...]}}`. */
export const HubspotErrorDetailRaw = z.object({
  message: z.string(),
  code: z.string().optional(),
  in: z.string().optional(),
  _in: z.string().optional(),
  subCategory: z.unknown().optional(),
  context: z.record(z.string(), z.array(z.string())).optional(),
});
export type HubspotErrorDetailRaw = z.infer<typeof HubspotErrorDetailRaw>;

/** A per-input failure of a 207 batch answer (`StandardError`). */
export const HubspotBatchErrorRaw = z.object({
  status: z.string().optional(),
  category: z.string(),
  message: z.string(),
  subCategory: z.unknown().optional(),
  context: z.record(z.string(), z.array(z.string())).optional(),
  errors: z.array(HubspotErrorDetailRaw).optional(),
  id: z.string().optional(),
});
export type HubspotBatchErrorRaw = z.infer<typeof HubspotBatchErrorRaw>;

const batchEnvelope = {
  status: z.string(),
  numErrors: z.number().optional(),
  errors: z.array(HubspotBatchErrorRaw).optional(),
};

export const HubspotBatchReadRaw = z.object({
  ...batchEnvelope,
  results: z.array(HubspotContactRaw),
});
export const HubspotBatchUpdateRaw = HubspotBatchReadRaw;
export const HubspotBatchUpsertRaw = z.object({
  ...batchEnvelope,
  results: z.array(HubspotUpsertResultRaw),
});
export type HubspotBatchReadRaw = z.infer<typeof HubspotBatchReadRaw>;
export type HubspotBatchUpsertRaw = z.infer<typeof HubspotBatchUpsertRaw>;

export const HubspotSearchPageRaw = z.object({
  total: z.number(),
  results: z.array(HubspotContactRaw),
  paging: z
    .object({ next: z.object({ after: z.string(), link: z.string().optional() }).optional() })
    .optional(),
});
export type HubspotSearchPageRaw = z.infer<typeof HubspotSearchPageRaw>;

/**
 * An error body as HubSpot sends it (read from the raw response, so `policyName` and
 * `errorType`, which the SDK's model drops, are still there). Every field is optional:
 * HubSpot's docs say so, and proxies in front of it answer HTML.
 */
export const HubspotErrorRaw = z.looseObject({
  status: z.string().optional(),
  message: z.string().optional(),
  correlationId: z.string().optional(),
  category: z.string().optional(),
  subCategory: z.unknown().optional(),
  errorType: z.string().optional(),
  policyName: z.string().optional(),
  errors: z.array(HubspotErrorDetailRaw).optional(),
  context: z.record(z.string(), z.array(z.string())).optional(),
});
export type HubspotErrorRaw = z.infer<typeof HubspotErrorRaw>;

export const HubspotPropertyRaw = z.object({
  name: z.string(),
  label: z.string(),
  type: z.string(),
  fieldType: z.string(),
  groupName: z.string(),
  options: z.array(
    z.object({ label: z.string(), value: z.string(), hidden: z.boolean().optional() }),
  ),
  hasUniqueValue: z.boolean().optional(),
  calculated: z.boolean().optional(),
  hubspotDefined: z.boolean().optional(),
  archived: z.boolean().optional(),
  modificationMetadata: z
    .object({ readOnlyValue: z.boolean(), readOnlyDefinition: z.boolean().optional() })
    .optional(),
});
export type HubspotPropertyRaw = z.infer<typeof HubspotPropertyRaw>;

export const HubspotPropertiesRaw = z.object({ results: z.array(HubspotPropertyRaw) });

export const HubspotPropertyGroupsRaw = z.object({
  results: z.array(z.object({ name: z.string(), label: z.string() })),
});

/** `GET /account-info/v3/details`: which portal the token belongs to. */
export const HubspotAccountRaw = z.looseObject({
  portalId: z.number(),
  timeZone: z.string().optional(),
  accountType: z.string().optional(),
  uiDomain: z.string().optional(),
});

/** Parses a vendor answer; a shape leadloop cannot read is a clear error, not a crash deeper in. */
export function parseRaw<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ConnectorError('hubspot', 'unknown', `HubSpot returned ${what} leadloop cannot read`, {
    code: 'hubspot.unexpected_shape',
    hint: 'This is a leadloop bug or a HubSpot API change; the issues are in details.',
    details: {
      issues: parsed.error.issues
        .slice(0, 10)
        .map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    },
  });
}
