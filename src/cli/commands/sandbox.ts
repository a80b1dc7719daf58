import { InvalidArgumentError, type Command } from 'commander';
import { LeadloopError } from '../../errors/leadloop-error.ts';
import {
  DEFAULT_SANDBOX_SEED,
  MAX_SANDBOX_COUNT,
  startBothSandboxes,
  type BothSandboxesOptions,
  type RunningSandboxes,
} from '../../sandbox/start.ts';
import { print } from '../output.ts';

/**
 * `leadloop sandbox [--port N] [--seed N] [--count N]`: both vendor emulators on one port
 * (Salesforce under /services/..., HubSpot under /crm/...) until Ctrl-C or SIGTERM. Prints the
 * base URLs, the tokens and the environment lines that point leadloop at them.
 */
export const DEFAULT_SANDBOX_PORT = 4010;

const integer = (name: string, min: number, max: number) => (raw: string) => {
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < min || value > max)
    throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}.`);
  return value;
};

/** The first SIGINT or SIGTERM; `stop()` removes the listeners. */
function watchSignals(): { stopped: Promise<NodeJS.Signals>; stop(): void } {
  let stop = () => undefined as void;
  const stopped = new Promise<NodeJS.Signals>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      stop();
      resolve(signal);
    };
    stop = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  return { stopped, stop };
}

async function start(options: BothSandboxesOptions): Promise<RunningSandboxes> {
  try {
    return await startBothSandboxes(options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new LeadloopError('sandbox.port_in_use', `Port ${options.port} is already in use`, {
        hint: 'stop what listens there, or pick another port with --port N (0 picks a free one)',
        cause: error,
      });
    throw error;
  }
}

export function describeSandboxes(sandboxes: RunningSandboxes): string[] {
  const { salesforce, hubspot } = sandboxes;
  const seeded = Object.entries(sandboxes.seeded).map(
    ([system, counts]) =>
      `  ${system}: ${Object.entries(counts)
        .map(([object, count]) => `${count} ${object}`)
        .join(', ')}`,
  );
  return [
    `leadloop sandboxes listening on ${sandboxes.url}`,
    `  Salesforce REST  ${salesforce.instanceUrl}/services/data/v62.0/   token ${salesforce.accessToken}`,
    `  HubSpot CRM      ${hubspot.baseUrl}/crm/v3/                token ${hubspot.accessToken}`,
    `  admin API        ${sandboxes.url}/__sandbox/  (reset, seed, dump, clock, faults, requests)`,
    ...(seeded.length === 0 ? ['No records seeded (use --count N).'] : ['Seeded:', ...seeded]),
    '',
    'Point leadloop at them (paste into your shell or .env):',
    `SALESFORCE_INSTANCE_URL=${salesforce.instanceUrl}`,
    `SALESFORCE_ACCESS_TOKEN=${salesforce.accessToken}`,
    `HUBSPOT_BASE_URL=${hubspot.baseUrl}`,
    `HUBSPOT_ACCESS_TOKEN=${hubspot.accessToken}`,
    '',
    'Press Ctrl-C to stop.',
  ];
}

export function registerSandboxCommand(program: Command): void {
  program
    .command('sandbox')
    .description('run the Salesforce and HubSpot emulators on one port')
    .option(
      '--port <n>',
      `port to listen on, 0 picks a free one (default ${DEFAULT_SANDBOX_PORT})`,
      integer('--port', 0, 65_535),
    )
    .option(
      '--count <n>',
      'seed this many people into both systems',
      integer('--count', 0, MAX_SANDBOX_COUNT),
    )
    .option(
      '--seed <n>',
      `seed of the generated data (default ${DEFAULT_SANDBOX_SEED})`,
      integer('--seed', 0, 2 ** 31 - 1),
    )
    .action(async (options: { port?: number; count?: number; seed?: number }) => {
      // Listen for the signals before the server starts, so an early Ctrl-C still closes it.
      const signals = watchSignals();
      let sandboxes: RunningSandboxes;
      try {
        sandboxes = await start({
          port: options.port ?? DEFAULT_SANDBOX_PORT,
          ...(options.count === undefined ? {} : { count: options.count }),
          ...(options.seed === undefined ? {} : { seed: options.seed }),
        });
      } catch (error) {
        signals.stop();
        throw error;
      }
      print(...describeSandboxes(sandboxes));
      const signal = await signals.stopped;
      await sandboxes.close();
      print(`${signal}: sandboxes stopped.`);
    });
}
