import { loadConfig } from '../../src/config/load-config.ts';
import { parseEnv } from '../../src/config/env.ts';
import { openEngine } from '../../src/app/engine.ts';
import { openStore } from '../../src/store/index.ts';
import { runSync } from '../../src/sync/run-sync.ts';
import { benchEngine } from './engine-bench.ts';

/**
 * One measured job in its own process, so its peak RSS (`process.resourceUsage().maxRSS`) is
 * its own: `init <env JSON>` creates the store; `engine <leads>` runs the no-I/O engine bench; `sync <env JSON>` runs an initial sync
 * against the sandboxes the parent seeded, reports, then runs one more cycle for each `quiet`
 * message of the parent (which reads the sandboxes' request accounting in between) until `end`.
 */
export interface ChildReport {
  readonly kind: 'init' | 'initial' | 'quiet' | 'engine';
  readonly wallMs: number;
  readonly maxRssMb: number;
  /** RSS once the engine is open (store migrated), before any sync: the fixed cost. */
  readonly openRssMb?: number;
  readonly result: unknown;
}

const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const send = (report: ChildReport) => process.send?.(report);

const [mode, arg] = process.argv.slice(2);
if (mode === 'engine') {
  const config = loadConfig({ configPath: 'config/leadloop.yaml' });
  const started = performance.now();
  const result = benchEngine(config, Number(arg));
  send({
    kind: 'engine',
    wallMs: Math.round(performance.now() - started),
    maxRssMb: rssMb(),
    result,
  });
  process.disconnect?.();
} else if (mode === 'init') {
  // A new PGlite folder: initdb and migrations, once, as at install time.
  const env = parseEnv(JSON.parse(arg ?? '{}') as Record<string, string>);
  const started = performance.now();
  const store = await openStore({ env });
  await store.close();
  send({
    kind: 'init',
    wallMs: Math.round(performance.now() - started),
    maxRssMb: rssMb(),
    result: null,
  });
  process.disconnect?.();
} else if (mode === 'sync') {
  const env = parseEnv(JSON.parse(arg ?? '{}') as Record<string, string>);
  const config = loadConfig({ configPath: 'config/leadloop.yaml' });
  const opened = await openEngine({ env, config });
  const openRssMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
  const timed = async (kind: 'initial' | 'quiet') => {
    const started = performance.now();
    const result = await runSync(opened.engine, { trigger: 'bench' });
    const wallMs = Math.round(performance.now() - started);
    send({ kind, wallMs, maxRssMb: rssMb(), openRssMb, result });
  };
  await timed('initial');
  const nextMessage = () =>
    new Promise<string>((resolve) =>
      process.once('message', (message) => resolve(String(message))),
    );
  while ((await nextMessage()) === 'quiet') await timed('quiet');
  await opened.close();
  process.disconnect?.();
}
