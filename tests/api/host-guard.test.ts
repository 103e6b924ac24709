// The server refuses to listen beyond this computer until accounts exist: `HOST=0.0.0.0 npm start` with no users
// exits 1 with a reason; after `cli user add --owner` it starts and asks for sign-in.
import { freePort } from '../fixtures/net.ts';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../../server/env.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'soxbridge-host-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('HOST guard', () => {
  it('knows loopback addresses', () => {
    for (const h of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.1.2.3']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '10.0.0.5', '192.168.1.20', 'soxbridge.example.com']) expect(isLoopbackHost(h), h).toBe(false);
  });

  it('refuses 0.0.0.0 without accounts, and serves it (with sign-in) once an owner exists', { timeout: 120_000 }, async () => {
    const port = await freePort();
    const env = { ...process.env, HOST: '0.0.0.0', PORT: String(port), DATA_DIR: join(dir, 'data'), SEED_DEMO: '0', DATABASE_URL: '' };
    const refused = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/refusing to listen on 0\.0\.0\.0: no accounts exist/);
    expect(refused.stderr).toMatch(/user add --owner/);

    const added = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'user', 'add', '--owner', 'ann@acme.example', '--password', 'a long enough password'], { cwd: ROOT, env, encoding: 'utf8' });
    expect(added.status, added.stderr).toBe(0);
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env, stdio: 'ignore' });
    try {
      let up = false;
      for (let i = 0; i < 300 && !up; i++) {
        up = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
        if (!up) await new Promise((r) => setTimeout(r, 100));
      }
      expect(up).toBe(true);
      expect((await fetch(`http://127.0.0.1:${port}/api/engagements`)).status).toBe(401);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
