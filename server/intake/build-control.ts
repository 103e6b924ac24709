// Normalise one raw control record into a SocControl, with an issue for every value that could not be read.
import type { Frequency, Method } from '../domain/catalog.ts';
import { parseCriteria, type ParsedCriteria, type TscIndex } from '../domain/criteria.ts';
import type { ControlField, Owner, SocControl } from './control.ts';
import type { IntakeIssue } from './grid.ts';
import type { RawControl } from './layouts.ts';
import { isPlaceholder } from './map-columns.ts';
import { cellDate } from './normalise-date.ts';
import { frequencyFromProse, normaliseFrequency } from './normalise-frequency.ts';
import { normaliseMethod, normaliseNature, type NatureResult } from './normalise-nature-method.ts';
import { parseOwners } from './normalise-owner.ts';

export interface BuildContext {
  file: string;
  index: TscIndex;
  inferFrequency: boolean; // no frequency column: read it from the control's prose
  cache: ValueCache;
}

// Matrices repeat the same criteria, frequency, owner and type cells on thousands of rows: each distinct text is
// read once per import. Bounded, so a column of unique values costs no more than reading each one.
const CACHE_LIMIT = 5000;
export interface ValueCache {
  parseCriteria: (text: string) => ParsedCriteria;
  criteria: Map<string, ParsedCriteria>;
  frequency: Map<string, Frequency | null>;
  nature: Map<string, NatureResult>;
  method: Map<string, Method | null>;
  owners: Map<string, Owner[]>; // handed out as copies: owners are per-control output
  systems: Map<string, string[]>; // likewise
}

export function newValueCache(index: TscIndex): ValueCache {
  return {
    parseCriteria: (text) => parseCriteria(text, index),
    criteria: new Map(),
    frequency: new Map(),
    nature: new Map(),
    method: new Map(),
    owners: new Map(),
    systems: new Map(),
  };
}

function cached<V>(map: Map<string, V>, key: string, read: (text: string) => V): V {
  const known = map.get(key);
  if (known !== undefined || map.has(key)) return known as V;
  const value = read(key);
  if (map.size < CACHE_LIMIT) map.set(key, value);
  return value;
}

export interface Built {
  control: SocControl;
  issues: IntakeIssue[];
  families: string[]; // criteria given at family level
  frequencyInferred: boolean;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

// Module-level rather than closures: buildControl runs once per row of the matrix.
function issue(
  issues: IntakeIssue[],
  sheet: string,
  code: string,
  severity: IntakeIssue['severity'],
  row: number,
  column: string,
  message: string,
): void {
  issues.push({ code, severity, sheet, row, column: column || null, message });
}

function fieldText(raw: RawControl, f: ControlField): string {
  const t = raw.fields[f]?.text.trim() ?? '';
  return isPlaceholder(t) ? '' : t;
}

function fieldWhere(raw: RawControl, f: ControlField): { row: number; letter: string } {
  const v = raw.fields[f];
  return { row: v?.row ?? raw.rows[0] ?? 0, letter: v?.letter ?? '' };
}

function cloneOwner(o: Owner): Owner {
  return { ...o };
}

function splitSystems(text: string): string[] {
  return unique(
    text
      .split(/[,;\n]/)
      .map((s) => s.trim())
      .filter((s) => s !== '' && !isPlaceholder(s)),
  );
}

export function buildControl(raw: RawControl, id: string, generatedId: boolean, ctx: BuildContext): Built {
  const issues: IntakeIssue[] = [];

  const ids: string[] = [];
  let parses = 0;
  let only = null as ParsedCriteria | null; // set inside absorb(); declared so to keep TypeScript from narrowing it to null
  const invalid: string[] = [];
  const families: string[] = [];
  // Takes one parsed criteria text (a cell, or a flag column's header) and reports its unknown ids where it stands.
  const absorb = (p: ParsedCriteria, row: number, letter: string, unknown: (bad: string) => string) => {
    parses++;
    only = p;
    ids.push(...p.ids);
    families.push(...p.families);
    for (const bad of p.invalid) {
      if (invalid.includes(bad)) continue;
      invalid.push(bad);
      issue(issues, raw.sheet, 'criterion-unknown', 'warning', row, letter, unknown(bad));
    }
  };
  for (const c of raw.criteria) {
    if (isPlaceholder(c.text)) continue;
    const p = cached(ctx.cache.criteria, c.text, ctx.cache.parseCriteria);
    absorb(p, c.row, c.letter, (bad) => `'${bad}' in '${c.text.replace(/\s+/g, ' ')}' is not a TSC 2017 criterion; kept as invalid`);
    if (p.ids.length === 0 && p.invalid.length === 0) {
      issue(
        issues,
        raw.sheet,
        'criteria-unreadable',
        'warning',
        c.row,
        c.letter,
        `no TSC criterion found in '${c.text.replace(/\s+/g, ' ').slice(0, 80)}'`,
      );
    }
  }
  for (const f of raw.flagged) {
    const p = cached(ctx.cache.criteria, f.header, ctx.cache.parseCriteria);
    absorb(p, f.row, f.letter, (bad) => `column header '${bad}' is not a TSC 2017 criterion; kept as invalid`);
  }
  // One parsed cell is already unique and in TSC order (parseCriteria's contract); several need merging.
  const criteria =
    parses === 1 && only
      ? [...only.ids]
      : unique(ids).sort((a, b) => (ctx.index.order.get(a) ?? 0) - (ctx.index.order.get(b) ?? 0));
  const written: string[] = [];
  for (const c of raw.criteria) written.push(c.text);
  for (const f of raw.flagged) written.push(f.header);
  const criteriaRaw = written.join('; ');

  const frequencyRaw = fieldText(raw, 'frequency');
  let frequency = cached(ctx.cache.frequency, frequencyRaw, normaliseFrequency);
  let frequencyInferred = false;
  let frequencyText = frequencyRaw;
  if (frequencyRaw !== '' && frequency === null) {
    const w = fieldWhere(raw, 'frequency');
    issue(
      issues,
      raw.sheet,
      'frequency-unknown',
      'warning',
      w.row,
      w.letter,
      `frequency '${frequencyRaw}' is not a known frequency; left empty`,
    );
  }
  if (frequencyRaw === '' && ctx.inferFrequency) {
    const prose = [fieldText(raw, 'description'), ...raw.extra.map(([, t]) => t)];
    for (const t of prose) {
      const found = frequencyFromProse(t);
      if (found) {
        frequency = found.frequency;
        frequencyText = found.sentence;
        frequencyInferred = true;
        break;
      }
    }
  }

  const natureRaw = fieldText(raw, 'nature');
  const n = cached(ctx.cache.nature, natureRaw, normaliseNature);
  if (natureRaw !== '') {
    const w = fieldWhere(raw, 'nature');
    if (n.both) {
      const msg = n.nature
        ? `nature '${natureRaw}' names both; using '${n.nature}' (written first)`
        : `nature '${natureRaw}' names both; left empty`;
      issue(issues, raw.sheet, 'nature-mixed', 'info', w.row, w.letter, msg);
    } else if (n.nature === null)
      issue(
        issues,
        raw.sheet,
        'nature-unknown',
        'info',
        w.row,
        w.letter,
        `nature '${natureRaw}' is neither preventive nor detective`,
      );
  }

  const methodRaw = fieldText(raw, 'method');
  const method = cached(ctx.cache.method, methodRaw, normaliseMethod);
  if (methodRaw !== '' && method === null) {
    const w = fieldWhere(raw, 'method');
    issue(
      issues,
      raw.sheet,
      'method-unknown',
      'info',
      w.row,
      w.letter,
      `method '${methodRaw}' is not manual, automated or IT-dependent manual`,
    );
  }

  const lastTestedRaw = fieldText(raw, 'lastTested');
  let lastTested: string | null = null;
  if (lastTestedRaw !== '') {
    lastTested = cellDate(raw.fields.lastTested?.cell) ?? null;
    if (lastTested === null) {
      const w = fieldWhere(raw, 'lastTested');
      issue(
        issues,
        raw.sheet,
        'date-unreadable',
        'warning',
        w.row,
        w.letter,
        `last tested '${lastTestedRaw}' is not a date (use YYYY-MM-DD); text kept in original`,
      );
    }
  }

  const systems = [...cached(ctx.cache.systems, fieldText(raw, 'systems'), splitSystems)];

  const control: SocControl = {
    id,
    generatedId,
    title: fieldText(raw, 'title'),
    description: fieldText(raw, 'description'),
    criteria,
    criteriaRaw,
    invalidCriteria: invalid,
    owners: cached(ctx.cache.owners, fieldText(raw, 'owner'), parseOwners).map(cloneOwner),
    frequency,
    frequencyRaw: frequencyText,
    nature: n.nature,
    natureRaw,
    method,
    methodRaw,
    systems,
    evidence: fieldText(raw, 'evidence'),
    status: fieldText(raw, 'status'),
    lastTested,
    hidden: raw.hidden,
    extra: raw.extra,
    original: raw.original,
    source: {
      file: ctx.file,
      sheet: raw.sheet,
      row: raw.rows[0] ?? 0,
      rows: raw.rows.length === 1 ? raw.rows : [...raw.rows].sort((a, b) => a - b),
    },
  };
  return { control, issues, families: families.length < 2 ? families : unique(families), frequencyInferred };
}
