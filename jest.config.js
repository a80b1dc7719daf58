import { availableParallelism } from 'node:os';

/** Jest runs TypeScript through @swc/jest (transpile only); `npm run typecheck` checks types. */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2023' },
        module: { type: 'es6' },
      },
    ],
  },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/support/setup-after-env.ts'],
  testTimeout: 60000,
  // Most suites wait on sockets and child processes (sandboxes, PostgreSQL, serve, Chromium),
  // not the CPU: one worker per core and a half keeps the cores busy (2 cores: 547 s → ~230 s).
  // A number, not '150%': jest read that percentage as dozens of workers here. At most 4: each
  // worker may hold sandboxes, a serve child and PostgreSQL connections (100 by default).
  maxWorkers: Math.min(4, Math.ceil(availableParallelism() * 1.5)),
};
