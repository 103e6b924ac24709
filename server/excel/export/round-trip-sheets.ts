// The hidden sheets that make the round trip work: meta (who exported what, and a content hash of each editable row)
// and Lists (the owner and status lists behind the Plan dropdowns). Both hidden, never very hidden, and never first.
import type ExcelJS from 'exceljs';
import { TASK_STATUSES, type PlanTask } from '../../domain/plan.ts';
import { EXPORT_FORMAT, EXPORT_FORMAT_VERSION, LISTS_SHEET, META_SHEET, PLAN_SHEET, ownerList as ownersOf, rowHash, taskValues } from '../../domain/plan-export.ts';
import type { ExportModel } from './model.ts';

export function addMetaSheet(wb: ExcelJS.Workbook, model: ExportModel): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(META_SHEET, { state: 'hidden' });
  ws.columns = [{ width: 18 }, { width: 40 }, { width: 8 }, { width: 20 }];
  const rows: [string, string][] = [
    ['format', EXPORT_FORMAT],
    ['formatVersion', EXPORT_FORMAT_VERSION],
    ['engagementId', model.engagementId],
    ['exportId', model.exportId],
    ['exportedAt', model.exportedAt],
    ['soxbridgeVersion', model.version],
    ['exportedBy', model.exportedBy ?? ''],
    ['readOnly', model.readOnly ? 'yes' : 'no'],
    ['company', model.analysis.profile.companyName],
    ['editableSheets', PLAN_SHEET],
    ['note', 'Written by soxbridge to recognise this workbook when it comes back. Do not edit.'],
  ];
  for (const r of rows) ws.addRow(r);
  ws.addRow([]);
  ws.addRow(['sheet', 'id', 'row', 'hash']);
  model.tasks.forEach((t, i) => ws.addRow([PLAN_SHEET, t.id, String(i + 2), rowHash(taskValues(t))]));
  return ws;
}

export function ownerList(tasks: PlanTask[]): string[] {
  return ownersOf(tasks.map((t) => t.owner));
}

// The range the Plan's owner dropdown points at (the Lists sheet is added last, after the Plan).
export function ownersRange(tasks: PlanTask[]): string {
  return `${LISTS_SHEET}!$A$2:$A$${Math.max(2, ownerList(tasks).length + 1)}`;
}

export function addListsSheet(wb: ExcelJS.Workbook, tasks: PlanTask[]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(LISTS_SHEET, { state: 'hidden' });
  ws.columns = [{ width: 30 }, { width: 16 }];
  ws.getCell('A1').value = 'Owners';
  ws.getCell('B1').value = 'Statuses';
  const owners = ownerList(tasks);
  owners.forEach((o, i) => (ws.getCell(`A${i + 2}`).value = o));
  TASK_STATUSES.forEach((s, i) => (ws.getCell(`B${i + 2}`).value = s));
  return ws;
}
