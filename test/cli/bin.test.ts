import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from '../config/project.ts';

describe('the leadloop bin', () => {
  it('runs as `npx leadloop --help` from the repository root', () => {
    // `npm exec` is what `npx` runs: it finds the package's own bin and runs it on Node 24.
    const child = spawnSync('npm', ['exec', '--', 'leadloop', '--help'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 50_000,
    });
    expect(child.status).toBe(0);
    expect(child.stdout.split('\n').slice(0, 3)).toEqual([
      'Usage: leadloop [options] [command]',
      '',
      'One lead for marketing and sales: keeps HubSpot and Salesforce in agreement.',
    ]);
    expect(child.stdout).toContain(
      '  config                          work with the configuration files\n',
    );
  });

  it('exits 1 with the error on stderr when the config is missing', () => {
    const child = spawnSync(
      'npm',
      ['exec', '--', 'leadloop', 'config', 'check', '--config', 'nowhere.yaml'],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        timeout: 50_000,
      },
    );
    expect(child.status).toBe(1);
    expect(child.stdout).toBe('');
    expect(child.stderr).toContain(
      `error [config.not_found]: No config file at ${REPO_ROOT}nowhere.yaml\n`,
    );
  });
});
