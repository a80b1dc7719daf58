import { spawn } from 'node:child_process';
import { main } from '../../src/cli/main.ts';
import { setOutputSink } from '../../src/cli/output.ts';
import { REPO_ROOT } from '../config/project.ts';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `leadloop <args>` in-process, capturing what it writes. */
export async function run(...args: string[]): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const restore = setOutputSink({
    out: (text) => {
      stdout += text;
    },
    err: (text) => {
      stderr += text;
    },
  });
  try {
    const code = await main(['node', 'leadloop', ...args]);
    return { code, stdout, stderr };
  } finally {
    restore();
  }
}

/** The bin in its own process with only `env` (and PATH), as an admin's shell runs it. */
export function runBin(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/leadloop.js', ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
