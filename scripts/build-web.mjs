// Builds the web app into web/dist when it is missing or older than its sources, so `npm start` always serves the
// current UI. Runs before `npm start` (prestart).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('../web/', import.meta.url).pathname;
const built = join(root, 'dist', 'index.html');
const newest = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
    const p = join(dir, e.name);
    return Math.max(m, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }, 0);
const sources = Math.max(newest(join(root, 'src')), statSync(join(root, 'index.html')).mtimeMs, statSync(join(root, 'vite.config.ts')).mtimeMs);
if (existsSync(built) && statSync(built).mtimeMs >= sources) process.exit(0);
console.log('building the web app (web/dist)…');
const r = spawnSync(process.execPath, [new URL('../node_modules/vite/bin/vite.js', import.meta.url).pathname, 'build', root, '--logLevel', 'warn'], { stdio: 'inherit' });
process.exit(r.status ?? 1);
