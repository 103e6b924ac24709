// The folder soxbridge is installed in (the one holding its package.json, templates/ and web/dist/), found from this
// module's own location, so it is the same whether the code runs from server/*.ts (tsx, tests) or from the built
// bundle in dist/ (the `soxbridge` command, `npm start`), and whatever folder the user stands in.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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

// A module that a child process runs or imports by URL (the reader, the analysis renderer, the reader's intake step):
// from the sources it is `<name>.ts`, run through tsx's loader; from the build it is `dist/<name>.js`, an entry point of
// its own (scripts/build-server.mjs), since bundled code keeps no file of its own to point at.
export const BUILT = !fileURLToPath(import.meta.url).endsWith('.ts');

export function sourceOrBuilt(sourceUrl: URL): URL {
  if (!BUILT) return sourceUrl;
  const name = sourceUrl.pathname.split('/').pop()!.replace(/\.ts$/, '.js');
  return pathToFileURL(join(APP_ROOT, 'dist', name));
}
