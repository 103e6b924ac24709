// The exceljs adapter: pre-flight the zip, load with the guards exceljs supports, then turn each worksheet into a
// GridSheet. exceljs types stay in this file.
import ExcelJS from 'exceljs';
import { columnLetter, type GridCell, type GridSheet, type IntakeIssue, type Merge } from '../intake/grid.ts';
import { isoDateValue, normaliseCell, plainTextCell, type CellNote } from './cell.ts';
import { MAX_MERGED_CELL_COPIES, type ReadLimits } from './limits.ts';
import { fail, quoteName, type ReadResult } from './read-result.ts';
import { errorText, preflightZip, type SheetInfo } from './zip-preflight.ts';

// Parts of a worksheet an importer never needs and exceljs expands per cell (validations), materialises cell by
// cell (merges: we take them from the scan instead), loops over unbounded (<col max="1000000000"> builds one
// Column object per index), or can blow up on (x14 extensions).
const IGNORED_NODES = ['dataValidations', 'conditionalFormatting', 'extLst', 'mergeCells', 'cols'];

// exceljs does not declare maxRows/maxCols, which its worksheet parser honours (lib/xlsx/xform/sheet/worksheet-xform.js).
type LoadOptions = { ignoreNodes: string[]; maxRows: number; maxCols: number };
type ExcelBuffer = Parameters<ExcelJS.Xlsx['load']>[0];

const EMPTY = new Uint8Array(0);

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
  const { sheets: infos, issues, rawNumFmts } = pre.value;

  for (const info of infos) {
    if (info.scan && info.scan.rowElements > limits.maxRows) {
      return fail('too-many-rows', `${file}, sheet "${info.name}": ${info.scan.rowElements.toLocaleString('en-US')} rows, above the limit of ${limits.maxRows.toLocaleString('en-US')}; delete unused rows (including empty formatted ones) or split the sheet, then re-upload it.`);
    }
  }

  const workbook = new ExcelJS.Workbook();
  try {
    const data = pre.value.bytes;
    // The pre-flight's own stored zip is handed over as it is (no copy); the caller's bytes are copied, never shared.
    const whole = data !== bytes && data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
    const arrayBuffer = whole ? data.buffer : data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
    const options: LoadOptions = { ignoreNodes: IGNORED_NODES, maxRows: limits.maxRows, maxCols: limits.maxCols };
    await workbook.xlsx.load(arrayBuffer as unknown as ExcelBuffer, options);
    pre.value.bytes = EMPTY; // loaded: the grid is built from the workbook model, not from these bytes
  } catch (e) {
    const msg = errorText(e);
    if (/Max row count/.test(msg)) {
      return fail('too-many-rows', `${file} has a sheet with more than ${limits.maxRows.toLocaleString('en-US')} rows; delete unused rows or split the sheet, then re-upload it.`);
    }
    if (/Max column count/.test(msg)) {
      return fail('too-many-columns', `${file} has a row with more than ${limits.maxCols.toLocaleString('en-US')} cells; delete unused columns (including empty formatted ones), then re-upload it.`);
    }
    return fail('unreadable', `${file} could not be read as an Excel workbook (${msg}); open it in Excel, save it again as .xlsx and re-upload it.`);
  }

  const date1904 = Boolean(workbook.properties?.date1904);
  const byName = new Map(infos.map((i) => [i.name, i]));
  const loaded = new Set<string>();
  const sheets: GridSheet[] = [];
  let copiesLeft = MAX_MERGED_CELL_COPIES;

  try {
    for (const ws of workbook.worksheets) {
      loaded.add(ws.name);
      if (ws.state === 'veryHidden') {
        issues.push(issue('sheet-very-hidden-skipped', 'info', ws.name, null, null, `${file}: the sheet "${ws.name}" is "very hidden" (only visible to macros) and was not imported.`));
        continue;
      }
      const built = buildSheet(ws, byName.get(ws.name), { file, date1904, limits, issues, copiesLeft, rawNumFmts });
      copiesLeft = built.copiesLeft;
      sheets.push(built.sheet);
      if (built.sheet.state === 'hidden') {
        issues.push(issue('sheet-hidden', 'info', ws.name, null, null, `${file}: the sheet "${ws.name}" is hidden in Excel; it was imported.`));
      }
      if (built.sheet.hiddenRows.length > 0) {
        issues.push(issue('rows-hidden', 'info', ws.name, null, null, `${file}, sheet "${ws.name}": ${built.sheet.hiddenRows.length} hidden row(s) were imported (rows ${summariseRows(built.sheet.hiddenRows)}).`));
      }
    }
  } catch (e) {
    if (e instanceof LimitExceeded) return fail(e.code, e.message);
    throw e;
  }

  for (const info of infos) {
    if (loaded.has(info.name) || info.state === 'veryHidden') continue;
    const chart = info.part?.includes('chartsheets/') ?? false;
    issues.push(
      chart
        ? issue('sheet-not-read', 'info', info.name, null, null, `${file}: "${info.name}" is a chart sheet; it holds no cells and was skipped.`)
        : issue('sheet-not-read', 'warning', info.name, null, null, `${file}: the sheet "${info.name}" could not be read (its part ${info.part ?? 'is missing'}); open the file in Excel, save it again as .xlsx and re-upload it if that sheet matters.`),
    );
  }

  return { ok: true, value: { file: fileName, format: 'xlsx', sheets, issues } };
}

interface BuildContext {
  file: string;
  date1904: boolean;
  limits: ReadLimits;
  issues: IntakeIssue[];
  copiesLeft: number;
  rawNumFmts: Map<string, string>;
}

function buildSheet(ws: ExcelJS.Worksheet, info: SheetInfo | undefined, ctx: BuildContext): { sheet: GridSheet; copiesLeft: number } {
  const { file, limits, issues } = ctx;
  const name = ws.name;
  const rows: (GridCell | undefined)[][] = [];
  const hidden: number[] = [];
  const note = (n: CellNote, row: number, col: number) =>
    issues.push(issue(n.code, n.severity, name, row, columnLetter(col), `${file}, sheet "${name}", cell ${columnLetter(col)}${row}: ${n.message}.`));

  ws.eachRow({ includeEmpty: false }, (row, r) => {
    if (r > limits.maxRows) {
      throw new LimitExceeded('too-many-rows', `${file}, sheet "${name}" has data on row ${r.toLocaleString('en-US')}, beyond the limit of ${limits.maxRows.toLocaleString('en-US')} rows; delete unused rows or split the sheet, then re-upload it.`);
    }
    if (row.hidden) hidden.push(r);
    const cells: (GridCell | undefined)[] = [];
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      if (c > limits.maxCols) {
        throw new LimitExceeded('too-many-columns', `${file}, sheet "${name}" has data in column ${columnLetter(c)}, beyond the limit of ${limits.maxCols.toLocaleString('en-US')} columns; delete unused columns, then re-upload it.`);
      }
      // Merge-type cells have no value of their own and exceljs throws on reading one whose merge it never applied.
      if (cell.type === ExcelJS.ValueType.Merge || cell.type === ExcelJS.ValueType.Null) return;
      const raw = cell.value;
      const text = plainTextCell(raw);
      if (text) {
        cells[c - 1] = text;
        return;
      }
      const numFmt = cell.numFmt ? (ctx.rawNumFmts.get(cell.numFmt) ?? cell.numFmt) : undefined;
      const { cell: gc, notes } = normaliseCell(raw, { numFmt, date1904: ctx.date1904 });
      for (const n of notes) note(n, r, c);
      cells[c - 1] = gc;
    });
    rows[r - 1] = cells;
  });

  // ISO `t="d"` cells: exceljs parsed "2024-01-15" as the number 2024; the scan kept the real text.
  for (const iso of info?.scan?.isoDates ?? []) {
    const line = rows[iso.row - 1];
    if (!line || line[iso.col - 1] === undefined) continue;
    const d = isoDateValue(iso.value);
    const { cell: gc, notes } = normaliseCell(d ?? iso.value, { numFmt: undefined, date1904: ctx.date1904 });
    for (const n of notes) note(n, iso.row, iso.col);
    line[iso.col - 1] = gc;
  }

  trim(rows);
  const merges: Merge[] = (info?.scan?.merges ?? []).map((a) => ({ top: a.top, left: a.left, bottom: a.bottom, right: a.right }));
  if (info?.scan?.mergesDropped) {
    issues.push(issue('merges-capped', 'warning', name, null, null, `${file}, sheet "${name}": ${info.scan.mergesDropped} merged ranges beyond the first ${merges.length} were ignored; unmerge cells in Excel if their values matter.`));
  }
  const copiesLeft = fillMerges(rows, merges, ctx.copiesLeft, () =>
    issues.push(issue('merges-capped', 'warning', name, null, null, `${file}, sheet "${name}": merged ranges cover too many cells; some merged cells were left empty. Unmerge large ranges in Excel and re-upload the file.`)),
  );
  densify(rows);

  const state = ws.state === 'hidden' ? 'hidden' : 'visible';
  const hiddenRows = hidden.filter((r) => r <= rows.length);
  return { sheet: { name, state, rows, hiddenRows, merges }, copiesLeft };
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

function summariseRows(rows: number[]): string {
  const shown = rows.slice(0, 10).join(', ');
  return rows.length > 10 ? `${shown}, ...` : shown;
}
