import type { Command } from 'commander';
import { openEngine } from '../../app/engine.ts';
import { slaSweepFor } from '../../app/sla.ts';
import { env } from '../../config/env.ts';
import { CONFIG_OPTION, loadConfigFor } from '../load.ts';
import { print } from '../output.ts';

/** `leadloop sla`: one pass of the follow-up check the service runs every minute. */
async function sla(options: { config?: string }): Promise<void> {
  const settings = env();
  const opened = await openEngine({ env: settings, config: loadConfigFor(options) });
  try {
    const counts = await slaSweepFor(settings)(opened.engine);
    const open = await opened.store.sla.countOpenByStatus();
    print(
      `sla: ${counts.breached} newly breached, ${counts.escalated} escalated, ${counts.recycled} recycled for no follow-up; ${counts.tasks} Tasks created, ${counts.alerts} alerts sent, ${counts.reassigned} reassigned`,
      `open clocks: ${open.on_track ?? 0} on track, ${open.breached ?? 0} breached, ${open.escalated ?? 0} escalated, ${open.met ?? 0} met`,
    );
  } finally {
    await opened.close();
  }
}

export function registerSlaCommand(program: Command): void {
  program
    .command('sla')
    .description('check every open follow-up clock: breaches, escalations, recycles')
    .option(...CONFIG_OPTION)
    .action((options: { config?: string }) => sla(options));
}
