// Lint enforces the boundaries the folder names promise (DESIGN.md "The dependency rules"). Every rule below has a
// name in square brackets that its message carries; tests/repo/boundaries.test.ts plants one violating import of each
// kind and expects lint to fail with that name. Tests, benchmarks and scripts may build fixtures with any library.
//   domain-pure       server/domain imports nothing outside server/domain: no other folder, no IO library, no node
//                     built-in, no dynamic import. The shared value types (grid, control, listing rows, analysis) live there.
//   intake-pure       server/intake imports server/domain only (never the reverse): no IO library, no node built-in.
//   catalog-down      server/catalog imports server/domain only (and app-root.ts for the templates' folder).
//   db-down           server/db imports nothing from use-cases, http, excel, catalog or auth.
//   excel-down        server/excel imports nothing from use-cases, http, db, catalog or auth.
//   use-cases-no-http server/use-cases (and auth) never import server/http.
//   http-use-cases    server/http calls use-cases only: no db, excel, intake or catalog module. HTTP_DEBT lists the
//                     files that still do (to be moved into use-cases); an entry may be removed, never added.
//   routes-sub-app    a route module (server/http/*-routes.ts) builds its sub-app with newApi from ./sub-app.ts and
//                     never imports app.ts.
//   hono-in-http      hono and @hono/* are imported only in server/http (and hono/client, the typed client, in web).
//   excel-libs        exceljs, yauzl, fflate, saxes and csv-parse are imported only in server/excel.
//   db-libs           kysely, better-sqlite3 and pg are imported only in server/db.
//   web-types-only    web imports server code only as types (`import type`); the one exception is server/domain, whose
//                     pure modules (labels, the role table, the field list) are bundled into the web app as values.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const tag = (rule, why) => `${why} [${rule}]`;
const lib = (names, home, rule) => ({
  regex: `^(${names.join('|')})(/.*)?$`,
  message: tag(rule, `only server/${home}/ may import ${names.join(', ')}`),
});
const HONO = lib(['hono', '@hono/[^/]+'], 'http', 'hono-in-http');
const EXCEL_LIBS = lib(['exceljs', 'yauzl', 'fflate', 'saxes', 'csv-parse'], 'excel', 'excel-libs');
const DB_LIBS = lib(['kysely', 'better-sqlite3', 'pg'], 'db', 'db-libs');
const builtins = builtinModules.filter((m) => !m.startsWith('_')).map((m) => m.replace(/[/]/g, '\\/'));
const NODE = (rule) => ({ regex: `^(node:.*|(${builtins.join('|')})(/.*)?)$`, message: tag(rule, 'pure code imports no node built-in') });
// A relative import that reaches one of the named server folders (from any depth inside server/).
const folders = (names, rule, why) => ({ regex: `^(\\.\\./)+(${names.join('|')})/`, message: tag(rule, why) });

const DOMAIN = [
  HONO, EXCEL_LIBS, DB_LIBS, NODE('domain-pure'),
  { regex: '^\\.\\./', message: tag('domain-pure', 'server/domain imports nothing outside server/domain') },
];
const INTAKE = [
  HONO, EXCEL_LIBS, DB_LIBS, NODE('intake-pure'),
  { regex: '^\\.\\./(?!domain/)', message: tag('intake-pure', 'server/intake imports server/domain only') },
];
const CATALOG = [
  HONO, EXCEL_LIBS, DB_LIBS,
  { regex: '^\\.\\./(?!domain/|app-root\\.ts$)', message: tag('catalog-down', 'server/catalog imports server/domain only') },
];
const DB = [HONO, EXCEL_LIBS, folders(['use-cases', 'http', 'excel', 'catalog', 'auth'], 'db-down', 'server/db imports nothing from use-cases, http, excel, catalog or auth')];
const EXCEL = [HONO, DB_LIBS, folders(['use-cases', 'http', 'db', 'catalog', 'auth'], 'excel-down', 'server/excel imports nothing from use-cases, http, db, catalog or auth')];
const NOT_HTTP = folders(['http'], 'use-cases-no-http', 'only server/http and the entry points import server/http');
const USE_CASES = [HONO, EXCEL_LIBS, DB_LIBS, NOT_HTTP];
const ENTRY = [HONO, EXCEL_LIBS, DB_LIBS]; // files directly under server/ (main.ts, cli*.ts, env.ts): libraries only
const HTTP_BELOW = ['db', 'excel', 'intake', 'catalog'];
const httpOnly = (allowed) =>
  folders(HTTP_BELOW.filter((f) => !allowed.includes(f)), 'http-use-cases', 'server/http calls use-cases only, never a db, excel, intake or catalog module');
const HTTP = (allowed = []) => [EXCEL_LIBS, DB_LIBS, httpOnly(allowed)];
const NOT_APP = {
  regex: '^(\\./|\\.\\./http/)app(\\.ts)?$',
  message: tag('routes-sub-app', 'a route module builds its sub-app with newApi from ./sub-app.ts and never imports app.ts'),
};
// http-use-cases debt: the http files that still import a folder below use-cases, and which folders. Issue 20 moves
// these calls into use-cases: shrink this list as they go (tests/repo/boundaries.test.ts fails on an entry that is no
// longer needed, so the list stays true); a new file or a new folder here is a new violation.
export const HTTP_DEBT = {}; // empty: no http file imports db, excel, intake or catalog (keep it so)
// The web app may use hono's typed client (hc<AppType>, issue 20's "one typed contract"); the rest of hono stays in http.
const WEB_HONO = { ...HONO, regex: '^(hono(?!/client$)|@hono/[^/]+)(/.*)?$' };
const WEB = [
  WEB_HONO, EXCEL_LIBS, DB_LIBS,
  {
    regex: '^(\\.\\./)+server/(?!domain/)',
    allowTypeImports: true,
    message: tag('web-types-only', 'web imports server code only as types (import type); only server/domain may be imported as values'),
  },
];
const restrict = (patterns) => ({ 'no-restricted-imports': 'off', '@typescript-eslint/no-restricted-imports': ['error', { patterns }] });
const isRoutes = (file) => file.endsWith('-routes.ts');

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
  // The boundaries. Flat config replaces a rule's options with the last block that matches a file (it does not merge),
  // so each block carries the whole list for its folder; the more specific blocks come later.
  { files: ['server/**/*.ts'], rules: restrict(ENTRY) },
  { files: ['server/domain/**'], rules: restrict(DOMAIN) },
  {
    files: ['server/domain/**', 'server/intake/**'],
    rules: { 'no-restricted-syntax': ['error', { selector: 'ImportExpression', message: tag('domain-pure', 'pure code has no dynamic import') }] },
  },
  { files: ['server/intake/**'], rules: restrict(INTAKE) },
  { files: ['server/catalog/**'], rules: restrict(CATALOG) },
  { files: ['server/db/**'], rules: restrict(DB) },
  { files: ['server/excel/**'], rules: restrict(EXCEL) },
  { files: ['server/use-cases/**', 'server/auth/**'], rules: restrict(USE_CASES) },
  { files: ['server/http/**'], rules: restrict(HTTP()) },
  { files: ['server/http/*-routes.ts'], rules: restrict([...HTTP(), NOT_APP]) },
  ...Object.entries(HTTP_DEBT).map(([file, allowed]) => ({
    files: [file],
    rules: restrict([...HTTP(allowed), ...(isRoutes(file) ? [NOT_APP] : [])]),
  })),
  { files: ['web/**'], rules: restrict(WEB) },
);
