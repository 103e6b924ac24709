// drives the bench server for profiling: idle mix, then mix with 2 uploads; SIGUSR2 reports ELD after each phase
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { buildMatrix } from './generate.ts';
const prof = process.env.PROF === '1' ? ['--cpu-prof', '--cpu-prof-dir=/tmp/19c-prof'] : [];
const large = await buildMatrix(50_000);
const child = spawn(process.execPath, ['--max-old-space-size=512', ...prof, '--import', '/tmp/19c-stall.mjs', '--import', 'tsx', 'bench/load-server.ts', '5000'], { cwd: '/work/wt/19c', stdio: ['ignore', 'pipe', 'inherit'] });
const info = JSON.parse(await new Promise<string>((r) => createInterface({ input: child.stdout! }).once('line', r)));
const base = `http://127.0.0.1:${info.port}`;
let n = 0;
const mix = (s: number) => autocannon({ url: base, connections: 50, duration: s, requests: [
  { method: 'PATCH', setupRequest: (req: any) => { n++; return { ...req, path: `/api/engagements/${info.engagement}/tasks/${info.tasks[n % info.tasks.length]}`, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ owner: `O ${n}` }) }; } },
  { method: 'GET', path: `/api/engagements/${info.engagement}/analysis`, headers: { 'accept-encoding': 'gzip' } } ] });
const hz = (s: number) => autocannon({ url: `${base}/healthz`, connections: 1, duration: s });
{ const a = await fetch(`${base}/api/engagements/${info.engagement}/analysis`); const t = await a.text(); const g = await fetch(`${base}/api/engagements/${info.engagement}/analysis`, { headers: { 'accept-encoding': 'gzip' } }); const j = JSON.parse(t); console.log('body', t.length, 'tasks', j.plan.tasks.length, 'gz', (await g.arrayBuffer()).byteLength); if (process.env.SIZES) { child.kill(); process.exit(0); } }
const S = Number(process.env.S ?? 10);
await mix(2); child.kill('SIGUSR2'); await new Promise((r) => setTimeout(r, 200));
if (process.env.IDLE !== '0') {
  const [a, b] = await Promise.all([mix(S), hz(S)]);
  console.log(`idle: mix p99 ${a.latency.p99} rps ${a.requests.average} hz p99 ${b.latency.p99}`);
  child.kill('SIGUSR2'); await new Promise((r) => setTimeout(r, 200));
}
let stop = false; const ups: number[] = []; let upMs: number[] = [];
const loop = async () => { while (!stop) { const f = new FormData(); f.append('file', new Blob([large.slice().buffer as ArrayBuffer]), 'l.xlsx'); const t = Date.now(); const r = await fetch(`${base}/api/engagements/${info.uploadEngagement}/imports?wait=true`, { method: 'POST', body: f }); const tx = await r.text(); ups.push(r.status); upMs.push(Date.now() - t); if (r.status !== 200) console.log(tx.slice(0, 300)); } };
if (process.env.UPONLY) { child.kill('SIGUSR2'); await new Promise((r) => setTimeout(r, 300)); const t0 = Date.now(); const one = async () => { const f = new FormData(); f.append('file', new Blob([large.slice().buffer as ArrayBuffer]), 'l.xlsx'); const r = await fetch(`${base}/api/engagements/${info.uploadEngagement}/imports?wait=true`, { method: 'POST', body: f }); return `${r.status} ${Date.now() - t0}ms`; }; const hzp = hz(5); console.log('uploads', await Promise.all([one(), one()]), 'hz', (await hzp).latency.p99); child.kill('SIGUSR2'); await new Promise((r) => setTimeout(r, 500)); child.kill('SIGINT'); await new Promise((r) => child.once('exit', r)); process.exit(0); }
const L = [loop(), loop()];
await new Promise((r) => setTimeout(r, 1000));
const [a, b] = await Promise.all([mix(S), hz(S)]);
console.log(`busy: mix p99 ${a.latency.p99} rps ${a.requests.average} hz p99 ${b.latency.p99}; uploads ${ups.join(',')} ms ${upMs.join(',')}`);
child.kill('SIGUSR2'); stop = true; await Promise.all(L); await new Promise((r) => setTimeout(r, 200));
child.kill('SIGINT');
await new Promise((r) => child.once('exit', r));
