// `npm run bench`: every figure is a ratio against a baseline measured in the same run, on the same machine, so that
// a shared, noisy machine does not make the numbers meaningless. One line per figure:
//   <name>: <value> <unit> (baseline <value>, ratio <r>, target <t>)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureAccess, writeListings, type AccessSample } from './access.ts';
import { medianBy } from './median.ts';
import { apiBench } from './api.ts';
import { webRenderBench } from './web-render.ts';
import { buildMatrix } from './generate.ts';
import { loadBench, memoryBench } from './load.ts';
import { cliBench } from './cli.ts';
import { crosswalkWorkbook } from '../tests/fixtures/unusual-matrices.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

interface Sample {
  ms: number;
  exportMs?: number;
  cells?: number;
  rssBeforeExportMb?: number;
  maxRssMb: number;
  rssBeforeMb: number;
  peakHeapMb: number;
  analysisMs?: number;
  againMs?: number;
  settledMs?: number;
  controls?: number;
  scenariosMs?: number;
}

function measure(what: string, file: string, heapMb?: number, arg?: string): Sample {
  const args = [...(heapMb ? [`--max-old-space-size=${heapMb}`] : []), '--import', 'tsx', 'bench/measure.ts', what, file, ...(arg ? [arg] : [])];
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${what} failed: ${r.stderr.split('\n').slice(-5).join(' ')}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Sample;
}

// Median of RUNS fresh processes, alternating with the baseline so drift hits both alike; `by` is the figure the second
// one's median is taken by (a measurement that times one part of its process reports that part).
function pair(a: string, b: string, file: string, heapMb?: number, by: keyof Sample = 'ms'): [Sample, Sample, Sample[], Sample[]] {
  const as: Sample[] = [];
  const bs: Sample[] = [];
  for (let i = 0; i < RUNS; i++) {
    as.push(measure(a, file, heapMb));
    bs.push(measure(b, file, heapMb));
  }
  return [medianBy(as, (x) => x.ms), medianBy(bs, (x) => x[by] as number), as, bs];
}

// Peak memory above the process's own start, the median of its runs by that figure (not the run with the median
// time): the bare exceljs load's peak is bimodal (about 60 or 140 MB, with where garbage collection falls).
const memoryOf = (xs: Sample[]) => {
  const mem = (x: Sample) => x.maxRssMb - x.rssBeforeMb;
  return mem(medianBy(xs, mem));
};

const fmt = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2));
function line(name: string, value: number, unit: string, baseline: number, target: string) {
  const ratio = value / baseline;
  console.log(`${name}: ${fmt(value)} ${unit} (baseline ${fmt(baseline)}, ratio ${ratio.toFixed(2)}, target ${target})`);
}

// BENCH_ONLY=load (or memory): only issue 19's load or memory figures (bench/load.ts), not the whole run.
// A meta-framework of 1,000 controls x 300 columns, 294 of them sparse multi-line crosswalks (issue 23): the intake
// profiles every column by its values, so its cost grows with the columns, not only the rows.
async function crosswalkBench(dir: string) {
  const file = join(dir, 'crosswalk-1000x300.xlsx');
  writeFileSync(file, await crosswalkWorkbook(1000, 300));
  const [bare, imp] = pair('bare-load', 'import', file);
  line('import 1000x300 crosswalk workbook time', imp.ms, 'ms', bare.ms, '<= 1.3');
}

// The analysis includes the testing tasks, a recorded failed test (a deficiency with its remediation and retest) and
// the levelling of owner capacity (issue 24): first run in a fresh process ≤ 0.3× the bare load, warm ≤ 0.1×.
function analysisLines(bare: Sample, an: Sample) {
  line('analysis 5000 controls (delta, SoD, plan with testing and levelling) first run in a fresh process', an.analysisMs ?? NaN, 'ms', bare.ms, '<= 0.3');
  line('analysis 5000 controls again after a profile edit (same process)', an.againMs ?? NaN, 'ms', bare.ms, 'informational');
  line('analysis 5000 controls warm (6th-8th repeat, median)', an.settledMs ?? NaN, 'ms', bare.ms, '<= 0.1');
}

async function main() {
  const only = process.env.BENCH_ONLY;
  if (only === 'load' || only === 'memory') return only === 'load' ? loadBench(line) : memoryBench(line);
  const dir = mkdtempSync(join(tmpdir(), 'soxbridge-bench-'));
  // BENCH_ONLY=crosswalk runs that figure alone (the machine is shared: measure only what changed)
  if (process.env.BENCH_ONLY === 'crosswalk') {
    try {
      await crosswalkBench(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return;
  }
  try {
    // BENCH_ONLY=analysis | scenarios | cli runs those figures alone (the machine is shared: measure only what changed)
    if (!only) await crosswalkBench(dir);
    const f5k = join(dir, 'matrix-5000.xlsx');
    writeFileSync(f5k, await buildMatrix(5000));
    if (only === 'analysis') {
      const [bare0, an0] = pair('bare-load', 'analysis', f5k, undefined, 'analysisMs');
      analysisLines(bare0, an0);
      return;
    }
    if (!only || only === 'scenarios') {
      // Scenario comparison (issue 21): baseline + 4 variants against one analysis of the same process.
      const sc = medianBy(Array.from({ length: RUNS }, () => measure('scenarios', f5k)), (x) => (x.scenariosMs ?? NaN) / (x.analysisMs ?? NaN));
      line('scenarios 5000 controls x 4 variants', sc.scenariosMs ?? NaN, 'ms', sc.analysisMs ?? NaN, '<= 2.5');
      if (only) return;
    }
    if (!only || only === 'cli') {
      await cliBench(line, f5k, dir, RUNS);
      if (only) return;
    }
    const [bare, imp, bares, imps] = pair('bare-load', 'import', f5k);
    line('import 5000x20 time', imp.ms, 'ms', bare.ms, '<= 1.3');
    // Memory above a bare process (the same Node + tsx start-up in both), so the ratio is about the work itself.
    line('import 5000x20 peak memory', memoryOf(imps), 'MB', memoryOf(bares), '<= 1.5');
    const [, worker] = pair('bare-load', 'import-worker', f5k);
    line('import 5000x20 in worker time', worker.ms, 'ms', bare.ms, 'informational (server path)');

    const [, an] = pair('bare-load', 'analysis', f5k, undefined, 'analysisMs');
    analysisLines(bare, an);

    // The plan workbook (issue: plan workbook export and round trip).
    const planFile = join(dir, 'plan-5000.xlsx');
    const exp = measure('export', f5k, undefined, planFile);
    const bareW: Sample[] = [];
    for (let i = 0; i < RUNS; i++) bareW.push(measure('bare-write', f5k, undefined, String(exp.cells)));
    const bw = medianBy(bareW, (x) => x.ms);
    line(`export plan workbook (${exp.cells} cells) time`, exp.exportMs ?? NaN, 'ms', bw.ms, '<= 1.5');
    line('export plan workbook peak memory', exp.maxRssMb - (exp.rssBeforeExportMb ?? exp.rssBeforeMb), 'MB', bw.maxRssMb - bw.rssBeforeMb, 'informational (same-cell-count bare write as baseline)');
    const [bareP, reimp] = pair('bare-load', 'reimport', planFile);
    line('re-import plan workbook with diff time', reimp.ms, 'ms', bareP.ms, '<= 1.5');

    await apiBench(line);
    await webRenderBench(line);

    // Median of RUNS fresh processes, like the other figures (each pairs its figures with its own bare loads): one
    // process alone moves by ±0.04 with where garbage collection falls. The server matches the users across systems
    // when a listing is uploaded and every analysis after reuses the match, so the target is on the analysis; the
    // import and the matching are shown against the same baseline, and the CLI path (which does both at once) too.
    const listings = await writeListings(dir);
    const accessRuns = Array.from({ length: RUNS }, () => measureAccess(listings));
    const median = (f: (s: AccessSample) => number): [number, number, AccessSample] => {
      const s = medianBy(accessRuns, (x) => f(x) / x.bareMs);
      return [f(s), s.bareMs, s];
    };
    const [readMs, readBare, a] = median((s) => s.readMs);
    line(`access listings import (read and parse, ${a.rows} rows)`, readMs, 'ms', readBare, 'informational');
    const [matchMs, matchBare] = median((s) => s.matchMs);
    line(`access users matched at import (${a.accounts} accounts -> ${a.people} people)`, matchMs, 'ms', matchBare, 'informational');
    const [analysisMs, analysisBare] = median((s) => s.analysisMs);
    line(`access SoD analysis, 20000 users x 5 roles x 3 systems (${a.conflicts} conflicts)`, analysisMs, 'ms', analysisBare, '<= 0.2');
    const [cliMs, cliBare] = median((s) => s.matchMs + s.analysisMs);
    line('access users matched and analysed together (the CLI path)', cliMs, 'ms', cliBare, 'informational');

    const f50k = join(dir, 'matrix-50000.xlsx');
    writeFileSync(f50k, await buildMatrix(50000));
    const bare50 = measure('bare-load', f50k, 1024);
    const imp50 = measure('import', f50k, 1024);
    line('import 50000x20 time (1 GB heap)', imp50.ms, 'ms', bare50.ms, '<= 1.3; completes within a 1 GB heap');
    line('import 50000x20 peak memory (1 GB heap)', imp50.maxRssMb - imp50.rssBeforeMb, 'MB', bare50.maxRssMb - bare50.rssBeforeMb, '<= 1.5');

    await loadBench(line);
    await memoryBench(line);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(`bench failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
