// The folder soxbridge is installed in (the one holding its package.json, templates/ and web/dist/), found from this
// module's own location, so it is the same whether the code runs from server/*.ts (tsx, tests) or from the built
// bundle in dist/ (the `soxbridge` command, `npm start`), and whatever folder the user stands in.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown }).name === 'soxbridge') return dir;
      } catch {
        // not ours; keep looking
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the soxbridge folder (package.json) above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

export const APP_ROOT = findRoot();
