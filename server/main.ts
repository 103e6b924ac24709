// `npm start`: checks the catalogue, opens the database (migrations applied), seeds a demo engagement on first start,
// and serves the API and the web app on http://127.0.0.1:8080 (PORT, HOST, DATA_DIR, DATABASE_URL, PUBLIC_URL).
import { serve } from './http/serve.ts';
import { join, sep } from 'node:path';
import { APP_ROOT } from './app-root.ts';
import { DEFAULT_TEMPLATES_DIR, formatProblem, loadCatalog } from './catalog/load-catalog.ts';
import { catalogSummary } from './catalog/summary.ts';
import { databaseOptionsFromEnv, openDatabase } from './db/connect.ts';
import { describeReadLimits, isLoopbackHost, packageVersion, readEnv, readLimitsFromEnv } from './env.ts';
import { countUsers } from './db/users.ts';
import { keepSpareReader } from './excel/read.ts';
import { processRenderer } from './http/analysis-renderer.ts';
import { createApp } from './http/app.ts';
import { allowedHostNames } from './http/host-guard.ts';
import { staticHandler } from './http/static.ts';
import { expirePreviews } from './use-cases/expire-previews.ts';
import type { AppContext } from './use-cases/context.ts';
import { seedDemo } from './use-cases/seed-demo.ts';
import { spreadsheetReader, UPLOAD_GRID_CACHE } from './use-cases/spreadsheet-reader.ts';

const fail = (message: string): never => {
  console.error(`soxbridge: ${message}`);
  process.exit(1);
};

const env = readEnv();
const limits = readLimitsFromEnv();
if (!limits.ok) fail(limits.error);
const readLimits = limits.ok ? limits.value : {};
const version = packageVersion();
console.log(`soxbridge ${version}`);
const catalog = loadCatalog();
if (!catalog.ok) {
  console.error(`The catalogue in templates/ has ${catalog.error.length} problem(s):`);
  for (const p of catalog.error) console.error(`  ${formatProblem(p)}`);
  process.exit(1);
}
console.log(catalogSummary(catalog.value));

const dbOptions = databaseOptionsFromEnv(process.env, env.dataDir);
if (!dbOptions.ok) fail(dbOptions.error.message);
const handle = await openDatabase(dbOptions.ok ? dbOptions.value : { dataDir: env.dataDir }).catch((e: unknown) =>
  fail(`cannot open the database: ${(e as Error).message}`),
);
const users = await countUsers(handle.db);
if (users === 0 && !isLoopbackHost(env.host)) {
  await handle.close();
  fail(
    `refusing to listen on ${env.host}: no accounts exist, so anyone who can reach that address could read and change every engagement. ` +
      'Add an owner first (npm run -s cli -- user add --owner you@example.com), or leave HOST unset to run in local mode on 127.0.0.1.',
  );
}
if (env.publicUrl && !/^https?:\/\/[^/\s]+/i.test(env.publicUrl)) fail(`PUBLIC_URL must be an http:// or https:// address, e.g. https://soxbridge.firm.example; it is "${env.publicUrl}"`);
const allowedHosts = allowedHostNames({ publicUrl: env.publicUrl, host: env.host, loopback: isLoopbackHost(env.host) });
if (allowedHosts.length === 0) {
  await handle.close();
  fail(`listening on ${env.host} needs PUBLIC_URL, the address people use (e.g. PUBLIC_URL=https://soxbridge.firm.example): the server answers to no other host name`);
}
console.log(`answers to: ${allowedHosts.join(', ')} (any other Host header gets 421)`);
console.log(users === 0 ? 'local mode: no accounts, this computer only (add one with: npm run -s cli -- user add --owner <email>)' : `accounts: ${users} user(s); sign-in required`);
// The server's one spreadsheet reader: every upload in the memory-capped child process, with these limits, and the
// grids of the last uploads kept so that a remap or the confirm does not parse the file again.
const readSpreadsheet = spreadsheetReader({ inWorker: true, limits: readLimits, cache: UPLOAD_GRID_CACHE });
const ctx: AppContext = { db: handle.db, catalog: catalog.value, version, now: () => new Date(), readSpreadsheet };
console.log(`import limits: ${describeReadLimits(readLimits)}`);
if (env.seedDemo) {
  const seeded = await seedDemo(ctx, DEFAULT_TEMPLATES_DIR).catch((e: unknown) => fail(`seeding the demo engagement failed: ${(e as Error).message}`));
  if (seeded) console.log(`seeded the demo engagement (${seeded})`);
}

// uploads are read in a child process; one is kept started ahead of the next upload (about half a second saved each)
keepSpareReader(true, readLimits);

// uploads never confirmed are deleted with their file after IMPORT_PREVIEW_TTL_H hours: now, then every hour
const expire = () =>
  expirePreviews(ctx, env.previewTtlHours).then(
    (r) => r.deleted > 0 && console.log(`deleted ${r.deleted} upload(s) not confirmed within ${env.previewTtlHours} h (${Math.round(r.bytes / 1048576)} MB)`),
    (e: unknown) => console.error(`soxbridge: expiring unconfirmed uploads failed: ${(e as Error).message}`),
  );
void expire();
setInterval(() => void expire(), 3_600_000).unref();

const handler = staticHandler(join(APP_ROOT, 'web', 'dist') + sep);
// analysis bodies are made in a child process: a large engagement's JSON never blocks the event loop (/healthz)
const renderer = processRenderer();
const app = createApp({ ctx, cookieSecure: env.cookieSecure, trustProxy: env.trustProxy, allowedHosts, analysisRenderer: renderer, ...(handler ? { staticHandler: handler } : {}) });
const server = serve({ fetch: app.fetch, port: env.port, hostname: env.host }, (info) => {
  console.log(`soxbridge is running on http://${info.address.includes(':') ? `[${info.address}]` : info.address}:${info.port}  (data: ${handle.dialect === 'sqlite' ? handle.file : 'PostgreSQL'})`);
  if (!handler) console.log('The web app is not built; the API is at /api (see /api/openapi.json).');
});
server.on('error', (e: NodeJS.ErrnoException) => fail(e.code === 'EADDRINUSE' ? `port ${env.port} is in use; set PORT to another port` : e.message));

const stop = async () => {
  keepSpareReader(false);
  renderer.close();
  server.close();
  await handle.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
