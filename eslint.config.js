import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const io = ['node:*', 'fs', 'http', 'net', 'better-sqlite3', 'ws', 'execa', 'chalk', 'undici', 'cli-table3'];
const pure = (room) => ({
  files: [`src/${room}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          { group: io, message: `src/${room} is pure: no I/O modules (DESIGN.md room boundaries).` },
          { group: ['**/daemon/**', '**/store/**', '**/cli/**', '**/commands/**'], message: `src/${room} may not reach into I/O rooms.` },
        ],
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  pure('engine'),
  pure('wire'),
  pure('protocol'),
  {
    files: ['src/commands/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['**/daemon/**', '**/store/**'], message: 'Commands go through the RPC client, never the daemon or store.' }],
        },
      ],
    },
  },
  {
    files: ['src/learn/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/daemon/**', '**/cli/**', '**/commands/**', '**/store/**'],
              message: 'src/learn sits below cli/daemon: it imports engine, config and protocol only (DESIGN.md).',
            },
          ],
        },
      ],
    },
  },
  {
    // The dashboard runs in a browser: it speaks to the daemon only through the protocol's types and constants.
    files: ['src/ui/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: io, message: 'src/ui runs in the browser: no Node or server modules.' },
            {
              group: ['**/daemon/**', '**/store/**', '**/cli/**', '**/commands/**', '**/engine/**'],
              message: 'src/ui talks to the daemon over RPC only.',
            },
          ],
        },
      ],
    },
  },
  { files: ['src/cli/render/**/*.ts', 'src/daemon/log.ts', 'bench/**', 'test/**'], rules: { 'no-console': 'off' } },
);
