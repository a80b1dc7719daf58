import { z } from 'zod';
import { help } from '../config/schema-help.ts';
import { STAGES, StageSchema, type Stage } from '../lead/stages.ts';

/**
 * `mappings/stages.yaml`: which leadloop stage each HubSpot lifecycle stage and Salesforce
 * status means (DESIGN.md "Stages"), and what leadloop writes back to HubSpot.
 */

/** Where a recycle or disqualification gets its reason: a field on the record, a fixed text, or both. */
export interface StageTarget {
  stage: Stage;
  /** Fixed reason, or the fallback when `reasonField` is blank. */
  reason?: string;
  /** Salesforce field holding the reason sales gave, e.g. `LeadLoop_Recycle_Reason__c`. */
  reasonField?: string;
}

/** Backward moves are legal only through these, and must carry a reason (DESIGN.md). */
const NEEDS_REASON: readonly Stage[] = ['recycled', 'disqualified'];
const STAGE_EXPECTED = `a leadloop stage: ${STAGES.join(', ')}`;
const REASON_HINT =
  'a recycle needs a reason: write "stage: recycled" with "reason: <text>" and/or "reasonField: <Salesforce field>" on indented lines';

const KnownStageSchema = StageSchema.meta(help({ expected: STAGE_EXPECTED }));

const StageTargetSchema = z
  .union([
    KnownStageSchema.transform((stage): StageTarget => ({ stage })),
    z
      .strictObject({
        stage: KnownStageSchema,
        reason: z.string().min(1).optional(),
        reasonField: z
          .string()
          .regex(/^[A-Za-z][A-Za-z0-9_]*$/)
          .optional(),
      })
      .transform(({ stage, reason, reasonField }): StageTarget => ({
        stage,
        ...(reason === undefined ? {} : { reason }),
        ...(reasonField === undefined ? {} : { reasonField }),
      })),
  ])
  .superRefine((target, context) => {
    if (
      NEEDS_REASON.includes(target.stage) &&
      target.reason === undefined &&
      target.reasonField === undefined
    ) {
      context.addIssue({
        code: 'custom',
        message: `expected a reason source for ${target.stage}`,
        params: { code: 'mapping.recycle_without_reason', hint: REASON_HINT },
      });
    }
  })
  .meta(help({ expected: `${STAGE_EXPECTED}, or a map with stage and reason` }));

const stageMap = (what: string) =>
  z
    .record(z.string(), StageTargetSchema)
    .refine((map) => Object.keys(map).length > 0, { message: `expected at least one ${what}` });

/** leadloop stage → HubSpot lifecycle value written back; `recycled` has its own setting. */
const lifecycleShape = Object.fromEntries(
  STAGES.filter((stage) => stage !== 'recycled').map((stage) => [
    stage,
    z.string().min(1).optional(),
  ]),
) as Record<Exclude<Stage, 'recycled'>, z.ZodOptional<z.ZodString>>;

const DEFAULT_LIFECYCLE_FOR = {
  inquiry: 'lead',
  mql: 'marketingqualifiedlead',
  sql: 'salesqualifiedlead',
  opportunity: 'opportunity',
  customer: 'customer',
};

export const StageMappingsSchema = z
  .strictObject({
    hubspot: z.strictObject({
      lifecyclestage: stageMap('HubSpot lifecycle stage'),
      lifecycleFor: z.strictObject(lifecycleShape).default(DEFAULT_LIFECYCLE_FOR),
      recycledLifecycle: z.string().min(1).default('lead'),
    }),
    salesforce: z.strictObject({
      leadStatus: stageMap('Salesforce Lead Status'),
      opportunity: z.strictObject({
        open: StageTargetSchema,
        closedWon: StageTargetSchema,
        closedLost: StageTargetSchema,
      }),
      /**
       * Reasons that mean "not a real lead" (bad data, a competitor): a lead closed with one of
       * them is disqualified, not recycled to nurture. Compared without regard to case.
       */
      disqualifyReasons: z.array(z.string().min(1)).default([]),
    }),
  })
  .superRefine((mappings, context) => {
    // leadloop can only write lifecycle values this portal has: the ones mapped above.
    const known = Object.keys(mappings.hubspot.lifecyclestage);
    const written: [string[], string][] = [
      ...Object.entries(mappings.hubspot.lifecycleFor).map(([stage, value]): [string[], string] => [
        ['hubspot', 'lifecycleFor', stage],
        value ?? '',
      ]),
      [['hubspot', 'recycledLifecycle'], mappings.hubspot.recycledLifecycle],
    ];
    for (const [path, value] of written) {
      if (value === '' || known.includes(value)) continue;
      context.addIssue({
        code: 'custom',
        path,
        message: `expected a lifecycle stage listed under hubspot.lifecyclestage (${known.join(', ')})`,
        params: {
          code: 'mapping.unknown_lifecycle',
          hint: 'add it to hubspot.lifecyclestage, or pick one listed there',
        },
      });
    }
  })
  .meta(
    help({
      expected: 'a map with "hubspot:" and "salesforce:" stage maps',
      hint: 'start from the shipped mappings/stages.yaml',
    }),
  );
export type StageMappings = z.infer<typeof StageMappingsSchema>;
