import type { Command } from 'commander';
import { env } from '../../config/env.ts';
import {
  describeMainConfig,
  describeMappings,
  describeScoring,
  describeSla,
} from '../config-summary.ts';
import { CONFIG_OPTION, loadConfigFor } from '../load.ts';
import { print } from '../output.ts';
import type { LeadloopConfig } from '../../config/load-config.ts';

/** Validates every config file and prints what leadloop will do with them. */
export function checkConfig(options: { config?: string }): Readonly<LeadloopConfig> {
  const config = loadConfigFor(options);
  const notifyUrlSet = env().LEADLOOP_NOTIFY_URL !== undefined;
  print(
    ...describeMainConfig(config, { notifyUrlSet }),
    '',
    ...describeMappings(config),
    '',
    ...describeScoring(config),
    '',
    ...describeSla(config),
    '',
    `ok: ${Object.keys(config.files).length} files are valid`,
  );
  return config;
}

export function registerConfigCommand(program: Command): void {
  const config = program.command('config').description('work with the configuration files');
  config
    .command('check')
    .description('validate every config file and print a summary of what leadloop will do')
    .option(...CONFIG_OPTION)
    .action((options: { config?: string }) => {
      checkConfig(options);
    });
}
