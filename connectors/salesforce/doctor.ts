import {
  ConnectorError,
  type DoctorCheck,
  type DoctorExpectations,
} from '../../src/sync/connector.ts';
import type { SalesforceClient } from './client.ts';
import {
  LEADLOOP_FIELD_NAMES,
  LEADLOOP_OBJECTS,
  LEADLOOP_SLA_STATUSES,
  LEADLOOP_STAGES,
  PERMISSION_SET_NAME,
} from './custom-fields.ts';
import type { ObjectCatalog } from './objects.ts';
import { SalesforceIdentityRaw, SalesforceLimitsRaw, SalesforceVersionsRaw } from './schemas.ts';

/**
 * `leadloop doctor` for Salesforce: each check says what it found and, when it failed, how to
 * fix it. A failed sign-in stops the run: every other check would fail for the same reason.
 */
export const DEFAULT_EXPECTATIONS: DoctorExpectations = {
  fields: Object.fromEntries(
    LEADLOOP_OBJECTS.map((object) => [object, ['Email', ...LEADLOOP_FIELD_NAMES]]),
  ),
  picklistValues: Object.fromEntries(
    LEADLOOP_OBJECTS.map((object) => [
      object,
      { LeadLoop_Stage__c: LEADLOOP_STAGES, LeadLoop_SLA_Status__c: LEADLOOP_SLA_STATUSES },
    ]),
  ),
};

export interface DoctorOptions {
  readonly budgetShare: number;
  /** Skew up to this is fine; SLA clocks compare our time with Salesforce's. */
  readonly skewWarnMs?: number;
  readonly skewFailMs?: number;
}

const check = (
  name: string,
  status: DoctorCheck['status'],
  detail: string,
  fix?: string,
): DoctorCheck => ({
  system: 'salesforce',
  name,
  status,
  detail,
  ...(fix === undefined ? {} : { fix }),
});

const failure = (name: string, error: unknown, fallbackFix: string): DoctorCheck =>
  check(
    name,
    'fail',
    error instanceof Error ? error.message : String(error),
    error instanceof ConnectorError ? (error.hint ?? fallbackFix) : fallbackFix,
  );

export async function doctorSalesforce(
  client: SalesforceClient,
  catalog: ObjectCatalog,
  expectations: DoctorExpectations,
  options: DoctorOptions,
): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  try {
    // GET /services/data/vXX → identity URL, then GET the identity (user and org).
    const identity = SalesforceIdentityRaw.parse(await client.call((conn) => conn.identity()));
    checks.push(
      check(
        'credentials',
        'ok',
        `Signed in as ${identity.username ?? identity.user_id} (org ${identity.organization_id}, ${client.auth.mode.replace('_', ' ')})`,
      ),
    );
  } catch (error) {
    return [
      failure('credentials', error, 'Check the SALESFORCE_* variables (README, "Environment").'),
    ];
  }

  checks.push(
    await runCheck(
      'api version',
      () => apiVersion(client),
      'Set SALESFORCE_API_VERSION to a version the org lists.',
    ),
  );
  for (const [object, fields] of Object.entries(expectations.fields)) {
    checks.push(
      await runCheck(
        `fields on ${object}`,
        () => fieldCheck(catalog, object, fields, expectations),
        'Run `leadloop setup`.',
      ),
    );
  }
  for (const [object, byField] of Object.entries(expectations.picklistValues)) {
    for (const [field, values] of Object.entries(byField)) {
      checks.push(
        await runCheck(
          `picklist ${object}.${field}`,
          () => picklistCheck(catalog, object, field, values),
          'Run `leadloop setup`.',
        ),
      );
    }
  }
  checks.push(
    await runCheck(
      'api budget',
      () => budgetCheck(client, options.budgetShare),
      'Wait for the daily window to roll over, or raise apiBudget.salesforce in config/leadloop.yaml.',
    ),
  );
  checks.push(clockCheck(client, options));
  return checks;
}

async function runCheck(
  name: string,
  run: () => Promise<Omit<DoctorCheck, 'system' | 'name'>>,
  fallbackFix: string,
): Promise<DoctorCheck> {
  try {
    return { system: 'salesforce', name, ...(await run()) };
  } catch (error) {
    return failure(name, error, fallbackFix);
  }
}

type Result = Omit<DoctorCheck, 'system' | 'name'>;

async function apiVersion(client: SalesforceClient): Promise<Result> {
  // GET /services/data lists every REST API version the org serves.
  const versions = SalesforceVersionsRaw.parse(
    await client.call((conn) => conn.request('/services/data')),
  );
  const wanted = client.conn.version;
  const newest = versions.at(-1)?.version ?? 'unknown';
  return versions.some((entry) => entry.version === wanted)
    ? { status: 'ok', detail: `API v${wanted} is supported (newest: v${newest})` }
    : {
        status: 'fail',
        detail: `API v${wanted} is not served by this org (newest: v${newest})`,
        fix: `Set SALESFORCE_API_VERSION=${newest}.`,
      };
}

async function fieldCheck(
  catalog: ObjectCatalog,
  object: string,
  fields: readonly string[],
  expectations: DoctorExpectations,
): Promise<Result> {
  const described = await catalog.describe(object);
  const written = new Set([
    ...Object.keys(expectations.picklistValues[object] ?? {}),
    ...fields.filter((field) => field.startsWith('LeadLoop_')),
  ]);
  const missing: string[] = [];
  const readOnly: string[] = [];
  for (const field of fields) {
    const head = field.split('.')[0] ?? field;
    const found = field.includes('.')
      ? described.relationships.has(head)
      : described.fields.has(field);
    if (!found) missing.push(field);
    else if (written.has(field)) {
      const description = described.fields.get(field);
      if (description !== undefined && !(description.createable && description.updateable))
        readOnly.push(field);
    }
  }
  if (missing.length > 0) {
    const ours = missing.some((field) => field.startsWith('LeadLoop_'));
    return {
      status: 'fail',
      detail: `${object} lacks (or the API user cannot see) ${missing.join(', ')}`,
      fix: ours
        ? `Run \`leadloop setup\` and assign the ${PERMISSION_SET_NAME} permission set to the API user.`
        : 'Create the field or fix its name in mappings/fields.yaml, and grant the API user field-level security on it.',
    };
  }
  if (readOnly.length > 0) {
    return {
      status: 'fail',
      detail: `${object}: the API user can see but not write ${readOnly.join(', ')}`,
      fix: `Grant Edit on these fields (the ${PERMISSION_SET_NAME} permission set does it for LeadLoop fields).`,
    };
  }
  return {
    status: 'ok',
    detail: `${object}: all ${fields.length} mapped fields exist and are visible${written.size > 0 ? '; written ones are editable' : ''}`,
  };
}

async function picklistCheck(
  catalog: ObjectCatalog,
  object: string,
  field: string,
  values: readonly string[],
): Promise<Result> {
  const description = (await catalog.describe(object)).fields.get(field);
  if (description === undefined)
    return {
      status: 'fail',
      detail: `${object}.${field} does not exist`,
      fix: 'Run `leadloop setup` or fix mappings/fields.yaml.',
    };
  if (description.picklist === undefined)
    return {
      status: 'warn',
      detail: `${object}.${field} is a ${description.type} field, not a picklist`,
    };
  const allowed = new Set(description.picklist.values);
  const unknown = values.filter((value) => !allowed.has(value));
  if (unknown.length === 0)
    return {
      status: 'ok',
      detail: `${object}.${field} accepts all ${values.length} values the mappings write`,
    };
  const detail = `${object}.${field} has no value ${unknown.map((value) => JSON.stringify(value)).join(', ')}`;
  const fix = `Add the values in Setup → Object Manager → ${object} → ${field}, or change the value map in mappings/*.yaml.`;
  // A restricted picklist rejects the record; an open one stores the stray value silently.
  return description.picklist.restricted
    ? { status: 'fail', detail: `${detail} (restricted picklist: such writes are rejected)`, fix }
    : {
        status: 'warn',
        detail: `${detail} (unrestricted: Salesforce would store it, but reports will not know it)`,
        fix,
      };
}

async function budgetCheck(client: SalesforceClient, share: number): Promise<Result> {
  // GET /limits → DailyApiRequests {Max, Remaining} for the org's rolling 24 hours.
  const limits = SalesforceLimitsRaw.parse(await client.call((conn) => conn.limits()));
  const { Max: max, Remaining: remaining } = limits.DailyApiRequests;
  const used = max - remaining;
  client.budget.observe(used, max);
  const allowed = Math.floor(max * share);
  const left = allowed - used;
  const detail = `${used} of ${max} daily API calls used; leadloop may use up to ${allowed} (${Math.round(share * 100)}%), ${Math.max(0, left)} left`;
  if (left <= 0)
    return {
      status: 'fail',
      detail,
      fix: 'leadloop pauses until usage drops; raise apiBudget.salesforce in config/leadloop.yaml or find what else spends the limit.',
    };
  if (left < allowed * 0.1)
    return { status: 'warn', detail, fix: "Less than 10% of leadloop's share is left today." };
  return { status: 'ok', detail };
}

function clockCheck(client: SalesforceClient, options: DoctorOptions): DoctorCheck {
  const seen = client.lastServerDate;
  if (seen === undefined)
    return check('clock skew', 'warn', 'Salesforce sent no Date header to compare with');
  // The Date header has one-second resolution: allow for it before calling anything skew.
  const skewMs = seen.local.getTime() - seen.server.getTime();
  const magnitude = Math.max(0, Math.abs(skewMs) - 1000);
  const detail = `local clock is ${(Math.abs(skewMs) / 1000).toFixed(1)} s ${skewMs >= 0 ? 'ahead of' : 'behind'} Salesforce`;
  const fix =
    "Synchronise this machine's clock (NTP, e.g. `timedatectl set-ntp true`): SLA due times and sync cursors rely on it.";
  if (magnitude > (options.skewFailMs ?? 60_000)) return check('clock skew', 'fail', detail, fix);
  if (magnitude > (options.skewWarnMs ?? 5_000)) return check('clock skew', 'warn', detail, fix);
  return check('clock skew', 'ok', detail);
}
