import { readFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { env, type Env } from '../../config/env.ts';
import { LeadloopError } from '../../errors/leadloop-error.ts';
import { frozenClock, systemClock } from '../../lead/clock.ts';
import { buildReport, resolveRange } from '../../report/index.ts';
import type { SyncPort } from '../../server/ports.ts';
import { startService } from '../../server/service.ts';
import type { WebhookSettings } from '../../server/webhooks/context.ts';
import { openStore } from '../../store/index.ts';
import { CONFIG_OPTION, loadConfigFor } from '../load.ts';
import { print } from '../output.ts';

/**
 * `leadloop serve`: the production service — health and metrics, the admin API, signed
 * webhooks, and this replica's job worker and schedules. Runs until SIGTERM/SIGINT, then
 * drains (the job in flight finishes or is released) and exits.
 */
const notWired = (): never => {
  throw new LeadloopError('sync.not_wired', 'The sync engine is not wired into serve yet.', {
    hint: 'Run `leadloop sync` for now; serve gets the engine in the next release.',
  });
};

/** Until the engine is plugged in: every job that needs it fails with a clear error. */
export const UNWIRED_SYNC: SyncPort = {
  runCycle: async () => notWired(),
  syncRecords: async () => notWired(),
  replayDeadLetters: async () => notWired(),
  runSlaSweep: async () => notWired(),
};

export function webhookSettings(settings: Env): WebhookSettings {
  return {
    hubspotClientSecret: settings.HUBSPOT_CLIENT_SECRET,
    hubspotAppIds: settings.HUBSPOT_APP_ID === undefined ? [] : [settings.HUBSPOT_APP_ID],
    salesforceSecret: settings.SALESFORCE_WEBHOOK_SECRET,
    salesforceOrgId: settings.SALESFORCE_ORG_ID,
    publicBaseUrl: settings.LEADLOOP_PUBLIC_URL,
  };
}

function firstSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

const port = (raw: string): number => {
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value > 65_535)
    throw new InvalidArgumentError('--port must be a whole number from 0 to 65535.');
  return value;
};

function packageVersion(): string {
  const text = readFileSync(new URL('../../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the service: admin API, webhooks and scheduled jobs')
    .option(...CONFIG_OPTION)
    .option('--port <n>', 'port to listen on (default: $PORT or 3000)', port)
    .option('--host <address>', 'address to listen on (default: 0.0.0.0)')
    .action(async (options: { config?: string; port?: number; host?: string }) => {
      const settings = env();
      const config = loadConfigFor(options);
      const clock =
        settings.LEADLOOP_NOW === undefined ? systemClock : frozenClock(settings.LEADLOOP_NOW);
      const store = await openStore({ env: settings, clock });
      try {
        const service = await startService({
          store,
          clock,
          sync: UNWIRED_SYNC,
          adminToken: settings.LEADLOOP_ADMIN_TOKEN,
          webhooks: webhookSettings(settings),
          report: (range) =>
            buildReport(store, resolveRange({ since: range.from, until: range.to }, clock())),
          schedules: config.main.schedules,
          port: options.port ?? settings.PORT,
          host: options.host ?? '0.0.0.0',
          // Behind a proxy the vendors' URL is LEADLOOP_PUBLIC_URL; trust its forwarded headers.
          trustProxy: settings.LEADLOOP_PUBLIC_URL !== undefined,
          version: packageVersion(),
        });
        print(
          `leadloop serving on ${service.url}`,
          `  health   ${service.url}/healthz  ${service.url}/readyz  ${service.url}/metrics`,
          `  admin    ${service.url}/api  (${settings.LEADLOOP_ADMIN_TOKEN === undefined ? 'off: set LEADLOOP_ADMIN_TOKEN' : 'Authorization: Bearer $LEADLOOP_ADMIN_TOKEN'})`,
          `  webhooks ${service.url}/webhooks/hubspot  ${service.url}/webhooks/salesforce`,
          'Press Ctrl-C to stop.',
        );
        const signal = await firstSignal();
        print(`${signal}: finishing the job in flight, then stopping.`);
        await service.close();
      } finally {
        await store.close();
      }
    });
}
