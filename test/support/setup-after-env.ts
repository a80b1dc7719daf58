// Each jest test file loads its own nock; one left active would intercept the next file's
// requests (toolchain.md), so every file restores it when done.
import { afterAll } from '@jest/globals';

afterAll(async () => {
  const { default: nock } = await import('nock');
  nock.cleanAll();
  nock.restore();
});
