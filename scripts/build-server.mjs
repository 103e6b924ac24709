// Compiles the server, the command line and the reader child process to JavaScript in dist/ with esbuild, so that
// `soxbridge …` (package.json "bin"), `npm run cli` and `npm start` run plain JavaScript: no TypeScript is transpiled
// at run time. Runs on `npm install` / `npm ci` (prepare) and before `npm start`; `--if-stale` skips the build when
// dist/ is newer than every file under server/ (what `npm run cli` uses, so an edited source is never run stale).
// One flat folder: each entry point plus shared chunks; packages in node_modules stay outside (loaded by Node).
import { chmodSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const out = join(root, 'dist');
const stamp = join(out, 'cli.js');
// The reader and the analysis renderer run in child processes; the reader imports the intake step by URL: each is an
// entry of its own so that it has a file (server/app-root.ts, sourceOrBuilt).
const entries = ['server/cli.ts', 'server/main.ts', 'server/excel/worker-entry.ts', 'server/http/analysis-renderer-entry.ts', 'server/use-cases/import-workbook.ts'];

const newest = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
    const p = join(dir, e.name);
    return Math.max(m, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }, 0);

if (process.argv.includes('--if-stale') && existsSync(stamp)) {
  const sources = Math.max(newest(join(root, 'server')), statSync(join(root, 'package.json')).mtimeMs, statSync(fileURLToPath(import.meta.url)).mtimeMs);
  if (statSync(stamp).mtimeMs >= sources) process.exit(0);
}

const { build } = await import('esbuild');
const { rmSync } = await import('node:fs');
rmSync(out, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: entries,
  outdir: out,
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  bundle: true,
  splitting: true, // each command loads only what it uses: `--help` does not load exceljs
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
  legalComments: 'none',
});
chmodSync(stamp, 0o755);
