import type { Command } from 'commander';
import { createConnectors } from '../../app/connectors.ts';
import { env } from '../../config/env.ts';
import { LeadloopError } from '../../errors/leadloop-error.ts';
import type { SetupItem, SystemName } from '../../sync/connector.ts';
import { CONFIG_OPTION, loadConfigFor } from '../load.ts';
import { formatTable, print } from '../output.ts';

/**
 * `leadloop setup`: creates leadloop's custom fields and permission set in Salesforce and its
 * property group and properties in HubSpot. Safe to run again: what is already there is
 * reported as such and left alone. Exit 1 when anything failed, with the vendor's message.
 */
const TITLES: Readonly<Record<SystemName, string>> = {
  salesforce: 'Salesforce',
  hubspot: 'HubSpot',
};
const WORDS: Readonly<Record<SetupItem['status'], string>> = {
  created: 'created',
  updated: 'updated',
  exists: 'already there',
  failed: 'failed',
};

export function setupLines(system: SystemName, items: readonly SetupItem[]): string[] {
  return [
    TITLES[system],
    ...formatTable(
      ['item', 'result', 'message'],
      items.map((item) => [item.name, WORDS[item.status], item.message ?? '']),
    ),
  ];
}

async function setup(options: { config?: string }): Promise<void> {
  const config = loadConfigFor(options);
  const connectors = createConnectors({ env: env(), config });
  const all: SetupItem[] = [];
  try {
    for (const connector of [connectors.salesforce, connectors.hubspot]) {
      if (connector === undefined) continue;
      let items: SetupItem[];
      try {
        items = await connector.setup();
      } catch (error) {
        // Nothing could be set up in this system (sign-in refused, budget spent): say why, go on.
        items = [
          {
            system: connector.system,
            name: '(all items)',
            status: 'failed',
            message: error instanceof Error ? error.message : String(error),
          },
        ];
      }
      all.push(...items);
      print(...setupLines(connector.system, items), '');
    }
  } finally {
    await connectors.close();
  }
  const count = (status: SetupItem['status']) =>
    all.filter((item) => item.status === status).length;
  print(
    `setup: ${count('created')} created, ${count('updated')} updated, ${count('exists')} already there, ${count('failed')} failed`,
  );
  if (count('failed') > 0) {
    throw new LeadloopError('setup.failed', `${count('failed')} setup item(s) failed`, {
      hint: "read the vendor's message next to each failed item, fix it in the org or portal, then run `leadloop setup` again",
    });
  }
}

export function registerSetupCommand(program: Command): void {
  program
    .command('setup')
    .description('create the leadloop fields and properties (safe to repeat)')
    .option(...CONFIG_OPTION)
    .action(async (options: { config?: string }) => {
      await setup(options);
    });
}
