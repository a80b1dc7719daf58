import { z } from 'zod';
import {
  LeadFieldsSchema,
  OPPORTUNITY_STATUSES,
  OwnerSchema,
  RecycleSchema,
  ScoreSchema,
  SlaStatusSchema,
} from '../../lead/lead.ts';
import { StageSchema } from '../../lead/stages.ts';
import { VENDOR_ERROR_KINDS } from '../../errors/leadloop-error.ts';

/**
 * Request and response schemas of the admin API. Handlers parse requests with them and
 * check responses against them before sending, and /api/openapi.json is generated from them,
 * so the document cannot drift from what the service does.
 */
const Timestamp = z.iso.datetime({ offset: true });
const pageLimit = (max: number, fallback: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback);

// ---- leads -------------------------------------------------------------------------------
export const ListLeadsQuery = z.strictObject({
  stage: StageSchema.optional(),
  /** Salesforce user id of the owner. */
  owner: z.string().min(1).max(40).optional(),
  slaStatus: SlaStatusSchema.optional(),
  /** Keyset paging: `nextCursor` of the previous page. */
  after: z.uuid().optional(),
  limit: pageLimit(200, 50),
});

export const LeadSummary = z.object({
  id: z.uuid(),
  email: z.string().nullable(),
  fields: LeadFieldsSchema,
  stage: StageSchema,
  score: ScoreSchema.nullable(),
  owner: OwnerSchema.nullable(),
  recycle: RecycleSchema.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const ListLeadsResponse = z.object({
  leads: z.array(LeadSummary),
  /** Pass as `after` for the next page; null on the last page. */
  nextCursor: z.uuid().nullable(),
});

export const LeadParams = z.strictObject({ id: z.uuid() });

export const LeadDetailResponse = z.object({
  lead: LeadSummary,
  /** Why the score is what it is: every rule that fired with its points. */
  scoreReasons: z.array(z.object({ ruleId: z.string(), label: z.string(), points: z.number() })),
  stageHistory: z.array(
    z.object({
      stage: StageSchema,
      fromStage: StageSchema.nullable(),
      at: Timestamp,
      system: z.string(),
      actor: z.string(),
      reason: z.string().nullable(),
    }),
  ),
  /** Every vendor record the lead was ever linked to; unlinked ones carry their reason. */
  links: z.array(
    z.object({
      system: z.string(),
      object: z.string(),
      externalId: z.string(),
      createdAt: Timestamp,
      unlinkedAt: Timestamp.nullable(),
      unlinkReason: z.string().nullable(),
    }),
  ),
  slaClocks: z.array(
    z.object({
      id: z.string(),
      status: SlaStatusSchema,
      handoffAt: Timestamp,
      dueAt: Timestamp,
      ownerId: z.string().nullable(),
      firstTouchAt: Timestamp.nullable(),
      breachedAt: Timestamp.nullable(),
      escalatedAt: Timestamp.nullable(),
      closedAt: Timestamp.nullable(),
    }),
  ),
  opportunities: z.array(
    z.object({
      system: z.string(),
      id: z.string(),
      name: z.string(),
      stage: z.string(),
      amount: z.number().nullable(),
      currency: z.string().nullable(),
      closeDate: z.string().nullable(),
      status: z.enum(OPPORTUNITY_STATUSES),
      lossReason: z.string().nullable(),
    }),
  ),
});

// ---- sync, runs --------------------------------------------------------------------------
export const TriggerSyncBody = z.strictObject({}).default({});
export const TriggerSyncResponse = z.object({
  jobId: z.string().nullable(),
  /** False when a requested sync was already waiting: it will run once, not twice. */
  queued: z.boolean(),
});

export const ListRunsQuery = z.strictObject({
  kind: z.string().min(1).max(40).optional(),
  limit: pageLimit(200, 20),
});
export const ListRunsResponse = z.object({
  runs: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      trigger: z.string(),
      status: z.string(),
      startedAt: Timestamp,
      finishedAt: Timestamp.nullable(),
      summary: z.record(z.string(), z.unknown()),
      error: z.record(z.string(), z.unknown()).nullable(),
    }),
  ),
});

// ---- dead letters ------------------------------------------------------------------------
export const ListDeadLettersQuery = z.strictObject({
  system: z.enum(['salesforce', 'hubspot']).optional(),
  after: z.coerce.number().int().min(0).optional(),
  limit: pageLimit(500, 100),
});
export const DeadLetter = z.object({
  id: z.number().int(),
  runId: z.string().nullable(),
  system: z.string(),
  object: z.string(),
  operation: z.string(),
  leadId: z.string().nullable(),
  externalId: z.string().nullable(),
  errorKind: z.enum(VENDOR_ERROR_KINDS),
  errorCode: z.string().nullable(),
  errorMessage: z.string(),
  attempts: z.number().int(),
  firstFailedAt: Timestamp,
  lastFailedAt: Timestamp,
});
export const ListDeadLettersResponse = z.object({
  deadLetters: z.array(DeadLetter),
  nextCursor: z.number().int().nullable(),
});

export const ReplayBody = z.strictObject({
  /** Dead letter ids; omit to replay every unresolved one. */
  ids: z.array(z.number().int().positive()).min(1).max(500).optional(),
});
export const ReplayResponse = z.object({
  outcomes: z.array(
    z.object({
      id: z.number().int(),
      outcome: z.enum(['replayed', 'failed', 'not_found']),
      message: z.string().optional(),
    }),
  ),
});

// ---- report ------------------------------------------------------------------------------
export const ReportQuery = z
  .strictObject({ from: Timestamp.optional(), to: Timestamp.optional() })
  .refine(
    (q) => q.from === undefined || q.to === undefined || Date.parse(q.from) < Date.parse(q.to),
    {
      message: '`from` must be before `to`',
      path: ['from'],
    },
  );
