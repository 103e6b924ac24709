// The folder-level import graph of server/ and web/: one node per folder (server/domain, server/http, …, web; a file
// directly under server/ is its own node), one edge per folder another imports from (type imports included), and
// any cycle among them. `node scripts/folder-graph.mjs` prints the graph; `--json` prints { edges, cycles, fileCycles }.
// tests/repo/folder-graph.test.ts runs it and expects no folder cycle. Files named __planted-* are the temporary
// violations tests/repo/boundaries.test.ts writes for lint and are not part of the graph.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function sources(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') continue;
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts') && !name.startsWith('__planted-')) out.push(path);
  }
  return out;
}

export function folderOf(file) {
  const rel = relative(ROOT, file).split('\\').join('/');
  if (rel.startsWith('web/')) return 'web';
  const parts = rel.split('/');
  return parts.length === 2 ? rel : `${parts[0]}/${parts[1]}`;
}

// import … from, export … from, a bare import './x.ts', and a dynamic import('./x.ts')
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

export function importGraph() {
  const files = [...sources(join(ROOT, 'server')), ...sources(join(ROOT, 'web', 'src'))];
  const fileEdges = new Map(); // file → files it imports
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const targets = new Set();
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (!spec || !spec.startsWith('.')) continue;
      targets.add(resolve(dirname(f), spec));
    }
    fileEdges.set(f, targets);
  }
  const edges = new Map(); // folder → Map(folder → count)
  for (const [f, targets] of fileEdges) {
    const from = folderOf(f);
    if (!edges.has(from)) edges.set(from, new Map());
    for (const t of targets) {
      const to = folderOf(t);
      if (to === from) continue;
      edges.get(from).set(to, (edges.get(from).get(to) ?? 0) + 1);
    }
  }
  return { edges, fileEdges };
}

// Strongly connected components with more than one node (Tarjan): the cycles.
export function cyclesOf(graph) {
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const stack = [];
  const on = new Set();
  const out = [];
  const visit = (v) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const comp = [];
      let w;
      do {
        w = stack.pop();
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1) out.push(comp.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

const { edges, fileEdges } = importGraph();
const folderCycles = cyclesOf(new Map([...edges].map(([k, v]) => [k, [...v.keys()]])));
const fileCycles = cyclesOf(new Map([...fileEdges].map(([k, v]) => [k, [...v]]))).map((c) => c.map((f) => relative(ROOT, f)));

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--json')) {
    const plain = Object.fromEntries([...edges].sort().map(([k, v]) => [k, Object.fromEntries([...v].sort())]));
    process.stdout.write(`${JSON.stringify({ edges: plain, cycles: folderCycles, fileCycles })}\n`);
  } else {
    for (const [from, to] of [...edges].sort(([a], [b]) => a.localeCompare(b)))
      console.log(`${from} -> ${[...to].sort(([a], [b]) => a.localeCompare(b)).map(([t, n]) => `${t} (${n})`).join(', ') || '(nothing)'}`);
    console.log(folderCycles.length === 0 ? 'folder cycles: none' : `folder cycles: ${folderCycles.map((c) => c.join(' <-> ')).join('; ')}`);
    console.log(`file cycles inside folders: ${fileCycles.length === 0 ? 'none' : fileCycles.map((c) => c.join(' <-> ')).join('; ')}`);
  }
}
