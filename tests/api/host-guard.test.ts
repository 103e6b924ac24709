// The server refuses to listen beyond this computer until accounts exist: `HOST=0.0.0.0 npm start` with no users
// exits 1 with a reason; after `cli user add --owner` it starts (with PUBLIC_URL) and asks for sign-in. And it answers
// only to its configured host names (issue 19, hole 4: DNS rebinding): any other Host gets 421, in local mode too.
import { freePort } from '../fixtures/net.ts';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../../server/env.ts';
import { allowedHostNames, hostName } from '../../server/http/host-guard.ts';
import { forEachDatabase } from '../db/databases.ts';
import { apiFor, call } from './harness.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'soxbridge-host-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('HOST guard', () => {
  it('knows loopback addresses', () => {
    for (const h of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.1.2.3']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '10.0.0.5', '192.168.1.20', 'soxbridge.example.com']) expect(isLoopbackHost(h), h).toBe(false);
  });

  it('refuses 0.0.0.0 without accounts, and serves it (with sign-in, at PUBLIC_URL) once an owner exists', { timeout: 120_000 }, async () => {
    const port = await freePort();
    const env = { ...process.env, HOST: '0.0.0.0', PORT: String(port), DATA_DIR: join(dir, 'data'), SEED_DEMO: '0', DATABASE_URL: '', PUBLIC_URL: '' };
    const refused = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/refusing to listen on 0\.0\.0\.0: no accounts exist/);
    expect(refused.stderr).toMatch(/user add --owner/);

    const added = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'user', 'add', '--owner', 'ann@acme.example', '--password', 'a long enough password'], { cwd: ROOT, env, encoding: 'utf8' });
    expect(added.status, added.stderr).toBe(0);
    // Beyond loopback it must know the name people use.
    const nameless = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
    expect(nameless.status).toBe(1);
    expect(nameless.stderr).toMatch(/listening on 0\.0\.0\.0 needs PUBLIC_URL/);
    const child = await startServer({ ...env, PUBLIC_URL: `http://soxbridge.firm.example:${port}` }, port);
    try {
      expect((await get(port, '/api/engagements', `soxbridge.firm.example:${port}`)).status).toBe(401);
      expect((await get(port, '/api/engagements', `127.0.0.1:${port}`)).status).toBe(421); // not local mode: not a name it answers to
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('in local mode, a request with a foreign Host (DNS rebinding) gets 421 and changes nothing', { timeout: 120_000 }, async () => {
    const port = await freePort();
    const env = { ...process.env, PORT: String(port), DATA_DIR: join(dir, 'local'), SEED_DEMO: '0', DATABASE_URL: '', HOST: '', PUBLIC_URL: '' };
    const child = await startServer(env, port);
    try {
      const local = `127.0.0.1:${port}`;
      const made = await send(port, 'POST', '/api/engagements', local, { companyName: 'Acme Cloud', ipoDate: '2027-05-15' });
      expect(made.status).toBe(201);
      const id = JSON.parse(made.body).id as string;
      // The attack: a page at rebind.evil.example whose name now resolves to 127.0.0.1, same-origin to itself.
      const evil = `rebind.evil.example:${port}`;
      const attack = await send(port, 'PATCH', `/api/engagements/${id}`, evil, { ipoDate: '2030-01-31' }, { origin: `http://${evil}`, 'sec-fetch-site': 'same-origin' });
      expect(attack.status).toBe(421);
      expect(JSON.parse(attack.body).error.code).toBe('misdirected');
      expect((await get(port, `/api/engagements/${id}`, evil)).status).toBe(421);
      expect((await get(port, '/', evil)).status).toBe(421);
      const after = await get(port, `/api/engagements/${id}`, local);
      expect(JSON.parse(after.body).profile.ipoDate).toBe('2027-05-15');
      expect((await get(port, '/api/engagements', `localhost:${port}`)).status).toBe(200);
      expect((await get(port, '/healthz', evil)).status).toBe(200); // says only that the server is up
    } finally {
      child.kill('SIGKILL');
    }
  });
});

async function startServer(env: NodeJS.ProcessEnv, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env, stdio: 'ignore' });
  let up = false;
  for (let i = 0; i < 300 && !up; i++) {
    up = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    if (!up) await new Promise((r) => setTimeout(r, 100));
  }
  if (!up) child.kill('SIGKILL');
  expect(up).toBe(true);
  return child;
}

// A request with a Host header of our choosing (fetch sets its own), as a browser after DNS rebinding sends it.
function send(port: number, method: string, path: string, host: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request({ host: '127.0.0.1', port, method, path, headers: { host, ...headers, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}
const get = (port: number, path: string, host: string) => send(port, 'GET', path, host);

describe('host names', () => {
  it('reads the name of a Host header or URL, without port, brackets or case', () => {
    expect(hostName('LocalHost:8080')).toBe('localhost');
    expect(hostName('[::1]:8080')).toBe('::1');
    expect(hostName('soxbridge.firm.example.')).toBe('soxbridge.firm.example');
    expect(hostName('evil.example@127.0.0.1')).toBeNull();
    expect(hostName('')).toBeNull();
  });

  it('answers to PUBLIC_URL, the HOST address, and the loopback names only in local mode', () => {
    expect(allowedHostNames({ publicUrl: null, host: '127.0.0.1', loopback: true }).sort()).toEqual(['127.0.0.1', '::1', 'localhost']);
    expect(allowedHostNames({ publicUrl: 'https://SoxBridge.firm.example', host: '0.0.0.0', loopback: false })).toEqual(['soxbridge.firm.example']);
    expect(allowedHostNames({ publicUrl: null, host: '10.0.0.5', loopback: false })).toEqual(['10.0.0.5']);
    expect(allowedHostNames({ publicUrl: null, host: '::', loopback: false })).toEqual([]);
  });
});

forEachDatabase('host guard in the app', (dbc) => {
  it('refuses a foreign Host with 421 before any route runs (local mode, in process)', async () => {
    const { app, logs } = apiFor(dbc.handle);
    const e = await call(app, 'POST', '/api/engagements', { companyName: 'Acme Cloud', ipoDate: '2027-05-15' });
    expect(e.status).toBe(201);
    const attack = await app.request(`/api/engagements/${e.json.id}`, { method: 'PATCH', headers: { host: 'rebind.evil.example:8095', origin: 'http://rebind.evil.example:8095', 'content-type': 'application/json' }, body: JSON.stringify({ ipoDate: '2030-01-31' }) });
    expect(attack.status).toBe(421);
    expect(logs.find((l) => l.status === 421)).toMatchObject({ method: 'PATCH', path: `/api/engagements/${e.json.id}` }); // the refusal is logged
    expect((await call(app, 'GET', `/api/engagements/${e.json.id}`)).json.profile.ipoDate).toBe('2027-05-15');
    const ok = await app.request(`/api/engagements/${e.json.id}`, { headers: { host: 'localhost:8095' } });
    expect(ok.status).toBe(200);
  });
});
