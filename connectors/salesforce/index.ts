import { env as processEnv, type Env } from '../../src/config/env.ts';
import type {
  Connector,
  ConnectorBudget,
  DoctorCheck,
  DoctorExpectations,
  SetupItem,
} from '../../src/sync/connector.ts';
import { RefreshGuard, resolveSalesforceAuth } from './auth.ts';
import { ApiBudget } from './budget.ts';
import { SalesforceClient, type SessionToken } from './client.ts';
import { DEFAULT_EXPECTATIONS, doctorSalesforce } from './doctor.ts';
import { ObjectCatalog, PULL_OBJECTS } from './objects.ts';
import { SalesforceReader } from './read.ts';
import { setupSalesforce } from './setup.ts';
import { SalesforceWriter } from './write.ts';

export { SalesforceCursorSchema, type SalesforceCursor } from './cursor.ts';
export { LEADLOOP_FIELDS, PERMISSION_SET_NAME } from './custom-fields.ts';
export { DEFAULT_EXPECTATIONS } from './doctor.ts';
export { PULL_OBJECTS } from './objects.ts';
export type { SessionToken } from './client.ts';

export interface SalesforceConnectorOptions {
  /** Parsed environment (default: the process's, parsed once). */
  readonly env?: Env;
  /** Share of the org's daily API limit leadloop may spend (config `apiBudget.salesforce`, default 0.5). */
  readonly budget?: ConnectorBudget;
  /** Records per collection call (config `sync.batchSize.salesforce`), at most 200. */
  readonly batchSize?: number;
  /** Per-request timeout in ms (default 60 s). */
  readonly timeoutMs?: number;
  /** Extra fields to read per object, e.g. custom fields the admin mapped (`{Lead: ['UTM_Campaign__c']}`). */
  readonly extraFields?: Readonly<Record<string, readonly string[]>>;
  /** Session refreshes allowed per minute before the loop guard gives up (default 3). */
  readonly maxRefreshesPerMinute?: number;
  /** Renews the session instead of the OAuth flow (apps that manage Salesforce sessions themselves). */
  readonly refreshSession?: () => Promise<SessionToken>;
  /** How long describe results are reused (default 15 minutes). */
  readonly describeTtlMs?: number;
}

export interface SalesforceConnector extends Connector {
  readonly system: 'salesforce';
  /** Creates the LeadLoop_* fields and the permission set; safe to run again. */
  setup(): Promise<SetupItem[]>;
  doctor(expectations?: DoctorExpectations): Promise<DoctorCheck[]>;
}

/**
 * The Salesforce side of the Connector port. Credentials are checked at once (one clear
 * error listing what to set); the first network call happens on first use.
 */
export function createSalesforceConnector(
  options: SalesforceConnectorOptions = {},
): SalesforceConnector {
  const settings = options.env ?? processEnv();
  const share = options.budget?.dailyShare ?? 0.5;
  const auth = resolveSalesforceAuth(settings);
  const makeClient = (budget: ApiBudget) =>
    new SalesforceClient({
      auth,
      version: settings.SALESFORCE_API_VERSION,
      budget,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      refreshGuard: new RefreshGuard({ maxPerWindow: options.maxRefreshesPerMinute ?? 3 }),
      ...(options.refreshSession === undefined ? {} : { refreshSession: options.refreshSession }),
    });
  const client = makeClient(new ApiBudget(share));
  const catalog = new ObjectCatalog(client, options.extraFields, options.describeTtlMs);
  const reader = new SalesforceReader(client, catalog);
  const writer = new SalesforceWriter(client, options.batchSize);

  return {
    system: 'salesforce',
    pullObjects: PULL_OBJECTS,
    readPage: (object, cursor, pageOptions) => reader.readPage(object, cursor, pageOptions),
    fetchByIds: (object, ids) => reader.fetchByIds(object, ids),
    findByEmails: (object, emails) => reader.findByEmails(object, emails),
    findByField: (object, field, values) => reader.findByField(object, field, values),
    write: (object, requests) => writer.write(object, requests),
    describe: (object) => catalog.describe(object),
    usage: () => client.budget.usage(),
    close: async () => catalog.invalidate(),
    async setup() {
      const items = await setupSalesforce(client);
      catalog.invalidate();
      return items;
    },
    doctor(expectations = DEFAULT_EXPECTATIONS) {
      // Its own client, held only to the org's whole limit: an admin must be able to
      // diagnose exactly when leadloop's share is spent (doctor makes about a dozen calls).
      const diagnostic = makeClient(new ApiBudget(1));
      const describer = new ObjectCatalog(diagnostic, options.extraFields, 0);
      return doctorSalesforce(diagnostic, describer, expectations, { budgetShare: share });
    },
  };
}

/** `leadloop setup`, Salesforce part. */
export async function runSalesforceSetup(
  options: SalesforceConnectorOptions = {},
): Promise<SetupItem[]> {
  const connector = createSalesforceConnector(options);
  try {
    return await connector.setup();
  } finally {
    await connector.close();
  }
}

/** `leadloop doctor`, Salesforce part: missing or contradictory credentials are a failed check, not a crash. */
export async function runSalesforceDoctor(
  options: SalesforceConnectorOptions = {},
  expectations: DoctorExpectations = DEFAULT_EXPECTATIONS,
): Promise<DoctorCheck[]> {
  let connector: SalesforceConnector;
  try {
    connector = createSalesforceConnector(options);
  } catch (error) {
    const hint =
      error instanceof Error && 'hint' in error && typeof error.hint === 'string'
        ? error.hint
        : undefined;
    return [
      {
        system: 'salesforce',
        name: 'credentials',
        status: 'fail',
        detail: error instanceof Error ? error.message : String(error),
        ...(hint === undefined ? {} : { fix: hint }),
      },
    ];
  }
  try {
    return await connector.doctor(expectations);
  } finally {
    await connector.close();
  }
}
