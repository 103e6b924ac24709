// Writes the plan workbook: a new file every time (the client's original is never re-saved), sheets in a fixed order,
// the first one visible and active. Returns the bytes.
import ExcelJS from 'exceljs';
import { ACCESS_SHEET, addAccessSheet } from './access-sheet.ts';
import { addBoardSheet } from './board-sheet.ts';
import { addCosoSheet } from './coso-sheet.ts';
import { markFormulaLikeText, withQuotePrefix } from './formula-safe.ts';
import { addMappingSheet } from './mapping-sheet.ts';
import { addMatrixSheet } from './matrix-sheet.ts';
import type { ExportModel } from './model.ts';
import { addPlanSheet } from './plan-sheet.ts';
import { addProgramSheet } from './program-sheet.ts';
import { addListsSheet, addMetaSheet, ownersRange } from './round-trip-sheets.ts';
import { addSodSheet } from './sod-sheet.ts';
import { addSoc1Sheet, hasSoc1Sheet, SOC1_SHEET } from './soc1-sheet.ts';
import { addSummarySheet } from './summary-sheet.ts';
import { addTestingSheets } from './testing-sheet.ts';
import { addTimelineSheet } from './timeline-sheet.ts';
import { addScenariosSheet, SCENARIOS_SHEET } from './scenarios-sheet.ts';

export const SHEET_ORDER = ['Summary', 'Board', 'Timeline', 'Plan', 'Testing', 'Deficiencies', 'SOX Program', 'Mapping', 'SOC 2 Matrix', 'COSO', 'SoD', 'meta', 'Lists'] as const;

// The sheets of one export: SHEET_ORDER, with the access sheet right after SoD when the engagement has access data,
// and the SOC 1 register after those when the engagement relies on a service organisation.
export function sheetOrder(model: Pick<ExportModel, 'access' | 'scenarios'> & { analysis?: { soc1?: unknown[] } }): string[] {
  const order: string[] = [...SHEET_ORDER];
  if (model.scenarios?.length) order.splice(order.indexOf('Timeline') + 1, 0, SCENARIOS_SHEET);
  if (model.access) order.splice(order.indexOf('SoD') + 1, 0, ACCESS_SHEET);
  if (model.analysis && hasSoc1Sheet({ analysis: model.analysis })) order.splice(order.indexOf('meta'), 0, SOC1_SHEET);
  return order;
}

// exceljs gives every cell a style object of its own and, on writing, renders each one's font, fill, border and
// alignment to XML to find its style id, unless it has seen that very object before (a WeakMap by identity). Cells
// with equal styles are given one shared object here, once the workbook is complete, so each distinct style is
// rendered once: the file is the same, written faster. (Nothing may change a cell's style after this.) The value's
// type is part of the key because exceljs picks a default number format by type (a date without a format of its own
// gets a date format) and caches that with the object.
export function shareStyles(wb: ExcelJS.Workbook): void {
  const shared = new Map<string, Partial<ExcelJS.Style>>();
  for (const ws of wb.worksheets)
    ws.eachRow({ includeEmpty: true }, (row) =>
      row.eachCell({ includeEmpty: true }, (cell) => {
        const style = cell.style;
        const key = `${cell.type}${JSON.stringify(style)}`;
        const same = shared.get(key);
        if (same) cell.style = same;
        else shared.set(key, style);
      }),
    );
}

export async function writePlanWorkbook(model: ExportModel): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'soxbridge';
  wb.created = new Date(model.exportedAt);
  wb.modified = wb.created;
  wb.title = `${model.analysis.profile.companyName} SOX readiness plan`;
  const phaseNames = new Map(model.analysis.plan.phases.map((p) => [p.id, p.name]));

  addSummarySheet(wb, model);
  addBoardSheet(wb, model);
  addTimelineSheet(wb, model);
  addScenariosSheet(wb, model); // only when scenarios are saved on the engagement
  addPlanSheet(wb, model.tasks, phaseNames, ownersRange(model.tasks));
  addTestingSheets(wb, model);
  addProgramSheet(wb, model);
  addMappingSheet(wb, model); // reviewers' decisions on source→target links, editable (issue 22)
  addMatrixSheet(wb, model);
  addCosoSheet(wb, model);
  addSodSheet(wb, model);
  addAccessSheet(wb, model); // only when model.access is present
  addSoc1Sheet(wb, model); // only when the engagement names or registers a service organisation
  addMetaSheet(wb, model);
  addListsSheet(wb, model.tasks);
  // A viewer's copy: every sheet protected (no password: this marks it read-only, it is not a secret), so the board
  // reads it as the record it is; soxbridge refuses it as a re-import.
  if (model.readOnly) for (const ws of wb.worksheets) await ws.protect('', { selectLockedCells: true, selectUnlockedCells: true, autoFilter: true, sort: false, formatColumns: true });
  // Client and user text starting with =, +, -, @, a tab or CR keeps Excel's quote prefix in every sheet.
  markFormulaLikeText(wb);
  shareStyles(wb);
  // exceljs writes no active tab unless told; Excel then may open on a hidden sheet.
  wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 0, visibility: 'visible' }];
  return withQuotePrefix(new Uint8Array((await wb.xlsx.writeBuffer({ zip: { compression: 'STORE' } })) as ArrayBuffer));
}
