// The editable Plan sheet: one row per task with a stable Task ID, real dates with date validation, dropdowns for
// status and owner (the owner list lives on the hidden Lists sheet), a frozen header and an autofilter.
import type ExcelJS from 'exceljs';
import { TASK_STATUSES, type PlanTask } from '../../domain/plan.ts';
import { PLAN_COLUMNS, PLAN_SHEET, columnOf, planRow, type PlanField } from '../../domain/plan-export.ts';
import { columnLetter } from '../../domain/grid.ts';

export const dateValue = (iso: string) => new Date(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))));

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F3864' } };
const READONLY_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const RISK_FONT: Partial<ExcelJS.Font> = { color: { argb: 'FFC00000' }, bold: true };

// A Plan cell from its canonical text: dates as real dates, the effort as a number, the rest as text.
function typedCell(field: PlanField, text: string): ExcelJS.CellValue {
  if (field === 'start' || field === 'due') return dateValue(text);
  if (field === 'effort') return Number(text);
  return text;
}

export function addPlanSheet(wb: ExcelJS.Workbook, tasks: PlanTask[], phaseNames: Map<string, string>, ownersRange: string): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(PLAN_SHEET, { views: [{ state: 'frozen', xSplit: 1, ySplit: 1, activeCell: 'B2' }] });
  ws.columns = PLAN_COLUMNS.map((c) => ({ key: c.field, width: c.width }));
  const header = ws.getRow(1);
  PLAN_COLUMNS.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'middle', wrapText: true };
    if (!c.editable) cell.note = 'Set by soxbridge; edits to this column are ignored on re-import.';
  });
  header.height = 30;

  tasks.forEach((t, i) => {
    const r = ws.getRow(i + 2);
    const values = planRow(t, phaseNames);
    PLAN_COLUMNS.forEach((c, k) => {
      const cell = r.getCell(k + 1);
      cell.value = typedCell(c.field, values[c.field]);
      if (!c.editable) cell.fill = READONLY_FILL;
    });
    r.getCell(columnOf('start')).numFmt = 'yyyy-mm-dd';
    r.getCell(columnOf('due')).numFmt = 'yyyy-mm-dd';
    r.getCell(columnOf('effort')).numFmt = '0.0';
    for (const f of ['title', 'notes', 'atRiskReason', 'dependsOn'] as const) r.getCell(columnOf(f)).alignment = { wrapText: true, vertical: 'top' };
    if (t.atRisk) {
      r.getCell(columnOf('atRisk')).font = RISK_FONT;
      r.getCell(columnOf('id')).font = RISK_FONT;
    }
  });
  // Validations on the data rows only, never on whole columns, one range per column: cell by cell, exceljs 4.4 joins
  // them into overlapping ranges (it sorts "E10" before "E2": E2:E477 and E10:E477), which Excel offers to repair.
  if (tasks.length > 0) {
    const rows = (field: Parameters<typeof columnOf>[0]) => `${columnLetter(columnOf(field))}2:${columnLetter(columnOf(field))}${tasks.length + 1}`;
    const dateRule: ExcelJS.DataValidation = {
      type: 'date',
      operator: 'between',
      allowBlank: false,
      formulae: [dateValue('1990-01-01'), dateValue('2100-12-31')],
      showErrorMessage: true,
      errorTitle: 'Date',
      error: 'Enter a date between 1990 and 2100.',
    };
    validations(ws).add(rows('start'), dateRule);
    validations(ws).add(rows('due'), dateRule);
    validations(ws).add(rows('status'), {
      type: 'list',
      allowBlank: false,
      formulae: [`"${TASK_STATUSES.join(',')}"`],
      showErrorMessage: true,
      errorTitle: 'Status',
      error: `Pick one of: ${TASK_STATUSES.join(', ')}.`,
    });
    validations(ws).add(rows('owner'), {
      type: 'list',
      allowBlank: true,
      formulae: [ownersRange],
      showErrorMessage: true,
      errorStyle: 'warning',
      errorTitle: 'Owner',
      error: 'This owner is not in the list on the Lists sheet; soxbridge will report it on re-import.',
    });
  }
  const last = Math.max(2, tasks.length + 1);
  ws.autoFilter = { from: 'A1', to: `${columnLetter(PLAN_COLUMNS.length)}${last}` };
  ws.pageSetup = { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' };
  return ws;
}

// exceljs keeps a sheet's validations keyed by address; a range address is written as one sqref. Not in its types.
// Every sheet adds its validations this way, one range per column (cell by cell they overlap, see above).
export const validations = (ws: ExcelJS.Worksheet) =>
  (ws as unknown as { dataValidations: { add(address: string, rule: ExcelJS.DataValidation): void } }).dataValidations;
