// Runs the sod command as a child process, the way a user does, without going through cli.ts.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ENTRY =
  "import('./server/cli-sod.ts').then((m) => m.sodCommand(process.argv.slice(1)).then((c) => process.exit(c)))";

export function runSod(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', ENTRY, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
