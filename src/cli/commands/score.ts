import type { Command } from 'commander';
import {
  explainContact,
  readContactFile,
  scoringTime,
  summarizeContact,
} from '../contact-score.ts';
import { CONFIG_OPTION, loadConfigFor } from '../load.ts';
import { print } from '../output.ts';

/** `leadloop score [--explain] <contact.json>`: the score a HubSpot contact gets, and why. */
export function registerScoreCommand(program: Command): void {
  program
    .command('score')
    .description('score a HubSpot contact and show why')
    .argument('<contact.json>', 'a contact as HubSpot v3 returns it: {id, properties}')
    .option('--explain', 'list every rule that fired with its points')
    .option(...CONFIG_OPTION)
    .action((file: string, options: { explain?: boolean; config?: string }) => {
      const config = loadConfigFor(options);
      const contact = readContactFile(file);
      const now = scoringTime();
      if (options.explain === true) print(...explainContact(config, contact, now));
      else print(summarizeContact(config, contact, now));
    });
}
