// Configuration from the environment, with the defaults DESIGN.md promises. Read once, at start.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_ROOT } from './app-root.ts';
import { err, ok, type Result } from './domain/result.ts';
import { DEFAULT_LIMITS, type ReadLimits } from './excel/limits.ts';

export interface Env {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  seedDemo: boolean;
  cookieSecure: boolean; // behind an HTTPS proxy: the session cookie is always marked Secure
  // TRUST_PROXY=N: N reverse proxies in front of the server append to X-Forwarded-For; per-client limits key on the
  // address the outermost trusted one saw. 0 (default): the socket address, X-Forwarded-For ignored (a client could
  // write anything there).
  trustProxy: number;
  previewTtlHours: number; // IMPORT_PREVIEW_TTL_H: an upload not confirmed within this is deleted with its file
  publicUrl: string | null; // PUBLIC_URL: the address people use; the server answers to no other host name
}

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const port = Number(source.PORT ?? 8080);
  return {
    port: Number.isInteger(port) && port >= 0 && port < 65536 ? port : 8080,
    // Pre-IPO financial data is material non-public information: loopback unless an address is configured.
    host: source.HOST?.trim() || '127.0.0.1',
    dataDir: source.DATA_DIR ?? './data',
    databaseUrl: source.DATABASE_URL?.trim() || null,
    seedDemo: source.SEED_DEMO !== '0',
    cookieSecure: source.COOKIE_SECURE === '1',
    trustProxy: wholeNumber(source.TRUST_PROXY, 0),
    previewTtlHours: wholeNumber(source.IMPORT_PREVIEW_TTL_H, 24, 1),
    publicUrl: source.PUBLIC_URL?.trim() || null,
  };
}

function wholeNumber(raw: string | undefined, fallback: number, min = 0): number {
  const n = Number(raw?.trim());
  return raw !== undefined && /^\s*\d+\s*$/.test(raw) && Number.isSafeInteger(n) && n >= min ? n : fallback;
}

// The import guards an administrator may change, each from one variable in a unit people use. Left unset, the
// default in excel/limits.ts applies (and is shown at start with its variable, see describeReadLimits).
const LIMIT_VARS: readonly { name: string; key: keyof ReadLimits; unit: number; what: string }[] = [
  { name: 'IMPORT_MAX_UPLOAD_MB', key: 'maxUploadBytes', unit: 1024 * 1024, what: 'MB per uploaded file' },
  { name: 'IMPORT_MAX_UNCOMPRESSED_MB', key: 'maxUncompressedBytes', unit: 1024 * 1024, what: 'MB of a workbook once inflated' },
  { name: 'IMPORT_MAX_PART_MB', key: 'maxPartBytes', unit: 1024 * 1024, what: 'MB of any one part once inflated' },
  { name: 'IMPORT_MAX_ROWS', key: 'maxRows', unit: 1, what: 'rows per sheet' },
  { name: 'IMPORT_MAX_COLUMNS', key: 'maxCols', unit: 1, what: 'columns per row' },
  { name: 'IMPORT_READER_HEAP_MB', key: 'workerHeapMb', unit: 1, what: 'MB of heap for the process that reads an upload' },
  { name: 'IMPORT_READER_RSS_MB', key: 'workerRssMb', unit: 1, what: 'MB of resident memory a reader may use before it is stopped' },
  { name: 'IMPORT_MAX_CONCURRENT', key: 'maxConcurrentReaders', unit: 1, what: 'uploads read at once (the rest queue)' },
  { name: 'IMPORT_READER_TIMEOUT_S', key: 'workerTimeoutMs', unit: 1000, what: 's before a read is abandoned' },
];

// The read limits set in the environment, or the first variable that is not a whole number above zero.
export function readLimitsFromEnv(source: NodeJS.ProcessEnv = process.env): Result<Partial<ReadLimits>, string> {
  const out: Partial<ReadLimits> = {};
  for (const v of LIMIT_VARS) {
    const raw = source[v.name]?.trim();
    if (raw === undefined || raw === '') continue;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n * v.unit) || n <= 0)
      return err(`${v.name} must be a whole number above 0 (${v.what}); it is "${raw}"`);
    out[v.key] = n * v.unit;
  }
  return ok(out);
}

// One line for the start-up log: every changeable limit as it applies, with the variable that changes it.
export function describeReadLimits(limits: Partial<ReadLimits>): string {
  return LIMIT_VARS.map((v) => {
    const value = (limits[v.key] ?? DEFAULT_LIMITS[v.key]) / v.unit;
    const set = limits[v.key] !== undefined ? 'set' : 'default';
    return `${value.toLocaleString('en-US')} ${v.what} (${v.name}, ${set})`;
  }).join('; ');
}

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(APP_ROOT, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

// Loopback addresses: only this computer can connect.
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(?:\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}
