// Find the control table in a sheet: the header row is the row whose short text cells best match known header
// names (so a title block above it is skipped), group rows of a 2-3 row merged header are folded into the column
// names ("Testing / Frequency"), and the table ends at two blank rows in a row (one blank row is tolerated). A row
// repeating the header (tables pasted one under another, a header printed on every page) is not data, and a table that
// starts again below the blank rows under the same header (with at most a title row or two between) continues.
// Columns after an entirely empty column are read with the table and reported (`beside`): a legend beside the table
// looks the same as columns after a blank spacer column, so neither is split off.
import { columnLetter, type GridCell, type GridSheet, type Merge } from '../domain/grid.ts';
import { looksLikeCriteria } from '../domain/criteria.ts';
import { headerBesideFramework, isOtherFramework, matchHeader, normaliseHeader } from './header-synonyms.ts';

export interface TableColumn {
  column: number; // 1-based
  letter: string;
  header: string; // display name: group parts and sub-header joined with ' / ', or 'Column X' when blank
  subHeader: string; // the text in the real header row only
  groups: string[]; // group texts above, outermost first
}

export interface FoundTable {
  sheet: string;
  headerRow: number;
  headerRows: number;
  firstDataRow: number;
  lastDataRow: number; // < firstDataRow when the table has no data
  columns: TableColumn[];
  dataRows: number[]; // non-blank rows in [firstDataRow, lastDataRow]
  blankRows: number[]; // blank rows tolerated inside the table
  repeatedHeaderRows: number[]; // rows that repeat the header (or a group row above it): skipped
  after: { first: number; last: number; count: number } | null; // non-blank rows below the table's end
  // columns after an empty column (no header, no value on any row of the table): read with the table, and reported,
  // since they may be a separate table beside it (a legend, a lookup list)
  beside: { gap: number; first: number; last: number; headers: string[]; rows: number[] } | null;
  headerMatches: number;
}

const SCAN_ROWS = 40;
// Below the end of a table, how far to look for the same header starting the table again.
const STACK_GAP_ROWS = 10;
const STACK_TITLE_ROWS = 2;
const CRITERION_HEADER = /^(?:CC|PI|A|C|P)\s?[1-9]\d?(?:\.\d{1,2})?$/i;

// Merges by the rows they cover, so an empty cell is resolved without scanning every merge of the sheet. Grids are
// read-only data; the index is rebuilt if the sheet's merges or row count change. Rows past the grid's last row are
// not indexed (one merge can claim a million rows): they fall back to the scan.
interface MergeIndex {
  merges: Merge[];
  count: number;
  rows: number;
  byRow: Merge[][];
}
const mergeIndexes = new WeakMap<GridSheet, MergeIndex>();

function mergesAt(sheet: GridSheet, row: number): readonly Merge[] {
  const { merges, rows } = sheet;
  if (merges.length <= 4 || row < 1 || row > rows.length) return merges;
  let index = mergeIndexes.get(sheet);
  if (!index || index.merges !== merges || index.count !== merges.length || index.rows !== rows.length) {
    const byRow: Merge[][] = [];
    for (const m of merges) {
      for (let r = Math.max(1, m.top); r <= Math.min(m.bottom, rows.length); r++) (byRow[r] ??= []).push(m);
    }
    index = { merges, count: merges.length, rows: rows.length, byRow };
    mergeIndexes.set(sheet, index);
  }
  return index.byRow[row] ?? [];
}

export function textAt(sheet: GridSheet, row: number, col: number): string {
  const cell = sheet.rows[row - 1]?.[col - 1];
  const text = cell?.text.trim() ?? '';
  if (text !== '' || sheet.merges.length === 0) return text;
  for (const m of mergesAt(sheet, row)) {
    if (row >= m.top && row <= m.bottom && col >= m.left && col <= m.right) {
      return sheet.rows[m.top - 1]?.[m.left - 1]?.text.trim() ?? '';
    }
  }
  return '';
}

const hiddenSets = new WeakMap<number[], { count: number; rows: Set<number> }>();

export function isHiddenRow(sheet: GridSheet, row: number): boolean {
  const hidden = sheet.hiddenRows;
  if (hidden.length <= 8) return hidden.includes(row);
  let set = hiddenSets.get(hidden);
  if (!set || set.count !== hidden.length) {
    set = { count: hidden.length, rows: new Set(hidden) };
    hiddenSets.set(hidden, set);
  }
  return set.rows.has(row);
}

export function cellAt(sheet: GridSheet, row: number, col: number): GridCell | undefined {
  return sheet.rows[row - 1]?.[col - 1];
}

// A cell holding more than white space (merges aside: textAt resolves those).
const hasText = (cell: GridCell | undefined): boolean => cell !== undefined && cell.text.trim() !== '';

function rowWidth(sheet: GridSheet, row: number): number {
  const cells = sheet.rows[row - 1] ?? [];
  for (let c = cells.length; c >= 1; c--) if (hasText(cells[c - 1])) return c;
  return 0;
}

function isBlank(sheet: GridSheet, row: number, width: number): boolean {
  for (let c = 1; c <= width; c++) if (textAt(sheet, row, c) !== '') return false;
  return true;
}

export function isCriterionHeader(text: string): boolean {
  return CRITERION_HEADER.test(text.trim());
}

interface RowScore {
  matches: number;
  flags: number;
  cells: number;
}

function scoreRow(sheet: GridSheet, row: number): RowScore {
  const width = rowWidth(sheet, row);
  const seen = new Set<string>();
  let matches = 0;
  let flags = 0;
  let cells = 0;
  let dataLike = 0;
  for (let c = 1; c <= width; c++) {
    const cell = cellAt(sheet, row, c);
    const text = cell?.text.trim() ?? '';
    if (text === '' || cell?.value.kind === 'number' || cell?.value.kind === 'date') continue;
    const key = normaliseHeader(text);
    // A merged title copied across the row counts once.
    if (seen.has(key)) continue;
    seen.add(key);
    cells++;
    // Headers are short: a sentence that happens to contain 'control' is data, and a header that merely contains
    // a synonym counts half as much as one that is a synonym.
    if (text.length > 60 || text.split(/\s+/).length > 5) continue;
    if (isCriterionHeader(text)) {
      flags++;
      continue;
    }
    // A header naming another framework counts for the field it names beside it ('SCF #' is an id header).
    const beside = isOtherFramework(text);
    const m = beside ? matchHeader(text, true)[0] : matchHeader(text)[0];
    const wordCount = (beside ? headerBesideFramework(text) : text).split(/\s+/).length;
    if (m && (m.exact || wordCount <= 3)) matches += m.exact ? 1 : 0.5;
    else if (looksLikeCriteria(text)) dataLike++;
  }
  // One criterion id in a row ('CC6.1' in column A) marks a data row; a header of criteria has many.
  if (flags === 1) dataLike++;
  return { matches: Math.max(0, matches - dataLike), flags: flags >= 2 ? flags : 0, cells };
}

function headerValue(s: RowScore): number {
  const flagPart = s.flags >= 2 ? 1 + Math.min(s.flags, 10) / 10 : 0;
  if (s.matches >= 1.5 || (s.matches >= 1 && s.flags >= 2)) return s.matches + flagPart;
  return 0;
}

// A group row sits directly above the header and labels spans of columns. A title ('Acme SOC 2 Matrix FY24')
// labels the whole width with one text, or is one long cell: it is not part of the header.
function isGroupRow(sheet: GridSheet, row: number, width: number): boolean {
  const texts: string[] = [];
  for (let c = 1; c <= width; c++) texts.push(textAt(sheet, row, c));
  const filled = texts.filter((t) => t !== '');
  if (filled.length === 0) return false;
  const distinct = new Set(filled);
  if (distinct.size === 1 && (filled.length >= width * 0.8 || filled.length === 1)) return false;
  if ([...distinct].some((t) => t.length > 40)) return false;
  const hasMerge = sheet.merges.some((m) => m.top <= row && m.bottom >= row && m.right > m.left);
  const copied = (sheet.rows[row - 1] ?? []).some((c) => c?.merged === true);
  // Without a merge, only a row of short labels counts ('Prepared by: Dana' above a header is a title block).
  return hasMerge || copied || (distinct.size >= 2 && filled.every((t) => !t.includes(':') && t.length <= 25));
}

function underHorizontalMerge(sheet: GridSheet, row: number, col: number): boolean {
  return sheet.merges.some((m) => m.top <= row && m.bottom === row && m.left < m.right && m.left <= col && col <= m.right);
}

// A row directly below the header that belongs to it:
// - sub-labels under merged header cells ('통제 속성' over '통제주기 | 자동/수동 | 예방/적발'): every text of the row
//   sits under a header cell merged across columns, and the other cells are empty or copies of a label merged down;
// - or a row of short texts that reads as a header itself (it repeats header words), directly below.
function isSubHeaderRow(sheet: GridSheet, row: number, headerRow: number, width: number): boolean {
  const cells = sheet.rows[row - 1] ?? [];
  let own = 0;
  let underMerge = true;
  for (let c = 1; c <= Math.max(width, cells.length); c++) {
    const cell = cells[c - 1];
    const text = cell?.text.trim() ?? '';
    if (text === '') continue;
    if (text.length > 40 || cell?.value.kind === 'number' || cell?.value.kind === 'date') return false;
    if (cell?.merged === true && textAt(sheet, headerRow, c) === text) continue; // a header label merged down
    if (isCriterionHeader(text) || looksLikeCriteria(text) || /^[A-Za-z]{1,6}[-_.]?\d/.test(text)) return false;
    own++;
    if (!underHorizontalMerge(sheet, headerRow, c)) underMerge = false;
  }
  if (own === 0) return false;
  if (underMerge) return true;
  return row === headerRow + 1 && headerValue(scoreRow(sheet, row)) > 0;
}

// Whether a row repeats the header row or one of its group rows: at least 80 % (and two) of that row's filled cells,
// compared as header names are. Runs for every data row, so a row is given up on as soon as too many cells differ, and
// a cell far longer than the header text (a description) differs without being normalised.
function headerRepeat(sheet: GridSheet, headerRows: number[], width: number): (row: number) => boolean {
  const patterns = headerRows.map((h) => {
    const cells: { col: number; text: string }[] = [];
    for (let c = 1; c <= width; c++) {
      const text = normaliseHeader(textAt(sheet, h, c));
      if (text !== '') cells.push({ col: c, text });
    }
    const needed = Math.max(2, Math.ceil(cells.length * 0.8));
    return { cells, allowedMisses: cells.length - needed };
  });
  return (row) =>
    patterns.some(({ cells, allowedMisses }) => {
      if (allowedMisses < 0) return false;
      let misses = 0;
      for (const { col, text } of cells) {
        const x = textAt(sheet, row, col);
        const same = x !== '' && x.length <= text.length * 4 + 16 && mayNormaliseTo(x, text) && normaliseHeader(x) === text;
        if (!same && ++misses > allowedMisses) return false;
      }
      return true;
    });
}

// A cheap necessary condition for normaliseHeader(x) === text: a text starting with a letter or digit keeps it,
// lower-cased, as its first character.
function mayNormaliseTo(x: string, text: string): boolean {
  const c = x.charCodeAt(0);
  const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return !alnum || (c >= 65 && c <= 90 ? c + 32 : c) === text.charCodeAt(0);
}

// The same table starting again below its end (`end` is the second blank row): a few more blank rows, at most
// STACK_TITLE_ROWS title rows (an area's name: read as data, where a section heading is recognised), then the header
// repeated. Null when the rows below are something else.
function restartBelow(
  sheet: GridSheet,
  end: number,
  width: number,
  repeats: (row: number) => boolean,
): { blank: number[]; titles: number[]; headers: number[] } | null {
  const blank: number[] = [];
  const titles: number[] = [];
  const headers: number[] = [];
  for (let k = end + 1; k <= sheet.rows.length; k++) {
    if (isBlank(sheet, k, Math.max(width, rowWidth(sheet, k)))) {
      if (headers.length > 0) break;
      if (blank.length >= STACK_GAP_ROWS) return null;
      blank.push(k);
    } else if (repeats(k)) headers.push(k);
    else if (headers.length > 0) break;
    else if (titles.length >= STACK_TITLE_ROWS) return null;
    else titles.push(k);
  }
  return headers.length > 0 ? { blank, titles, headers } : null;
}

export function findTable(sheet: GridSheet, forcedHeaderRow?: number): FoundTable | null {
  let headerRow = 0;
  let best: RowScore | null = null;
  if (forcedHeaderRow !== undefined) {
    headerRow = forcedHeaderRow;
    best = scoreRow(sheet, forcedHeaderRow);
  } else {
    // Headers come before their data: the earliest row scoring at least 70% of the best row wins, so a data row
    // whose cells happen to contain header words ('Technology', 'Monitoring activities') cannot outrank it.
    const last = Math.min(sheet.rows.length, SCAN_ROWS);
    const scored: { row: number; s: RowScore; v: number }[] = [];
    for (let r = 1; r <= last; r++) {
      const s = scoreRow(sheet, r);
      scored.push({ row: r, s, v: headerValue(s) });
    }
    const top = Math.max(0, ...scored.map((x) => x.v));
    const pick = scored.find((x) => x.v > 0 && x.v >= top * 0.7);
    if (pick) {
      best = pick.s;
      headerRow = pick.row;
    }
  }
  if (!best || headerRow === 0) return null;

  let width = rowWidth(sheet, headerRow);
  const groupRows: number[] = [];
  for (let r = headerRow - 1; r >= 1 && groupRows.length < 2; r--) {
    if (!isGroupRow(sheet, r, width)) break;
    groupRows.unshift(r);
  }
  // Sub-labels below the header (the third row of a merged header, or a row repeating header words directly below
  // it) are part of the header: the header row becomes a group row above them.
  if (forcedHeaderRow === undefined) {
    for (let r = headerRow + 1; r <= headerRow + 2 && groupRows.length < 2; r++) {
      if (!isSubHeaderRow(sheet, r, headerRow, width)) break;
      groupRows.push(headerRow);
      headerRow = r;
      width = Math.max(width, rowWidth(sheet, r));
    }
  }

  // Data extent: stop at two consecutive blank rows, unless the same header starts the table again below them.
  const repeats = headerRepeat(sheet, [headerRow, ...groupRows], width);
  const dataRows: number[] = [];
  const blankRows: number[] = [];
  const repeatedHeaderRows: number[] = [];
  let pendingBlank: number[] = [];
  let r = headerRow + 1;
  for (; r <= sheet.rows.length; r++) {
    const w = Math.max(width, rowWidth(sheet, r));
    if (isBlank(sheet, r, w)) {
      pendingBlank.push(r);
      if (pendingBlank.length < 2) continue;
      const again = restartBelow(sheet, r, width, repeats);
      if (!again) break;
      blankRows.push(...pendingBlank, ...again.blank);
      dataRows.push(...again.titles);
      repeatedHeaderRows.push(...again.headers);
      pendingBlank = [];
      r = again.headers.at(-1)!;
      continue;
    }
    blankRows.push(...pendingBlank);
    pendingBlank = [];
    if (repeats(r)) repeatedHeaderRows.push(r);
    else dataRows.push(r);
  }
  let after: { first: number; last: number; count: number } | null = null;
  for (let k = r + 1; k <= sheet.rows.length; k++) {
    if (rowWidth(sheet, k) === 0) continue;
    if (after) {
      after.last = k;
      after.count++;
    } else after = { first: k, last: k, count: 1 };
  }
  for (const d of dataRows) width = Math.max(width, rowWidth(sheet, d));

  const columns: TableColumn[] = [];
  for (let c = 1; c <= width; c++) {
    // A blank cell of the last header row under a label of the row above (not a sub-label) takes that label.
    let subHeader = textAt(sheet, headerRow, c);
    const groups: string[] = [];
    for (const g of groupRows) {
      const t = textAt(sheet, g, c);
      if (t !== '' && t !== subHeader && !groups.includes(t)) groups.push(t);
    }
    if (subHeader === '' && groups.length > 0 && !underHorizontalMerge(sheet, groupRows.at(-1) ?? 0, c)) subHeader = groups.pop() ?? '';
    const parts = [...groups, subHeader].filter((p) => p !== '');
    const header = parts.length > 0 ? parts.join(' / ') : `Column ${columnLetter(c)}`;
    columns.push({ column: c, letter: columnLetter(c), header, subHeader, groups });
  }

  const firstDataRow = headerRow + 1;
  const beside = columnsBeside(sheet, [...groupRows, headerRow], headerRow, dataRows, width);
  return {
    sheet: sheet.name,
    headerRow,
    headerRows: groupRows.length + 1,
    firstDataRow,
    lastDataRow: dataRows.at(-1) ?? headerRow,
    columns,
    dataRows,
    blankRows,
    repeatedHeaderRows,
    after,
    beside,
    headerMatches: best.matches + best.flags,
  };
}

// The first empty column with headed columns after it: its header cells and every data row's cell are empty (merges
// resolved). The rows are the data rows with a value after it. Linear in the table's cells: a header without an empty
// cell (the usual case) costs one look at the header, and a stray cell far to the right cannot make it scan every
// column of every row.
function columnsBeside(sheet: GridSheet, headerRows: number[], headerRow: number, dataRows: number[], width: number): FoundTable['beside'] {
  const candidates: number[] = [];
  for (let c = 2; c < width; c++) if (headerRows.every((r) => textAt(sheet, r, c) === '')) candidates.push(c);
  if (candidates.length === 0) return null;
  // the columns holding a value on some data row, and the last such column of each row
  const used = new Uint8Array(width + 2);
  const lastUsed = new Map<number, number>();
  const inTable = new Set(dataRows);
  for (const r of dataRows) {
    const cells = sheet.rows[r - 1] ?? [];
    let last = 0;
    for (let c = 1; c <= Math.min(cells.length, width); c++)
      if (hasText(cells[c - 1])) {
        used[c] = 1;
        last = c;
      }
    lastUsed.set(r, last);
  }
  // a merged cell's value is in every cell it covers (rows past the grid's end hold no data row)
  for (const m of sheet.merges) {
    if (!hasText(sheet.rows[m.top - 1]?.[m.left - 1])) continue;
    const right = Math.min(m.right, width);
    let marked = false;
    for (let r = Math.max(m.top, headerRow + 1); r <= Math.min(m.bottom, sheet.rows.length); r++) {
      if (!inTable.has(r)) continue;
      if (!marked) for (let c = m.left; c <= right; c++) used[c] = 1;
      marked = true;
      lastUsed.set(r, Math.max(lastUsed.get(r) ?? 0, right));
    }
  }
  for (const gap of candidates) {
    if (used[gap]) continue;
    const headers: string[] = [];
    for (let c = gap + 1; c <= width; c++) {
      const t = textAt(sheet, headerRow, c);
      if (t !== '') headers.push(t);
    }
    if (headers.length === 0) continue;
    const rows = dataRows.filter((r) => (lastUsed.get(r) ?? 0) > gap);
    return { gap, first: gap + 1, last: width, headers, rows };
  }
  return null;
}
