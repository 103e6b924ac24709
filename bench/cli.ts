// The command line as a user runs it: the built command (dist/cli.js) in a fresh process each time, timed from the
// outside, against baselines measured in the same run: `node -e ""` for start-up, and a fresh process that only loads
// the same workbook with exceljs for the end-to-end analysis (time and peak memory, read by a preload at exit).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { medianBy } from './median.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'dist', 'cli.js');
const RSS = join(ROOT, 'bench', 'max-rss.mjs');
const BARE = join(ROOT, 'bench', 'bare-load.mjs');

interface Run {
  ms: number;
  rssMb: number;
}

function run(args: string[], cwd: string): Run {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', RSS, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr.split('\n').slice(-4).join(' ')}`);
  const kb = Number(/bench-max-rss-kb=(\d+)/.exec(r.stderr)?.[1]);
  return { ms, rssMb: kb / 1024 };
}

type Line = (name: string, value: number, unit: string, baseline: number, target: string) => void;

export function cliBench(line: Line, matrix5k: string, dir: string, runs: number): void {
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
  // Where the time and memory go: the same run without --out (import and analysis only).
  const n = medianBy(noOut, (x) => x.ms);
  line('cli analyze 5000 controls without the workbook (import, analysis)', n.ms, 'ms', l.ms, 'informational');
  line('cli analyze 5000 controls without the workbook peak memory', medianBy(noOut, (x) => x.rssMb).rssMb, 'MB', lm, 'informational');
}
