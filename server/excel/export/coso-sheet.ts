// COSO: the 17 principles of COSO 2013 as a heatmap, each with its status as colour AND word, and the entity-level
// targets and SOC 2 controls behind it.
import type ExcelJS from 'exceljs';
import { COSO_RULE, type CosoCoverage } from '../../domain/coso.ts';
import type { ExportModel } from './model.ts';
import {
  COLOR,
  FONT,
  STATUS,
  fill,
  printSetup,
  safeText,
  setWidths,
  styleBody,
  styleHeader,
  toneCell,
  where,
  type Tone,
} from './styles.ts';

export const COSO_SHEET = 'COSO';
export const COSO_COLUMNS = [
  'Component',
  'Principle',
  'Name',
  'TSC',
  'Status',
  'Basis',
  'Supporting targets (status)',
  'Supporting SOC 2 controls (sheet!row)',
] as const;
export const COSO_HEADER_ROW = 3;

const COSO_STATUS: Record<CosoCoverage['status'], { label: string; tone: Tone }> = {
  covered: { label: 'Covered', tone: 'good' },
  partial: { label: 'Partial', tone: 'warn' },
  gap: { label: 'Gap', tone: 'bad' },
};

export function addCosoSheet(wb: ExcelJS.Workbook, model: ExportModel): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(COSO_SHEET, { views: [{ state: 'frozen', xSplit: 0, ySplit: COSO_HEADER_ROW }] });
  setWidths(ws, [22, 10, 42, 9, 12, 34, 26, 30]);
  const t = ws.getCell('A1');
  t.value = 'COSO 2013 principles: entity-level coverage';
  t.font = { name: FONT, size: 14, bold: true, color: { argb: COLOR.navy } };
  const rule = ws.getCell('A2');
  rule.value = `Rule: ${COSO_RULE}.`;
  rule.font = { name: FONT, size: 9, italic: true, color: { argb: COLOR.muted } };
  const head = ws.getRow(COSO_HEADER_ROW);
  head.values = [...COSO_COLUMNS];
  styleHeader(head);

  let previous = '';
  for (const p of model.analysis.coso) {
    const row = ws.addRow([
      safeText(p.component),
      p.principle,
      safeText(p.name),
      safeText(p.tsc),
      null,
      safeText(p.basis),
      safeText(p.targets.map((x) => `${x.id} (${STATUS[x.status].label.toLowerCase()})`).join('\n')),
      safeText(p.controls.map(where).join('\n')),
    ]);
    styleBody(row, COSO_COLUMNS.length);
    const s = COSO_STATUS[p.status];
    toneCell(row.getCell(5), s.tone, s.label);
    row.getCell(2).alignment = { vertical: 'top', horizontal: 'center' };
    // The first row of each component opens a new block: bold name and a heavier rule above it.
    if (p.component !== previous) {
      row.getCell(1).font = { name: FONT, size: 10, bold: true, color: { argb: COLOR.navy } };
      for (let c = 1; c <= COSO_COLUMNS.length; c++)
        row.getCell(c).border = { ...row.getCell(c).border, top: { style: 'medium', color: { argb: COLOR.navy } } };
    } else row.getCell(1).font = { name: FONT, size: 10, color: { argb: COLOR.muted } };
    row.getCell(1).fill = fill(COLOR.band);
    previous = p.component;
  }
  ws.autoFilter = { from: { row: COSO_HEADER_ROW, column: 1 }, to: { row: ws.rowCount, column: COSO_COLUMNS.length } };
  printSetup(ws, model.analysis.profile.companyName, model.exportedAt.slice(0, 10), 'COSO 2013 coverage', true);
  ws.pageSetup.printTitlesRow = `${COSO_HEADER_ROW}:${COSO_HEADER_ROW}`;
  return ws;
}
