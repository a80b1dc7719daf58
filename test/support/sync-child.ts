// A leadloop sync in its own process, for crash tests: the parent kills it with SIGKILL at a
// chosen moment and runs it again. Everything comes from the environment, as in production.
import { openEngine } from '../../src/app/engine.ts';
import { parseEnv } from '../../src/config/env.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { runSync } from '../../src/sync/run-sync.ts';

const env = parseEnv(process.env);
const opened = await openEngine({
  env,
  config: loadConfig({ configPath: 'config/leadloop.yaml' }),
});
try {
  const result = await runSync(opened.engine, { trigger: 'test' });
  process.stdout.write(`${JSON.stringify({ status: result.status, counts: result.counts })}\n`);
} finally {
  await opened.close();
}
