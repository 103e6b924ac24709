// SOC 2 Matrix: the client's controls as imported, every original column in its first-seen order, followed by
// soxbridge's columns in a different header colour with a band saying so, so the client can tell theirs from ours.
// Every client cell is written as a plain string: '=SUM(A1)' stays text, never a formula.
import type ExcelJS from 'exceljs';
import type { ControlUse } from '../../domain/delta.ts';
import type { ExportModel } from './model.ts';
import { looksLikeFormula } from './formula-safe.ts';
import { textRowWriter } from './stream-workbook.ts';
import {
  BODY_STYLE,
  BODY_TEXT_STYLE,
  COLOR,
  FONT,
  GRID,
  fill,
  heightOf,
  linesOf,
  printSetup,
  safeText,
  setWidths,
  styleBody,
  styleHeader,
  toneCell,
  toneStyle,
  type Tone,
} from './styles.ts';

export const MATRIX_SHEET = 'SOC 2 Matrix';
export const MATRIX_ADDED_COLUMNS = [
  'Source (sheet!row)',
  'soxbridge classification',
  'Mapped SOX targets',
  'soxbridge reasons',
] as const;
export const MATRIX_HEADER_ROW = 3;
const ADDED_NOTE = 'Added by soxbridge: not part of the client matrix as imported.';

const CLASS: Record<ControlUse['classification'], { label: string; tone: Tone }> = {
  reuse: { label: 'Reuse', tone: 'good' },
  'reuse-with-changes': { label: 'Reuse with changes', tone: 'warn' },
  'not-sox-relevant': { label: 'Not SOX-relevant', tone: 'neutral' },
};

// Header union in first-seen order; a header repeated within one control (two "Notes" columns) keeps both.
export function unionHeaders(controls: ExportModel['controls']): string[] {
  const out: string[] = [];
  const most = new Map<string, number>(); // how many times each header is in `out`
  for (const c of controls) {
    const count = new Map<string, number>();
    for (const [h] of c.original) {
      const n = (count.get(h) ?? 0) + 1;
      count.set(h, n);
      if ((most.get(h) ?? 0) < n) {
        out.push(h);
        most.set(h, n);
      }
    }
  }
  return out;
}

// What is done to every row once it is complete, before it is written (write-workbook.ts): the quote prefix for
// formula-like text, and shared styles.
export type FinishRow = (row: ExcelJS.Row) => void;

// Most of the workbook's cells are here: with `finish`, each row is finished and committed as soon as it is complete
// (a streamed workbook writes it out and lets go of it; a whole-workbook sheet ignores the commit), and every
// YIELD_ROWS rows the event loop turns, so the zip takes the rows written so far and deflates them meanwhile.
const YIELD_ROWS = 50;

export async function addMatrixSheet(wb: ExcelJS.Workbook, model: ExportModel, finish?: FinishRow): Promise<ExcelJS.Worksheet> {
  const ws = wb.addWorksheet(MATRIX_SHEET, { views: [{ state: 'frozen', xSplit: 1, ySplit: MATRIX_HEADER_ROW }] });
  const headers = unionHeaders(model.controls);
  const n = headers.length;
  const total = n + MATRIX_ADDED_COLUMNS.length;
  const uses = new Map(model.analysis.delta.controls.map((u) => [`${u.controlId}\u0000${u.sheet}\u0000${u.row}`, u]));

  const widths = [...headers.map((h) => (/desc|activity|narrative/i.test(h) ? 50 : Math.min(30, Math.max(12, h.length + 2)))), 18, 18, 20, 70];
  setWidths(ws, widths);
  // (before any row is written: a streamed sheet writes its print settings' fit-to-page flag with the first row)
  printSetup(
    ws,
    model.analysis.profile.companyName,
    model.exportedAt.slice(0, 10),
    'SOC 2 matrix with soxbridge classification',
  );
  ws.pageSetup.printTitlesRow = `${MATRIX_HEADER_ROW}:${MATRIX_HEADER_ROW}`;
  const legend = ws.getCell(1, 1);
  legend.value = safeText(
    `Columns 1–${n} are the client's matrix as imported from ${model.source.file}; the last ${MATRIX_ADDED_COLUMNS.length} (teal headers) are added by soxbridge.`,
  );
  legend.font = { name: FONT, size: 10, italic: true, color: { argb: COLOR.muted } };
  const band = ws.getRow(2);
  if (n > 0) band.getCell(1).value = 'Client matrix as imported';
  band.getCell(n + 1).value = 'Added by soxbridge';
  if (n > 1) ws.mergeCells(2, 1, 2, n);
  ws.mergeCells(2, n + 1, 2, total);
  for (let c = 1; c <= total; c++) {
    const cell = band.getCell(c);
    cell.fill = fill(c > n ? COLOR.addedFill : COLOR.headerFill);
    cell.font = { name: FONT, size: 10, bold: true, color: { argb: COLOR.headerText } };
    cell.border = GRID;
  }

  const head = ws.getRow(MATRIX_HEADER_ROW);
  head.values = [...headers.map(safeText), ...MATRIX_ADDED_COLUMNS];
  styleHeader(head, COLOR.headerFill, 1, n);
  styleHeader(head, COLOR.addedFill, n + 1, total);
  for (let c = n + 1; c <= total; c++) head.getCell(c).note = ADDED_NOTE;
  const done = (row: ExcelJS.Row) => {
    if (!finish) return;
    finish(row);
    row.commit();
  };
  for (let r = 1; r <= MATRIX_HEADER_ROW; r++) done(ws.getRow(r));

  // A streamed workbook takes the body rows straight to the file (stream-workbook.ts writeTextRow): the same cells,
  // styles and heights as the rows below would have, without a Row and a Cell object for each of 120,000 cells.
  const direct = finish ? textRowWriter(ws) : null;
  // Each header's columns, in order: a control's k-th value under a header goes to its k-th column of that name.
  const columnsOf = new Map<string, number[]>();
  headers.forEach((h, k) => {
    const known = columnsOf.get(h);
    if (known) known.push(k);
    else columnsOf.set(h, [k]);
  });
  for (const [i, c] of model.controls.entries()) {
    if (finish && i > 0 && i % YIELD_ROWS === 0) await new Promise((resolve) => setImmediate(resolve));
    const cells: string[] = new Array<string>(n).fill('');
    let seen: Map<string, number> | null = null; // (only for a header a control has twice)
    for (const [h, v] of c.original) {
      const at = columnsOf.get(h)!;
      let k = 0;
      if (at.length > 1) {
        seen ??= new Map();
        k = seen.get(h) ?? 0;
        seen.set(h, k + 1);
      }
      if (k < at.length) cells[at[k]!] = v;
    }
    const values = cells.map(safeText);
    const use = uses.get(`${c.id}\u0000${c.source.sheet}\u0000${c.source.row}`);
    const src = safeText(`${c.source.sheet}!${c.source.row}${c.hidden ? ' (hidden in source)' : ''}`);
    const texts = [...values, src, use ? CLASS[use.classification].label : 'Not analysed', safeText(use?.targets.join(', ') ?? ''), safeText(use?.reasons.join('\n') ?? '')];
    if (direct) {
      // body style (the formula-like ones as text), the classification toned; height from the wrapped body text
      let lines = 1;
      const cells = texts.map((text, k) => {
        if (k === n + 1) return { text, style: use ? toneStyle(CLASS[use.classification].tone) : BODY_STYLE };
        lines = Math.max(lines, linesOf(text, widths[k]));
        return { text, style: looksLikeFormula(text) ? BODY_TEXT_STYLE : BODY_STYLE };
      });
      direct(cells, heightOf(lines));
      continue;
    }
    const row = ws.addRow([...values, src, null, texts[n + 2]!, texts[n + 3]!]);
    styleBody(row, total);
    if (use) toneCell(row.getCell(n + 2), CLASS[use.classification].tone, CLASS[use.classification].label);
    else row.getCell(n + 2).value = 'Not analysed';
    done(row);
  }
  ws.autoFilter = {
    from: { row: MATRIX_HEADER_ROW, column: 1 },
    to: { row: Math.max(MATRIX_HEADER_ROW, ws.rowCount), column: total },
  };
  return ws;
}
