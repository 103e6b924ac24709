// Map table columns to control fields from header synonyms and from what the values look like. The result is
// plain data a caller can show, store per client and override column by column.
import { profileColumn, type ColumnProfile } from './column-profile.ts';
import type { ColumnMapping, ControlField } from '../domain/control.ts';
import { isCriterionHeader, type FoundTable, type TableColumn } from './find-tables.ts';
import { columnLetter, type GridSheet } from '../domain/grid.ts';
import { RISK_HEADER } from './header-synonyms-intl.ts';
import { isOtherFramework, matchHeader, normaliseHeader } from './header-synonyms.ts';

export interface MappingOverride {
  sheet: string;
  column: number; // 1-based
  field: ControlField | null;
}

export type MappedColumn = ColumnMapping['columns'][number];

export { isCodeLike, isFlag, isPlaceholder, profileColumn, type ColumnProfile, type ValueShare } from './column-profile.ts';

interface Candidate {
  column: number;
  field: ControlField;
  confidence: number;
  basis: string;
}

const VALUE_CHECKED: ControlField[] = ['criteria', 'frequency', 'nature', 'method'];
// Fields whose values are words or text: a column of yes/no marks or of numbers is never one of them.
const TEXT_FIELDS: ControlField[] = ['title', 'description', 'owner', 'frequency', 'nature', 'method', 'systems', 'evidence'];

function pct(share: number, n: number): string {
  return `${Math.round(share * n)} of ${n}`;
}

// What a column's values make it, before any field is considered: another framework's references (a crosswalk),
// yes/no marks, or numbers. Null: its values leave the header to decide.
export type ColumnShape = { kind: 'crosswalk' | 'yes-no' | 'numbers' | 'empty'; why: string } | null;

export function columnShape(col: TableColumn, p: ColumnProfile): ColumnShape {
  const framework = isOtherFramework(col.header);
  if (p.nonEmpty === 0) return framework ? { kind: 'empty', why: `header '${col.header}' names another framework and the column is empty` } : null;
  if (p.atLeast('yesNo', 0.8)) return { kind: 'yes-no', why: `values are yes/no (${pct(p.yesNo, p.nonEmpty)})` };
  if (p.atLeast('number', 0.8)) return { kind: 'numbers', why: `values are numbers (${pct(p.number, p.nonEmpty)})` };
  if (p.atLeast('criteria', 0.3)) return null;
  if (!p.atLeast('reference', 0.6)) return null;
  // The workbook's own ids: one unique code on every row, never a list. Never a crosswalk, whatever the header says.
  const ownIds = p.unique >= 0.95 && p.fill >= 0.9 && p.multiline < 0.02 && p.list < 0.05;
  if (ownIds) return null;
  const listed = p.list >= 0.2 || p.multiline >= 0.1;
  if (framework || listed || p.fill < 0.6) {
    const how = listed
      ? `${pct(p.reference, p.nonEmpty)} values are references, ${pct(Math.max(p.list, p.multiline), p.nonEmpty)} of them lists`
      : `${pct(p.reference, p.nonEmpty)} values are references on ${Math.round(p.fill * 100)}% of the rows`;
    return { kind: 'crosswalk', why: framework ? `header '${col.header}' names another framework and ${how}` : `${how}: another framework's references` };
  }
  return null;
}

function headerCandidates(col: TableColumn, p: ColumnProfile): Candidate[] {
  const out: Candidate[] = [];
  const framework = isOtherFramework(col.header);
  let matches = matchHeader(col.subHeader, framework);
  let used = col.subHeader;
  if (matches.length === 0 && col.groups.length > 0) {
    matches = matchHeader(col.header, framework);
    used = col.header;
  }
  const risk = RISK_HEADER.test(normaliseHeader(col.header));
  for (const m of matches) {
    // Beside another framework's name, a header says the workbook's own field only when the values fit it.
    if (framework && !fitsBesideFramework(m.field, p)) continue;
    let confidence = m.confidence * (framework ? 0.9 : 1);
    const how = m.exact ? 'matches' : `contains '${m.synonym}', so`;
    let basis = `header '${used}' ${how} ${m.field}`;
    if (framework) basis += ` (read beside the framework's name)`;
    if (p.nonEmpty > 0 && VALUE_CHECKED.includes(m.field)) {
      const field = m.field as 'criteria' | 'frequency' | 'nature' | 'method';
      if (!p.atLeast(field, field === 'criteria' ? 0.3 : 0.5)) continue;
      const share = p[field];
      basis += `; ${pct(share, p.nonEmpty)} values read as ${m.field}`;
    }
    if (m.field === 'controlId') {
      if (p.avgLength > 40) continue;
      if (p.nonEmpty > 0 && (p.fill < 0.5 || p.multiline >= 0.05)) continue;
      if (p.nonEmpty > 0 && p.atLeast('integer', 0.9)) {
        confidence -= 0.2;
        basis += '; values are plain numbers (row numbers are weak ids)';
      }
      if (p.nonEmpty > 1 && p.unique < 1) {
        confidence -= (1 - p.unique) * 0.15;
        basis += `; ${Math.round(p.unique * p.nonEmpty)} distinct of ${p.nonEmpty}`;
      }
    }
    if ((m.field === 'title' || m.field === 'description') && p.atLeast('criteria', 0.6)) continue;
    if (risk && (m.field === 'controlId' || m.field === 'title' || m.field === 'description')) {
      confidence -= 0.3;
      basis += '; the header names a risk, not the control';
    }
    if (m.field === 'lastTested' && p.nonEmpty > 0 && p.date < 0.3) confidence *= 0.7;
    if (m.field === 'description' && p.nonEmpty > 0 && p.fill < 0.3) {
      confidence *= 0.6;
      basis += `; filled on only ${Math.round(p.fill * 100)}% of the rows`;
    }
    out.push({ column: col.column, field: m.field, confidence, basis });
  }
  return out;
}

function fitsBesideFramework(field: ControlField, p: ColumnProfile): boolean {
  if (p.nonEmpty === 0) return false;
  if (field === 'controlId') return p.unique >= 0.95 && p.fill >= 0.9 && p.atLeast('code', 0.8);
  if (field === 'title') return p.unique >= 0.8 && p.fill >= 0.9 && !p.atLeast('reference', 0.5);
  if (field === 'description') return p.fill >= 0.5 && p.atLeast('prose', 0.5);
  return false;
}

// Single-letter codes fit several vocabularies ('M' is monthly and manual, 'A' annual and automated): a column of
// such codes is read by values only for the vocabulary it fits best, and one code alone decides nothing.
function codeAmbiguity(p: ColumnProfile, field: 'frequency' | 'method' | 'nature'): { drop: boolean; weak: boolean } {
  if (p.avgLength > 2) return { drop: false, weak: false };
  const others = (['frequency', 'method', 'nature'] as const).filter((f) => f !== field);
  const mine = p[field];
  const drop = others.some((f) => p[f] > mine + 0.15);
  return { drop, weak: p.distinct <= 1 };
}

function valueCandidates(col: TableColumn, p: ColumnProfile, framework: boolean): Candidate[] {
  const out: Candidate[] = [];
  if (p.nonEmpty === 0) return out;
  const h = normaliseHeader(col.subHeader || col.header);
  const risk = RISK_HEADER.test(normaliseHeader(col.header));
  // (a column of sentences that mention a criterion, such as a rationale, is not the criteria column)
  if (!framework && p.atLeast('criteria', 0.6) && !p.atLeast('prose', 0.5)) {
    out.push({
      column: col.column,
      field: 'criteria',
      confidence: 0.8,
      basis: `values look like TSC criteria (${pct(p.criteria, p.nonEmpty)})`,
    });
  }
  if (
    p.atLeast('code', 0.8) &&
    p.unique >= 0.5 &&
    p.nonEmpty >= 2 &&
    p.fill >= 0.5 &&
    p.multiline < 0.05 &&
    !p.atLeast('criteria', 0.5)
  ) {
    const named = /\b(control|ctrl|id|ref|#)\b|통제|統制/.test(h);
    out.push({
      column: col.column,
      field: 'controlId',
      confidence: (named ? 0.85 : 0.6) - (1 - p.unique) * 0.15 - (risk ? 0.3 : 0),
      basis: `values are short codes (${pct(p.code, p.nonEmpty)}, ${Math.round(p.unique * p.nonEmpty)} distinct)${named ? ` and header '${col.header}' suggests ids` : ''}${risk ? '; the header names a risk, not the control' : ''}`,
    });
  }
  if (framework) return out;
  if (p.avgLength <= 30) {
    const vocab: [field: 'frequency' | 'nature' | 'method', confidence: number, words: string][] = [
      ['frequency', 0.75, 'frequencies'],
      ['nature', 0.7, 'preventive/detective'],
      ['method', 0.7, 'manual/automated'],
    ];
    for (const [field, confidence, words] of vocab) {
      if (!p.atLeast(field, 0.6)) continue;
      const { drop, weak } = codeAmbiguity(p, field);
      if (drop) continue;
      out.push({
        column: col.column,
        field,
        confidence: weak ? 0.4 : confidence,
        basis: `values read as ${words} (${pct(p[field], p.nonEmpty)})${weak ? `; one code only ('${textAtFirst(p)}'), which could mean several things` : ''}`,
      });
    }
  }
  return out;
}

function textAtFirst(p: ColumnProfile): string {
  return p.first;
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
  const shapes = new Map<number, NonNullable<ColumnShape>>();

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
    if (!p || assigned.has(col.column)) return;
    const shape = columnShape(col, p);
    if (shape) shapes.set(col.column, shape);
    if (shape?.kind === 'crosswalk' || shape?.kind === 'empty') return;
    const framework = isOtherFramework(col.header);
    let found = [...headerCandidates(col, p), ...valueCandidates(col, p, framework)];
    if (shape?.kind === 'yes-no') found = found.filter((c) => c.field === 'status');
    if (shape?.kind === 'numbers') found = found.filter((c) => !TEXT_FIELDS.includes(c.field));
    candidates.push(...found);
  });
  // The longest prose column (not another framework's, not a risk's) is the description when no header says so.
  const prose = longestProse(table, profiles, shapes, assigned);
  if (prose) candidates.push(prose);

  candidates.sort((a, b) => b.confidence - a.confidence || a.column - b.column);
  for (const c of candidates) {
    if (assigned.has(c.column) || taken.has(c.field)) continue;
    assigned.set(c.column, c);
    taken.add(c.field);
  }

  const header = (column: number): string => table.columns.find((c) => c.column === column)?.header ?? '';
  const columns: MappedColumn[] = table.columns.map((col) => {
    const a = assigned.get(col.column);
    const lost = candidates.find((c) => c.column === col.column);
    const winner = lost ? [...assigned.values()].find((w) => w.field === lost.field) : undefined;
    const shape = shapes.get(col.column);
    let basis: string;
    if (a) {
      // The runner-up: the best other column for the same field, when it came close.
      const next = candidates.find((c) => c.field === a.field && c.column !== a.column && a.confidence - c.confidence <= 0.15);
      basis = next
        ? `${a.basis}; runner-up: column ${columnLetter(next.column)} ('${header(next.column)}', ${next.confidence.toFixed(2)})`
        : a.basis;
    } else if (shape && shape.kind !== 'numbers') {
      basis = `${shape.why}${shape.kind === 'yes-no' ? '; a yes/no column is never a name, description or id' : ''}; kept as an extra attribute`;
    } else if (lost && winner) {
      basis = `could be ${lost.field} (${lost.basis}), but column ${columnLetter(winner.column)} ('${header(winner.column)}') fits better; kept as an extra attribute`;
    } else if (shape) basis = `${shape.why}; kept as an extra attribute`;
    else if (isOtherFramework(col.header)) basis = `header '${col.header}' names another framework; kept as an extra attribute`;
    else basis = `no field matches header '${col.header}'; kept as an extra attribute`;
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

function longestProse(
  table: FoundTable,
  profiles: ColumnProfile[],
  shapes: Map<number, NonNullable<ColumnShape>>,
  assigned: Map<number, Candidate>,
): Candidate | null {
  let best = -1;
  table.columns.forEach((col, i) => {
    const p = profiles[i];
    if (!p || assigned.has(col.column) || shapes.has(col.column) || isOtherFramework(col.header)) return;
    if (RISK_HEADER.test(normaliseHeader(col.header)) || p.avgLength < 40 || p.fill < 0.3) return;
    if (!p.atLeast('prose', 0.5) || p.atLeast('criteria', 0.3)) return;
    if (best < 0 || p.avgLength > (profiles[best]?.avgLength ?? 0)) best = i;
  });
  const col = table.columns[best];
  const p = profiles[best];
  if (!col || !p) return null;
  return {
    column: col.column,
    field: 'description',
    confidence: 0.5,
    basis: `'${col.header}' is the longest prose column (${Math.round(p.avgLength)} characters on average, ${pct(p.prose, p.nonEmpty)} values are sentences)`,
  };
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

// Why a table does not read as controls, in words: its crosswalk columns as ranges ('columns D–KZ look like
// references to other frameworks') and the fields no column holds.
export function describeColumns(sheet: GridSheet, table: FoundTable, mapping: ColumnMapping): string[] {
  const crosswalk: number[] = [];
  for (const col of table.columns) {
    const shape = columnShape(col, profileColumn(sheet, table, col.column));
    if (shape?.kind === 'crosswalk' || shape?.kind === 'empty') crosswalk.push(col.column);
  }
  const out: string[] = [];
  if (crosswalk.length > 0) {
    const runs: string[] = [];
    for (let i = 0; i < crosswalk.length; ) {
      let j = i;
      while (j + 1 < crosswalk.length && crosswalk[j + 1] === (crosswalk[j] ?? 0) + 1) j++;
      const a = columnLetter(crosswalk[i] ?? 1);
      runs.push(j === i ? a : `${a}–${columnLetter(crosswalk[j] ?? 1)}`);
      i = j + 1;
    }
    const one = crosswalk.length === 1;
    out.push(`${one ? 'column' : 'columns'} ${runs.slice(0, 6).join(', ')}${runs.length > 6 ? ', …' : ''} ${one ? 'looks' : 'look'} like references to other frameworks`);
  }
  const fields = new Set(mapping.columns.map((c) => c.field));
  if (!fields.has('description') && !fields.has('title')) out.push('no column holds descriptions');
  return out;
}
