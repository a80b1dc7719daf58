import type { Command } from 'commander';
import { startLeadloopService } from '../../app/service.ts';
import { env, type Env } from '../../config/env.ts';
import { startDemo } from '../../demo/run-demo.ts';
import { CONFIG_OPTION, loadConfigFor } from '../load.ts';
import { print } from '../output.ts';
import { firstSignal } from '../signals.ts';

/**
 * `leadloop start` (what `npm start` runs). With vendor credentials in the environment it is
 * `leadloop serve`. Without any, it is the demo: both sandboxes in-process with a seeded market,
 * set up like a real org and portal, and a business day simulated in accelerated time — and it
 * says so, with the dashboard's address and its token.
 */
export function hasVendorCredentials(settings: Env): boolean {
  return [
    settings.SALESFORCE_INSTANCE_URL,
    settings.SALESFORCE_CLIENT_ID,
    settings.SALESFORCE_USERNAME,
    settings.HUBSPOT_ACCESS_TOKEN,
  ].some((value) => value !== undefined);
}

async function start(options: { config?: string; people?: string }): Promise<void> {
  const settings = env();
  const config = loadConfigFor(options);
  if (hasVendorCredentials(settings)) {
    const running = await startLeadloopService({ env: settings, config });
    print(`leadloop serving on ${running.url} against your Salesforce org and HubSpot portal.`);
    await firstSignal();
    await running.close();
    return;
  }
  print('No vendor credentials in the environment: starting the demo on the built-in sandboxes.');
  const demo = await startDemo({
    config,
    port: settings.PORT,
    adminToken: settings.LEADLOOP_ADMIN_TOKEN,
    ...(options.people === undefined ? {} : { people: Number(options.people) }),
    say: (line) => print(`  ${line}`),
  });
  print(
    '',
    `Dashboard: ${demo.url}/   (your browser asks for a password: the admin token below; any user name)`,
    `Admin token: ${demo.adminToken}`,
    `Admin API:   curl -H "Authorization: Bearer ${demo.adminToken}" ${demo.url}/api/leads`,
    `Sandboxes:   Salesforce ${demo.sandboxes.salesforce.instanceUrl}  HubSpot ${demo.sandboxes.hubspot.baseUrl}`,
    '',
    'Simulating one business day (08:00–18:00 New York) in accelerated time...',
  );
  const stopping = firstSignal();
  const outcome = await Promise.race([
    demo.day.then((day) => ({ day })),
    stopping.then((signal) => ({ signal })),
  ]);
  if ('day' in outcome) {
    const { day } = outcome;
    print(
      '',
      `The day is over: ${day.marketing.engaged} prospects engaged, ${day.marketing.markedMql} marked MQL by hand;`,
      `sales followed up ${day.sales.touched} leads, converted ${day.sales.converted} (${day.sales.won} won, ${day.sales.lost} lost), recycled ${day.sales.recycled}.`,
      `The pipeline review is on the dashboard; \`leadloop report\` prints the same numbers. Ctrl-C stops.`,
    );
    await stopping;
  }
  print('Stopping.');
  await demo.close();
}

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('serve; without credentials, the demo on the built-in sandboxes')
    .option(...CONFIG_OPTION)
    .option('--people <n>', 'people in the demo market (default 400)')
    .action((options: { config?: string; people?: string }) => start(options));
}
