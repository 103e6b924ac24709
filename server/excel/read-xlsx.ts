// An .xlsx into a Grid: pre-flight the zip (zip-preflight.ts), then read each worksheet's cells, row by row, from the
// checked parts (part-reader.ts) into a GridSheet.
//
// Only cell data is read (validations, conditional formats, defined names and the rest are never parsed, so nothing
// can expand them), one row at a time. The cells are read by the rules of exceljs's streaming reader, which this
// project read them with before, except where those rules read a cell wrong (part-reader.ts); what they leave out
// (merges, hidden rows, hyperlinks) comes from the pre-flight's scan of the same xml (sheet-scan.ts).
import { columnLetter, summariseRows, type GridCell, type GridSheet, type IntakeIssue, type Merge } from '../domain/grid.ts';
import { fromSerial, isDateFormat, normaliseCell, plainTextCell, type CellNote } from './cell.ts';
import { MAX_MERGED_CELL_COPIES, type ReadLimits } from './limits.ts';
import { readCellStyles, readSharedStrings, readSheetRows, type SheetContext } from './part-reader.ts';
import { errorText, fail, quoteName, type ReadResult } from './read-result.ts';
import type { XmlPart } from './xml-part.ts';
import { preflightZip, type SheetInfo } from './zip-preflight.ts';

class LimitExceeded extends Error {
  constructor(
    readonly code: 'too-many-rows' | 'too-many-columns',
    message: string,
  ) {
    super(message);
  }
}

export async function readXlsx(bytes: Uint8Array, fileName: string, limits: ReadLimits): Promise<ReadResult> {
  const file = quoteName(fileName);
  const pre = await preflightZip(bytes, fileName, limits);
  if (!pre.ok) return pre;
  const { sheets: infos, issues, date1904 } = pre.value;

  for (const info of infos) {
    if (info.scan && info.scan.rowElements > limits.maxRows) {
      return fail('too-many-rows', `${file}, sheet "${info.name}": ${info.scan.rowElements.toLocaleString('en-US')} rows, above the limit of ${limits.maxRows.toLocaleString('en-US')}; delete unused rows (including empty formatted ones) or split the sheet, then re-upload it.`);
    }
  }

  const built = new Map<SheetInfo, { sheet: GridSheet; notes: IntakeIssue[] }>();
  let copiesLeft = MAX_MERGED_CELL_COPIES;
  const at: ReadingAt = { part: null, sheet: null, row: 0, done: false }; // where the reader is, for the message if it fails
  try {
    const { styles, sharedStrings } = pre.value;
    pre.value.styles = pre.value.sharedStrings = null;
    at.part = styles && `its cell formats (${styles.name}) have`;
    const cellStyles = await readCellStyles(styles);
    at.part = sharedStrings && `its table of cell texts (${sharedStrings.name}) has`;
    const ctx: SheetContext = { styles: cellStyles, strings: await readSharedStrings(sharedStrings), date1904 };
    for (const info of infos) {
      const part = info.data;
      if (!part) continue;
      info.data = null; // each part is let go of once it is read
      const notes: IntakeIssue[] = [];
      Object.assign(at, { sheet: info.name, row: 0, done: false });
      const b = await buildSheet(part, info, ctx, { file, limits, issues: notes, copiesLeft, at });
      at.done = true;
      copiesLeft = b.copiesLeft;
      built.set(info, { sheet: b.sheet, notes });
    }
  } catch (e) {
    if (e instanceof LimitExceeded) return fail(e.code, e.message);
    if (e instanceof RangeError) throw e; // out of memory or an array too long: readSpreadsheet says which
    return fail('unreadable', unreadableAt(file, at, errorText(e)));
  }

  // In workbook order, as Excel shows the tabs; each sheet's own issues with it, the sheets not read after them all.
  const sheets: GridSheet[] = [];
  for (const info of infos) {
    if (info.state === 'veryHidden') {
      issues.push(issue('sheet-very-hidden-skipped', 'info', info.name, null, null, `${file}: the sheet "${info.name}" is "very hidden" (only visible to macros) and was not imported.`));
      continue;
    }
    const read = built.get(info);
    if (!read) continue;
    const { sheet } = read;
    sheets.push(sheet);
    issues.push(...read.notes);
    if (sheet.state === 'hidden') {
      issues.push(issue('sheet-hidden', 'info', info.name, null, null, `${file}: the sheet "${info.name}" is hidden in Excel; it was imported.`));
    }
    if (sheet.hiddenRows.length > 0) {
      issues.push(issue('rows-hidden', 'info', info.name, null, null, `${file}, sheet "${info.name}": ${sheet.hiddenRows.length === 1 ? `row ${summariseRows(sheet.hiddenRows)} is hidden; it was` : `rows ${summariseRows(sheet.hiddenRows)} are hidden; they were`} imported, and controls read from them are marked hidden.`));
    }
  }

  for (const info of infos) {
    if (info.state === 'veryHidden' || built.has(info)) continue;
    const chart = info.part?.includes('chartsheets/') ?? false;
    issues.push(
      chart
        ? issue('sheet-not-read', 'info', info.name, null, null, `${file}: "${info.name}" is a chart sheet; it holds no cells and was skipped.`)
        : issue('sheet-not-read', 'warning', info.name, null, null, `${file}: the sheet "${info.name}" could not be read (its part ${info.part ?? 'is missing'}); open the file in Excel, save it again as .xlsx and re-upload it if that sheet matters.`),
    );
  }

  return { ok: true, value: { file: fileName, format: 'xlsx', sheets, issues } };
}

interface ReadingAt {
  part: string | null; // before the first sheet: the part being read, in words ("its cell formats (xl/styles.xml) have")
  sheet: string | null; // the sheet being read, or the last one read; null before the first
  row: number; // the last row read from it
  done: boolean; // that sheet was read to its end
}

// Where the reader stopped and why, in words. An xml parser's "12:345: unexpected close tag." while a sheet is read
// is that sheet's own xml (each part has its own parser), so the sheet is named as the broken part; before the first
// sheet it is the part being read, the styles or the shared strings (the reader reads no other). Any other error
// is told as where the reader stopped, not as its cause.
function unreadableAt(file: string, at: ReadingAt, msg: string): string {
  const again = 'open the file in Excel, save it again as .xlsx and re-upload it.';
  const row = at.row > 0 ? `, after row ${at.row}` : '';
  const xml = /^(\d+):(\d+): (.+?)\.?$/.exec(msg);
  const broken = xml ? `broken xml at line ${xml[1]}, column ${xml[2]} (${xml[3]})` : '';
  if (xml && at.sheet !== null && !at.done) return `${file}, sheet "${at.sheet}"${row}: the sheet is damaged (${broken}); ${again}`;
  if (xml && at.sheet === null && at.part !== null) return `${file} is damaged: ${at.part} ${broken}; ${again}`;
  const where = at.sheet === null ? 'before its first sheet' : at.done ? `after sheet "${at.sheet}"` : `stopped in sheet "${at.sheet}"${row}`;
  // A fault inside the reader (a property of undefined) is about the file's layout, not something the user wrote.
  const why = /^(?:Cannot read properties|Cannot set properties|.+ is not (?:a function|iterable|defined))/.test(msg)
    ? `its parts are not laid out as Excel writes them; reader error: ${msg}`
    : msg;
  return `${file} could not be read as an Excel workbook (${where}: ${why}); ${again}`;
}

interface BuildContext {
  at: ReadingAt;
  file: string;
  limits: ReadLimits;
  issues: IntakeIssue[];
  copiesLeft: number;
}

async function buildSheet(part: XmlPart, info: SheetInfo, read: SheetContext, ctx: BuildContext): Promise<{ sheet: GridSheet; copiesLeft: number }> {
  const { file, limits, issues } = ctx;
  const name = info.name;
  const rows: (GridCell | undefined)[][] = [];
  // A note is one fact per sheet: the cells it holds for are gathered and told together when the sheet is done.
  const cellNotes = new Map<string, { n: CellNote; cells: { row: number; col: number }[] }>();
  const note = (n: CellNote, row: number, col: number) => {
    const key = `${n.code}\u0000${n.message}`;
    const known = cellNotes.get(key);
    if (known) known.cells.push({ row, col });
    else cellNotes.set(key, { n, cells: [{ row, col }] });
  };
  const links = info.hyperlinks;

  const { date1904 } = read;
  const wide = {
    maxCols: limits.maxCols,
    found: (c: number) => {
      throw new LimitExceeded('too-many-columns', `${file}, sheet "${name}" has data in column ${columnLetter(c)}, beyond the limit of ${limits.maxCols.toLocaleString('en-US')} columns; delete unused columns, then re-upload it.`);
    },
  };
  await readSheetRows(part, read, (r, row) => {
    if (!Number.isInteger(r) || r < 1) throw new Error(`the sheet "${name}" has a row without a valid row number`);
    if (r > limits.maxRows) {
      throw new LimitExceeded('too-many-rows', `${file}, sheet "${name}" has data on row ${r.toLocaleString('en-US')}, beyond the limit of ${limits.maxRows.toLocaleString('en-US')} rows; delete unused rows or split the sheet, then re-upload it.`);
    }
    ctx.at.row = r;
    const cells: (GridCell | undefined)[] = [];
    for (const cell of row) {
      if (cell.value === undefined || cell.value === null) continue; // (a cell without a value)
      const c = cell.col; // (past maxCols only without a value: `wide` stops the read at a cell with one)
      let raw: unknown = cell.value;
      const link = links.size > 0 ? links.get(`${columnLetter(c)}${r}`) : undefined;
      if (!link) {
        const text = plainTextCell(raw);
        if (text) {
          cells[c - 1] = text;
          continue;
        }
      }
      const numFmt = cell.numFmt;
      if (isFormula(raw) && typeof raw.result === 'number' && isDateFormat(numFmt)) {
        // A date-formatted formula result is a date (as Excel shows it), not its serial number.
        raw = { ...raw, result: fromSerial(raw.result, date1904) };
      }
      if (link !== undefined) raw = { text: isFormula(raw) ? raw.result : raw, hyperlink: link };
      const { cell: gc, notes } = normaliseCell(raw, { numFmt, date1904 });
      for (const n of notes) note(n, r, c);
      cells[c - 1] = gc;
    }
    rows[r - 1] = cells;
  }, wide);
  for (const { n, cells } of cellNotes.values()) issues.push(cellsIssue(file, name, n, cells));
  // Hidden rows that hold something (a sheet often hides thousands of empty formatted rows).
  const hidden = (info.scan?.hiddenRows ?? []).filter((r) => (rows[r - 1]?.length ?? 0) > 0);

  trim(rows);
  const merges: Merge[] = (info.scan?.merges ?? []).map((a) => ({ top: a.top, left: a.left, bottom: a.bottom, right: a.right }));
  if (info.scan?.mergesDropped) {
    issues.push(issue('merges-capped', 'warning', name, null, null, `${file}, sheet "${name}": ${info.scan.mergesDropped} merged ranges beyond the first ${merges.length} were ignored; unmerge cells in Excel if their values matter.`));
  }
  const copiesLeft = fillMerges(rows, merges, ctx.copiesLeft, () =>
    issues.push(issue('merges-capped', 'warning', name, null, null, `${file}, sheet "${name}": merged ranges cover too many cells; some merged cells were left empty. Unmerge large ranges in Excel and re-upload the file.`)),
  );
  densify(rows);

  const state = info.state === 'hidden' ? 'hidden' : 'visible';
  const hiddenRows = hidden.filter((r) => r <= rows.length);
  return { sheet: { name, state, rows, hiddenRows, merges }, copiesLeft };
}

function isFormula(v: unknown): v is { formula?: string; result?: unknown } {
  return typeof v === 'object' && v !== null && ('formula' in v || 'sharedFormula' in v);
}

// Copy each merge's top-left cell into the rest of its range, within the data extent only: a merge over a
// million empty cells must not create a million copies.
function fillMerges(rows: (GridCell | undefined)[][], merges: Merge[], budget: number, onCap: () => void): number {
  let left = budget;
  const height = rows.length;
  const width = rows.reduce((w, r) => Math.max(w, r.length), 0);
  for (const m of merges) {
    const source = rows[m.top - 1]?.[m.left - 1];
    if (!source) continue;
    const copy: GridCell = { ...source, merged: true };
    for (let r = m.top; r <= Math.min(m.bottom, height); r++) {
      const line = rows[r - 1] ?? (rows[r - 1] = []);
      for (let c = m.left; c <= Math.min(m.right, width); c++) {
        if (r === m.top && c === m.left) continue;
        if (left <= 0) {
          onCap();
          return 0;
        }
        line[c - 1] = copy;
        left--;
      }
    }
  }
  return left;
}

function trim(rows: (GridCell | undefined)[][]): void {
  for (let i = 0; i < rows.length; i++) {
    const line = rows[i];
    if (!line) continue;
    let end = line.length;
    while (end > 0 && line[end - 1] === undefined) end--;
    line.length = end;
  }
  let h = rows.length;
  while (h > 0 && (rows[h - 1]?.length ?? 0) === 0) h--;
  rows.length = h;
}

// Holes become explicit entries so every consumer (and structured clone to/from the worker) sees plain arrays.
function densify(rows: (GridCell | undefined)[][]): void {
  for (let i = 0; i < rows.length; i++) {
    const line = rows[i] ?? [];
    rows[i] = Array.from(line, (c) => c);
  }
}

function issue(code: string, severity: IntakeIssue['severity'], sheet: string | null, row: number | null, column: string | null, message: string): IntakeIssue {
  return { code, severity, sheet, row, column, message };
}

const MAX_CELLS_LISTED = 20;

function cellsIssue(file: string, sheet: string, n: CellNote, cells: { row: number; col: number }[]): IntakeIssue {
  const first = cells[0] ?? { row: 0, col: 1 };
  const names = cells.slice(0, MAX_CELLS_LISTED).map((c) => `${columnLetter(c.col)}${c.row}`);
  const more = cells.length > MAX_CELLS_LISTED ? ` and ${cells.length - MAX_CELLS_LISTED} more` : '';
  const where = cells.length === 1 ? `cell ${names[0]}` : `${cells.length} cells (${names.join(', ')}${more})`;
  return issue(n.code, n.severity, sheet, first.row, columnLetter(first.col), `${file}, sheet "${sheet}", ${where}: ${n.message}.`);
}
