// Serves the built web app (web/dist) — everything it needs ships in the package; no CDN, no outbound calls.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import type { Context } from 'hono';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export function staticHandler(distDir: string): ((c: Context) => Promise<Response | undefined>) | undefined {
  const root = resolve(distDir);
  if (!existsSync(join(root, 'index.html'))) return undefined;
  return async (c) => {
    const path = decodeURIComponent(new URL(c.req.url).pathname);
    // Never let a request path leave the dist folder.
    const file = normalize(join(root, path));
    if (!file.startsWith(root)) return undefined;
    const target = existsSync(file) && statSync(file).isFile() ? file : extname(path) ? null : join(root, 'index.html');
    if (!target) return undefined;
    const type = TYPES[extname(target)] ?? 'application/octet-stream';
    const cache = target.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable';
    return new Response(readFileSync(target), { headers: { 'content-type': type, 'cache-control': cache } });
  };
}
