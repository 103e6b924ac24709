// The editable Mapping sheet (issue 22): one row per SOX target × source or candidate control, with the engine's
// verdict in grey and the reviewer's Decision (accept / reject / add) and Reason to edit. Re-imported through the
// plan diff (domain/mapping-export.ts); applying it records the decisions and re-runs the analysis.
import type ExcelJS from 'exceljs';
import { MAPPING_COLUMNS, MAPPING_SHEET, mappingRows } from '../../domain/mapping-export.ts';
import { MAPPING_DECISIONS } from '../../domain/mapping-review.ts';
import { columnLetter } from '../../domain/grid.ts';
import { looksLikeFormula } from './formula-safe.ts';
import type { FinishRow } from './matrix-sheet.ts';
import type { ExportModel } from './model.ts';
import { validations } from './plan-sheet.ts';
import { textRowWriter } from './stream-workbook.ts';
import { COLOR, fill, safeText } from './styles.ts';

const READONLY = fill('FFF2F2F2');
const REJECT_FONT = { color: { argb: COLOR.redText }, bold: true };
// The body's cell styles, one object each (a streamed sheet's rows take them as they are): the engine's columns in
// grey, a rejection in bold red, and formula-like text in the Text format as markFormulaLikeCells gives it.
const BODY = {
  editable: {},
  readonly: { fill: READONLY },
  reject: { font: REJECT_FONT },
  editableText: { numFmt: '@' },
  readonlyText: { fill: READONLY, numFmt: '@' },
  rejectText: { font: REJECT_FONT, numFmt: '@' },
} as const;
// Room below the rows for links a reviewer adds in Excel (target, control id, "add", reason): the dropdown reaches them.
const ADD_ROOM = 200;

// With `finish` (a streamed workbook, write-workbook.ts), the header row is finished and committed and the body rows go
// straight to the file as text rows (stream-workbook.ts writeTextRow): the same cells and styles, without a Row and a
// Cell object for each of a large matrix's 40,000 cells.
export function addMappingSheet(wb: ExcelJS.Workbook, model: Pick<ExportModel, 'analysis'>, finish?: FinishRow): void {
  const ws = wb.addWorksheet(MAPPING_SHEET, { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
  ws.columns = MAPPING_COLUMNS.map((c) => ({ width: c.width }));
  const head = ws.getRow(1);
  MAPPING_COLUMNS.forEach((c, i) => {
    const cell = head.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true, color: { argb: COLOR.headerText } };
    cell.fill = fill(COLOR.headerFill);
    cell.alignment = { vertical: 'middle', wrapText: true };
    if (!c.editable) cell.note = 'Set by soxbridge; edits to this column are ignored on re-import (Target and Control ID name the link: type both on a new row to add one).';
  });
  head.getCell(MAPPING_COLUMNS.findIndex((c) => c.field === 'decision') + 1).note =
    'accept: the link counts (a candidate becomes a source); reject: it does not count; add: a link soxbridge did not make. Clear it to withdraw the decision. reject and add need a Reason.';
  head.height = 30;
  // (before any row is written: a streamed sheet writes its print settings' fit-to-page flag with the first row)
  ws.pageSetup = { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' };
  const rows = mappingRows(model.analysis.delta.items, model.analysis.delta.orphanedReviews ?? []);
  const direct = finish ? textRowWriter(ws) : null;
  if (finish && direct) {
    finish(head);
    head.commit();
    for (const r of rows) {
      direct(
        MAPPING_COLUMNS.map((c) => {
          const text = safeText(r[c.field]);
          const formulaLike = looksLikeFormula(text);
          const kind = !c.editable ? 'readonly' : c.field === 'decision' && r.decision === 'reject' ? 'reject' : 'editable';
          return { text, style: BODY[formulaLike ? (`${kind}Text` as const) : kind] };
        }),
        undefined,
      );
    }
  } else rows.forEach((r, i) => {
    const row = ws.getRow(i + 2);
    MAPPING_COLUMNS.forEach((c, k) => {
      const cell = row.getCell(k + 1);
      cell.value = safeText(r[c.field]);
      if (!c.editable) cell.fill = READONLY;
    });
    if (r.decision === 'reject') row.getCell(MAPPING_COLUMNS.findIndex((c) => c.field === 'decision') + 1).font = REJECT_FONT;
  });
  const col = MAPPING_COLUMNS.findIndex((c) => c.field === 'decision') + 1;
  const last = rows.length + 1 + ADD_ROOM;
  validations(ws).add(`${columnLetter(col)}2:${columnLetter(col)}${last}`, {
    type: 'list',
    allowBlank: true,
    formulae: [`"${MAPPING_DECISIONS.join(',')}"`],
    showErrorMessage: true,
    errorTitle: 'Decision',
    error: `Pick one of: ${MAPPING_DECISIONS.join(', ')}.`,
  });
  ws.autoFilter = { from: 'A1', to: `${columnLetter(MAPPING_COLUMNS.length)}${Math.max(2, rows.length + 1)}` };
}
