// Runs the real CLI as a child process, the way a user does.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const REAL = fileURLToPath(new URL('../fixtures/real/', import.meta.url));

// opts.env: extra environment (DATA_DIR for the account commands); opts.input: what the user types on stdin.
export function runCli(args: string[], opts: { env?: Record<string, string>; input?: string } = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    ...(opts.env ? { env: { ...process.env, DATABASE_URL: '', ...opts.env } } : {}),
    ...(opts.input !== undefined ? { input: opts.input } : {}),
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
