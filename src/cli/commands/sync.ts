import type { Command } from 'commander';
import { openEngine } from '../../app/engine.ts';
import { env } from '../../config/env.ts';
import { logger } from '../../log/logger.ts';
import { runSync } from '../../sync/run-sync.ts';
import { CONFIG_OPTION, loadConfigFor } from '../load.ts';
import { print } from '../output.ts';
import { progressReporter } from '../sync/progress.ts';
import { planLines, summaryLines } from '../sync/summary.ts';

/**
 * `leadloop sync [--once] [--dry-run]`: one cycle (or one every `sync.pollInterval`), with a
 * closing summary per cycle. `--dry-run` prints the plan — creates and updates per system with
 * field-level before → after, and stage changes — and writes nothing anywhere.
 */
interface SyncCommandOptions {
  once?: boolean;
  dryRun?: boolean;
  config?: string;
}

const log = logger('cli.sync');

async function sync(options: SyncCommandOptions): Promise<void> {
  const config = loadConfigFor(options);
  const opened = await openEngine({ env: env(), config });
  const dryRun = options.dryRun === true;
  let stopping = false;
  let wake: () => void = () => undefined;
  const stop = () => {
    stopping = true;
    wake();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    do {
      const progress = progressReporter();
      const planned: string[] = [];
      const result = await runSync(opened.engine, {
        dryRun,
        trigger: 'cli',
        onProgress: progress.onProgress,
        ...(dryRun
          ? { onPlan: (lead, decision, plans) => planned.push(...planLines(lead, decision, plans)) }
          : {}),
      }).finally(() => progress.stop());
      if (dryRun) {
        print(
          'dry run: nothing was written',
          ...(planned.length === 0 ? ['  no changes planned'] : planned),
          '',
        );
      }
      print(...summaryLines(result, dryRun ? 'dry run' : 'sync'));
      if (options.once === true || dryRun || stopping) break;
      const interval = config.main.sync.pollInterval.ms;
      log.info('waiting for the next cycle', { intervalMs: interval });
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, interval);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    } while (!stopping);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await opened.close();
  }
}

export function registerSyncCommand(program: Command): void {
  program
    .command('sync')
    .description('sync HubSpot and Salesforce: once, or every sync.pollInterval')
    .option('--once', 'run one cycle and exit')
    .option('--dry-run', 'print the plan (creates, updates, stage changes) and write nothing')
    .option(...CONFIG_OPTION)
    .action((options: SyncCommandOptions) => sync(options));
}
