import { z } from 'zod';
import { StageSchema } from './stages.ts';

/**
 * The universal lead (DESIGN.md "The universal lead"): one record both systems agree on.
 * Every timestamp is an ISO-8601 UTC string (`2026-03-09T14:30:00.000Z`).
 */

/** An ISO-8601 instant in UTC (a trailing `Z`; leadloop stores nothing else). */
export const UtcTimestampSchema = z.iso.datetime({ offset: false });

/** A calendar date `YYYY-MM-DD` (opportunity close date). */
export const IsoDateSchema = z.iso.date();

export const LEAD_FIELD_NAMES = [
  'email',
  'firstName',
  'lastName',
  'company',
  'title',
  'phone',
  'country',
  'leadSource',
  'campaign',
  'owner',
] as const;
export type LeadFieldName = (typeof LEAD_FIELD_NAMES)[number];

/** A field is text, null when a system holds it blank, absent when no system has it. */
const FieldValueSchema = z.string().nullable().optional();

export const LeadFieldsSchema = z.strictObject({
  email: FieldValueSchema,
  firstName: FieldValueSchema,
  lastName: FieldValueSchema,
  company: FieldValueSchema,
  title: FieldValueSchema,
  phone: FieldValueSchema,
  country: FieldValueSchema,
  leadSource: FieldValueSchema,
  campaign: FieldValueSchema,
  owner: FieldValueSchema,
} satisfies Record<LeadFieldName, typeof FieldValueSchema>);
export type LeadFields = z.infer<typeof LeadFieldsSchema>;

/** Identity: leadloop's own id, the vendor record ids it is linked to, the email it matches by. */
export const LeadLinksSchema = z.strictObject({
  leadloopId: z.uuid(),
  salesforce: z.strictObject({
    leadId: z.string().min(1).optional(),
    contactId: z.string().min(1).optional(),
    accountId: z.string().min(1).optional(),
  }),
  hubspot: z.strictObject({
    contactId: z.string().min(1).optional(),
  }),
  /** Trimmed and lower-cased; null for a lead without an email (rare: a Salesforce-only Lead). */
  normalizedEmail: z.string().nullable(),
});
export type LeadLinks = z.infer<typeof LeadLinksSchema>;

export const ScoreReasonSchema = z.strictObject({
  ruleId: z.string().min(1),
  label: z.string().min(1),
  points: z.number(),
});
export type ScoreReason = z.infer<typeof ScoreReasonSchema>;

export const GRADES = ['A', 'B', 'C', 'D'] as const;
export const GradeSchema = z.enum(GRADES);
export type Grade = z.infer<typeof GradeSchema>;

export const ScoreSchema = z.strictObject({
  total: z.number().int(),
  grade: GradeSchema,
  /** Every rule that fired, in config order; their points add up to `total` before rounding. */
  reasons: z.array(ScoreReasonSchema),
});
export type Score = z.infer<typeof ScoreSchema>;

export const SYSTEMS = ['salesforce', 'hubspot', 'leadloop'] as const;
export const StageHistoryEntrySchema = z.strictObject({
  stage: StageSchema,
  at: UtcTimestampSchema,
  /** Where the change was made; `leadloop` for its own decisions (score reached MQL). */
  system: z.enum(SYSTEMS),
  /** Who made it: a user's name or id in that system, or `leadloop`. */
  actor: z.string().min(1),
  reason: z.string().min(1).optional(),
});
export type StageHistoryEntry = z.infer<typeof StageHistoryEntrySchema>;

export const OwnerSchema = z.strictObject({
  salesforceUserId: z.string().min(1).optional(),
  name: z.string().min(1).optional(),
  email: z.string().min(1).optional(),
});
export type Owner = z.infer<typeof OwnerSchema>;

export const OPPORTUNITY_STATUSES = ['open', 'won', 'lost'] as const;
export const OpportunitySchema = z.strictObject({
  id: z.string().min(1),
  name: z.string(),
  /** The CRM's own opportunity stage name, e.g. `Negotiation/Review`. */
  stage: z.string(),
  amount: z.number().optional(),
  /** ISO 4217 code, e.g. `USD`. */
  currency: z.string().length(3).optional(),
  closeDate: IsoDateSchema.optional(),
  status: z.enum(OPPORTUNITY_STATUSES),
  lossReason: z.string().min(1).optional(),
});
export type Opportunity = z.infer<typeof OpportunitySchema>;

export const SLA_STATUSES = ['on_track', 'met', 'breached', 'escalated'] as const;
export const SlaStatusSchema = z.enum(SLA_STATUSES);
export type SlaStatus = z.infer<typeof SlaStatusSchema>;

/** The follow-up clock started at handoff (docs/specs/sla-clock.md). */
export const SlaClockSchema = z.strictObject({
  startedAt: UtcTimestampSchema,
  dueAt: UtcTimestampSchema,
  firstTouchAt: UtcTimestampSchema.optional(),
  breachedAt: UtcTimestampSchema.optional(),
  escalatedAt: UtcTimestampSchema.optional(),
  status: SlaStatusSchema,
});
export type SlaClock = z.infer<typeof SlaClockSchema>;

export const RecycleSchema = z.strictObject({
  /** Why sales sent the lead back to nurture, in their words. */
  reason: z.string().min(1),
  at: UtcTimestampSchema,
  /** How many times this lead has been recycled, this one included. */
  count: z.number().int().positive(),
});
export type Recycle = z.infer<typeof RecycleSchema>;

const OFF_FUNNEL_STAGES = new Set(['recycled', 'disqualified']);

export const LeadSchema = z
  .strictObject({
    links: LeadLinksSchema,
    fields: LeadFieldsSchema,
    score: ScoreSchema.optional(),
    stage: StageSchema,
    /** Oldest first; the last entry's stage is `stage`. */
    stageHistory: z.array(StageHistoryEntrySchema),
    owner: OwnerSchema.optional(),
    opportunities: z.array(OpportunitySchema),
    sla: SlaClockSchema.optional(),
    recycle: RecycleSchema.optional(),
    createdAt: UtcTimestampSchema,
    updatedAt: UtcTimestampSchema,
  })
  .superRefine((lead, context) => {
    // docs/specs/stages.md, "Invariants".
    const last = lead.stageHistory.at(-1);
    if (last !== undefined && last.stage !== lead.stage) {
      context.addIssue({
        code: 'custom',
        message: `expected stage ${last.stage}, the last stage in its history`,
        path: ['stage'],
      });
    }
    lead.stageHistory.forEach((entry, index) => {
      const previous = lead.stageHistory[index - 1]?.stage;
      const entersOffFunnel = OFF_FUNNEL_STAGES.has(entry.stage) && previous !== entry.stage;
      const leavesDisqualified = previous === 'disqualified' && entry.stage !== 'disqualified';
      if ((entersOffFunnel || leavesDisqualified) && (entry.reason ?? '').trim() === '') {
        context.addIssue({
          code: 'custom',
          message: `expected a reason for the move to ${entry.stage}`,
          path: ['stageHistory', index, 'reason'],
        });
      }
    });
  });
export type Lead = z.infer<typeof LeadSchema>;
