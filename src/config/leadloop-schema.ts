import { z } from 'zod';
import { help } from './schema-help.ts';
import {
  BudgetShareSchema,
  CronSchema,
  DurationSchema,
  FlagSchema,
  TimeZoneSchema,
} from './values.ts';

/**
 * `config/leadloop.yaml`: which systems run, how the sync behaves, when jobs run, how much of
 * each vendor's API limit leadloop may spend, and where the other config files are.
 * Secrets are never here (see secrets.ts): they come from the environment.
 */
export const SYSTEMS = ['hubspot', 'salesforce'] as const;
export const SystemSchema = z.enum(SYSTEMS).meta(help({ expected: '"hubspot" or "salesforce"' }));
export type System = z.infer<typeof SystemSchema>;

const SystemSettingsSchema = z.strictObject({ enabled: FlagSchema.default(true) });

const batchSize = (max: number, why: string) =>
  z
    .number()
    .int()
    .min(1)
    .max(max)
    .meta(help({ expected: `a whole number from 1 to ${max}`, hint: why }));

export const SyncSettingsSchema = z.strictObject({
  pollInterval: DurationSchema.default({ text: '2m', ms: 120_000 }),
  batchSize: z
    .strictObject({
      hubspot: batchSize(100, 'HubSpot batch endpoints take at most 100 records').default(100),
      salesforce: batchSize(200, 'Salesforce collections take at most 200 records').default(200),
    })
    .prefault({}),
  /** HubSpot search lags writes by seconds; re-reading a short window loses nothing. */
  overlapWindow: DurationSchema.default({ text: '30s', ms: 30_000 }),
  tieBreak: SystemSchema.default('salesforce').meta(
    help({
      expected: '"hubspot" or "salesforce"',
      hint: 'the system that wins a two-way conflict when both changed a field at the same second',
    }),
  ),
  identity: z
    .strictObject({
      /** `jane+news@acme.com` matches `jane@acme.com` when true. */
      foldPlusAddresses: FlagSchema.default(false),
    })
    .prefault({}),
  /** Off by default: a delete in one system unlinks and audits, it never deletes in the other. */
  propagateDeletes: FlagSchema.default(false),
});

export const SchedulesSchema = z.strictObject({
  sync: CronSchema.default('*/2 * * * *'),
  sla: CronSchema.default('* * * * *'),
  reportSnapshot: CronSchema.default('0 6 * * *'),
  timezone: TimeZoneSchema.default('UTC'),
});

export const ApiBudgetSchema = z.strictObject({
  hubspot: BudgetShareSchema,
  salesforce: BudgetShareSchema,
});

const filePath = z
  .string()
  .min(1)
  .meta(help({ expected: 'a file path' }));

export const PathsSchema = z.strictObject({
  /** The folder the other paths start from, relative to this file: `..` is the project root. */
  base: filePath.default('..'),
  scoring: filePath.default('config/scoring.yaml'),
  sla: filePath.default('config/sla.yaml'),
  fields: filePath.default('mappings/fields.yaml'),
  stages: filePath.default('mappings/stages.yaml'),
});

export const NOTIFICATION_EVENTS = ['sla.breached', 'sla.escalated', 'sync.dead_letter'] as const;

/** Slack-compatible alerts; the webhook URL is a secret and comes from LEADLOOP_NOTIFY_URL. */
export const NotificationsSchema = z.strictObject({
  enabled: FlagSchema.default(true),
  events: z.array(z.enum(NOTIFICATION_EVENTS)).default([...NOTIFICATION_EVENTS]),
});

export const HandoffSchema = z.strictObject({
  createSalesforceLeadOnMql: FlagSchema.default(true),
  /** Sends `Sforce-Auto-Assign: TRUE` so the org's lead assignment rules pick the owner. */
  useAssignmentRules: FlagSchema.default(true),
  /** Salesforce requires Company on a Lead; HubSpot contacts often have none. */
  companyPlaceholder: z.string().min(1).default('[not provided]'),
});

export const MainConfigSchema = z.strictObject({
  systems: z
    .strictObject({
      hubspot: SystemSettingsSchema.prefault({}),
      salesforce: SystemSettingsSchema.prefault({}),
    })
    .prefault({}),
  sync: SyncSettingsSchema.prefault({}),
  schedules: SchedulesSchema.prefault({}),
  apiBudget: ApiBudgetSchema.prefault({}),
  paths: PathsSchema.prefault({}),
  notifications: NotificationsSchema.prefault({}),
  handoff: HandoffSchema.prefault({}),
});
export type MainConfig = z.infer<typeof MainConfigSchema>;
