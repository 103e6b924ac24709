// One measurement in a fresh process, so that peak memory belongs to that operation alone. Prints one JSON line.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { loadCatalog } from '../server/catalog/load-catalog.ts';
import { analyseEngagement } from '../server/use-cases/analyse-engagement.ts';
import { importWorkbook } from '../server/use-cases/import-workbook.ts';
import { exportPlan } from '../server/use-cases/export-plan.ts';
import { diffExports, readExportFile } from '../server/use-cases/round-trip.ts';
import { keepSpareReader, spareReaderReady } from '../server/excel/read.ts';
import { medianBy } from './median.ts';
import { runScenarios } from '../server/use-cases/scenarios.ts';
import { spreadsheetReader } from '../server/use-cases/spreadsheet-reader.ts';

const [what, file, arg] = process.argv.slice(2) as [string, string, string | undefined];
const bytes = new Uint8Array(readFileSync(file));
const catalog = loadCatalog();
if (!catalog.ok) throw new Error('catalogue invalid');
const inline = spreadsheetReader({ inWorker: false, limits: { maxRows: 1_000_000 } });
// The server path: the server keeps a reader process started ahead of each upload (read-worker.ts).
if (what === 'import-worker') {
  keepSpareReader(true);
  await spareReaderReady();
}

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
    const r = await importWorkbook(catalog.value, bytes, 'bench.xlsx', { read: inline });
    if (!r.ok) throw new Error(r.error.message);
    extra = { controls: r.value.controls.length };
    break;
  }
  case 'import-worker': {
    const r = await importWorkbook(catalog.value, bytes, 'bench.xlsx', { read: spreadsheetReader({ inWorker: true, limits: { maxRows: 1_000_000 } }) });
    if (!r.ok) throw new Error(r.error.message);
    extra = { controls: r.value.controls.length };
    break;
  }
  case 'analysis': {
    // one failed interim test: a deficiency is rated and its remediation and retest are scheduled and levelled
    const testing = { results: [{ testId: 'REV-03-TOE', tested: 2, exceptions: 1, conclusion: 'ineffective' as const, testedOn: null, note: '' }], judgements: [] };
    const r = await importWorkbook(catalog.value, bytes, 'bench.xlsx', { read: inline });
    if (!r.ok) throw new Error(r.error.message);
    // As on the server, the analysis works on stored controls: the workbook's grid is no longer held.
    const controls = r.value.controls;
    r.value.grid.sheets.length = 0;
    const a0 = performance.now();
    const a = analyseEngagement(catalog.value, controls, { ipoDate: '2027-05-15', financialSystems: ['NetSuite'], materiality: 1_000_000 }, '2026-11-25', { testing });
    if (!a.ok) throw new Error(a.error.message);
    extra = { analysisMs: performance.now() - a0, tasks: a.value.plan.tasks.length };
    // Informational: the same engagement analysed again in this process, as a running server does after each profile
    // edit (a second financial system here). The first repeat, and the median of the 6th–8th once the code is compiled.
    const again: number[] = [];
    for (let k = 0; k < 8; k++) {
      const t = performance.now();
      const b = analyseEngagement(catalog.value, controls, { ipoDate: '2027-05-15', financialSystems: ['NetSuite', k % 2 ? 'ADP' : 'Salesforce Billing'], materiality: 1_000_000 }, '2026-11-25', { testing });
      if (!b.ok) throw new Error(b.error.message);
      again.push(performance.now() - t);
    }
    extra.againMs = again[0]!;
    extra.settledMs = medianBy(again.slice(5), (x) => x);
    break;
  }
  case 'scenarios': {
    // One analysis, then the baseline and 4 variants that share the import and the delta (issue 21), same process,
    // after a warm-up analysis so neither pays the compile; medians of 3 repeats each.
    const r = await importWorkbook(catalog.value, bytes, 'bench.xlsx', { read: inline });
    if (!r.ok) throw new Error(r.error.message);
    const controls = r.value.controls;
    r.value.grid.sheets.length = 0;
    const base = { ipoDate: '2027-05-15', financialSystems: ['NetSuite'] };
    const variants = [
      { name: 'ipo-date=2027-09-15', change: { ipoDate: '2027-09-15' } },
      { name: 'ipo-date=2028-03-01', change: { ipoDate: '2028-03-01' } },
      { name: 'filer-status=large-accelerated', change: { filerStatus: 'large-accelerated' } },
      { name: 'fye=last-sat-12', change: { fiscalYearEnd: 'last-sat-12' } },
    ];
    analyseEngagement(catalog.value, controls, base, '2026-11-25');
    const one: number[] = [];
    const many: number[] = [];
    for (let k = 0; k < 3; k++) {
      let t = performance.now();
      if (!analyseEngagement(catalog.value, controls, base, '2026-11-25').ok) throw new Error('analysis failed');
      one.push(performance.now() - t);
      t = performance.now();
      const s = runScenarios(catalog.value, controls, base, variants, '2026-11-25');
      if (!s.ok) throw new Error(s.error.message);
      many.push(performance.now() - t);
    }
    extra = { analysisMs: medianBy(one, (x) => x), scenariosMs: medianBy(many, (x) => x) };
    break;
  }
  case 'export': {
    // Import and analysis happen before the clock starts: this measures the workbook writer alone.
    const r = await importWorkbook(catalog.value, bytes, 'bench.xlsx', { read: inline });
    if (!r.ok) throw new Error(r.error.message);
    const a = analyseEngagement(catalog.value, r.value.controls, { ipoDate: '2027-05-15', financialSystems: ['NetSuite'] }, '2026-11-25');
    if (!a.ok) throw new Error(a.error.message);
    const e0 = performance.now();
    const rssE0 = process.memoryUsage().rss;
    const out = await exportPlan({
      engagementId: 'bench', exportId: 'bench-1', exportedAt: '2026-11-25T00:00:00.000Z', today: '2026-11-25', version: 'bench',
      analysis: a.value, tasks: a.value.plan.tasks, controls: r.value.controls, source: { file: 'bench.xlsx', sheets: ['Controls'] },
    });
    // The clock stops here: reading the file back below only counts its cells for the baseline.
    const exportMs = performance.now() - e0;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer);
    let cells = 0;
    wb.eachSheet((ws) => ws.eachRow({ includeEmpty: false }, (row) => (cells += row.cellCount)));
    if (arg) (await import('node:fs')).writeFileSync(arg, out);
    extra = { exportMs, cells, rssBeforeExportMb: rssE0 / 1048576 };
    break;
  }
  case 'bare-write': {
    // A plain workbook with the same number of cells, text and numbers mixed like the export's.
    const cells = Number(arg);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Data');
    const cols = 13;
    for (let r = 0; r < Math.ceil(cells / cols); r++) {
      const row: (string | number | Date)[] = [];
      for (let c = 0; c < cols; c++) row.push(c % 4 === 0 ? r * c : c % 4 === 1 ? new Date(Date.UTC(2027, r % 12, 1)) : `cell ${r}:${c} text of a typical length`);
      ws.addRow(row);
    }
    await wb.xlsx.writeBuffer();
    break;
  }
  case 'reimport': {
    const ex = await readExportFile(inline, bytes, 'plan.xlsx');
    if (!ex.ok || ex.value === null) throw new Error('not an export');
    const d = diffExports({ original: ex.value, edited: ex.value, current: null });
    if (!d.ok) throw new Error(d.error.message);
    extra = { changes: d.value.changes.length };
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
