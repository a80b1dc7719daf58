import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'data/**',
      'coverage/**',
      'test-artifacts/**',
      'src/server/dashboard/assets/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    // The environment is parsed once, at start-up, in src/config/env.ts (STYLE.md §8).
    files: ['src/**/*.ts', 'connectors/**/*.ts'],
    ignores: ['src/config/env.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read settings from the parsed Env (src/config/env.ts), never process.env.',
        },
      ],
    },
  },
  {
    // The universal lead is pure domain code: no I/O, no vendor, no store.
    files: ['src/lead/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'http', 'https', 'net', 'child_process'],
              message: 'src/lead is pure: no I/O.',
            },
            {
              group: ['**/connectors/**', '**/store/**', '**/sync/**', '**/server/**'],
              message: 'src/lead depends on nothing but itself, zod and luxon.',
            },
          ],
        },
      ],
    },
  },
  {
    // Connectors implement the Connector port; they must not reach into the engine.
    files: ['connectors/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '/src/sync/(?!connector\\.ts$)',
              message:
                'connectors/* may import only src/sync/connector.ts (the port), never engine internals.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
