import { InvalidArgumentError, type Command } from 'commander';
import { startLeadloopService } from '../../app/service.ts';
import { env } from '../../config/env.ts';
import { CONFIG_OPTION, loadConfigFor } from '../load.ts';
import { print } from '../output.ts';
import { firstSignal } from '../signals.ts';

/**
 * `leadloop serve`: the production service — health and metrics, the admin API, signed
 * webhooks, and this replica's job worker and schedules. Runs until SIGTERM/SIGINT, then
 * drains (the job in flight finishes or is released) and exits.
 */

const port = (raw: string): number => {
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value > 65_535)
    throw new InvalidArgumentError('--port must be a whole number from 0 to 65535.');
  return value;
};

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the service: admin API, webhooks and scheduled jobs')
    .option(...CONFIG_OPTION)
    .option('--port <n>', 'port to listen on (default: $PORT or 3000)', port)
    .option('--host <address>', 'address to listen on (default: 0.0.0.0)')
    .action(async (options: { config?: string; port?: number; host?: string }) => {
      const settings = env();
      const running = await startLeadloopService({
        env: settings,
        config: loadConfigFor(options),
        ...(options.port === undefined ? {} : { port: options.port }),
        host: options.host ?? '0.0.0.0',
      });
      const url = running.url;
      print(
        `leadloop serving on ${url}`,
        `  dashboard ${url}/  (sign in with the admin token as the password)`,
        `  health    ${url}/healthz  ${url}/readyz  ${url}/metrics`,
        `  admin     ${url}/api  (${settings.LEADLOOP_ADMIN_TOKEN === undefined ? 'off: set LEADLOOP_ADMIN_TOKEN' : 'Authorization: Bearer $LEADLOOP_ADMIN_TOKEN'})`,
        `  webhooks  ${url}/webhooks/hubspot  ${url}/webhooks/salesforce`,
        'Press Ctrl-C to stop.',
      );
      const signal = await firstSignal();
      print(`${signal}: finishing the job in flight, then stopping.`);
      await running.close();
    });
}
