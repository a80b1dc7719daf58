import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { env } from '../config/env.ts';
import { isLeadloopError } from '../errors/leadloop-error.ts';
import { registerConfigCommand } from './commands/config-check.ts';
import { registerDoctorCommand } from './commands/doctor.ts';
import { registerReplayCommand } from './commands/replay.ts';
import { registerReportCommand } from './commands/report.ts';
import { registerSandboxCommand } from './commands/sandbox.ts';
import { registerScoreCommand } from './commands/score.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerSetupCommand } from './commands/setup.ts';
import { registerSlaCommand } from './commands/sla.ts';
import { registerStartCommand } from './commands/start.ts';
import { registerSyncCommand } from './commands/sync.ts';
import { printError, writeErr, writeOut } from './output.ts';

/** Exit codes: 0 ok, 1 a failure the command reported, 2 the command line itself was wrong. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

const HELP_WIDTH = 100;

/** Every command that works today; a command appears in `--help` once it is registered here. */
const COMMANDS = [
  registerConfigCommand,
  registerScoreCommand,
  registerStartCommand,
  registerSandboxCommand,
  registerSetupCommand,
  registerDoctorCommand,
  registerReportCommand,
  registerSyncCommand,
  registerReplayCommand,
  registerSlaCommand,
  registerServeCommand,
];

function packageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

function buildProgram(): Command {
  const program = new Command('leadloop')
    .description('One lead for marketing and sales: keeps HubSpot and Salesforce in agreement.')
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .showSuggestionAfterError()
    .configureOutput({
      writeOut,
      writeErr,
      // The same layout on a terminal, in a pipe and in tests.
      getOutHelpWidth: () => HELP_WIDTH,
      getErrHelpWidth: () => HELP_WIDTH,
      // Usage errors are printed by reportError in leadloop's own format.
      outputError: () => undefined,
    });
  for (const register of COMMANDS) register(program);
  return program;
}

function debugEnabled(): boolean {
  try {
    return env().LOG_LEVEL === 'debug' || env().LOG_LEVEL === 'silly';
  } catch {
    return false;
  }
}

/** Prints any failure in leadloop's format and picks the exit code. */
export function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    // --help and --version end commander's parse with an "error" that is a success.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version')
      return EXIT_OK;
    // `leadloop` or `leadloop config` alone: commander already printed the help.
    if (error.code === 'commander.help') return EXIT_USAGE;
    printError(
      `error [cli.usage]: ${error.message.replace(/^error: /, '')}`,
      'hint: run "leadloop --help" to see the commands and their options',
    );
    return EXIT_USAGE;
  }
  if (isLeadloopError(error)) {
    printError(
      `error [${error.code}]: ${error.message}`,
      ...(error.hint === undefined ? [] : [`hint: ${error.hint}`]),
    );
    return EXIT_FAILURE;
  }
  const message = error instanceof Error ? error.message : String(error);
  printError(`error: unexpected failure: ${message}`);
  if (debugEnabled() && error instanceof Error && error.stack !== undefined)
    printError(error.stack);
  else printError('hint: run again with LOG_LEVEL=debug to see where it happened');
  return EXIT_FAILURE;
}

/**
 * Runs the `leadloop` command. `argv` is shaped like `process.argv` (runtime, script, then the
 * arguments). Returns the exit code; commands never call `process.exit` themselves.
 */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv], { from: 'node' });
    return EXIT_OK;
  } catch (error) {
    return reportError(error);
  }
}
