// Lint enforces the boundaries of DESIGN.md: the pure core imports no IO library, and each adapter folder is the
// only importer of its library. Tests and benchmarks may build fixtures with any library.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const lib = (name, folder) => ({
  group: [name, `${name}/*`],
  message: `only server/${folder}/ may import ${name} (DESIGN.md layout)`,
});
const EXCEL = lib('exceljs', 'excel');
const DB = [lib('kysely', 'db'), lib('better-sqlite3', 'db'), lib('pg', 'db')];
const PURE = {
  group: [
    'exceljs', 'kysely', 'better-sqlite3', 'pg', 'hono', 'hono/*', '@hono/*', 'yauzl', 'csv-parse', 'csv-parse/*',
    'node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'worker_threads', 'http', 'https', 'net', 'crypto', 'zlib',
    'stream', '**/excel/*', '**/db/*', '**/http/*', '**/catalog/*', '**/use-cases/*',
  ],
  message: 'server/domain and server/intake are pure: no IO library, node built-in or adapter',
};
const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['node_modules/**', 'web/dist/**', 'dist/**', 'data/**', 'coverage/**', 'test-results/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // Plain Node scripts (build helpers) run outside TypeScript.
  { files: ['scripts/**/*.mjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } } },
  // Tests read JSON the CLI printed; typing every shape there would add noise, not safety.
  { files: ['tests/**'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  { files: ['server/**', 'web/**'], rules: restrict([EXCEL, ...DB]) },
  { files: ['server/excel/**'], rules: restrict(DB) },
  { files: ['server/db/**'], rules: restrict([EXCEL]) },
  { files: ['server/domain/**', 'server/intake/**'], rules: restrict([PURE]) },
);
