// Normalise one raw control record into a SocControl, with an issue for every value that could not be read.
import type { Frequency, Method } from '../domain/catalog.ts';
import { parseCriteria, type ParsedCriteria, type TscIndex } from '../domain/criteria.ts';
import type { ControlField, Owner, SocControl } from '../domain/control.ts';
import type { IntakeIssue } from '../domain/grid.ts';
import type { RawControl } from './layouts.ts';
import { isPlaceholder } from './map-columns.ts';
import { cellDate, dateProblem, DATE_FORMS } from '../domain/date-text.ts';
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

// The criteria gathered from a control's cells (and flag-column headers).
interface Absorbed {
  ids: string[];
  parses: number;
  only: ParsedCriteria | null; // the last parsed text: the whole answer when there was only one
  invalid: string[];
  families: string[];
}

// Takes one parsed criteria text (a cell, or a flag column's header) and reports its unknown ids where it stands.
function absorb(
  acc: Absorbed,
  issues: IntakeIssue[],
  sheet: string,
  p: ParsedCriteria,
  row: number,
  letter: string,
  text: string,
  from: 'cell' | 'header',
): void {
  acc.parses++;
  acc.only = p;
  if (p.ids.length > 0) acc.ids.push(...p.ids);
  if (p.families.length > 0) acc.families.push(...p.families);
  for (const bad of p.invalid) {
    if (acc.invalid.includes(bad)) continue;
    acc.invalid.push(bad);
    const message =
      from === 'cell'
        ? text.replace(/\s+/g, ' ').trim() === bad
          ? `'${bad}' is not a TSC 2017 criterion; kept as invalid`
          : `'${bad}' in '${text.replace(/\s+/g, ' ')}' is not a TSC 2017 criterion; kept as invalid`
        : `column header '${bad}' is not a TSC 2017 criterion; kept as invalid`;
    issue(issues, sheet, 'criterion-unknown', 'warning', row, letter, message);
  }
}

function byTscOrder(ids: string[], index: TscIndex): string[] {
  return unique(ids).sort((a, b) => (index.order.get(a) ?? 0) - (index.order.get(b) ?? 0));
}

export function buildControl(raw: RawControl, id: string, generatedId: boolean, ctx: BuildContext): Built {
  const issues: IntakeIssue[] = [];

  const acc: Absorbed = { ids: [], parses: 0, only: null, invalid: [], families: [] };
  for (const c of raw.criteria) {
    if (isPlaceholder(c.text)) continue;
    const p = cached(ctx.cache.criteria, c.text, ctx.cache.parseCriteria);
    absorb(acc, issues, raw.sheet, p, c.row, c.letter, c.text, 'cell');
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
    absorb(acc, issues, raw.sheet, p, f.row, f.letter, f.header, 'header');
  }
  const { ids, parses, only, invalid, families } = acc;
  // One parsed cell is already unique and in TSC order (parseCriteria's contract); several need merging.
  const criteria = parses === 1 && only ? [...only.ids] : byTscOrder(ids, ctx.index);
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
      // (a sentence naming a verb and a frequency is longer than this: crosswalk codes are skipped unread)
      if (t.length < 16) continue;
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
        `last tested '${lastTestedRaw}' ${dateProblem(lastTestedRaw)} (use ${DATE_FORMS}); text kept in original`,
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
