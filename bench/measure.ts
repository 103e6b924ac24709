// One measurement in a fresh process, so that peak memory belongs to that operation alone. Prints one JSON line.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { loadCatalog } from '../server/catalog/load-catalog.ts';
import { analyseEngagement } from '../server/use-cases/analyse-engagement.ts';
import { importWorkbook } from '../server/use-cases/import-workbook.ts';

const [what, file] = process.argv.slice(2) as [string, string];
const bytes = new Uint8Array(readFileSync(file));
const catalog = loadCatalog();
if (!catalog.ok) throw new Error('catalogue invalid');

let peakHeap = 0;
const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 5);
const rssBefore = process.memoryUsage().rss;
const t0 = performance.now();
let extra: Record<string, number> = {};
switch (what) {
  case 'bare-load': {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    break;
  }
  case 'import': {
    const r = await importWorkbook(catalog.value, bytes, 'bench.xlsx', { limits: { maxRows: 1_000_000 } });
    if (!r.ok) throw new Error(r.error.message);
    extra = { controls: r.value.controls.length };
    break;
  }
  case 'import-worker': {
    const r = await importWorkbook(catalog.value, bytes, 'bench.xlsx', { inWorker: true, limits: { maxRows: 1_000_000 } });
    if (!r.ok) throw new Error(r.error.message);
    extra = { controls: r.value.controls.length };
    break;
  }
  case 'analysis': {
    const r = await importWorkbook(catalog.value, bytes, 'bench.xlsx', { limits: { maxRows: 1_000_000 } });
    if (!r.ok) throw new Error(r.error.message);
    const a0 = performance.now();
    const a = analyseEngagement(catalog.value, r.value.controls, { ipoDate: '2027-05-15', financialSystems: ['NetSuite'] }, '2026-11-25');
    if (!a.ok) throw new Error(a.error.message);
    extra = { analysisMs: performance.now() - a0, tasks: a.value.plan.tasks.length };
    break;
  }
  default:
    throw new Error(`unknown measurement ${what}`);
}
const ms = performance.now() - t0;
clearInterval(sampler);
peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
const rusage = process.resourceUsage();
process.stdout.write(
  `${JSON.stringify({ ms, maxRssMb: rusage.maxRSS / 1024, rssBeforeMb: rssBefore / 1048576, peakHeapMb: peakHeap / 1048576, ...extra })}\n`,
);
process.exit(0);
