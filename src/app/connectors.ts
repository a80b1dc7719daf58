import {
  createHubspotConnector,
  type HubspotConnector,
  type HubspotConnectorOptions,
} from '../../connectors/hubspot/index.ts';
import {
  createSalesforceConnector,
  type SalesforceConnector,
  type SalesforceConnectorOptions,
} from '../../connectors/salesforce/index.ts';
import type { Env } from '../config/env.ts';
import type { LeadloopConfig } from '../config/load-config.ts';
import { LeadloopError } from '../errors/leadloop-error.ts';
import type { SystemName } from '../sync/connector.ts';
import { mappedSalesforceFields, mappedHubspotProperties } from './doctor-expectations.ts';

export { doctorExpectations, type ConnectorExpectations } from './doctor-expectations.ts';

/**
 * The composition root of the connectors: each vendor's connector built from the parsed
 * environment (credentials, URLs, API version, HUBSPOT_APP_ID) and the loaded config (API
 * budget shares, batch sizes, the search overlap window, the fields the mappings name).
 * Nothing else decides how a connector is configured.
 */
export interface ConnectorSettings {
  readonly env: Env;
  readonly config: Readonly<LeadloopConfig>;
}

/** The enabled systems' connectors; a system turned off in `systems:` is `undefined`. */
export interface Connectors {
  readonly salesforce: SalesforceConnector | undefined;
  readonly hubspot: HubspotConnector | undefined;
  close(): Promise<void>;
}

/** What each connector is built with (also what `leadloop doctor` runs each system's checks with). */
export function connectorOptions({ env, config }: ConnectorSettings): {
  salesforce: SalesforceConnectorOptions;
  hubspot: HubspotConnectorOptions;
} {
  const { main } = config;
  return {
    salesforce: {
      env,
      budget: { dailyShare: main.apiBudget.salesforce },
      batchSize: main.sync.batchSize.salesforce,
      extraFields: mappedSalesforceFields(config),
    },
    hubspot: {
      env,
      budget: { dailyShare: main.apiBudget.hubspot },
      batchSize: main.sync.batchSize.hubspot,
      overlapMs: main.sync.overlapWindow.ms,
      extraProperties: { contacts: mappedHubspotProperties(config) },
      ...(env.HUBSPOT_APP_ID === undefined ? {} : { appId: env.HUBSPOT_APP_ID }),
    },
  };
}

/** Systems `systems.<name>.enabled` leaves on, in a stable order. */
export function enabledSystems(config: Readonly<LeadloopConfig>): SystemName[] {
  return (['salesforce', 'hubspot'] as const).filter(
    (system) => config.main.systems[system].enabled,
  );
}

/**
 * Builds the connectors of the enabled systems. Missing or contradictory credentials of any of
 * them throw one `config.credentials` error that lists, per system, what to set.
 */
export function createConnectors(settings: ConnectorSettings): Connectors {
  const options = connectorOptions(settings);
  const enabled = enabledSystems(settings.config);
  const problems: { system: SystemName; error: unknown }[] = [];
  const build = <T>(system: SystemName, make: () => T): T | undefined => {
    if (!enabled.includes(system)) return undefined;
    try {
      return make();
    } catch (error) {
      problems.push({ system, error });
      return undefined;
    }
  };
  const salesforce = build('salesforce', () => createSalesforceConnector(options.salesforce));
  const hubspot = build('hubspot', () => createHubspotConnector(options.hubspot));
  if (problems.length > 0) {
    void salesforce?.close();
    void hubspot?.close();
    throw credentialsError(problems);
  }
  return {
    salesforce,
    hubspot,
    async close() {
      await Promise.all([salesforce?.close(), hubspot?.close()]);
    },
  };
}

function credentialsError(
  problems: readonly { system: SystemName; error: unknown }[],
): LeadloopError {
  const lines = problems.map(({ error }) =>
    error instanceof Error ? error.message : String(error),
  );
  const hints = problems.flatMap(({ error }) =>
    error instanceof LeadloopError && error.hint !== undefined ? [error.hint] : [],
  );
  return new LeadloopError('config.credentials', lines.join('\n'), {
    hint: [
      ...hints,
      'Or turn a system off in config/leadloop.yaml (systems.<name>.enabled: false).',
    ].join('\n'),
    details: { systems: problems.map(({ system }) => system) },
  });
}
