// vitest global setup: the CLI tests run the built command (dist/), so build it first when any server source is newer.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = fileURLToPath(new URL('../', import.meta.url));
  const r = spawnSync(process.execPath, ['scripts/build-server.mjs', '--if-stale'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`building dist/ failed: ${r.stderr}`);
}
