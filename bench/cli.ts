// The command line as a user runs it: the built command (dist/cli.js) in a fresh process each time, timed from the
// outside, against baselines measured in the same run: `node -e ""` for start-up, and a fresh process that only loads
// the same workbook with exceljs for the end-to-end analysis (time and peak memory, read by a preload at exit).
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { treeRssMb } from './load.ts';
import { medianBy } from './median.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'dist', 'cli.js');
const RSS = join(ROOT, 'bench', 'max-rss.mjs');
const BARE = join(ROOT, 'bench', 'bare-load.mjs');

interface Run {
  ms: number;
  rssMb: number;
  steps: Map<string, { ms: number; cpuMs: number; peakMb: number }>; // SOXBRIDGE_TIMINGS=1 lines, by step
}

// "soxbridge timing: reading 812 ms (cpu 790 ms, rss 150 MB, peak 152 MB, heap 60 MB)" (server/cli-progress.ts)
const STEP = /^soxbridge timing: (.+?) (\d+) ms \(cpu (\d+) ms, rss \d+ MB, peak (\d+) MB/gm;

function run(args: string[], cwd: string): Run {
  const t0 = performance.now();
  const env = { ...process.env, SOXBRIDGE_TIMINGS: '1' };
  const r = spawnSync(process.execPath, ['--import', RSS, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr.split('\n').slice(-4).join(' ')}`);
  const kb = Number(/bench-max-rss-kb=(\d+)/.exec(r.stderr)?.[1]);
  const steps: Run['steps'] = new Map();
  for (const m of r.stderr.matchAll(STEP)) steps.set(m[1]!.replace(/[\d,]+ controls/, 'N controls'), { ms: Number(m[2]), cpuMs: Number(m[3]), peakMb: Number(m[4]) });
  return { ms, rssMb: kb / 1024, steps };
}

type Line = (name: string, value: number, unit: string, baseline: number, target: string) => void;

// The peak total RSS of a command and its descendants, sampled every 10 ms (load.ts treeRssMb) while it runs.
function treePeakMb(args: string[], cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, stdio: 'ignore' });
    let peak = 0;
    const timer = setInterval(() => {
      if (child.pid !== undefined) peak = Math.max(peak, treeRssMb(child.pid).total);
    }, 10);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      if (code === 0) resolve(peak);
      else reject(new Error(`${args.join(' ')} exited with ${code}`));
    });
  });
}

export async function cliBench(line: Line, matrix5k: string, dir: string, runs: number): Promise<void> {
  const build = spawnSync(process.execPath, ['scripts/build-server.mjs', '--if-stale'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  // Alternating, so drift on a shared machine hits both alike; the median of each.
  const starts: Run[] = [];
  const bares: Run[] = [];
  for (let i = 0; i < Math.max(5, runs * 2); i++) {
    bares.push(run(['-e', ''], dir));
    starts.push(run([BIN, '--help'], dir));
  }
  const s = medianBy(starts, (x) => x.ms);
  const b = medianBy(bares, (x) => x.ms);
  line('cli start (--help)', s.ms, 'ms', b.ms, '<= 4 (node -e "" as baseline)');

  const cli: Run[] = [];
  const load: Run[] = [];
  const noOut: Run[] = [];
  const analyze = ['analyze', matrix5k, '--start', '2026-11-25', '--ipo-date', '2027-05-15', '--financial-systems', 'NetSuite', '--quiet'];
  for (let i = 0; i < runs; i++) {
    load.push(run([BARE, matrix5k], dir));
    cli.push(run([BIN, ...analyze, '--out', join(dir, 'cli-plan.xlsx')], dir));
    noOut.push(run([BIN, ...analyze], dir));
  }
  const c = medianBy(cli, (x) => x.ms);
  const l = medianBy(load, (x) => x.ms);
  line('cli analyze 5000 controls end to end (import, analysis, plan workbook written)', c.ms, 'ms', l.ms, '<= 1.2 (bare exceljs load of the same file, fresh process)');
  const cm = medianBy(cli, (x) => x.rssMb).rssMb;
  const lm = medianBy(load, (x) => x.rssMb).rssMb;
  line('cli analyze 5000 controls end to end peak memory', cm, 'MB', lm, '<= 1.5 (peak RSS of the bare load)');
  // The peak above is the CLI process's own (its maxRSS): the reader child that parses the file is not in it. The
  // command's whole tree, sampled from /proc every 10 ms (informational: a sampled floor of the true peak total).
  const treeMb = await treePeakMb([BIN, ...analyze, '--out', join(dir, 'cli-plan-tree.xlsx')], dir);
  line('cli analyze 5000 controls end to end peak memory of the CLI and its reader process together (sampled)', treeMb, 'MB', lm, 'informational');
  // Where the time and memory go: the same run without --out (import and analysis only).
  const n = medianBy(noOut, (x) => x.ms);
  line('cli analyze 5000 controls without the workbook (import, analysis)', n.ms, 'ms', l.ms, 'informational');
  line('cli analyze 5000 controls without the workbook peak memory', medianBy(noOut, (x) => x.rssMb).rssMb, 'MB', lm, 'informational');
  // The end-to-end run step by step (the command's own SOXBRIDGE_TIMINGS=1 lines, median of the runs): start-up is
  // Node, the modules and the catalogue; reading includes the intake. CPU time as well as wall time, because on a
  // shared machine the wall time of one step moves with the others' load. The baseline is the bare load's wall time.
  const stepNames = [...(cli[0]?.steps.keys() ?? [])];
  for (const name of stepNames) {
    const of = (x: Run) => x.steps.get(name) ?? { ms: NaN, cpuMs: NaN, peakMb: NaN };
    const ms = of(medianBy(cli, (x) => of(x).ms)).ms;
    const cpu = of(medianBy(cli, (x) => of(x).cpuMs)).cpuMs;
    const peak = of(medianBy(cli, (x) => of(x).peakMb)).peakMb;
    line(`cli analyze 5000 controls, step "${name}" (cpu ${cpu} ms, peak ${peak} MB at its end)`, ms, 'ms', l.ms, 'informational');
  }
}
