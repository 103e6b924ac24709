// API benchmark: the analysis read endpoint of a 1,000-control engagement under concurrent load on loopback, against
// the same JSON served from memory by hono; then its p99 while a 5,000-row import runs, against idle.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { buildMatrix } from './generate.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

interface Load {
  rps: number;
  p99: number;
}

async function load(url: string, seconds: number): Promise<Load> {
  const r = await autocannon({ url, connections: 8, duration: seconds, pipelining: 1 });
  if (r.non2xx > 0) throw new Error(`${url}: ${r.non2xx} non-2xx responses`);
  return { rps: r.requests.average, p99: r.latency.p99 };
}

export async function apiBench(line: (name: string, value: number, unit: string, baseline: number, target: string) => void): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/api-server.ts', '1000'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const first = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`bench server exited (${code})`)));
    });
    const info = JSON.parse(first) as { port: number; engagement: string; uploadEngagement: string };
    const base = `http://127.0.0.1:${info.port}`;
    const real = `${base}/api/engagements/${info.engagement}/analysis`;
    await load(real, 1); // warm up both
    await load(`${base}/bench/memory`, 1);
    const mem = await load(`${base}/bench/memory`, 5);
    const idle = await load(real, 5);
    line('API analysis endpoint throughput (1000 controls)', idle.rps, 'req/s', mem.rps, '>= 0.5');
    line('API analysis endpoint p99 latency (1000 controls)', idle.p99, 'ms', mem.p99, 'informational');

    // p99 while 5,000-row imports run back to back (each parsed in the child-process reader).
    const bytes = await buildMatrix(5000);
    let importing = true;
    let imports = 0;
    const uploads = (async () => {
      while (importing) {
        const form = new FormData();
        form.append('file', new Blob([bytes.slice().buffer as ArrayBuffer]), 'm.xlsx');
        const r = await fetch(`${base}/api/engagements/${info.uploadEngagement}/imports?wait=true`, { method: 'POST', body: form });
        if (r.status !== 200) throw new Error(`import during load: HTTP ${r.status}`);
        imports++;
      }
    })();
    await new Promise((r) => setTimeout(r, 500));
    const busy = await load(real, 8);
    importing = false;
    await uploads;
    line(`API analysis endpoint p99 during a 5000-row import (${imports} imports ran)`, busy.p99, 'ms', idle.p99, '<= 3');
  } finally {
    child.kill('SIGKILL');
  }
}
