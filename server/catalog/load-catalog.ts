// The only reader of templates/. Parses each file, validates it with zod, resolves references, and runs the
// integrity checks. Every problem is reported as "file: item <id>, field <path>: message" — never a zod dump —
// because advisors edit these files by hand to carry their firm's methodology.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { z } from 'zod';
import type { Catalog, Phase, SodDuty, SodRule, SoxTarget, TestingDefaults } from '../domain/catalog.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { prepareRuleTables } from '../domain/rule-tables.ts';
import { publicText } from '../domain/words.ts';
import { checkCatalog } from './integrity.ts';
import { loadDutyMapTemplates } from './load-duty-maps.ts';
import { DEFAULT_TEMPLATES_DIR, type CatalogProblem } from './problem.ts';
import {
  checksFileSchema,
  cosoFileSchema,
  inferenceFileSchema,
  planDefaultsSchema,
  severityFileSchema,
  dutySchema,
  phaseSchema,
  phasesFileSchema,
  programFileSchema,
  sodFileSchema,
  sodRuleSchema,
  targetSchema,
  testingFileSchema,
  tscFileSchema,
} from './schema.ts';

export { DEFAULT_TEMPLATES_DIR, formatProblem, type CatalogProblem } from './problem.ts';

class Collector {
  problems: CatalogProblem[] = [];
  constructor(private readonly root: string) {}

  rel(path: string): string {
    return relative(join(this.root, '..'), path);
  }

  readJson(path: string): unknown {
    let raw: string;
    try {
      raw = readFileSync(path, 'utf8');
    } catch {
      this.problems.push({ file: this.rel(path), item: null, field: null, message: 'file is missing or unreadable' });
      return undefined;
    }
    try {
      // Texts shown to people cite the rule or standard, not this repository's own documents (domain/words.ts).
      return JSON.parse(raw, (_key, v: unknown) => (typeof v === 'string' ? publicText(v) : v));
    } catch (e) {
      this.problems.push({ file: this.rel(path), item: null, field: null, message: `not valid JSON (${(e as Error).message})` });
      return undefined;
    }
  }

  // Validates one value and records each zod issue as a named problem.
  check<S extends z.ZodType>(schema: S, value: unknown, file: string, item: string | null, prefix = ''): z.infer<S> | undefined {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) {
      const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
      const got = valueAt(value, issue.path);
      const gotText = got === undefined ? ' (missing)' : typeof got === 'object' ? '' : ` (got ${JSON.stringify(got)})`;
      const message =
        issue.code === 'unrecognized_keys'
          ? `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')} — check the spelling`
          : `${issue.message}${gotText}`;
      this.problems.push({ file: this.rel(file), item, field: path || null, message });
    }
    return undefined;
  }
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = value;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = Object.prototype.hasOwnProperty.call(cur, key) ? (cur as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return cur;
}

function itemLabel(raw: unknown, index: number): string {
  const id = raw !== null && typeof raw === 'object' && 'id' in raw ? (raw as { id: unknown }).id : undefined;
  return typeof id === 'string' && id.trim() ? id : `#${index + 1}`;
}

const TSC_FILE = 'tsc-2017.json';

// The TSC criteria alone, checked as loadCatalog checks them: all an import needs (the command line reads a file with
// them while it loads the rest of the catalogue). loadCatalog still checks the whole, these included.
export function loadTsc(templatesDir: string = DEFAULT_TEMPLATES_DIR): Result<Catalog['tsc'], CatalogProblem[]> {
  const c = new Collector(templatesDir);
  const file = join(templatesDir, TSC_FILE);
  const tscFile = c.check(tscFileSchema, c.readJson(file), file, null);
  return tscFile && c.problems.length === 0 ? ok(tscFile.criteria) : err(c.problems);
}

export function loadCatalog(templatesDir: string = DEFAULT_TEMPLATES_DIR): Result<Catalog, CatalogProblem[]> {
  const c = new Collector(templatesDir);
  const path = (name: string) => join(templatesDir, name);

  const tscFile = c.check(tscFileSchema, c.readJson(path(TSC_FILE)), path(TSC_FILE), null);
  const cosoFile = c.check(cosoFileSchema, c.readJson(path('coso-2013.json')), path('coso-2013.json'), null);

  const targets: SoxTarget[] = [];
  const programDir = path('sox-program');
  let programFiles: string[] = [];
  try {
    programFiles = readdirSync(programDir)
      .filter((f) => f.endsWith('.json'))
      .sort();
  } catch {
    c.problems.push({ file: c.rel(programDir), item: null, field: null, message: 'folder is missing' });
  }
  const targetFile = new Map<string, string>();
  for (const name of programFiles) {
    const file = join(programDir, name);
    const doc = c.check(programFileSchema, c.readJson(file), file, null);
    doc?.targets.forEach((raw, i) => {
      const t = c.check(targetSchema, raw, file, itemLabel(raw, i));
      if (t) {
        targets.push(t);
        if (!targetFile.has(t.id)) targetFile.set(t.id, c.rel(file));
      }
    });
  }

  const sodRules: SodRule[] = [];
  const sodPath = path('sod-rules.json');
  const sodDoc = c.check(sodFileSchema, c.readJson(sodPath), sodPath, null);
  if (sodDoc) {
    const duties = new Map<string, SodDuty>();
    sodDoc.duties.forEach((raw, i) => {
      const d = c.check(dutySchema, raw, sodPath, itemLabel(raw, i), 'duties');
      if (!d) return;
      if (duties.has(d.id)) c.problems.push({ file: c.rel(sodPath), item: d.id, field: 'id', message: 'duplicate duty id' });
      duties.set(d.id, d);
    });
    sodDoc.rules.forEach((raw, i) => {
      const r = c.check(sodRuleSchema, raw, sodPath, itemLabel(raw, i), 'rules');
      if (!r) return;
      const [a, b] = r.duties.map((d) => duties.get(d));
      r.duties.forEach((d, k) => {
        if (!duties.has(d))
          c.problems.push({ file: c.rel(sodPath), item: r.id, field: `duties.${k}`, message: `unknown duty "${d}"` });
      });
      if (a && b) sodRules.push({ ...r, duties: [a, b] });
    });
  }

  // The duty maps (templates/duty-maps/*.json): which duties the roles and permissions of known systems grant, checked
  // against the duties the rules use. Loaded here with the rest, once per process, so that no request reads them.
  const dutyMaps = loadDutyMapTemplates(
    new Set(sodRules.flatMap((r) => r.duties.map((d) => d.id))),
    join(templatesDir, 'duty-maps'),
  );
  if (!dutyMaps.ok) c.problems.push(...dutyMaps.error);

  const phases: Phase[] = [];
  const phasesPath = path('phases.json');
  const phasesDoc = c.check(phasesFileSchema, c.readJson(phasesPath), phasesPath, null);
  phasesDoc?.phases.forEach((raw, i) => {
    const p = c.check(phaseSchema, raw, phasesPath, itemLabel(raw, i));
    if (p) phases.push(p);
  });
  phases.sort((a, b) => a.order - b.order);

  const testingPath = path('testing.json');
  const testing = c.check(testingFileSchema, c.readJson(testingPath), testingPath, null) as TestingDefaults | undefined;

  const checksPath = path('attribute-checks.json');
  const checksDoc = c.check(checksFileSchema, c.readJson(checksPath), checksPath, null);
  const inferencePath = path('criteria-inference.json');
  const inferenceDoc = c.check(inferenceFileSchema, c.readJson(inferencePath), inferencePath, null);
  const planPath = path('plan-defaults.json');
  const planDefaults = c.check(planDefaultsSchema, c.readJson(planPath), planPath, null);
  const severityPath = path('deficiency-severity.json');
  const severity = c.check(severityFileSchema, c.readJson(severityPath), severityPath, null);

  // Integrity checks run even when some items failed validation, so that one edit session shows every problem.
  if (!tscFile || !cosoFile || !testing || !checksDoc || !inferenceDoc || !planDefaults || !severity) return err(c.problems);

  const catalog: Catalog = {
    tsc: tscFile.criteria,
    coso: [...cosoFile.principles].sort((a, b) => a.principle - b.principle),
    targets,
    sodRules,
    dutyMaps: dutyMaps.ok ? dutyMaps.value : [],
    phases,
    testing,
    checks: checksDoc.checks,
    inference: inferenceDoc.rules,
    planDefaults,
    severity,
  };
  const integrity = checkCatalog(catalog, { cosoComponents: cosoFile.components }).map((p) => ({
    ...p,
    file: p.file ?? (p.item ? (targetFile.get(p.item) ?? 'templates') : 'templates'),
  }));
  const problems = [...c.problems, ...integrity];
  if (problems.length > 0) return err(problems);
  prepareRuleTables(catalog);
  return ok(catalog);
}
