import { Option, type Command } from 'commander';
import { env } from '../../config/env.ts';
import { frozenClock, systemClock } from '../../lead/clock.ts';
import {
  buildReport,
  CSV_TABLE_NAMES,
  renderCsv,
  renderSectionCsv,
  renderText,
  resolveRange,
  type CsvTableName,
} from '../../report/index.ts';
import { openStore } from '../../store/index.ts';
import { writeOut } from '../output.ts';

interface ReportOptions {
  json?: boolean;
  csv?: boolean;
  table?: CsvTableName;
  since?: string;
  until?: string;
}

/**
 * `leadloop report [--json|--csv] [--since] [--until]`: the pipeline review from the store —
 * the same numbers the dashboard shows.
 */
export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('the pipeline review: waterfall, velocity, speed to lead, SLA, recycles, revenue')
    .option('--since <day>', 'first day of the period, UTC (default: 28 days before --until)')
    .option('--until <day>', 'last day of the period, included (default: now)')
    .addOption(new Option('--json', 'print the whole report as JSON').conflicts('csv'))
    .addOption(new Option('--csv', 'print the report as CSV tables'))
    .addOption(
      new Option('--table <name>', 'only this CSV table (implies --csv)')
        .choices(CSV_TABLE_NAMES)
        .implies({ csv: true }),
    )
    .action(async (options: ReportOptions) => {
      const settings = env();
      const now = (
        settings.LEADLOOP_NOW === undefined ? systemClock : frozenClock(settings.LEADLOOP_NOW)
      )();
      // Checked before the store opens: a typo should not wait for the database.
      const range = resolveRange({ since: options.since, until: options.until }, now);
      const store = await openStore({ env: settings });
      try {
        const report = await buildReport(store, range);
        if (options.json === true) writeOut(`${JSON.stringify(report, null, 2)}\n`);
        else if (options.csv === true)
          writeOut(
            options.table === undefined
              ? renderCsv(report)
              : renderSectionCsv(report, options.table),
          );
        else writeOut(renderText(report));
      } finally {
        await store.close();
      }
    });
}
