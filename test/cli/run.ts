import { main } from '../../src/cli/main.ts';
import { setOutputSink } from '../../src/cli/output.ts';

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
