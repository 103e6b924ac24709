// Runs the built command (dist/cli.js, the `soxbridge` bin) as a child process, the way a user does: from a folder of
// its own (a temporary one unless opts.cwd names another), never from the repository. tests/build-once.ts builds dist/.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(ROOT, 'dist', 'cli.js');
export const REAL = fileURLToPath(new URL('../fixtures/real/', import.meta.url));
const HERE = mkdtempSync(join(tmpdir(), 'soxbridge-cwd-'));

// opts.env: extra environment (DATA_DIR for the account commands); opts.input: what the user types on stdin.
export function runCli(
  args: string[],
  opts: { env?: Record<string, string>; input?: string; cwd?: string } = {},
): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? HERE,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, INIT_CWD: '', ...(opts.env ? { DATABASE_URL: '', ...opts.env } : {}) },
    ...(opts.input !== undefined ? { input: opts.input } : {}),
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
