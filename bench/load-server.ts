// The server side of the load and memory benchmarks (issue 19), in its own process, set up as `npm start` sets the
// server up: uploads read in child processes (a reader kept started, IMPORT_MAX_CONCURRENT at once, RSS-capped),
// analysis bodies made in the renderer process. One engagement of `controls` controls, and one to upload into.
// Prints one JSON line: port, ids, a few task ids, and this process's pid.
import { serve } from '@hono/node-server';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../server/catalog/load-catalog.ts';
import { openDatabase } from '../server/db/connect.ts';
import { readLimitsFromEnv } from '../server/env.ts';
import { keepSpareReader } from '../server/excel/read.ts';
import { processRenderer } from '../server/http/analysis-renderer.ts';
import { createApp } from '../server/http/app.ts';
import { confirmImport } from '../server/use-cases/confirm-import.ts';
import { createEngagement } from '../server/use-cases/manage-engagement.ts';
import { uploadImport } from '../server/use-cases/preview-import.ts';
import { listTasks } from '../server/db/tasks.ts';
import { spreadsheetReader, UPLOAD_GRID_CACHE } from '../server/use-cases/spreadsheet-reader.ts';
import { buildMatrix } from './generate.ts';

const controls = Number(process.argv[2] ?? 5000);
const catalog = loadCatalog();
if (!catalog.ok) throw new Error('catalogue invalid');
const limits = readLimitsFromEnv();
if (!limits.ok) throw new Error(limits.error);
const dataDir = mkdtempSync(join(tmpdir(), 'soxbridge-bench-load-')); // removed by the bench when it stops this process
const handle = await openDatabase({ dataDir });
const ctx = { db: handle.db, catalog: catalog.value, version: 'bench', now: () => new Date('2026-11-25T12:00:00Z'), readSpreadsheet: spreadsheetReader({ inWorker: true, limits: limits.value, cache: UPLOAD_GRID_CACHE }) };
const setup = { ...ctx, readSpreadsheet: spreadsheetReader({ inWorker: false }) }; // the engagement's own matrix, read inline
const e = await createEngagement(ctx, { companyName: 'Load Corp', ipoDate: '2027-05-15', financialSystems: ['NetSuite'] }, 'bench');
if (!e.ok) throw new Error(e.error.message);
if (controls > 0) {
  const p = await uploadImport(setup, { engagementId: e.value.id, workspaceId: e.value.workspaceId, client: 'Load Corp', fileName: 'm.xlsx', bytes: await buildMatrix(controls), actor: 'bench' });
  if (!p.ok) throw new Error(p.error.message);
  const c = await confirmImport(setup, { engagementId: e.value.id, importId: p.value.importId, actor: 'bench' });
  if (!c.ok) throw new Error(c.error.message);
}
const tasks = (await listTasks(handle.db, e.value.id)).slice(0, 50).map((t) => t.id);
const e2 = await createEngagement(ctx, { companyName: 'Upload Corp' }, 'bench');
if (!e2.ok) throw new Error(e2.error.message);
keepSpareReader(true, limits.value);
const app = createApp({ ctx, log: () => {}, analysisRenderer: processRenderer(), uploadsPerMinute: 10_000 });
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`${JSON.stringify({ port: info.port, engagement: e.value.id, uploadEngagement: e2.value.id, tasks, pid: process.pid, dataDir })}\n`);
});
process.on('SIGINT', () => process.exit(0));
