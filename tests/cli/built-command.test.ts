// The built command as a user runs it: dist/cli.js (the `soxbridge` bin) from a folder of their own with relative
// paths, through a link as npm installs it, through `npm run cli` from another folder (INIT_CWD), in batches; and the
// built server (dist/main.js), whose uploads are read by the built reader process (dist/worker-entry.js).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTypicalSaasXlsx } from '../fixtures/typical-saas.ts';
import { freePort } from '../fixtures/net.ts';
import { BIN, ROOT, runCli } from './run-cli.ts';

let dir = '';
let saas: Uint8Array;
const children: ChildProcess[] = [];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'soxbridge-built-'));
  saas = await buildTypicalSaasXlsx();
  mkdirSync(join(dir, 'clients'));
  writeFileSync(join(dir, 'clients', 'acme.xlsx'), saas);
  writeFileSync(join(dir, 'clients', 'beta.xlsx'), saas);
  writeFileSync(join(dir, 'clients', 'broken.xlsx'), 'this is not a workbook');
  writeFileSync(join(dir, 'clients', '~$acme.xlsx'), 'an Excel lock file');
  writeFileSync(join(dir, 'clients', 'notes.txt'), 'not a matrix');
});
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const START = ['--start', '2026-11-25', '--ipo-date', '2027-05-15'];

describe('the built soxbridge command', () => {
  it('is JavaScript with a shebang, named as the package bin; --help needs no TypeScript loader', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.bin).toEqual({ soxbridge: 'dist/cli.js' });
    expect(readFileSync(BIN, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    for (const f of readdirSync(join(ROOT, 'dist'))) expect(f).not.toMatch(/\.ts$/);
    const r = runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^soxbridge — SOC 2 to SOX readiness/);
  });

  it('reads and writes relative paths from the folder the user stands in', () => {
    const r = runCli(['analyze', 'clients/acme.xlsx', ...START, '--out', 'plan.xlsx'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'plan.xlsx'))).toBe(true);
    expect(r.stdout).toMatch(/^clients\/acme\.xlsx: 29 controls read from sheet Controls/);
    expect(r.stdout).toMatch(/Workbook written to plan\.xlsx$/m);
    const missing = runCli(['analyze', 'h1copy.xlsx'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('soxbridge: cannot open h1copy.xlsx: no such file\n');
  });

  it('runs through a link, as npm installs the bin (npm link, npx)', () => {
    const bin = join(dir, 'node_modules', '.bin');
    mkdirSync(bin, { recursive: true });
    symlinkSync(BIN, join(bin, 'soxbridge'));
    const r = spawnSync(join(bin, 'soxbridge'), ['import', 'clients/acme.xlsx', '--json'], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).import.controls).toBe(29);
  });

  it('npm run cli resolves paths from where the user stands (INIT_CWD), not from the repository', () => {
    const r = spawnSync('npm', ['--prefix', ROOT, 'run', '-s', 'cli', '--', 'analyze', 'clients/beta.xlsx', ...START, '--quiet', '--out', 'beta-plan.xlsx'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
    expect(existsSync(join(dir, 'beta-plan.xlsx'))).toBe(true);
    expect(existsSync(join(ROOT, 'beta-plan.xlsx'))).toBe(false);
  });

  it('--json prints only the JSON on stdout; --quiet prints nothing on success; errors still reach stderr', () => {
    const j = runCli(['analyze', 'clients/acme.xlsx', ...START, '--json', '--out', 'j.xlsx'], { cwd: dir });
    expect(j.code).toBe(0);
    expect(j.stderr).toBe('');
    expect(JSON.parse(j.stdout).import.controls).toBe(29);
    expect(j.stdout.trim().split('\n')).toHaveLength(1);
    const q = runCli(['analyze', 'clients/acme.xlsx', ...START, '--quiet'], { cwd: dir });
    expect(q).toEqual({ code: 0, stdout: '', stderr: '' });
    const bad = runCli(['analyze', 'clients/broken.xlsx', '--quiet'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/^soxbridge: .*broken\.xlsx.*\n$/);
  });

  it('analyses a folder: one line per file, a bad file does not stop the batch, the exit code says one failed', () => {
    const r = runCli(['analyze', 'clients', ...START, '--out-dir', 'plans'], { cwd: dir });
    expect(r.code).toBe(2);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^clients\/acme\.xlsx: 29 controls, 1 issue, readiness \d+(\.\d+)?%, \d+ gaps, 4 SoD conflicts -> plans\/acme-plan\.xlsx$/);
    expect(lines[1]).toMatch(/^clients\/beta\.xlsx: 29 controls, .* -> plans\/beta-plan\.xlsx$/);
    expect(lines[2]).toBe('clients/broken.xlsx: FAILED (see above)');
    expect(lines[3]).toBe('2 files analysed, 1 failed');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^soxbridge: clients\/broken\.xlsx: /);
    expect(readdirSync(join(dir, 'plans')).sort()).toEqual(['acme-plan.xlsx', 'beta-plan.xlsx']);

    const globbed = runCli(['analyze', 'clients/acme.xlsx', 'clients/beta.xlsx', ...START, '--json'], { cwd: dir });
    expect(globbed.code).toBe(0);
    const out = JSON.parse(globbed.stdout);
    expect(out.failed).toBe(0);
    expect(out.files.map((f: any) => [f.file, f.ok, f.import.controls])).toEqual([
      ['clients/acme.xlsx', true, 29],
      ['clients/beta.xlsx', true, 29],
    ]);
    expect(runCli(['analyze', 'clients/acme.xlsx', 'clients/beta.xlsx', '--out', 'x.xlsx'], { cwd: dir }).stderr).toMatch(/--out-dir/);
  });
});

describe('the built server (npm start runs dist/main.js)', () => {
  it('reads an upload in the built reader process, with no TypeScript loader', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'main.js')], {
      cwd: dir,
      env: { ...process.env, PORT: String(port), DATA_DIR: join(dir, 'data'), SEED_DEMO: '0', DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let log = '';
    child.stdout?.on('data', (b: Buffer) => (log += b.toString()));
    child.stderr?.on('data', (b: Buffer) => (log += b.toString()));
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 300 && !(await fetch(`${base}/healthz`).then((r) => r.ok, () => false)); i++) await new Promise((r) => setTimeout(r, 100));
    expect(log).toMatch(/soxbridge is running/);
    const e = (await (await fetch(`${base}/api/engagements`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ companyName: 'Built Corp' }) })).json()) as { id: string };
    const form = new FormData();
    form.append('file', new Blob([saas.slice().buffer as ArrayBuffer]), 'acme.xlsx');
    const up = await fetch(`${base}/api/engagements/${e.id}/imports?wait=true`, { method: 'POST', body: form });
    const body = (await up.json()) as { preview?: { controls?: unknown[] }; importId?: string };
    expect(up.status, JSON.stringify(body).slice(0, 300)).toBe(200);
    expect(body.importId).toBeTruthy();
    // the reader process the server keeps ready runs dist/worker-entry.js, not TypeScript
    const ps = spawnSync('ps', ['-o', 'args=', '--ppid', String(child.pid)], { encoding: 'utf8' }).stdout;
    expect(ps).toMatch(/dist\/worker-entry\.js/);
    expect(ps).not.toMatch(/tsx|\.ts\b/);
    child.kill('SIGTERM');
  });
});
