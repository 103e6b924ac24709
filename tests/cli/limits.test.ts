// The import guards are configuration: an administrator changes them through IMPORT_* variables, the CLI and the
// server apply them, and a value that is not a whole number above zero is refused with the variable's name.
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeReadLimits, readLimitsFromEnv } from '../../server/env.ts';
import { REAL, runCli } from './run-cli.ts';
import { buildTypicalSaasXlsx } from '../fixtures/typical-saas.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MATRIX = `${REAL}robparker29__SOC2-starter-kit__SOC2_NIST_800-53_Control_Mapping.xlsx`;

describe('read limits from the environment', () => {
  it('reads each variable in its unit, leaves the rest to the defaults, and says which is which', () => {
    const r = readLimitsFromEnv({
      IMPORT_MAX_UPLOAD_MB: '20',
      IMPORT_MAX_ROWS: '5000',
      IMPORT_READER_TIMEOUT_S: ' 30 ',
      IMPORT_MAX_COLUMNS: '',
    });
    expect(r).toEqual({
      ok: true,
      value: { maxUploadBytes: 20 * 1024 * 1024, maxRows: 5000, workerTimeoutMs: 30_000 },
    });
    const line = describeReadLimits(r.ok ? r.value : {});
    expect(line).toContain('20 MB per uploaded file (IMPORT_MAX_UPLOAD_MB, set)');
    expect(line).toContain('5,000 rows per sheet (IMPORT_MAX_ROWS, set)');
    expect(line).toContain('1,000 columns per row (IMPORT_MAX_COLUMNS, default)');
    expect(line).toContain('200 MB of a workbook once inflated (IMPORT_MAX_UNCOMPRESSED_MB, default)');
  });

  it.each(['abc', '0', '-5', '1.5', '20MB', '1e3'])(
    'refuses IMPORT_MAX_ROWS=%s naming the variable and the value',
    (raw) => {
      const r = readLimitsFromEnv({ IMPORT_MAX_ROWS: raw });
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error).toBe(`IMPORT_MAX_ROWS must be a whole number above 0 (rows per sheet); it is "${raw}"`);
    },
  );
});

describe('the CLI applies them', () => {
  it('import stops at the row limit with the file, the sheet and the limit in one line (exit 2)', () => {
    const r = runCli(['import', MATRIX, '--json'], { env: { IMPORT_MAX_ROWS: '5' } });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/SOC2_NIST_800-53_Control_Mapping\.xlsx.*sheet ".+".*above the limit of 5/);
    expect(runCli(['import', MATRIX, '--json']).code).toBe(0);
  });

  it('a bad value stops the CLI before it reads anything (exit 2)', () => {
    const r = runCli(['import', MATRIX], { env: { IMPORT_MAX_UPLOAD_MB: 'lots' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('IMPORT_MAX_UPLOAD_MB must be a whole number above 0');
  });

  it('sod applies them to the listings', () => {
    const r = runCli(['sod', `NetSuite=${MATRIX}`, '--json'], { env: { IMPORT_MAX_ROWS: '3' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/above the limit of 3/);
  });
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function startServer(env: Record<string, string>) {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: mkdtempSync(join(tmpdir(), 'soxbridge-limits-')),
      SEED_DEMO: '0',
      DATABASE_URL: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) break;
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { base, child, exited, log: () => log };
}

// A multipart upload whose answer may come before the whole body is sent.
function postEarlyAnswer(url: string, bytes: Uint8Array): Promise<{ status: number; body: string }> {
  const boundary = 'soxbridge-limits-test';
  const head = Buffer.from(
    `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="big.xlsx"\r\ncontent-type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': head.length + bytes.length + tail.length,
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', (e) => setTimeout(() => reject(e), 2000)); // a write error after the answer arrived is expected
    req.write(head);
    req.write(bytes);
    req.end(tail);
  });
}

describe('the server applies them', () => {
  it('logs the limits it runs with, refuses a larger upload and reads with the lower row limit', async () => {
    const s = await startServer({ IMPORT_MAX_UPLOAD_MB: '1', IMPORT_MAX_ROWS: '10' });
    try {
      expect(s.log()).toContain('import limits: 1 MB per uploaded file (IMPORT_MAX_UPLOAD_MB, set)');
      const e = (await (
        await fetch(`${s.base}/api/engagements`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ companyName: 'Limits Co' }),
        })
      ).json()) as { id: string };
      const upload = async (bytes: Uint8Array, name: string) => {
        const form = new FormData();
        form.set('file', new Blob([new Uint8Array(bytes)]), name);
        const res = await fetch(`${s.base}/api/engagements/${e.id}/imports?wait=true`, { method: 'POST', body: form });
        return {
          status: res.status,
          body: (await res.json()) as { error?: { code: string; reason?: string; message: string } },
        };
      };
      // (the server answers before the body is all sent and closes the connection, so fetch cannot be used here)
      const big = await postEarlyAnswer(
        `${s.base}/api/engagements/${e.id}/imports?wait=true`,
        new Uint8Array(1_500_000),
      );
      expect(big.status).toBe(413);
      expect(big.body).toContain('1 MB limit');
      const rows = await upload(await buildTypicalSaasXlsx(), 'typical.xlsx'); // more than 10 rows
      expect(rows.body.error?.reason).toBe('too-many-rows');
      expect(rows.body.error?.message).toContain('above the limit of 10');
    } finally {
      s.child.kill('SIGTERM');
      await s.exited;
    }
  }, 60_000);

  it('does not start with a limit it cannot read, and says which', async () => {
    const s = await startServer({ IMPORT_MAX_PART_MB: 'big' });
    expect(await s.exited).toBe(1);
    expect(s.log()).toContain('IMPORT_MAX_PART_MB must be a whole number above 0');
  }, 60_000);
});
