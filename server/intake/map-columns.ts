// Map table columns to control fields from header synonyms and from what the values look like. The result is
// plain data a caller can show, store per client and override column by column.
import { looksLikeCriteria } from '../domain/criteria.ts';
import type { ColumnMapping, ControlField } from './control.ts';
import { cellAt, isCriterionHeader, textAt, type FoundTable, type TableColumn } from './find-tables.ts';
import { columnLetter, type GridSheet } from './grid.ts';
import { isOtherFramework, matchHeader, normaliseHeader } from './header-synonyms.ts';
import { parseDateText } from './normalise-date.ts';
import { normaliseFrequency } from './normalise-frequency.ts';
import { normaliseMethod, normaliseNature } from './normalise-nature-method.ts';

export interface MappingOverride {
  sheet: string;
  column: number; // 1-based
  field: ControlField | null;
}

export type MappedColumn = ColumnMapping['columns'][number];

const PLACEHOLDER = /^(?:[-\u2010-\u2015.]+|n\/?a|none|tbd|null|nil|not applicable)$/i;
const FLAG = /^(?:x|\u2713|\u2714|\u2611|\u2612|\u25cf|\u2022|yes|y|1|true)$/i;
const CODE = /^[A-Za-z]{1,6}(?:[-_.][A-Za-z]{1,6})*[-_.]?\d{1,5}(?:[-_.]\d{1,4})*[a-z]?$/;

export function isPlaceholder(text: string): boolean {
  return PLACEHOLDER.test(text.trim());
}

// A short code such as 'AC-01' or 'CC6.1a': how control ids are written.
export function isCodeLike(text: string): boolean {
  return CODE.test(text.trim());
}

export function isFlag(text: string): boolean {
  return FLAG.test(text.trim());
}

export interface ColumnProfile {
  nonEmpty: number;
  unique: number; // distinct non-empty values / nonEmpty
  avgLength: number;
  code: number; // share of values that are short codes like 'AC-01'
  integer: number;
  criteria: number;
  frequency: number;
  nature: number;
  method: number;
  date: number;
  flag: number;
  multiline: number; // share of values with two or more lines
  // share >= threshold, decided without reading every value once the rest cannot reach it
  atLeast(share: ValueShare, threshold: number): boolean;
}

export type ValueShare = 'code' | 'integer' | 'criteria' | 'frequency' | 'nature' | 'method' | 'flag' | 'multiline';

const SHARE_TESTS: Record<ValueShare, (v: string) => boolean> = {
  code: (v) => CODE.test(v),
  integer: (v) => /^\d+$/.test(v),
  criteria: looksLikeCriteria,
  frequency: (v) => normaliseFrequency(v) !== null,
  nature: (v) => normaliseNature(v).nature !== null,
  method: (v) => normaliseMethod(v) !== null,
  flag: isFlag,
  multiline: (v) => v.split(/\r?\n/).filter((l) => l.trim() !== '').length >= 2,
};

// Each test runs once per distinct value (weighted by how often it occurs), and only when a mapping decision reads
// it: a column of 5,000 long descriptions is never tested for frequency words. Shares are exact counts over every
// non-empty value, not a sample.
export function profileColumn(sheet: GridSheet, table: FoundTable, column: number): ColumnProfile {
  // distinct value -> occurrences, and how many of them are date-typed cells; null marks a placeholder
  const counts = new Map<string, { k: number; typed: number } | null>();
  let n = 0;
  let totalLength = 0;
  for (const r of table.dataRows) {
    const text = textAt(sheet, r, column);
    if (text === '') continue;
    let seen = counts.get(text);
    if (seen === undefined) {
      seen = isPlaceholder(text) ? null : { k: 0, typed: 0 };
      counts.set(text, seen);
    }
    if (seen === null) continue;
    seen.k++;
    n++;
    totalLength += text.length;
    if (cellAt(sheet, r, column)?.value.kind === 'date') seen.typed++;
  }
  const values = new Array<string>(counts.size);
  const weights = new Array<number>(counts.size);
  const typedDates = new Array<number>(counts.size);
  let distinct = 0;
  counts.forEach((c, v) => {
    if (c === null) return;
    values[distinct] = v;
    weights[distinct] = c.k;
    typedDates[distinct] = c.typed;
    distinct++;
  });
  values.length = weights.length = typedDates.length = distinct;

  // Per share: how far the values have been tested, so a later question (another floor) resumes instead of re-testing.
  const progress = new Map<ValueShare, { hits: number; misses: number; next: number }>();
  // Stops early (returning null) once even every value not yet read passing could not lift the share to `floor`.
  const count = (key: ValueShare, floor: number): number | null => {
    if (n === 0) return 0;
    let p = progress.get(key);
    if (!p) progress.set(key, (p = { hits: 0, misses: 0, next: 0 }));
    if (p.next < values.length) {
      if ((n - p.misses) / n < floor) return null;
      const test = SHARE_TESTS[key];
      for (; p.next < values.length; ) {
        const i = p.next++;
        const k = weights[i] ?? 0;
        if (test(values[i] ?? '')) p.hits += k;
        else {
          p.misses += k;
          if ((n - p.misses) / n < floor) return null;
        }
      }
    }
    return p.hits / n;
  };
  const share = (key: ValueShare): number => count(key, -Infinity) ?? 0;

  // A date-typed cell is a date whatever its text; other cells are dates when their text parses as one.
  let dates: number | null = null;
  const dateShare = (): number => {
    if (dates === null) {
      let d = 0;
      for (let i = 0; i < values.length; i++) {
        const v = values[i] ?? '';
        const k = weights[i] ?? 0;
        const typed = typedDates[i] ?? 0;
        d += typed + (typed < k && parseDateText(v) !== null ? k - typed : 0);
      }
      dates = n === 0 ? 0 : d / n;
    }
    return dates;
  };
  let unique: number | null = null;

  return {
    nonEmpty: n,
    get unique() {
      unique ??= n === 0 ? 0 : new Set(values.map((v) => v.toLowerCase())).size / n;
      return unique;
    },
    avgLength: n === 0 ? 0 : totalLength / n,
    get code() {
      return share('code');
    },
    get integer() {
      return share('integer');
    },
    get criteria() {
      return share('criteria');
    },
    get frequency() {
      return share('frequency');
    },
    get nature() {
      return share('nature');
    },
    get method() {
      return share('method');
    },
    get date() {
      return dateShare();
    },
    get flag() {
      return share('flag');
    },
    get multiline() {
      return share('multiline');
    },
    atLeast(key, threshold) {
      const v = count(key, threshold);
      return v !== null && v >= threshold;
    },
  };
}

interface Candidate {
  column: number;
  field: ControlField;
  confidence: number;
  basis: string;
}

const VALUE_CHECKED: ControlField[] = ['criteria', 'frequency', 'nature', 'method'];

function pct(share: number, n: number): string {
  return `${Math.round(share * n)} of ${n}`;
}

function headerCandidates(col: TableColumn, p: ColumnProfile): Candidate[] {
  const out: Candidate[] = [];
  let matches = matchHeader(col.subHeader);
  let used = col.subHeader;
  if (matches.length === 0 && col.groups.length > 0) {
    matches = matchHeader(col.header);
    used = col.header;
  }
  for (const m of matches) {
    let confidence = m.confidence;
    const how = m.exact ? 'matches' : `contains '${m.synonym}', so`;
    let basis = `header '${used}' ${how} ${m.field}`;
    if (p.nonEmpty > 0 && VALUE_CHECKED.includes(m.field)) {
      const field = m.field as 'criteria' | 'frequency' | 'nature' | 'method';
      if (!p.atLeast(field, field === 'criteria' ? 0.3 : 0.5)) continue;
      const share = p[field];
      basis += `; ${pct(share, p.nonEmpty)} values read as ${m.field}`;
    }
    if (m.field === 'controlId') {
      if (p.avgLength > 40) continue;
      if (p.nonEmpty > 0 && p.atLeast('integer', 0.9)) {
        confidence -= 0.2;
        basis += '; values are plain numbers (row numbers are weak ids)';
      }
    }
    if ((m.field === 'title' || m.field === 'description') && p.atLeast('criteria', 0.6)) continue;
    if (m.field === 'lastTested' && p.nonEmpty > 0 && p.date < 0.3) confidence *= 0.7;
    out.push({ column: col.column, field: m.field, confidence, basis });
  }
  return out;
}

function valueCandidates(col: TableColumn, p: ColumnProfile): Candidate[] {
  const out: Candidate[] = [];
  if (p.nonEmpty === 0) return out;
  const h = normaliseHeader(col.subHeader || col.header);
  if (p.atLeast('criteria', 0.6)) {
    out.push({
      column: col.column,
      field: 'criteria',
      confidence: 0.8,
      basis: `values look like TSC criteria (${pct(p.criteria, p.nonEmpty)})`,
    });
  }
  if (p.atLeast('code', 0.8) && p.unique >= 0.5 && p.nonEmpty >= 2 && !p.atLeast('criteria', 0.5)) {
    const named = /\b(control|ctrl|id|ref|#)\b/.test(h);
    out.push({
      column: col.column,
      field: 'controlId',
      confidence: (named ? 0.85 : 0.6) - (p.unique < 0.9 ? 0.1 : 0),
      basis: `values are short codes (${pct(p.code, p.nonEmpty)})${named ? ` and header '${col.header}' suggests ids` : ''}`,
    });
  }
  if (p.avgLength <= 30) {
    if (p.atLeast('frequency', 0.6))
      out.push({
        column: col.column,
        field: 'frequency',
        confidence: 0.75,
        basis: `values read as frequencies (${pct(p.frequency, p.nonEmpty)})`,
      });
    if (p.atLeast('nature', 0.6))
      out.push({
        column: col.column,
        field: 'nature',
        confidence: 0.7,
        basis: `values read as preventive/detective (${pct(p.nature, p.nonEmpty)})`,
      });
    if (p.atLeast('method', 0.6))
      out.push({
        column: col.column,
        field: 'method',
        confidence: 0.7,
        basis: `values read as manual/automated (${pct(p.method, p.nonEmpty)})`,
      });
  }
  return out;
}

export function isFlagColumn(col: TableColumn, p: ColumnProfile): boolean {
  return isCriterionHeader(col.subHeader) && p.nonEmpty > 0 && p.atLeast('flag', 0.8);
}

export function mapColumns(
  sheet: GridSheet,
  table: FoundTable,
  overrides: readonly MappingOverride[] = [],
): ColumnMapping {
  const profiles = table.columns.map((c) => profileColumn(sheet, table, c.column));
  const assigned = new Map<number, Candidate>();
  const taken = new Set<ControlField>();

  table.columns.forEach((col, i) => {
    const p = profiles[i];
    if (p && isFlagColumn(col, p)) {
      assigned.set(col.column, {
        column: col.column,
        field: 'criteria',
        confidence: 0.9,
        basis: `header '${col.subHeader}' names a criterion and ${pct(p.flag, p.nonEmpty)} values are marks; a marked cell adds it`,
      });
    }
  });

  const candidates: Candidate[] = [];
  table.columns.forEach((col, i) => {
    const p = profiles[i];
    if (!p || assigned.has(col.column) || isOtherFramework(col.header)) return;
    candidates.push(...headerCandidates(col, p), ...valueCandidates(col, p));
  });
  candidates.sort((a, b) => b.confidence - a.confidence || a.column - b.column);
  for (const c of candidates) {
    if (assigned.has(c.column) || taken.has(c.field)) continue;
    assigned.set(c.column, c);
    taken.add(c.field);
  }

  // No description column: the longest free-text column is the best stand-in.
  if (!taken.has('description')) {
    let bestIdx = -1;
    table.columns.forEach((col, i) => {
      const p = profiles[i];
      if (!p || assigned.has(col.column) || isOtherFramework(col.header) || p.avgLength < 40) return;
      if (bestIdx < 0 || p.avgLength > (profiles[bestIdx]?.avgLength ?? 0)) bestIdx = i;
    });
    const col = table.columns[bestIdx];
    if (col) {
      assigned.set(col.column, {
        column: col.column,
        field: 'description',
        confidence: 0.5,
        basis: `no description header; '${col.header}' holds the longest text`,
      });
    }
  }

  const columns: MappedColumn[] = table.columns.map((col) => {
    const a = assigned.get(col.column);
    const lost = candidates.find((c) => c.column === col.column);
    const winner = lost ? [...assigned.values()].find((w) => w.field === lost.field) : undefined;
    const winnerName = table.columns.find((c) => c.column === winner?.column)?.header ?? '';
    const basis = a
      ? a.basis
      : lost && winner
        ? `could be ${lost.field} (${lost.basis}), but column ${columnLetter(winner.column)} ('${winnerName}') fits better; kept as an extra attribute`
        : isOtherFramework(col.header)
          ? `header '${col.header}' names another framework; kept as an extra attribute`
          : `no field matches header '${col.header}'; kept as an extra attribute`;
    return {
      column: col.column,
      letter: col.letter,
      header: col.header,
      field: a?.field ?? null,
      confidence: a ? Math.round(a.confidence * 100) / 100 : 0,
      basis,
    };
  });
  return applyOverrides({ columns }, sheet.name, overrides);
}

export function applyOverrides(
  mapping: ColumnMapping,
  sheet: string,
  overrides: readonly MappingOverride[],
): ColumnMapping {
  const mine = overrides.filter((o) => o.sheet === sheet);
  if (mine.length === 0) return mapping;
  const columns = mapping.columns.map((c) => ({ ...c }));
  for (const o of mine) {
    const target = columns.find((c) => c.column === o.column);
    if (!target) continue;
    if (o.field !== null) {
      for (const other of columns) {
        if (other !== target && other.field === o.field && !isCriterionHeader(other.header)) {
          other.field = null;
          other.confidence = 0;
          other.basis = `${o.field} was moved by the user to column ${target.letter}; kept as an extra attribute`;
        }
      }
    }
    target.field = o.field;
    target.confidence = 1;
    target.basis =
      o.field === null ? 'unmapped by the user; kept as an extra attribute' : `set by the user to ${o.field}`;
  }
  return { columns };
}
