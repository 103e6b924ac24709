// The editable Testing and Deficiencies sheets: one row per test with its sample size and the recorded result, one
// row per deficiency with its rating, reasoning and the reviewer's judgement. Grey columns are set by soxbridge.
import { validations } from './plan-sheet.ts';
import type ExcelJS from 'exceljs';
import { INDICATORS, LIKELIHOODS, SEVERITIES } from '../../domain/catalog.ts';
import { CONCLUSIONS } from '../../domain/deficiencies.ts';
import { SEVERITY_WORDS } from '../../domain/words.ts';
import { DEFICIENCIES_SHEET, DEFICIENCY_COLUMNS, judgementCells, TESTING_COLUMNS, TESTING_SHEET, testKindOf, testTasks } from '../../domain/testing-export.ts';
import { columnLetter } from '../../domain/grid.ts';
import type { ExportModel } from './model.ts';
import { COLOR, fill, safeText } from './styles.ts';

const READONLY = fill('FFF2F2F2');

function header(ws: ExcelJS.Worksheet, cols: readonly { header: string; width: number; editable: boolean }[]): void {
  ws.columns = cols.map((c) => ({ width: c.width }));
  const row = ws.getRow(1);
  cols.forEach((c, i) => {
    const cell = row.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true, color: { argb: COLOR.headerText } };
    cell.fill = fill(COLOR.headerFill);
    cell.alignment = { vertical: 'middle', wrapText: true };
    if (!c.editable) cell.note = 'Set by soxbridge; edits to this column are ignored on re-import.';
  });
  row.height = 30;
}

const list = (values: readonly string[], title: string): ExcelJS.DataValidation => ({
  type: 'list',
  allowBlank: true,
  formulae: [`"${values.join(',')}"`],
  showErrorMessage: true,
  errorTitle: title,
  error: `Pick one of: ${values.join(', ')}.`,
});

export function addTestingSheets(wb: ExcelJS.Workbook, model: ExportModel): void {
  const a = model.analysis;
  const results = new Map(a.testResults.map((r) => [r.testId, r]));
  const ws = wb.addWorksheet(TESTING_SHEET, { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
  header(ws, TESTING_COLUMNS);
  const col = (f: (typeof TESTING_COLUMNS)[number]['field']) => TESTING_COLUMNS.findIndex((c) => c.field === f) + 1;
  testTasks(model.tasks).forEach((t, i) => {
    const r = results.get(t.id);
    const values: Record<string, ExcelJS.CellValue> = {
      testId: t.id,
      target: t.target ?? '',
      kind: testKindOf(t),
      title: safeText(t.title),
      owner: safeText(t.owner),
      planned: `${t.start} to ${t.end}`,
      sampleSize: t.sampleSize ?? '',
      tested: r ? r.tested : '',
      exceptions: r ? r.exceptions : '',
      conclusion: r ? r.conclusion : '',
      testedOn: r?.testedOn ?? '',
      note: safeText(r?.note ?? ''),
    };
    const row = ws.getRow(i + 2);
    TESTING_COLUMNS.forEach((c, k) => {
      const cell = row.getCell(k + 1);
      cell.value = values[c.field] ?? '';
      if (!c.editable) cell.fill = READONLY;
    });
    if (r && (r.conclusion === 'ineffective' || r.exceptions > 0)) row.getCell(col('conclusion')).font = { color: { argb: COLOR.redText }, bold: true };
  });
  const tests = testTasks(model.tasks).length;
  // One validation range per column over the data rows (plan-sheet.ts says why not cell by cell).
  const range = (c: number, n: number) => `${columnLetter(c)}2:${columnLetter(c)}${n + 1}`;
  if (tests > 0) {
    validations(ws).add(range(col('conclusion'), tests), list(CONCLUSIONS, 'Conclusion'));
    validations(ws).add(range(col('tested'), tests), { type: 'whole', operator: 'greaterThanOrEqual', allowBlank: true, formulae: [0], showErrorMessage: true, error: 'A whole number of instances.' });
    validations(ws).add(range(col('exceptions'), tests), { type: 'whole', operator: 'greaterThanOrEqual', allowBlank: true, formulae: [0], showErrorMessage: true, error: 'A whole number of exceptions.' });
  }
  ws.autoFilter = { from: 'A1', to: `${columnLetter(TESTING_COLUMNS.length)}${Math.max(2, tests + 1)}` };
  ws.pageSetup = { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' };

  const judged = new Map(a.judgements.map((j) => [j.deficiencyId, j]));
  const wd = wb.addWorksheet(DEFICIENCIES_SHEET, { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
  header(wd, DEFICIENCY_COLUMNS);
  const dcol = (f: (typeof DEFICIENCY_COLUMNS)[number]['field']) => DEFICIENCY_COLUMNS.findIndex((c) => c.field === f) + 1;
  a.deficiencies.forEach((d, i) => {
    const values: Record<string, ExcelJS.CellValue> = {
      id: d.id,
      target: d.target,
      origin: d.origin,
      severity: SEVERITY_WORDS[d.severity],
      status: d.status,
      basis: safeText(d.basis.join('\n')),
      aggregatedWith: d.aggregatedWith.join(', '),
      tasks: d.tasks.join(', '),
      ...judgementCells(d, judged.get(d.id)),
    };
    const row = wd.getRow(i + 2);
    DEFICIENCY_COLUMNS.forEach((c, k) => {
      const cell = row.getCell(k + 1);
      cell.value = typeof values[c.field] === 'string' ? safeText(values[c.field]) : (values[c.field] ?? '');
      if (!c.editable) cell.fill = READONLY;
    });
    row.getCell(dcol('basis')).alignment = { wrapText: true, vertical: 'top' };
    if (d.severity === 'material-weakness') row.getCell(dcol('severity')).font = { color: { argb: COLOR.redText }, bold: true };
    row.getCell(dcol('indicators')).note = `Comma-separated: ${INDICATORS.join(', ')}`;
  });
  if (a.deficiencies.length > 0) {
    validations(wd).add(range(dcol('likelihood'), a.deficiencies.length), list(LIKELIHOODS, 'Likelihood'));
    validations(wd).add(range(dcol('overrideSeverity'), a.deficiencies.length), list(SEVERITIES, 'Severity'));
  }
  wd.pageSetup = { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' };
}
