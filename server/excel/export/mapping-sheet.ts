// The editable Mapping sheet (issue 22): one row per SOX target × source or candidate control, with the engine's
// verdict in grey and the reviewer's Decision (accept / reject / add) and Reason to edit. Re-imported through the
// plan diff (domain/mapping-export.ts); applying it records the decisions and re-runs the analysis.
import type ExcelJS from 'exceljs';
import { MAPPING_COLUMNS, MAPPING_SHEET, mappingRows } from '../../domain/mapping-export.ts';
import { MAPPING_DECISIONS } from '../../domain/mapping-review.ts';
import { columnLetter } from '../../domain/grid.ts';
import type { ExportModel } from './model.ts';
import { validations } from './plan-sheet.ts';
import { COLOR, fill, safeText } from './styles.ts';

const READONLY = fill('FFF2F2F2');
// Room below the rows for links a reviewer adds in Excel (target, control id, "add", reason): the dropdown reaches them.
const ADD_ROOM = 200;

export function addMappingSheet(wb: ExcelJS.Workbook, model: Pick<ExportModel, 'analysis'>): void {
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
  const rows = mappingRows(model.analysis.delta.items, model.analysis.delta.orphanedReviews ?? []);
  rows.forEach((r, i) => {
    const row = ws.getRow(i + 2);
    MAPPING_COLUMNS.forEach((c, k) => {
      const cell = row.getCell(k + 1);
      cell.value = safeText(r[c.field]);
      if (!c.editable) cell.fill = READONLY;
    });
    if (r.decision === 'reject') row.getCell(MAPPING_COLUMNS.findIndex((c) => c.field === 'decision') + 1).font = { color: { argb: COLOR.redText }, bold: true };
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
  ws.pageSetup = { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' };
}
