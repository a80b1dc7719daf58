import type { Command } from 'commander';
import { openEngine } from '../../app/engine.ts';
import { env } from '../../config/env.ts';
import { LeadloopError } from '../../errors/leadloop-error.ts';
import { replayDeadLetters } from '../../sync/replay.ts';
import { CONFIG_OPTION, loadConfigFor } from '../load.ts';
import { formatTable, print } from '../output.ts';

/** `leadloop replay [--id N...]`: retries dead letters and reports each one's outcome. */
const WORDS = {
  resolved: 'written',
  nothing_to_write: 'nothing left to write',
  failed: 'failed again',
} as const;

async function replay(options: { id?: string[]; config?: string }): Promise<void> {
  const ids = (options.id ?? []).map((text) => {
    const id = Number(text);
    if (!Number.isInteger(id) || id <= 0) {
      throw new LeadloopError('cli.bad_id', `"${text}" is not a dead letter id`, {
        hint: 'pass the numeric ids `leadloop replay` or the admin API lists',
      });
    }
    return id;
  });
  const opened = await openEngine({ env: env(), config: loadConfigFor(options) });
  try {
    const outcomes = await replayDeadLetters(opened.engine, { ids, trigger: 'cli' });
    if (outcomes.length === 0) {
      print('no dead letters to replay');
      return;
    }
    print(
      ...formatTable(
        ['id', 'system', 'object', 'lead', 'outcome', 'message'],
        outcomes.map((o) => [
          String(o.id),
          o.system,
          o.object,
          o.leadId ?? '',
          WORDS[o.result],
          o.message ?? '',
        ]),
      ),
    );
    const failed = outcomes.filter((o) => o.result === 'failed').length;
    if (failed > 0) {
      throw new LeadloopError(
        'replay.failed',
        `${failed} of ${outcomes.length} dead letters failed again`,
        {
          hint: "fix what the vendor's message says (mapping, picklist value, record data), then replay again",
        },
      );
    }
  } finally {
    await opened.close();
  }
}

export function registerReplayCommand(program: Command): void {
  program
    .command('replay')
    .description('retry the records in dead letters and report each outcome')
    .option('--id <id...>', 'only these dead letters')
    .option(...CONFIG_OPTION)
    .action((options: { id?: string[]; config?: string }) => replay(options));
}
