import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { explainContact, readContactFile, scoringTime } from '../contact-score.ts';
import { CONFIG_OPTION } from '../load.ts';
import { print } from '../output.ts';
import { checkConfig } from './config-check.ts';

/**
 * `leadloop start` (what `npm start` runs for now): checks the configuration, then explains
 * the scores of the sample contacts, so a new admin sees the lead definition at work.
 */
export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('check the config and score the samples')
    .option(...CONFIG_OPTION)
    .action((options: { config?: string }) => {
      const config = checkConfig(options);
      const examples = join(config.baseDir, 'config/examples');
      const files = existsSync(examples)
        ? readdirSync(examples)
            .filter((name) => name.endsWith('.json'))
            .sort()
        : [];
      const now = scoringTime();
      print('', `Sample contacts (config/examples/, ${files.length} files)`);
      for (const name of files) {
        print('', ...explainContact(config, readContactFile(join(examples, name)), now));
      }
      print(
        '',
        'The Salesforce and HubSpot sandboxes, the sync and the dashboard arrive in later releases;',
        '`npm start` will then run them. Today: `leadloop config check` and `leadloop score --explain <contact.json>`.',
      );
    });
}
