// The server side of the API benchmark, in its own process: the real app on a fresh SQLite database holding one
// engagement of `controls` controls, plus /bench/memory returning the same analysis JSON from memory (the baseline).
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../server/catalog/load-catalog.ts';
import { openDatabase } from '../server/db/connect.ts';
import { createApp } from '../server/http/app.ts';
import { confirmImport } from '../server/use-cases/confirm-import.ts';
import { createEngagement } from '../server/use-cases/manage-engagement.ts';
import { uploadImport } from '../server/use-cases/preview-import.ts';
import { spreadsheetReader, UPLOAD_GRID_CACHE } from '../server/use-cases/spreadsheet-reader.ts';
import { buildMatrix } from './generate.ts';

const controls = Number(process.argv[2] ?? 1000);
const catalog = loadCatalog();
if (!catalog.ok) throw new Error('catalogue invalid');
const handle = await openDatabase({ dataDir: mkdtempSync(join(tmpdir(), 'soxbridge-bench-db-')) });
const ctx = { db: handle.db, catalog: catalog.value, version: 'bench', now: () => new Date('2026-11-25T12:00:00Z'), readSpreadsheet: spreadsheetReader({ inWorker: true, cache: UPLOAD_GRID_CACHE }) };
const e = await createEngagement(ctx, { companyName: 'Bench Corp', ipoDate: '2027-05-15', financialSystems: ['NetSuite'] }, 'bench');
if (!e.ok) throw new Error(e.error.message);
const p = await uploadImport({ ...ctx, readSpreadsheet: spreadsheetReader({ inWorker: false }) }, { engagementId: e.value.id, workspaceId: e.value.workspaceId, client: 'Bench Corp', fileName: 'm.xlsx', bytes: await buildMatrix(controls), actor: 'bench' });
if (!p.ok) throw new Error(p.error.message);
const c = await confirmImport(ctx, { engagementId: e.value.id, importId: p.value.importId, actor: 'bench' });
if (!c.ok) throw new Error(c.error.message);
const app = createApp({ ctx, log: () => {} });
const memory = await (await app.request(`/api/engagements/${e.value.id}/analysis`)).text();
// The baseline: a hono endpoint returning the same JSON from memory.
const baseline = new Hono();
baseline.get('/bench/memory', (c2) => c2.body(memory, 200, { 'content-type': 'application/json; charset=utf-8' }));
const e2 = await createEngagement(ctx, { companyName: 'Upload Corp' }, 'bench');
const fetch = (req: Request) => (new URL(req.url).pathname === '/bench/memory' ? baseline.fetch(req) : app.fetch(req));
serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`${JSON.stringify({ port: info.port, engagement: e.value.id, uploadEngagement: e2.ok ? e2.value.id : null, bytes: memory.length })}\n`);
});
