// Issue 19, hole 7: during a long write (a 50,000-row confirm holds the database for seconds), the CLI's
// `workspace add` failed with "database is locked". Now the CLI waits (CLI_BUSY_TIMEOUT_MS) and then writes. The
// long write is made here the way SQLite sees one: another connection holding the write lock, for longer than the
// server's own 5 s wait.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { BUSY_TIMEOUT_MS, openDatabase, SQLITE_FILE } from '../../server/db/connect.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: '', ...env } });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    c.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

it('`workspace add` waits for a write held longer than the server would wait, then succeeds', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'soxbridge-busy-'));
  dirs.push(dir);
  await (await openDatabase({ dataDir: dir })).close();
  const holder = new SqliteDatabase(join(dir, SQLITE_FILE));
  holder.pragma('journal_mode = WAL');
  holder.exec('begin immediate'); // the write lock, as a long confirm's transaction holds it
  holder.exec(`insert into workspaces (id, name, created_at, created_by) values ('held', 'Held by the long write', '2026-11-25T00:00:00.000Z', 'test')`);
  const run = cli(['workspace', 'add', 'Client Busy'], { DATA_DIR: dir });
  // hold it three times the server's own busy timeout: even after a slow CLI start-up the CLI waits well past 5 s
  // (it once used the server's 5 s and failed with "database is locked")
  await new Promise((r) => setTimeout(r, 3 * BUSY_TIMEOUT_MS));
  holder.exec('commit');
  holder.close();
  const r = await run;
  expect(r.stderr).not.toMatch(/locked/i);
  expect(r.code, r.stderr).toBe(0);
  const check = new SqliteDatabase(join(dir, SQLITE_FILE), { readonly: true });
  const names = (check.prepare('select name from workspaces order by name').all() as { name: string }[]).map((w) => w.name);
  check.close();
  expect(names).toEqual(expect.arrayContaining(['Client Busy', 'Held by the long write']));
}, 60_000);
