// Reads duty maps: the reusable templates in templates/duty-maps/*.json and an engagement's own duty-map file
// (--duty-map), which overrides them. Both share one schema. Problems come back as CatalogProblem (file, item,
// field, message) like the catalogue loader's, because advisors edit these files by hand.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import type { DutyMapSet } from '../domain/duty-map.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { DEFAULT_TEMPLATES_DIR, type CatalogProblem } from './problem.ts';

export const DEFAULT_DUTY_MAPS_DIR = join(DEFAULT_TEMPLATES_DIR, 'duty-maps');

const text = z.string().trim().min(1, 'must not be empty');
const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, dot, dash or underscore only');

export const dutyMapEntrySchema = z
  .object({
    name: text,
    kind: z.enum(['role', 'permission']).optional(),
    match: z.enum(['exact', 'contains']).optional(),
    duties: z.array(id),
    privileged: z.boolean().optional(),
    systems: z.array(text).min(1).optional(),
    note: z.string().optional(),
  })
  .strict();

export const dutyMapFileSchema = z
  .object({
    $comment: z.string().optional(),
    id: id.optional(),
    name: text.optional(),
    source: text,
    systems: z.array(text).min(1).optional(),
    entries: z.array(z.unknown()),
  })
  .strict();

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = value;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = Object.prototype.hasOwnProperty.call(cur, key) ? (cur as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return cur;
}

function check<S extends z.ZodType>(
  schema: S,
  value: unknown,
  file: string,
  item: string | null,
  prefix: string,
  problems: CatalogProblem[],
): z.infer<S> | undefined {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || null;
    const got = valueAt(value, issue.path);
    const gotText = got === undefined ? ' (missing)' : typeof got === 'object' ? '' : ` (got ${JSON.stringify(got)})`;
    const message =
      issue.code === 'unrecognized_keys'
        ? `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')} — check the spelling`
        : `${issue.message}${gotText}`;
    problems.push({ file, item, field, message });
  }
  return undefined;
}

const entryLabel = (raw: unknown, i: number) => {
  const name = raw !== null && typeof raw === 'object' && 'name' in raw ? (raw as { name: unknown }).name : undefined;
  return typeof name === 'string' && name.trim() ? name : `#${i + 1}`;
};

// Validates one parsed duty-map document. `file` names it in problems; `dutyIds` are the rule set's duties.
// Templates need an id, a name and systems; an engagement file may give systems per entry instead.
export function parseDutyMap(
  doc: unknown,
  file: string,
  dutyIds: ReadonlySet<string>,
  kind: 'template' | 'override',
): Result<DutyMapSet, CatalogProblem[]> {
  const problems: CatalogProblem[] = [];
  const head = check(dutyMapFileSchema, doc, file, null, '', problems);
  if (!head) return err(problems);
  if (kind === 'template') {
    if (!head.id) problems.push({ file, item: null, field: 'id', message: 'a template needs an id (missing)' });
    if (!head.name) problems.push({ file, item: null, field: 'name', message: 'a template needs a name (missing)' });
    if (!head.systems)
      problems.push({
        file,
        item: null,
        field: 'systems',
        message: 'a template needs the systems it applies to (missing)',
      });
  }
  const entries: DutyMapSet['entries'] = [];
  head.entries.forEach((raw, i) => {
    const item = entryLabel(raw, i);
    const e = check(dutyMapEntrySchema, raw, file, item, `entries.${i}`, problems);
    if (!e) return;
    e.duties.forEach((d, k) => {
      if (!dutyIds.has(d))
        problems.push({
          file,
          item,
          field: `entries.${i}.duties.${k}`,
          message: `unknown duty "${d}" (not in templates/sod-rules.json)`,
        });
    });
    if (!e.systems && !head.systems)
      problems.push({
        file,
        item,
        field: `entries.${i}.systems`,
        message: 'no systems: give them on the entry or at the top of the file (missing)',
      });
    const { note, ...rest } = e;
    entries.push(note === undefined ? rest : { ...rest, note });
  });
  if (problems.length > 0) return err(problems);
  return ok({
    id: head.id ?? basename(file).replace(/\.json$/iu, ''),
    name: head.name ?? basename(file),
    source: head.source,
    systems: head.systems ?? [],
    entries,
  });
}

function readJson(path: string, file: string): Result<unknown, CatalogProblem[]> {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch {
    return err([{ file, item: null, field: null, message: 'file is missing or unreadable' }]);
  }
  try {
    return ok(JSON.parse(raw));
  } catch (e) {
    return err([{ file, item: null, field: null, message: `not valid JSON (${(e as Error).message})` }]);
  }
}

export function loadDutyMapTemplates(
  dutyIds: ReadonlySet<string>,
  dir: string = DEFAULT_DUTY_MAPS_DIR,
): Result<DutyMapSet[], CatalogProblem[]> {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort();
  } catch {
    return err([{ file: 'templates/duty-maps', item: null, field: null, message: 'folder is missing' }]);
  }
  const problems: CatalogProblem[] = [];
  const sets: DutyMapSet[] = [];
  const ids = new Map<string, string>();
  for (const name of names) {
    const file = `templates/duty-maps/${name}`;
    const doc = readJson(join(dir, name), file);
    if (!doc.ok) {
      problems.push(...doc.error);
      continue;
    }
    const set = parseDutyMap(doc.value, file, dutyIds, 'template');
    if (!set.ok) {
      problems.push(...set.error);
      continue;
    }
    const other = ids.get(set.value.id);
    if (other)
      problems.push({
        file,
        item: null,
        field: 'id',
        message: `duplicate template id "${set.value.id}" (also in ${other})`,
      });
    ids.set(set.value.id, file);
    sets.push(set.value);
  }
  return problems.length > 0 ? err(problems) : ok(sets);
}

export function loadDutyMapFile(path: string, dutyIds: ReadonlySet<string>): Result<DutyMapSet, CatalogProblem[]> {
  const file = basename(path);
  const doc = readJson(path, file);
  return doc.ok ? parseDutyMap(doc.value, file, dutyIds, 'override') : doc;
}
