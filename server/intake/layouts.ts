// The four shapes a SOC 2 matrix comes in, turned into raw control records (text per field, every source row):
//   wide            one row per control, criteria in one cell
//   long            one row per control x criterion (compliance platform exports): rows merged by control id
//   criterion-first one row per criterion, the company's controls listed in one multi-line cell
//   flag-columns    one column per criterion or family, marked cells ('X', 'Yes', '1') say which apply
import { looksLikeCriteria } from '../domain/criteria.ts';
import { CONTROL_FIELDS, type ColumnMapping, type ControlField, type Layout } from '../domain/control.ts';
import { cellAt, isCriterionHeader, isHiddenRow, textAt, type FoundTable } from './find-tables.ts';
import type { GridCell, GridSheet } from '../domain/grid.ts';
import { isFlag, isPlaceholder, profileColumn } from './map-columns.ts';

export interface FieldText {
  text: string;
  letter: string;
  row: number;
  cell?: GridCell;
}

export interface RawControl {
  sheet: string;
  rows: number[]; // every contributing row, first is the control's row
  id: string | null; // the client's id, null when the matrix has none
  generatedKey: string; // suffix for a generated id: 'R12' or 'R12-3' for the 3rd control in a cell
  fields: Partial<Record<ControlField, FieldText>>; // a plain record: built for every row, and its keys are ours
  criteria: { text: string; letter: string; row: number }[]; // criteria texts as written, one per cell
  flagged: { header: string; letter: string; row: number }[]; // criterion headers of marked flag cells
  original: [string, string][];
  extra: [string, string][];
  hidden: boolean;
}

export interface LayoutChoice {
  layout: Layout;
  reason: string;
  controlsColumn: number | null; // criterion-first: the column listing the controls
  flagColumns: number[]; // flag-columns: criterion-headed columns of marks
}

function fieldColumns(mapping: ColumnMapping, field: ControlField): ColumnMapping['columns'] {
  return mapping.columns.filter((c) => c.field === field);
}

function lastHeaderPart(header: string): string {
  return header.split(' / ').at(-1) ?? header;
}

function flagColumns(sheet: GridSheet, table: FoundTable, mapping: ColumnMapping): number[] {
  return mapping.columns
    .filter((c) => c.field === 'criteria' && isCriterionHeader(lastHeaderPart(c.header)))
    .filter((c) => profileColumn(sheet, table, c.column).atLeast('flag', 0.5))
    .map((c) => c.column);
}

function normId(id: string): string {
  return id.trim().toLowerCase();
}

function rowText(sheet: GridSheet, row: number, column: number | undefined): string {
  return column === undefined ? '' : textAt(sheet, row, column);
}

// Rows of a long export repeat the control's own text and differ in criteria.
function sameControlRows(sheet: GridSheet, rows: number[], mapping: ColumnMapping): boolean {
  const textCols = [...fieldColumns(mapping, 'description'), ...fieldColumns(mapping, 'title')];
  for (const c of textCols) {
    const texts = new Set(rows.map((r) => textAt(sheet, r, c.column).toLowerCase()).filter((t) => t !== ''));
    if (texts.size > 1) return false;
  }
  return true;
}

export function idGroups(sheet: GridSheet, table: FoundTable, mapping: ColumnMapping): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  const idCol = fieldColumns(mapping, 'controlId')[0];
  if (!idCol) return groups;
  for (const r of table.dataRows) {
    const id = textAt(sheet, r, idCol.column);
    if (id === '' || isPlaceholder(id)) continue;
    const key = normId(id);
    const rows = groups.get(key);
    if (rows) rows.push(r);
    else groups.set(key, [r]);
  }
  return groups;
}

export function detectLayout(sheet: GridSheet, table: FoundTable, mapping: ColumnMapping): LayoutChoice {
  const flags = flagColumns(sheet, table, mapping);
  if (flags.length > 0) {
    const names = mapping.columns.filter((c) => flags.includes(c.column)).map((c) => lastHeaderPart(c.header));
    return {
      layout: 'flag-columns',
      reason: `${flags.length} columns are headed by a criterion (${names.slice(0, 4).join(', ')}${names.length > 4 ? ', …' : ''}) with marked cells`,
      controlsColumn: null,
      flagColumns: flags,
    };
  }
  const idCol = fieldColumns(mapping, 'controlId')[0];
  const critCol = fieldColumns(mapping, 'criteria')[0];
  if (idCol) {
    const repeated = [...idGroups(sheet, table, mapping).values()].filter((rows) => rows.length > 1);
    const longLike = repeated.filter((rows) => {
      const crit = new Set(rows.map((r) => rowText(sheet, r, critCol?.column)));
      return crit.size > 1 && sameControlRows(sheet, rows, mapping);
    });
    if (longLike.length > 0 && longLike.length * 2 >= repeated.length) {
      return {
        layout: 'long',
        reason: `${longLike.length} control ids repeat on several rows with different criteria`,
        controlsColumn: null,
        flagColumns: [],
      };
    }
    return { layout: 'wide', reason: 'one row per control', controlsColumn: null, flagColumns: [] };
  }
  if (critCol && table.dataRows.length > 0) {
    const single = table.dataRows.filter((r) => {
      const t = textAt(sheet, r, critCol.column);
      return looksLikeCriteria(t) && (t.match(/\b(?:CC|PI|A|C|P)\s?\d/gi)?.length ?? 0) === 1;
    }).length;
    if (single >= table.dataRows.length * 0.8) {
      // The controls cell: the description column if it holds lists, else any other free-text list column.
      const order = [
        ...fieldColumns(mapping, 'description'),
        ...fieldColumns(mapping, 'title'),
        ...mapping.columns.filter((c) => c.field === null),
      ];
      for (const c of order) {
        const p = profileColumn(sheet, table, c.column);
        if (p.atLeast('multiline', 0.3) && p.avgLength >= 20) {
          return {
            layout: 'criterion-first',
            reason: `one criterion per row; column ${c.letter} ('${c.header}') lists several controls per cell`,
            controlsColumn: c.column,
            flagColumns: [],
          };
        }
      }
    }
  }
  return { layout: 'wide', reason: 'one row per control', controlsColumn: null, flagColumns: [] };
}

// Most columns of a matrix repeat a handful of values (owner, frequency, status, system): rows holding the same text
// in a column share one [header, text] pair in their original/extra lists instead of each allocating its own, which
// is most of what an import keeps in memory. The lists are read-only output. A column whose values mostly differ
// (ids, descriptions) stops being pooled after a first sample, so pooling never costs more than it saves.
const POOL_SAMPLE = 256;
interface PairPool {
  pairs: (Map<string, [string, string]> | null)[]; // per mapping column; null once the column stopped pooling
  reused: number[];
}

function newPairPool(mapping: ColumnMapping): PairPool {
  return { pairs: mapping.columns.map(() => new Map()), reused: mapping.columns.map(() => 0) };
}

function pairFor(pool: PairPool, i: number, header: string, text: string): [string, string] {
  const pairs = pool.pairs[i];
  if (!pairs) return [header, text];
  const known = pairs.get(text);
  if (known) {
    pool.reused[i] = (pool.reused[i] ?? 0) + 1;
    return known;
  }
  const pair: [string, string] = [header, text];
  pairs.set(text, pair);
  if (pairs.size >= POOL_SAMPLE && pairs.size > (pool.reused[i] ?? 0)) pool.pairs[i] = null;
  return pair;
}

function newRaw(
  sheet: GridSheet,
  mapping: ColumnMapping,
  row: number,
  skip: number | null,
  flags: number[],
  pool: PairPool,
): RawControl {
  const raw: RawControl = {
    sheet: sheet.name,
    rows: [row],
    id: null,
    generatedKey: `R${row}`,
    fields: {},
    criteria: [],
    flagged: [],
    // Sized once: a control keeps one entry per column, and this runs for every row of the matrix.
    original: new Array<[string, string]>(mapping.columns.length),
    extra: [],
    hidden: isHiddenRow(sheet, row),
  };
  const columns = mapping.columns;
  for (let i = 0; i < columns.length; i++) {
    const col = columns[i];
    if (!col) continue;
    const text = textAt(sheet, row, col.column);
    const cell = pairFor(pool, i, col.header, text);
    raw.original[i] = cell;
    if (col.column === skip) continue;
    if (col.field === null) {
      // The same [header, text] pair as in original (see PairPool).
      if (text !== '') raw.extra.push(cell);
      continue;
    }
    if (col.field === 'criteria') {
      if (flags.includes(col.column)) {
        if (isFlag(text)) raw.flagged.push({ header: lastHeaderPart(col.header), letter: col.letter, row });
        else if (text !== '' && !isPlaceholder(text)) raw.extra.push(cell);
      } else if (text !== '') raw.criteria.push({ text, letter: col.letter, row });
      continue;
    }
    if (col.field === 'controlId') {
      if (text !== '' && !isPlaceholder(text)) raw.id = text.trim();
      continue;
    }
    raw.fields[col.field] = { text, letter: col.letter, row, cell: cellAt(sheet, row, col.column) };
  }
  return raw;
}

// What a merged control already holds, so folding in row after row stays linear (a control listed under every
// criterion of a criterion-first sheet absorbs dozens of rows). Rebuilt if the arrays changed outside absorb().
interface Held {
  sizes: string;
  rows: Set<number>;
  criteria: Set<string>;
  flagged: Set<string>;
  original: Map<string, string | Set<string>>; // header -> its text, or texts once it has several
  extra: Set<string>;
}
const held = new WeakMap<RawControl, Held>();

function sizesOf(raw: RawControl): string {
  return `${raw.rows.length},${raw.criteria.length},${raw.flagged.length},${raw.original.length},${raw.extra.length}`;
}

function heldBy(raw: RawControl): Held {
  const known = held.get(raw);
  if (known && known.sizes === sizesOf(raw)) return known;
  const h: Held = {
    sizes: '',
    rows: new Set(raw.rows),
    criteria: new Set(raw.criteria.map((c) => c.text)),
    flagged: new Set(raw.flagged.map((f) => f.header)),
    original: new Map(),
    extra: new Set(raw.extra.map(([, t]) => t)),
  };
  for (const [header, text] of raw.original) addOriginal(h, header, text);
  held.set(raw, h);
  return h;
}

function addOriginal(h: Held, header: string, text: string): void {
  const known = h.original.get(header);
  if (known === undefined) h.original.set(header, text);
  else if (typeof known === 'string') {
    if (known !== text) h.original.set(header, new Set([known, text]));
  } else known.add(text);
}

function hasOriginal(h: Held, header: string, text: string): boolean {
  const known = h.original.get(header);
  return known === undefined ? false : typeof known === 'string' ? known === text : known.has(text);
}

// Fold a later row of the same control into the first: criteria and flags gather, empty fields fill in, and
// cells that differ are kept in original/extra under 'header (row N)' so nothing is lost.
function absorb(into: RawControl, other: RawControl): void {
  const h = heldBy(into);
  const newRows = other.rows.filter((r) => !h.rows.has(r));
  into.rows.push(...newRows);
  for (const r of newRows) h.rows.add(r);
  for (const c of other.criteria) {
    if (h.criteria.has(c.text)) continue;
    into.criteria.push(c);
    h.criteria.add(c.text);
  }
  for (const f of other.flagged) {
    if (h.flagged.has(f.header)) continue;
    into.flagged.push(f);
    h.flagged.add(f.header);
  }
  for (const field of CONTROL_FIELDS) {
    const v = other.fields[field];
    if (v === undefined) continue;
    const mine = into.fields[field];
    if (!mine || mine.text === '') into.fields[field] = v;
  }
  const row = other.rows[0] ?? 0;
  for (let i = 0; i < other.original.length; i++) {
    const [header, t] = other.original[i] ?? ['', ''];
    const first = into.original[i]?.[1];
    if (t === '' || t === first) continue;
    const labelled = `${header} (row ${row})`;
    if (hasOriginal(h, labelled, t)) continue;
    into.original.push([labelled, t]);
    addOriginal(h, labelled, t);
  }
  for (const [header, t] of other.extra) {
    if (h.extra.has(t)) continue;
    into.extra.push([`${header} (row ${row})`, t]);
    h.extra.add(t);
  }
  into.hidden = into.hidden && other.hidden;
  h.sizes = sizesOf(into);
}

const BULLET = /^\s*(?:[-*\u2022\u25e6\u25aa\u2023\u2013\u2014\u00b7]|\(?\d{1,2}[.)]|\(?[a-z][.)]|\(?[ivx]{1,4}\))\s+/i;
const BRACKET_ID = /^\[([A-Za-z0-9][A-Za-z0-9 ._-]{0,18})\]\s*[:\u2013\u2014-]?\s*(.+)$/s;
const PREFIX_ID =
  /^([A-Za-z]{1,8}(?:[-_.][A-Za-z]{1,8})?[-_.]?\d{1,4}(?:\.\d{1,3})?[a-z]?)\s*(?::|\s[-\u2013\u2014]\s|\))\s*(.+)$/s;

export interface SplitItem {
  id: string | null;
  text: string;
}

function takeId(line: string): SplitItem {
  const m = BRACKET_ID.exec(line) ?? PREFIX_ID.exec(line);
  if (m && m[1] && m[2] && !looksLikeCriteria(m[1])) return { id: m[1].trim(), text: m[2].trim() };
  return { id: null, text: line.trim() };
}

// Split a cell that lists several controls. With bullets, numbering or id prefixes present, unmarked lines continue
// the item above; without any marker every line is its own control.
export function splitControlsCell(text: string): SplitItem[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const starts = (l: string): boolean => BULLET.test(l) || takeId(l.trim()).id !== null;
  const marked = lines.some(starts);
  const items: string[] = [];
  for (const line of lines) {
    const stripped = line.replace(BULLET, '').trim();
    if (!marked || starts(line) || items.length === 0) items.push(stripped);
    else items[items.length - 1] = `${items[items.length - 1] ?? ''} ${stripped}`;
  }
  return items.map(takeId).filter((i) => i.text !== '' || i.id !== null);
}

// Wide and flag-column rows are yielded one at a time, so each row's working record is garbage before the next
// is read; long and criterion-first layouts merge rows across the sheet and are gathered first.
export function* buildRaws(
  sheet: GridSheet,
  table: FoundTable,
  mapping: ColumnMapping,
  choice: LayoutChoice,
): Generator<RawControl> {
  if (choice.layout === 'criterion-first' && choice.controlsColumn !== null) {
    yield* criterionFirst(sheet, table, mapping, choice.controlsColumn);
    return;
  }
  const pool = newPairPool(mapping);
  if (choice.layout !== 'long') {
    for (const r of table.dataRows) yield newRaw(sheet, mapping, r, null, choice.flagColumns, pool);
    return;
  }
  const out: RawControl[] = [];
  const byId = new Map<string, RawControl>();
  for (const r of table.dataRows) {
    const raw = newRaw(sheet, mapping, r, null, choice.flagColumns, pool);
    const key = raw.id === null ? null : normId(raw.id);
    const first = key === null ? undefined : byId.get(key);
    if (first && sameControlRows(sheet, [first.rows[0] ?? 0, raw.rows[0] ?? 0], mapping)) {
      absorb(first, raw);
      continue;
    }
    if (key !== null && !first) byId.set(key, raw);
    out.push(raw);
  }
  yield* out;
}

function criterionFirst(
  sheet: GridSheet,
  table: FoundTable,
  mapping: ColumnMapping,
  controlsColumn: number,
): RawControl[] {
  const out: RawControl[] = [];
  const byKey = new Map<string, RawControl>();
  const pool = newPairPool(mapping);
  const controlsLetter = mapping.columns.find((c) => c.column === controlsColumn)?.letter ?? '';
  for (const r of table.dataRows) {
    const items = splitControlsCell(textAt(sheet, r, controlsColumn));
    items.forEach((item, k) => {
      const raw = newRaw(sheet, mapping, r, controlsColumn, [], pool);
      // The other text columns describe the criterion, not this control: keep them as extra attributes.
      for (const f of ['description', 'title'] as const) {
        const v = raw.fields[f];
        if (v) {
          const header = mapping.columns.find((c) => c.letter === v.letter)?.header ?? f;
          if (v.text !== '') raw.extra.push([header, v.text]);
          delete raw.fields[f];
        }
      }
      raw.fields.description = { text: item.text, letter: controlsLetter, row: r };
      raw.id = item.id;
      raw.generatedKey = items.length > 1 ? `R${r}-${k + 1}` : `R${r}`;
      const key = item.id !== null ? `id:${normId(item.id)}` : `text:${item.text.toLowerCase().replace(/\s+/g, ' ')}`;
      const first = byKey.get(key);
      if (first) {
        absorb(first, raw);
        return;
      }
      byKey.set(key, raw);
      out.push(raw);
    });
  }
  return out;
}
