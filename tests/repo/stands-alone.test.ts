// A clone of this repository runs its tests alone: no test, fixture helper or bench reads a file outside the
// repository (the real fixtures are copied into tests/fixtures/real/ with their source and licence in its INDEX.md).
// Every relative path written in their source ('../…' as a URL, import or join argument) must resolve inside the
// repository, and no absolute path into another checkout (/work/…, ../shared/…) may appear.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (/\.(ts|tsx|mjs|js|py)$/.test(name)) out.push(path);
  }
  return out;
}

// Where a source leaves the repository: each '../…' literal resolved from the file's folder (or from the repository
// root for a join(ROOT, '..', …) call), and every literal naming another checkout.
export function escapes(file: string, text: string): string[] {
  const found: string[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const at = `${relative(ROOT, file)}:${i + 1}`;
    for (const m of line.matchAll(/['"`]((?:\.\.\/)+[^'"`]*)['"`]/g)) {
      const target = resolve(dirname(file), m[1]!);
      if (target !== ROOT.replace(/\/$/, '') && !target.startsWith(ROOT)) found.push(`${at} ${m[1]}`);
    }
    if (/\b(?:join|resolve)\(\s*ROOT\s*,\s*['"]\.\.['"]/.test(line)) found.push(`${at} a path above the repository root`);
    if (/['"`](?:\/work\/|[^'"`]*\bshared\/fixtures\/)/.test(line)) found.push(`${at} a path into another checkout`);
  });
  return found;
}

describe('the repository stands alone', () => {
  it('finds no test, fixture helper, script or bench reading outside the repository', () => {
    const files = ['tests', 'bench', 'scripts'].flatMap((d) => sources(join(ROOT, d)));
    expect(files.length).toBeGreaterThan(50);
    const self = fileURLToPath(import.meta.url);
    const found = files.filter((f) => f !== self).flatMap((f) => escapes(f, readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  });

  it('catches each way a test has read the shared fixtures before (the check can fail)', () => {
    const file = join(ROOT, 'tests', 'excel', 'planted.test.ts');
    expect(escapes(file, "const REAL = new URL('../../../shared/fixtures/real/', import.meta.url);")).toHaveLength(2);
    expect(escapes(file, "const M = join(ROOT, '..', 'shared', 'fixtures', 'real', 'x.xlsx');")).toHaveLength(1);
    expect(escapes(file, "readFileSync('/work/wt/shared/fixtures/real/x.csv')")).toHaveLength(1);
    expect(escapes(file, "import { x } from '../../server/excel/read.ts';")).toEqual([]);
    expect(escapes(file, "const REAL = new URL('../fixtures/real/', import.meta.url);")).toEqual([]);
  });

  it('keeps every real fixture the tests use in tests/fixtures/real/, each listed in INDEX.md with a licence', () => {
    const dir = join(ROOT, 'tests', 'fixtures', 'real');
    const index = readFileSync(join(dir, 'INDEX.md'), 'utf8');
    const files = readdirSync(dir).filter((f) => f !== 'INDEX.md');
    expect(files.sort()).toEqual([
      'Mehulchhabra07__Automated-Test-of-Design---Internal-Controls__sample_controls.xlsx',
      'eramba__templates__internal_controls.csv',
      'eramba__templates__mapping_controls_to_requirements.csv',
      'robparker29__SOC2-starter-kit__SOC2_ISO_27001_Control_Mapping.xlsx',
      'robparker29__SOC2-starter-kit__SOC2_NIST_800-53_Control_Mapping.xlsx',
      'strongdm__comply__TSC-2017.yml',
      'surveilr__www.surveilr.com__aicpa_soc2_type2_controls.csv',
    ]);
    for (const f of files) {
      const row = index.split('\n').find((l) => l.startsWith(`| \`${f}\``));
      expect(row, f).toBeDefined();
      expect(row!.split('|')[3]!.trim(), f).toMatch(/^(MIT|Apache-2\.0)\b/);
    }
  });
});
