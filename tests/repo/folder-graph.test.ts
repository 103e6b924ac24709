// The folder-level import graph of server/ and web/ (scripts/folder-graph.mjs, type imports included) has no cycle,
// and its edges say what the folder names promise: domain imports no other folder, intake only domain, db and excel
// nothing above them, and only the entry points import http.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

it('has no folder cycle, and each folder imports only the folders below it', () => {
  const r = spawnSync(process.execPath, ['scripts/folder-graph.mjs', '--json'], { cwd: ROOT, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  const { edges, cycles } = JSON.parse(r.stdout) as { edges: Record<string, Record<string, number>>; cycles: string[][] };
  expect(cycles).toEqual([]);
  const to = (folder: string) => Object.keys(edges[folder] ?? {}).sort();
  expect(to('server/domain')).toEqual([]);
  expect(to('server/intake')).toEqual(['server/domain']);
  for (const low of ['server/db', 'server/excel', 'server/catalog', 'server/auth'])
    for (const high of ['server/use-cases', 'server/http']) expect(to(low), `${low} -> ${high}`).not.toContain(high);
  // web may import http's types (the typed contract); no server folder but the entry point imports http
  for (const f of Object.keys(edges)) if (f !== 'server/main.ts' && f !== 'web') expect(to(f), f).not.toContain('server/http');
});

it('finds a cycle when there is one (the check can fail)', async () => {
  const script = '../../scripts/folder-graph.mjs';
  const { cyclesOf } = (await import(script)) as { cyclesOf: (g: Map<string, string[]>) => string[][] };
  const graph = new Map([
    ['server/domain', ['server/intake']],
    ['server/intake', ['server/domain']],
    ['server/db', ['server/domain']],
  ]);
  expect(cyclesOf(graph)).toEqual([['server/domain', 'server/intake']]);
  expect(cyclesOf(new Map([['server/intake', ['server/domain']], ['server/domain', []]]))).toEqual([]);
});
