import { expect, it } from '@jest/globals';
import { reportError } from '../../src/cli/main.ts';
import { setOutputSink } from '../../src/cli/output.ts';

it('prints the stack of an unexpected failure when LOG_LEVEL=debug', () => {
  // This file's own module registry parses the environment on first use, after this line.
  process.env.LOG_LEVEL = 'debug';
  const error = new RangeError('Invalid time value');
  let stderr = '';
  const restore = setOutputSink({ out: () => undefined, err: (text) => (stderr += text) });
  try {
    expect(reportError(error)).toBe(1);
  } finally {
    restore();
  }
  expect(stderr).toBe(`error: unexpected failure: Invalid time value\n${error.stack ?? ''}\n`);
  expect(stderr).toContain('debug-stack.test.ts');
});
