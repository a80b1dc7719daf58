import { describe, expect, it } from '@jest/globals';

describe('toolchain', () => {
  it('runs on Node 24 or newer (the npm "node" devDependency, not the machine Node 20)', () => {
    const major = Number(/^v(\d+)\./.exec(process.version)?.[1]);
    expect(major).toBeGreaterThanOrEqual(24);
  });
});
