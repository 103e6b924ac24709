// SOX Program: one row per catalogue target with its status, why, and every SOC 2 control behind it.
import type ExcelJS from 'exceljs';
import type { ExportModel } from './model.ts';
import {
  COLOR,
  FONT,
  STATUS,
  categoryLabel,
  printSetup,
  safeText,
  setWidths,
  styleBody,
  styleHeader,
  toneCell,
  where,
} from './styles.ts';
import { REASON_WORDS } from '../../domain/words.ts';

export const PROGRAM_SHEET = 'SOX Program';
export const PROGRAM_COLUMNS = [
  'Target',
  'Title',
  'Category',
  'COSO principle(s)',
  'Key',
  'Assertions',
  'Frequency',
  'Nature / method',
  'Status',
  'Coverage',
  'Why this status',
  'What must change (reason: what to do)',
  'Contributing SOC 2 controls (sheet!row)',
] as const;

export function addProgramSheet(wb: ExcelJS.Workbook, model: ExportModel): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(PROGRAM_SHEET, { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
  setWidths(ws, [11, 40, 20, 12, 7, 24, 12, 22, 14, 10, 45, 70, 28]);
  styleHeader(ws.addRow([...PROGRAM_COLUMNS]));
  for (const i of model.analysis.delta.items) {
    const reasons = i.reasons.map((r) => `${REASON_WORDS[r.code].label}: ${r.text}${r.blocking ? '' : ' (documentation)'}`);
    const row = ws.addRow([
      safeText(i.id),
      safeText(i.title),
      categoryLabel(i.category),
      i.coso.map((p) => `P${p}`).join(', '),
      i.key ? 'Key' : '',
      i.assertions.join(', '),
      i.frequency,
      `${i.nature} / ${i.method}`,
      null,
      i.coverage,
      safeText(i.basis),
      safeText(reasons.join('\n')),
      safeText(i.sources.map(where).join('\n')),
    ]);
    styleBody(row, PROGRAM_COLUMNS.length);
    const s = STATUS[i.status];
    toneCell(row.getCell(PROGRAM_COLUMNS.indexOf('Status') + 1), s.tone, s.label);
    row.getCell(5).alignment = { vertical: 'top', horizontal: 'center' };
    row.getCell(5).font = { name: FONT, size: 10, bold: true, color: { argb: COLOR.navy } };
  }
  ws.autoFilter = {
    from: { row: 1, column: 1 },
    to: { row: Math.max(1, ws.rowCount), column: PROGRAM_COLUMNS.length },
  };
  printSetup(ws, model.analysis.profile.companyName, model.exportedAt.slice(0, 10), 'SOX program: targets and status');
  ws.pageSetup.printTitlesRow = '1:1';
  return ws;
}
