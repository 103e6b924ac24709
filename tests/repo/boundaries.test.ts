// The boundaries the folder names promise (DESIGN.md "The dependency rules"), enforced by eslint.config.js: one
// violating import of each kind is planted in a temporary file of the folder it breaks (inside the repository, with
// the repository's lint config, removed afterwards), and lint must fail on it with the named rule; the allowed imports
// beside them must pass. Each planted file is valid TypeScript (a namespace import of a module that exists), so a
// type check running at the same moment is not disturbed; scripts/folder-graph.mjs skips them.
import { ESLint } from 'eslint';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const eslint = new ESLint({ cwd: ROOT });
const planted = new Set<string>();
let n = 0;

// A file named like a planted file in `folder` (a name ending in -routes.ts when `routes`), holding `code`.
async function lintPlanted(folder: string, code: string, routes = false): Promise<string[]> {
  const file = join(ROOT, folder, `__planted-${process.pid}-${n++}${routes ? '-routes' : ''}.ts`);
  mkdirSync(dirname(file), { recursive: true });
  planted.add(file);
  try {
    writeFileSync(file, code);
    const [result] = await eslint.lintFiles([file]);
    return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
  } finally {
    rmSync(file, { force: true });
    planted.delete(file);
  }
}
afterAll(() => {
  for (const f of planted) rmSync(f, { force: true });
  rmSync(join(ROOT, WEB), { recursive: true, force: true });
});

// Planted web files go in a folder of their own beside web/src (the same lint block, web/**), so tests that walk
// web/src never meet a file that is about to disappear.
const WEB = `web/__planted-${process.pid}`;
const value = (spec: string) => `import * as planted from '${spec}';\nexport { planted };\n`;
const typeOnly = (spec: string) => `import type * as planted from '${spec}';\nexport type Planted = typeof planted;\n`;

// [what is planted, the folder, the file's code, the rule lint must name]
const VIOLATIONS: [string, string, string, string][] = [
  ['domain -> intake', 'server/domain', value('../intake/intake.ts'), 'domain-pure'],
  ['domain -> auth', 'server/domain', value('../auth/password.ts'), 'domain-pure'],
  ['domain -> use-cases', 'server/domain', value('../use-cases/context.ts'), 'domain-pure'],
  ['domain -> a file directly under server/', 'server/domain', value('../app-root.ts'), 'domain-pure'],
  ['domain -> fflate', 'server/domain', value('fflate'), 'excel-libs'],
  ['domain -> hono', 'server/domain', value('hono'), 'hono-in-http'],
  ['domain -> node:fs', 'server/domain', value('node:fs'), 'domain-pure'],
  ['domain -> crypto (bare built-in)', 'server/domain', value('crypto'), 'domain-pure'],
  ['domain -> a dynamic import', 'server/domain', "export const planted = () => import('./dates.ts');\n", 'domain-pure'],
  ['intake -> use-cases', 'server/intake', value('../use-cases/context.ts'), 'intake-pure'],
  ['intake -> excel', 'server/intake', value('../excel/read.ts'), 'intake-pure'],
  ['intake -> node:path', 'server/intake', value('node:path'), 'intake-pure'],
  ['catalog -> use-cases', 'server/catalog', value('../use-cases/context.ts'), 'catalog-down'],
  ['catalog -> db', 'server/catalog', value('../db/connect.ts'), 'catalog-down'],
  ['db -> hono', 'server/db', value('hono'), 'hono-in-http'],
  ['db -> exceljs', 'server/db', value('exceljs'), 'excel-libs'],
  ['db -> excel', 'server/db', value('../excel/read.ts'), 'db-down'],
  ['db -> use-cases', 'server/db', value('../use-cases/analyse-engagement.ts'), 'db-down'],
  ['db/migrations -> use-cases', 'server/db/migrations', value('../../use-cases/context.ts'), 'db-down'],
  ['excel -> use-cases', 'server/excel', value('../use-cases/analyse-engagement.ts'), 'excel-down'],
  ['excel/export -> use-cases', 'server/excel/export', value('../../use-cases/analyse-engagement.ts'), 'excel-down'],
  ['excel -> db', 'server/excel', value('../db/connect.ts'), 'excel-down'],
  ['excel -> kysely', 'server/excel', value('kysely'), 'db-libs'],
  ['excel -> hono', 'server/excel', value('hono'), 'hono-in-http'],
  ['use-cases -> hono', 'server/use-cases', value('hono'), 'hono-in-http'],
  ['use-cases -> @hono/zod-openapi', 'server/use-cases', value('@hono/zod-openapi'), 'hono-in-http'],
  ['use-cases -> yauzl', 'server/use-cases', value('yauzl'), 'excel-libs'],
  ['use-cases -> csv-parse/sync', 'server/use-cases', value('csv-parse/sync'), 'excel-libs'],
  ['use-cases -> better-sqlite3', 'server/use-cases', value('better-sqlite3'), 'db-libs'],
  ['use-cases -> http', 'server/use-cases', value('../http/app.ts'), 'use-cases-no-http'],
  ['auth -> http', 'server/auth', value('../http/authz.ts'), 'use-cases-no-http'],
  ['an entry point -> @hono/node-server', 'server', value('@hono/node-server'), 'hono-in-http'],
  ['an entry point -> exceljs', 'server', value('exceljs'), 'excel-libs'],
  ['an entry point -> pg', 'server', value('pg'), 'db-libs'],
  ['http -> csv-parse', 'server/http', value('csv-parse/sync'), 'excel-libs'],
  ['http -> yauzl', 'server/http', value('yauzl'), 'excel-libs'],
  ['http -> kysely', 'server/http', value('kysely'), 'db-libs'],
  ['http -> db (a new file)', 'server/http', value('../db/engagements.ts'), 'http-use-cases'],
  ['http -> excel (a new file)', 'server/http', value('../excel/read.ts'), 'http-use-cases'],
  ['http -> intake', 'server/http', value('../intake/intake.ts'), 'http-use-cases'],
  ['http -> catalog', 'server/http', value('../catalog/load-catalog.ts'), 'http-use-cases'],
  ['web -> server/http/app.ts as a value', WEB, value('../../server/http/app.ts'), 'web-types-only'],
  ['web -> server/db/connect.ts as a value', WEB, value('../../server/db/connect.ts'), 'web-types-only'],
  ['web -> server/use-cases as a value', WEB, value('../../server/use-cases/context.ts'), 'web-types-only'],
  ['web -> server/intake as a value', WEB, value('../../server/intake/intake.ts'), 'web-types-only'],
  ['web -> exceljs', WEB, value('exceljs'), 'excel-libs'],
  ['web -> hono', WEB, value('hono'), 'hono-in-http'],
  ['web -> hono/cookie', WEB, value('hono/cookie'), 'hono-in-http'],
  ['web -> @hono/zod-openapi', WEB, value('@hono/zod-openapi'), 'hono-in-http'],
];

const ALLOWED: [string, string, string][] = [
  ['domain -> domain', 'server/domain', value('./dates.ts')],
  ['intake -> domain', 'server/intake', value('../domain/grid.ts')],
  ['intake -> intake', 'server/intake', value('./intake.ts')],
  ['catalog -> domain', 'server/catalog', value('../domain/catalog.ts')],
  ['db -> domain', 'server/db', value('../domain/analysis.ts')],
  ['db -> kysely', 'server/db', value('kysely')],
  ['excel -> domain', 'server/excel', value('../domain/grid.ts')],
  ['excel -> fflate', 'server/excel', value('fflate')],
  ['excel/export -> exceljs', 'server/excel/export', value('exceljs')],
  ['use-cases -> excel', 'server/use-cases', value('../excel/read.ts')],
  ['use-cases -> db', 'server/use-cases', value('../db/engagements.ts')],
  ['use-cases -> node:fs', 'server/use-cases', value('node:fs')],
  ['http -> use-cases', 'server/http', value('../use-cases/context.ts')],
  ['http -> domain', 'server/http', value('../domain/roles.ts')],
  ['http -> hono', 'server/http', value('hono')],
  ['http -> @hono/zod-openapi', 'server/http', value('@hono/zod-openapi')],
  ['an entry point -> http', 'server', value('./http/app.ts')],
  ['web -> server/http/app.ts as a type', WEB, typeOnly('../../server/http/app.ts')],
  ['web -> server/db/connect.ts as a type', WEB, typeOnly('../../server/db/connect.ts')],
  ['web -> server/domain as a value', WEB, value('../../server/domain/roles.ts')],
  ['web -> hono/client (the typed client)', WEB, value('hono/client')],
];

describe('lint enforces the folder boundaries', () => {
  it.each(VIOLATIONS)('fails on %s', async (_name, folder, code, rule) => {
    const messages = await lintPlanted(folder, code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(`[${rule}]`);
  });

  it('fails on a route module importing app.ts, and passes it building on ./sub-app.ts', async () => {
    const bad = await lintPlanted('server/http', value('./app.ts'), true);
    expect(bad).toHaveLength(1);
    expect(bad[0]).toContain('[routes-sub-app]');
    expect(await lintPlanted('server/http', value('./sub-app.ts'), true)).toEqual([]);
  });

  it.each(ALLOWED)('passes %s', async (_name, folder, code) => {
    expect(await lintPlanted(folder, code)).toEqual([]);
  });

  // The http files in eslint.config.js's HTTP_DEBT may still import the folder listed for them, and nothing more: each
  // is linted as it is, then with one import it is not allowed (linted as that path, the file itself is not touched).
  it.each([
    ['server/http/app.ts', value('../db/connect.ts'), 'http-use-cases'],
    ['server/http/plan-routes.ts', value('../excel/read.ts'), 'http-use-cases'],
    ['server/http/plan-routes.ts', value('./app.ts'), 'routes-sub-app'],
  ])('holds the debt-listed %s to its listed folder', async (file, extra, rule) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const lint = async (code: string) => {
      const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
      return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
    };
    expect(await lint(text)).toEqual([]);
    const messages = await lint(`${extra}${text}`);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(`[${rule}]`);
  });

  it('lists as http debt only imports that are still there', async () => {
    const config = join(ROOT, 'eslint.config.js');
    const { HTTP_DEBT } = (await import(config)) as { HTTP_DEBT: Record<string, string[]> };
    const stale: string[] = [];
    for (const [file, folders] of Object.entries(HTTP_DEBT)) {
      const text = existsSync(join(ROOT, file)) ? readFileSync(join(ROOT, file), 'utf8') : '';
      for (const folder of folders)
        if (!new RegExp(`from '(\\.\\./)+${folder}/`).test(text)) stale.push(`${file} no longer imports ${folder}/: remove it from HTTP_DEBT`);
    }
    expect(stale).toEqual([]);
  });
});
