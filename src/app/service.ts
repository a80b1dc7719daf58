import { readFileSync } from 'node:fs';
import type { Env } from '../config/env.ts';
import type { LeadloopConfig } from '../config/load-config.ts';
import type { Clock } from '../lead/clock.ts';
import { buildReport, reportProvider, resolveRange } from '../report/index.ts';
import { dashboardRouter } from '../server/dashboard/index.ts';
import { startService, type RunningService } from '../server/service.ts';
import type { WebhookSettings } from '../server/webhooks/context.ts';
import type { Engine } from '../sync/engine.ts';
import { openEngine } from './engine.ts';
import { slaSweepFor } from './sla.ts';
import { engineSyncPort, type SyncPortOptions } from './sync-port.ts';

/**
 * `leadloop serve` assembled: the engine (store + connectors), the service around it (admin
 * API, webhooks, jobs, metrics), the report and the dashboard. `npm start` uses it too, with
 * the sandboxes' credentials.
 */
export interface LeadloopService {
  readonly url: string;
  readonly engine: Engine;
  readonly service: RunningService;
  close(): Promise<void>;
}

export function webhookSettings(settings: Env): WebhookSettings {
  return {
    hubspotClientSecret: settings.HUBSPOT_CLIENT_SECRET,
    hubspotAppIds: settings.HUBSPOT_APP_ID === undefined ? [] : [settings.HUBSPOT_APP_ID],
    salesforceSecret: settings.SALESFORCE_WEBHOOK_SECRET,
    salesforceOrgId: settings.SALESFORCE_ORG_ID,
    publicBaseUrl: settings.LEADLOOP_PUBLIC_URL,
  };
}

function packageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

export async function startLeadloopService(settings: {
  env: Env;
  config: Readonly<LeadloopConfig>;
  clock?: Clock;
  port?: number;
  host?: string;
  slaSweep?: SyncPortOptions['slaSweep'];
  /** Run the cron schedules in this process (default true). */
  schedules?: boolean;
}): Promise<LeadloopService> {
  const { env, config } = settings;
  const opened = await openEngine({
    env,
    config,
    ...(settings.clock === undefined ? {} : { clock: settings.clock }),
  });
  const { engine, store } = opened;
  try {
    const service = await startService({
      store,
      clock: engine.clock,
      sync: engineSyncPort(engine, { slaSweep: settings.slaSweep ?? slaSweepFor(env) }),
      adminToken: env.LEADLOOP_ADMIN_TOKEN,
      webhooks: webhookSettings(env),
      report: (range) =>
        buildReport(store, resolveRange({ since: range.from, until: range.to }, engine.clock())),
      dashboard: dashboardRouter({ report: reportProvider(store, engine.clock) }),
      schedules: settings.schedules === false ? false : config.main.schedules,
      port: settings.port ?? env.PORT,
      host: settings.host ?? '0.0.0.0',
      // Behind a proxy the vendors' URL is LEADLOOP_PUBLIC_URL; trust its forwarded headers.
      trustProxy: env.LEADLOOP_PUBLIC_URL !== undefined,
      version: packageVersion(),
      readiness: async () => {
        const checks: Record<string, { ok: boolean; message?: string }> = {};
        for (const connector of Object.values(engine.connectors)) {
          try {
            await connector.describe(connector.system === 'hubspot' ? 'contacts' : 'Lead');
            checks[connector.system] = { ok: true };
          } catch (error) {
            checks[connector.system] = {
              ok: false,
              message: error instanceof Error ? error.message : String(error),
            };
          }
        }
        return checks;
      },
    });
    return {
      url: service.url,
      engine,
      service,
      async close() {
        await service.close();
        await opened.close();
      },
    };
  } catch (error) {
    await opened.close();
    throw error;
  }
}
