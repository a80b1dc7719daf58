import { env } from '../config/env.ts';
import { loadConfig, type LeadloopConfig } from '../config/load-config.ts';

/** The `--config <file>` option every config-reading command takes. */
export const CONFIG_OPTION = [
  '--config <file>',
  'main config file (default: $LEADLOOP_CONFIG or config/leadloop.yaml)',
] as const;

/** Loads the config named by `--config`, else LEADLOOP_CONFIG, else the default. */
export function loadConfigFor(options: { config?: string }): Readonly<LeadloopConfig> {
  return loadConfig({ configPath: options.config ?? env().LEADLOOP_CONFIG });
}
