import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A throwaway copy of the project's shipped config, with some files swapped for fixtures, so a
 * broken-config test loads exactly what an admin's checkout would, with root-relative names.
 */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BROKEN = join(REPO_ROOT, 'test/fixtures/config/broken');

export const CONFIG_FILES = {
  leadloop: 'config/leadloop.yaml',
  scoring: 'config/scoring.yaml',
  sla: 'config/sla.yaml',
  fields: 'mappings/fields.yaml',
  stages: 'mappings/stages.yaml',
} as const;
export type ConfigFileName = keyof typeof CONFIG_FILES;

/** Copies the shipped config into a temp project, replacing files by fixtures (absolute paths). */
export function projectWith(replacements: Partial<Record<ConfigFileName, string>> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'leadloop-config-'));
  for (const [name, relative] of Object.entries(CONFIG_FILES) as [ConfigFileName, string][]) {
    const target = join(root, relative);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(replacements[name] ?? join(REPO_ROOT, relative), target);
  }
  return root;
}

/** A temp project whose `<file>` is the broken fixture `test/fixtures/config/broken/<file>/<name>.yaml`. */
export function projectWithBroken(file: ConfigFileName, name: string): string {
  return projectWith({ [file]: join(BROKEN, file, `${name}.yaml`) });
}
