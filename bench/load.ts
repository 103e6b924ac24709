// Issue 19's load and memory figures, against a server set up as `npm start` sets it up (bench/load-server.ts).
// Load: 50 connections alternating PATCH (a task's owner, a new value each time) and GET of the analysis of a
// 5,000-control engagement for LOAD_S seconds (20), while 2 large uploads run back to back; p99 against the same mix
// with no upload running, and /healthz p99 (one more connection) during it. The reads accept gzip, as a browser does.
// Memory: 4 uploads of 150,000 rows at once; the peak of the server's whole process tree (server, readers,
// renderer) sampled from /proc, against IMPORT_MAX_CONCURRENT x IMPORT_READER_RSS_MB + the server's own allowance.
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { DEFAULT_LIMITS } from '../server/excel/limits.ts';
import { buildMatrix } from './generate.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
type Line = (name: string, value: number, unit: string, baseline: number, target: string) => void;
interface Info {
  port: number;
  engagement: string;
  uploadEngagement: string;
  tasks: string[];
  pid: number;
  dataDir: string; // the server's database folder, removed when the bench stops it
}

// The server's own allowance in the memory figure: its heap is capped at this (--max-old-space-size) in the bench,
// and it holds no upload's grid (the intake runs in the reader); the reader kept waiting and the renderer come on top.
const SERVER_HEAP_MB = 512;
const SERVER_ALLOWANCE_MB = SERVER_HEAP_MB + 256;

async function startServer(controls: number, env: Record<string, string> = {}): Promise<{ child: ChildProcess; info: Info }> {
  const child = spawn(process.execPath, [`--max-old-space-size=${SERVER_HEAP_MB}`, '--import', 'tsx', 'bench/load-server.ts', String(controls)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`bench server exited (${code})`)));
  });
  return { child, info: JSON.parse(first) as Info };
}

// RSS in MB of a process and all its descendants (Linux /proc).
export function treeRssMb(root: number): { total: number; own: number } {
  const kids = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      rss.set(Number(d), (Number(fields[21]) * 4096) / 1048576);
      kids.set(ppid, [...(kids.get(ppid) ?? []), Number(d)]);
    } catch {
      // gone meanwhile
    }
  }
  let total = 0;
  const walk = (pid: number) => {
    total += rss.get(pid) ?? 0;
    for (const k of kids.get(pid) ?? []) walk(k);
  };
  walk(root);
  return { total, own: rss.get(root) ?? 0 };
}

async function uploadLoop(base: string, engagement: string, bytes: Uint8Array, until: () => boolean): Promise<{ done: number; statuses: number[]; failures: string[] }> {
  let done = 0;
  const statuses: number[] = [];
  const failures: string[] = [];
  while (!until()) {
    const form = new FormData();
    form.append('file', new Blob([bytes.slice().buffer as ArrayBuffer]), 'large.xlsx');
    const r = await fetch(`${base}/api/engagements/${engagement}/imports?wait=true`, { method: 'POST', body: form });
    const text = await r.text();
    statuses.push(r.status);
    if (r.status !== 200) failures.push(`HTTP ${r.status} ${text.slice(0, 300)}`);
    done++;
  }
  return { done, statuses, failures };
}

async function mix(base: string, info: Info, seconds: number): Promise<{ p99: number; rps: number; errors: number; stale: number }> {
  let n = 0;
  let stale = 0;
  const analysis = `/api/engagements/${info.engagement}/analysis`;
  const r = await autocannon({
    url: base,
    connections: 50,
    duration: seconds,
    requests: [
      {
        method: 'PATCH',
        setupRequest: (req) => {
          n++;
          const task = info.tasks[n % info.tasks.length]!;
          return { ...req, path: `/api/engagements/${info.engagement}/tasks/${task}`, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ owner: `Owner ${n}` }) };
        },
      },
      { method: 'GET', path: analysis, headers: { 'accept-encoding': 'gzip' }, onResponse: (_s, _b, _c, headers) => void (headers?.['x-analysis-stale'] === 'true' && stale++) },
    ],
  });
  return { p99: r.latency.p99, rps: r.requests.average, errors: r.non2xx + r.errors + r.timeouts, stale };
}

// In a worker thread of its own: the 50 connections of the mix keep this thread busy reading their responses, and a
// probe sharing it measured that thread's delay (seconds on a loaded machine), not the server's answer.
async function healthz(base: string, seconds: number) {
  const r = await autocannon({ url: `${base}/healthz`, connections: 1, duration: seconds, workers: 1 });
  return r.latency.p99;
}

export async function loadBench(line: Line): Promise<void> {
  const seconds = Number(process.env.LOAD_S ?? 20);
  const uploadRows = Number(process.env.LOAD_UPLOAD_ROWS ?? 50_000);
  const large = await buildMatrix(uploadRows);
  // The uploads are there to load the machine and the server; on a shared, loaded machine a 50,000-row read can take
  // longer than the 120 s default timeout, which would end the figure without telling anything about responsiveness.
  const { child, info } = await startServer(5000, { IMPORT_READER_TIMEOUT_S: process.env.IMPORT_READER_TIMEOUT_S ?? '900' });
  try {
    const base = `http://127.0.0.1:${info.port}`;
    await mix(base, info, 3); // warm up
    const [idle, idleHealth] = await Promise.all([mix(base, info, seconds), healthz(base, seconds)]);
    let stop = false;
    const uploads = [0, 1].map(() => uploadLoop(base, info.uploadEngagement, large, () => stop));
    await new Promise((r) => setTimeout(r, 1000)); // both readers at work
    const [busy, busyHealth] = await Promise.all([mix(base, info, seconds), healthz(base, seconds)]);
    stop = true;
    const ran = await Promise.all(uploads);
    const statuses = ran.flatMap((u) => u.statuses);
    if (statuses.some((s) => s !== 200)) throw new Error(`an upload during the load test failed: HTTP ${statuses.join(', ')}: ${ran.flatMap((u) => u.failures).join(' | ')}`);
    const note = `${busy.rps.toFixed(0)} req/s, ${busy.errors} errors, ${busy.stale} stale reads, ${statuses.length} uploads of ${uploadRows} rows`;
    line(`load: PATCH+GET p99, 50 connections, 5000 controls, 2 large uploads running (${note})`, busy.p99, 'ms', idle.p99, '<= 3 (baseline: the same mix, no upload)');
    line('load: /healthz p99 during that load', busyHealth, 'ms', idleHealth, '<= 100 ms');
  } finally {
    child.kill('SIGKILL');
    rmSync(info.dataDir, { recursive: true, force: true }); // its database: 60 MB and more after the uploads
  }
}

export async function memoryBench(line: Line): Promise<void> {
  const rows = Number(process.env.MEMORY_UPLOAD_ROWS ?? 150_000);
  const big = await buildMatrix(rows);
  const concurrent = Number(process.env.IMPORT_MAX_CONCURRENT ?? DEFAULT_LIMITS.maxConcurrentReaders);
  const rssMb = Number(process.env.IMPORT_READER_RSS_MB ?? DEFAULT_LIMITS.workerRssMb);
  const { child, info } = await startServer(0, { IMPORT_READER_TIMEOUT_S: process.env.IMPORT_READER_TIMEOUT_S ?? '900' }); // a read is not cut short by a loaded machine
  try {
    const base = `http://127.0.0.1:${info.port}`;
    let peak = 0;
    let peakOwn = 0;
    const sampler = setInterval(() => {
      const r = treeRssMb(info.pid);
      peak = Math.max(peak, r.total);
      peakOwn = Math.max(peakOwn, r.own);
    }, 50);
    const results = await Promise.all(
      [0, 1, 2, 3].map(async () => {
        const form = new FormData();
        form.append('file', new Blob([big.slice().buffer as ArrayBuffer]), 'huge.xlsx');
        const r = await fetch(`${base}/api/engagements/${info.uploadEngagement}/imports?wait=true`, { method: 'POST', body: form });
        const body = (await r.json()) as { controls?: number; error?: { reason?: string } };
        return `${r.status}${body.error?.reason ? ` ${body.error.reason}` : ` ${body.controls} controls`}`;
      }),
    );
    clearInterval(sampler);
    const bound = concurrent * rssMb + SERVER_ALLOWANCE_MB;
    line(`memory: peak RSS of server + readers, 4 concurrent ${rows}-row uploads (${results.join('; ')})`, peak, 'MB', bound, `<= 1 (baseline: ${concurrent} readers x ${rssMb} MB + ${SERVER_ALLOWANCE_MB} MB server allowance)`);
    line('memory: the server process alone, peak RSS during those uploads', peakOwn, 'MB', SERVER_ALLOWANCE_MB, '<= 1');
  } finally {
    child.kill('SIGKILL');
    rmSync(info.dataDir, { recursive: true, force: true }); // its database: 60 MB and more after the uploads
  }
}

// `npx tsx bench/load.ts [load|memory]`: this piece alone.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const fmt = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2));
  const line: Line = (name, value, unit, baseline, target) =>
    console.log(`${name}: ${fmt(value)} ${unit} (baseline ${fmt(baseline)}, ratio ${(value / baseline).toFixed(2)}, target ${target})`);
  const which = process.argv[2];
  const run = async () => {
    if (which !== 'memory') await loadBench(line);
    if (which !== 'load') await memoryBench(line);
  };
  run().catch((e: unknown) => {
    console.error(`bench failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
