import {
  ConnectorError,
  type DoctorCheck,
  type DoctorExpectations,
} from '../../src/sync/connector.ts';
import type { PropertyCatalog } from './catalog.ts';
import type { HubspotClient } from './client.ts';
import {
  hubspotObject,
  LEADLOOP_PROPERTY_NAMES,
  LEADLOOP_SLA_STATUSES,
  LEADLOOP_STAGES,
  MAPPED_CONTACT_PROPERTIES,
} from './properties.ts';
import { HubspotAccountRaw } from './schemas.ts';

/**
 * `leadloop doctor` for HubSpot: each check says what it found and, when it failed, how to fix
 * it. A rejected token stops the run: every other check would fail for the same reason.
 */
export interface HubspotDoctorExpectations extends DoctorExpectations {
  /**
   * Object → properties leadloop writes: these must be writable. Without it, a read-only
   * mapped property only warns (it may be mapped one-way from HubSpot).
   */
  readonly writtenFields?: Readonly<Record<string, readonly string[]>>;
}

/** What the shipped mappings (mappings/fields.yaml, mappings/stages.yaml) need. */
export const DEFAULT_EXPECTATIONS: HubspotDoctorExpectations = {
  fields: {
    contacts: [...MAPPED_CONTACT_PROPERTIES, 'lifecyclestage', ...LEADLOOP_PROPERTY_NAMES],
  },
  picklistValues: {
    contacts: {
      lifecyclestage: [
        'lead',
        'marketingqualifiedlead',
        'salesqualifiedlead',
        'opportunity',
        'customer',
      ],
      leadloop_stage: LEADLOOP_STAGES,
      leadloop_sla_status: LEADLOOP_SLA_STATUSES,
    },
  },
  writtenFields: {
    contacts: [
      ...MAPPED_CONTACT_PROPERTIES.filter((name) => name !== 'hs_analytics_source'),
      'lifecyclestage',
      ...LEADLOOP_PROPERTY_NAMES,
    ],
  },
};

export interface DoctorOptions {
  readonly budgetShare: number;
  readonly skewWarnMs?: number;
  readonly skewFailMs?: number;
}

type Result = Omit<DoctorCheck, 'system' | 'name'>;

const check = (name: string, result: Result): DoctorCheck => ({
  system: 'hubspot',
  name,
  ...result,
});

function failed(error: unknown, fallbackFix: string): Result {
  return {
    status: 'fail',
    detail: error instanceof Error ? error.message : String(error),
    fix: error instanceof ConnectorError ? (error.hint ?? fallbackFix) : fallbackFix,
  };
}

async function run(name: string, body: () => Promise<Result>, fix: string): Promise<DoctorCheck> {
  try {
    return check(name, await body());
  } catch (error) {
    return check(name, failed(error, fix));
  }
}

export async function doctorHubspot(
  client: HubspotClient,
  catalog: PropertyCatalog,
  expectations: HubspotDoctorExpectations,
  options: DoctorOptions,
): Promise<DoctorCheck[]> {
  try {
    // GET /crm/v3/properties/contacts proves the token and its schema scope in one call.
    await catalog.describe('contacts');
  } catch (error) {
    return [
      check('credentials', failed(error, 'Set HUBSPOT_ACCESS_TOKEN (README, "Environment").')),
    ];
  }
  const checks = [check('credentials', { status: 'ok', detail: await portal(client) })];
  for (const [object, fields] of Object.entries(expectations.fields)) {
    checks.push(
      await run(
        `properties on ${object}`,
        () => propertyCheck(catalog, object, fields, expectations),
        'Run `leadloop setup`.',
      ),
    );
  }
  for (const [object, byField] of Object.entries(expectations.picklistValues)) {
    for (const [field, values] of Object.entries(byField)) {
      checks.push(
        await run(
          `enumeration ${object}.${field}`,
          () => enumerationCheck(catalog, object, field, values),
          'Run `leadloop setup`.',
        ),
      );
    }
  }
  checks.push(check('api budget', budgetCheck(client, options.budgetShare)));
  checks.push(check('clock skew', clockCheck(client, options)));
  return checks;
}

/** Which portal the token belongs to (`GET /account-info/v3/details`); best effort. */
async function portal(client: HubspotClient): Promise<string> {
  try {
    const account = HubspotAccountRaw.parse(await client.get('/account-info/v3/details'));
    const zone = account.timeZone === undefined ? '' : `, time zone ${account.timeZone}`;
    return `HUBSPOT_ACCESS_TOKEN works for portal ${account.portalId}${zone} (${client.baseUrl})`;
  } catch (error) {
    const why = error instanceof ConnectorError ? error.kind : 'unreadable answer';
    return `HUBSPOT_ACCESS_TOKEN works at ${client.baseUrl} (the portal id was not reported: ${why})`;
  }
}

async function propertyCheck(
  catalog: PropertyCatalog,
  object: string,
  fields: readonly string[],
  expectations: HubspotDoctorExpectations,
): Promise<Result> {
  const described = await catalog.describe(hubspotObject(object));
  const written = expectations.writtenFields?.[object];
  const missing = fields.filter((name) => !described.fields.has(name));
  const readOnly = fields.filter((name) => {
    const field = described.fields.get(name);
    return field !== undefined && !field.updateable;
  });
  if (missing.length > 0) {
    const ours = missing.some((name) => name.startsWith('leadloop_'));
    return {
      status: 'fail',
      detail: `${object} has no property ${missing.join(', ')}`,
      fix: ours
        ? 'Run `leadloop setup` to create the leadloop properties.'
        : 'Create the property in HubSpot (Settings → Properties) or fix its internal name in mappings/fields.yaml.',
    };
  }
  const blocked = written === undefined ? [] : readOnly.filter((name) => written.includes(name));
  if (blocked.length > 0) {
    return {
      status: 'fail',
      detail: `${object}: HubSpot computes ${blocked.join(', ')} (read-only or calculated), but the mappings write ${blocked.length === 1 ? 'it' : 'them'}`,
      fix: 'Map these one-way from HubSpot (`always: hubspot`) or choose a writable property in mappings/fields.yaml.',
    };
  }
  if (written === undefined && readOnly.length > 0) {
    return {
      status: 'warn',
      detail: `${object}: ${readOnly.join(', ')} ${readOnly.length === 1 ? 'is' : 'are'} read-only in HubSpot: leadloop can read but never write ${readOnly.length === 1 ? 'it' : 'them'}`,
      fix: 'Make sure the mappings only read these (`always: hubspot`).',
    };
  }
  return {
    status: 'ok',
    detail: `${object}: all ${fields.length} mapped properties exist${written === undefined ? '' : '; written ones are writable'}`,
  };
}

async function enumerationCheck(
  catalog: PropertyCatalog,
  object: string,
  field: string,
  values: readonly string[],
): Promise<Result> {
  const description = (await catalog.describe(hubspotObject(object))).fields.get(field);
  if (description === undefined) {
    return {
      status: 'fail',
      detail: `${object}.${field} does not exist`,
      fix: 'Run `leadloop setup` or fix mappings/fields.yaml.',
    };
  }
  if (description.picklist === undefined) {
    return {
      status: 'warn',
      detail: `${object}.${field} is a ${description.type} property, not an enumeration`,
    };
  }
  const allowed = new Set(description.picklist.values);
  const unknown = values.filter((value) => !allowed.has(value));
  if (unknown.length === 0) {
    return {
      status: 'ok',
      detail: `${object}.${field} accepts all ${values.length} values the mappings write`,
    };
  }
  return {
    status: 'fail',
    detail: `${object}.${field} has no option ${unknown.map((value) => JSON.stringify(value)).join(', ')}: HubSpot rejects such writes (INVALID_OPTION)`,
    fix: `Add the option(s) in HubSpot (Settings → Properties → ${field}), or change the value map in mappings/*.yaml to one of: ${[...allowed].join(', ')}.`,
  };
}

function budgetCheck(client: HubspotClient, share: number): Result {
  const usage = client.budget.usage();
  if (usage.dailyLimit === undefined || usage.dailyUsed === undefined) {
    return {
      status: 'warn',
      detail: 'HubSpot sent no X-HubSpot-RateLimit-Daily headers, so the daily usage is unknown',
    };
  }
  const allowed = Math.floor(usage.dailyLimit * share);
  const left = usage.budgetRemaining ?? 0;
  const detail = `${usage.dailyUsed} of ${usage.dailyLimit} daily API calls used in the portal; leadloop may use up to ${allowed} (${Math.round(share * 100)}%), ${left} left`;
  if (left <= 0) {
    return {
      status: 'fail',
      detail,
      fix: "leadloop pauses until the portal's day rolls over; raise apiBudget.hubspot in config/leadloop.yaml or find what else spends the limit.",
    };
  }
  if (left < allowed * 0.1)
    return { status: 'warn', detail, fix: "Less than 10% of leadloop's share is left today." };
  return { status: 'ok', detail };
}

function clockCheck(client: HubspotClient, options: DoctorOptions): Result {
  const seen = client.lastServerDate;
  if (seen === undefined)
    return { status: 'warn', detail: 'HubSpot sent no Date header to compare with' };
  // The Date header has one-second resolution: allow for it before calling anything skew.
  const skewMs = seen.local.getTime() - seen.server.getTime();
  const magnitude = Math.max(0, Math.abs(skewMs) - 1000);
  const detail = `local clock is ${(Math.abs(skewMs) / 1000).toFixed(1)} s ${skewMs >= 0 ? 'ahead of' : 'behind'} HubSpot`;
  const fix =
    "Synchronise this machine's clock (NTP, e.g. `timedatectl set-ntp true`): SLA due times and sync cursors rely on it.";
  if (magnitude > (options.skewFailMs ?? 60_000)) return { status: 'fail', detail, fix };
  if (magnitude > (options.skewWarnMs ?? 5_000)) return { status: 'warn', detail, fix };
  return { status: 'ok', detail };
}
