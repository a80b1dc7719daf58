import { env as processEnv, type Env } from '../../src/config/env.ts';
import type {
  Connector,
  ConnectorBudget,
  DoctorCheck,
  SetupItem,
  SystemRecord,
} from '../../src/sync/connector.ts';
import { HubspotBudget, type PacingClock } from './budget.ts';
import { PropertyCatalog } from './catalog.ts';
import { hubspotClientFromEnv } from './client.ts';
import { DEFAULT_EXPECTATIONS, doctorHubspot, type HubspotDoctorExpectations } from './doctor.ts';
import { RequestPacer } from './pacer.ts';
import { hubspotObject, type HubspotObject } from './properties.ts';
import { HubspotReader, type FetchOptions } from './read.ts';
import { setupHubspot } from './setup.ts';
import { HubspotWriter } from './write.ts';

export { HubspotCursorSchema, type HubspotCursor } from './cursor.ts';
export { DEFAULT_EXPECTATIONS, type HubspotDoctorExpectations } from './doctor.ts';
export {
  HISTORY_PROPERTIES,
  HUBSPOT_OBJECTS,
  LEADLOOP_GROUP,
  LEADLOOP_PROPERTIES,
  LEADLOOP_PROPERTY_NAMES,
  READ_PROPERTIES,
  type HubspotObject,
} from './properties.ts';
export { HubspotApiError, SCOPES_NEEDED } from './errors.ts';
export type { FetchOptions } from './read.ts';
export type { PacingClock } from './budget.ts';

export interface HubspotConnectorOptions {
  /** Parsed environment (default: the process's, parsed once). */
  readonly env?: Env;
  /** Share of the portal's daily API limit leadloop may spend (config `apiBudget.hubspot`, default 0.5). */
  readonly budget?: ConnectorBudget;
  /** Inputs per batch call (config `sync.batchSize.hubspot`), at most 100. */
  readonly batchSize?: number;
  /** A socket silent this long fails the call as `transient` (default 30 s). */
  readonly timeoutMs?: number;
  /** How much of the previous window each scan re-reads, for search-index lag (config `sync.overlapWindow`, default 30 s). */
  readonly overlapMs?: number;
  /**
   * leadloop's private app id (in the app's URL under Settings → Integrations → Private
   * Apps). Property history entries with this source id are leadloop's own writes; without
   * it, records carry no `fieldChangedByLeadloop`.
   */
  readonly appId?: string | number;
  /** Objects pulled every cycle (default contacts only: the lead lives there). */
  readonly pullObjects?: readonly HubspotObject[];
  /** Extra properties to read, e.g. custom ones the admin mapped (`{contacts: ['utm_source']}`). */
  readonly extraProperties?: Readonly<Partial<Record<HubspotObject, readonly string[]>>>;
  /** How long property definitions are reused (default 15 minutes). */
  readonly describeTtlMs?: number;
  /** Time for budget and pacing (tests replace it so that waiting is instant). */
  readonly clock?: PacingClock;
}

export interface HubspotConnector extends Connector {
  readonly system: 'hubspot';
  /** As the port's, plus property history when asked (≤50 ids a call then). */
  fetchByIds(
    object: string,
    ids: readonly string[],
    options?: FetchOptions,
  ): Promise<SystemRecord[]>;
  /** The ids among these that HubSpot holds as archived (deleted), as `deleted` records. */
  fetchArchived(object: string, ids: readonly string[]): Promise<SystemRecord[]>;
  /** Creates the leadloop property group and properties; safe to run again. */
  setup(): Promise<SetupItem[]>;
  doctor(expectations?: HubspotDoctorExpectations): Promise<DoctorCheck[]>;
}

/**
 * The HubSpot side of the Connector port. A missing token is an error at once; the first
 * network call happens on first use.
 */
export function createHubspotConnector(options: HubspotConnectorOptions = {}): HubspotConnector {
  const settings = options.env ?? processEnv();
  const share = options.budget?.dailyShare ?? 0.5;
  const budget = new HubspotBudget(share, options.clock);
  const pacer = new RequestPacer({}, options.clock);
  const client = hubspotClientFromEnv(settings, {
    budget,
    pacer,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  const catalog = new PropertyCatalog(client, options.describeTtlMs);
  const reader = new HubspotReader(client, catalog, {
    overlapMs: options.overlapMs ?? 30_000,
    appId: options.appId === undefined ? undefined : String(options.appId),
    extraProperties: options.extraProperties ?? {},
  });
  const writer = new HubspotWriter(client, options.batchSize);

  return {
    system: 'hubspot',
    pullObjects: (options.pullObjects ?? ['contacts']).map(hubspotObject),
    readPage: (object, cursor, pageOptions) => reader.readPage(object, cursor, pageOptions),
    fetchByIds: (object, ids, fetchOptions) => reader.fetchByIds(object, ids, fetchOptions),
    fetchArchived: (object, ids) => reader.fetchArchived(object, ids),
    findByEmails: (object, emails) => reader.findByEmails(object, emails),
    write: (object, requests) => writer.write(object, requests),
    describe: (object) => catalog.describe(hubspotObject(object)),
    usage: () => budget.usage(),
    close: async () => {
      catalog.invalidate();
      client.close();
    },
    async setup() {
      const items = await setupHubspot(client);
      catalog.invalidate();
      return items;
    },
    doctor: (expectations = DEFAULT_EXPECTATIONS) =>
      doctorHubspot(client, catalog, expectations, { budgetShare: share }),
  };
}

/** `leadloop setup`, HubSpot part. */
export async function runHubspotSetup(options: HubspotConnectorOptions = {}): Promise<SetupItem[]> {
  const connector = createHubspotConnector(options);
  try {
    return await connector.setup();
  } finally {
    await connector.close();
  }
}

/** `leadloop doctor`, HubSpot part: a missing token is a failed check, not a crash. */
export async function runHubspotDoctor(
  options: HubspotConnectorOptions = {},
  expectations: HubspotDoctorExpectations = DEFAULT_EXPECTATIONS,
): Promise<DoctorCheck[]> {
  let connector: HubspotConnector;
  try {
    connector = createHubspotConnector(options);
  } catch (error) {
    const hint =
      error instanceof Error && 'hint' in error && typeof error.hint === 'string'
        ? error.hint
        : undefined;
    return [
      {
        system: 'hubspot',
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
