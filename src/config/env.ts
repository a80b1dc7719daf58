import { z } from 'zod';
import { LeadloopError } from '../errors/leadloop-error.ts';

/**
 * The environment, parsed once with zod into a frozen object (STYLE.md §8). Nothing else in
 * src/ or connectors/ reads `process.env` (an ESLint rule enforces it). Names are the contract
 * in DESIGN.md.
 */
const blankAsUndefined = (value: unknown) => (value === '' ? undefined : value);
const optionalString = z.preprocess(blankAsUndefined, z.string().optional());
const optionalUrl = z.preprocess(blankAsUndefined, z.url().optional());

export const EnvSchema = z.object({
  SALESFORCE_INSTANCE_URL: optionalUrl,
  SALESFORCE_ACCESS_TOKEN: optionalString,
  SALESFORCE_LOGIN_URL: optionalUrl,
  SALESFORCE_CLIENT_ID: optionalString,
  SALESFORCE_CLIENT_SECRET: optionalString,
  SALESFORCE_USERNAME: optionalString,
  SALESFORCE_PRIVATE_KEY_FILE: optionalString,
  SALESFORCE_API_VERSION: z.preprocess(
    blankAsUndefined,
    z
      .string()
      .regex(/^\d{2,3}\.0$/, 'expected a version like 62.0')
      .default('62.0'),
  ),
  HUBSPOT_ACCESS_TOKEN: optionalString,
  HUBSPOT_BASE_URL: z.preprocess(blankAsUndefined, z.url().default('https://api.hubapi.com')),
  HUBSPOT_CLIENT_SECRET: optionalString,
  /** leadloop's own HubSpot app id: webhook events whose `sourceId` is this are its echoes. */
  HUBSPOT_APP_ID: optionalString,
  /** Shared secret of the Salesforce Flow/Apex webhook callout (`X-LeadLoop-Signature`). */
  SALESFORCE_WEBHOOK_SECRET: optionalString,
  /** The org whose Outbound Messages `POST /webhooks/salesforce` accepts (15 or 18 chars). */
  SALESFORCE_ORG_ID: optionalString,
  /**
   * The service's public base URL as vendors call it (`https://leadloop.example.com`), when a
   * proxy sits in front: HubSpot signs the URL it called, not the one the service sees.
   */
  LEADLOOP_PUBLIC_URL: optionalUrl,
  DATABASE_URL: optionalString,
  LEADLOOP_DATA_DIR: z.preprocess(blankAsUndefined, z.string().default('./data')),
  LEADLOOP_CONFIG: z.preprocess(blankAsUndefined, z.string().default('config/leadloop.yaml')),
  LEADLOOP_ADMIN_TOKEN: optionalString,
  LEADLOOP_NOTIFY_URL: optionalUrl,
  LEADLOOP_NOW: z.preprocess(blankAsUndefined, z.iso.datetime({ offset: true }).optional()),
  PORT: z.preprocess(blankAsUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
  LOG_LEVEL: z.preprocess(
    blankAsUndefined,
    z.enum(['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly']).default('info'),
  ),
  LOG_FORMAT: z.preprocess(blankAsUndefined, z.enum(['json', 'pretty']).optional()),
});
export type Env = Readonly<z.infer<typeof EnvSchema>>;

/** Names whose values are secrets: redacted from every log line (src/log). */
export const SECRET_ENV_NAMES = [
  'SALESFORCE_ACCESS_TOKEN',
  'SALESFORCE_CLIENT_SECRET',
  'HUBSPOT_ACCESS_TOKEN',
  'HUBSPOT_CLIENT_SECRET',
  'SALESFORCE_WEBHOOK_SECRET',
  'LEADLOOP_ADMIN_TOKEN',
  'DATABASE_URL',
  'LEADLOOP_NOTIFY_URL',
] as const satisfies readonly (keyof Env)[];

export class EnvError extends LeadloopError {}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new EnvError('config.env_invalid', `Invalid environment: ${problems.join('; ')}`, {
      hint: 'Fix or unset the variables named above (see the Environment table in README.md).',
      details: { problems },
    });
  }
  return Object.freeze(result.data);
}

let cached: Env | undefined;
/** The process environment, parsed on first use. */
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}
