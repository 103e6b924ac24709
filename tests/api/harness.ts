// An API under test: the real hono app on a fresh database (SQLite in memory, and PostgreSQL in CI), a fixed clock.
import { sql } from 'kysely';
import { createApp } from '../../server/http/app.ts';
import type { SignInLimits } from '../../server/http/auth-routes.ts';
import type { Jobs } from '../../server/http/jobs.ts';
import type { AppContext } from '../../server/use-cases/context.ts';
import type { ReadLimits } from '../../server/excel/read.ts';
import { spreadsheetReader, UPLOAD_GRID_CACHE } from '../../server/use-cases/spreadsheet-reader.ts';
import type { Db } from '../../server/db/connect.ts';
import { catalog } from '../fixtures/analysis.ts';

export type Api = ReturnType<typeof createApp>;

export const TEST_NOW = new Date('2026-11-25T12:00:00Z');

// opts.jobs: a job registry the test can watch; opts.signInLimits: sign-in failure limits other than the defaults;
// opts.now: another clock (a later day, an expired token). opts.readInWorker: parse uploads in the reader process, as
// the server does (default: inline); opts.limits: the import guards. The context's reader keeps the last grids read,
// as the server's does; ctx.readSpreadsheet.stats counts the files it parsed.
export function apiFor(
  handle: Db,
  opts: { readInWorker?: boolean; limits?: Partial<ReadLimits>; uploadsPerMinute?: number; uploadLimitBytes?: number; jobs?: Jobs; signInLimits?: SignInLimits; now?: () => Date; cookieSecure?: boolean; trustProxy?: number } = {},
) {
  const ctx: AppContext = { db: handle.db, catalog, version: '0.1.0-test', now: opts.now ?? (() => TEST_NOW), readSpreadsheet: spreadsheetReader({ inWorker: opts.readInWorker ?? false, cache: UPLOAD_GRID_CACHE, ...(opts.limits ? { limits: opts.limits } : {}) }) };
  const logs: Record<string, unknown>[] = [];
  const app = createApp({
    ctx,
    log: (l) => logs.push(l),
    ...(opts.uploadsPerMinute ? { uploadsPerMinute: opts.uploadsPerMinute } : {}),
    ...(opts.uploadLimitBytes ? { uploadLimitBytes: opts.uploadLimitBytes } : {}),
    ...(opts.jobs ? { jobs: opts.jobs } : {}),
    ...(opts.signInLimits ? { signInLimits: opts.signInLimits } : {}),
    ...(opts.cookieSecure ? { cookieSecure: true } : {}),
    ...(opts.trustProxy ? { trustProxy: opts.trustProxy } : {}),
  });
  return { app, ctx, logs };
}

export async function call(app: Api, method: string, path: string, body?: unknown): Promise<{ status: number; json: any; res: Response }> {
  const res = await app.request(path, {
    method,
    ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
  });
  const type = res.headers.get('content-type') ?? '';
  const json = type.includes('json') ? await res.json() : null;
  return { status: res.status, json, res };
}

export async function upload(app: Api, path: string, bytes: Uint8Array, name: string): Promise<{ status: number; json: any }> {
  const form = new FormData();
  form.append('file', new Blob([bytes.slice().buffer as ArrayBuffer]), name);
  const res = await app.request(path, { method: 'POST', body: form });
  return { status: res.status, json: await res.json() };
}

export const TABLES = ['engagements', 'imports', 'controls', 'mapping_profiles', 'analyses', 'tasks', 'exports', 'reimports', 'audit_log'] as const;

export async function rowCounts(handle: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES) {
    const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(t)}`.execute(handle.db);
    out[t] = Number(r.rows[0]?.n ?? 0);
  }
  return out;
}

export async function integrityOk(handle: Db): Promise<boolean> {
  if (handle.dialect !== 'sqlite') return true;
  const r = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(handle.db);
  return r.rows[0]?.integrity_check === 'ok';
}
