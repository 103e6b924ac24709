// SOC 1: the register of service organisations relied on, against the first §404(a) year: the report and its period,
// what of the year it leaves uncovered, the bridge letter needed (for which dates) and obtained, and each CUEC with
// the client control and owner that perform it. One row per CUEC (an organisation without CUECs has one row).
import type ExcelJS from 'exceljs';
import { SOC1_RULE, type Soc1EntryStatus, type Span } from '../../domain/soc1-register.ts';
import type { ExportModel } from './model.ts';
import { FONT, printSetup, safeText, setWidths, styleBody, styleHeader, title, toneCell } from './styles.ts';

export const SOC1_SHEET = 'SOC 1';
export const SOC1_COLUMNS = [
  'Service organisation',
  'Report',
  'Report period',
  'Year covered by the report',
  'Not covered by the report',
  'Bridge letter needed for',
  'Bridge letter through',
  'CUEC',
  'CUEC text',
  'Client control',
  'Owner',
  'Status',
  'What is missing',
] as const;
export const SOC1_HEADER_ROW = 4;

const TYPE = { type1: 'SOC 1 Type 1', type2: 'SOC 1 Type 2' } as const;
const spanText = (s: Span | null) => (s ? `${s.start} to ${s.end} (${s.days} days)` : '');

export function hasSoc1Sheet(model: { analysis: { soc1?: unknown[] } }): boolean {
  return (model.analysis.soc1 ?? []).length > 0;
}

export function addSoc1Sheet(wb: ExcelJS.Workbook, model: ExportModel): ExcelJS.Worksheet | null {
  const statuses: Soc1EntryStatus[] = model.analysis.soc1 ?? [];
  if (statuses.length === 0) return null;
  const ws = wb.addWorksheet(SOC1_SHEET, { views: [{ state: 'frozen', xSplit: 1, ySplit: SOC1_HEADER_ROW }] });
  setWidths(ws, [22, 14, 24, 30, 30, 30, 14, 10, 36, 14, 20, 12, 60]);
  const fy = statuses[0]!.fiscalYear;
  title(ws, 'SOC 1 register: service organisations relied on', `Fiscal year in scope (first §404(a) year): ${fy.start} to ${fy.end} (${fy.days} days).`);
  const rule = ws.getCell('A3');
  rule.value = safeText(`Rule: ${SOC1_RULE}.`);
  rule.font = { name: FONT, size: 9, italic: true };
  const head = ws.getRow(SOC1_HEADER_ROW);
  head.values = [...SOC1_COLUMNS];
  styleHeader(head);
  for (const s of statuses) {
    const e = s.entry;
    const org = [
      safeText(e.org + (s.inProfile ? '' : ' (not in the profile)')),
      e.reportType ? TYPE[e.reportType] : 'none recorded',
      e.periodStart && e.periodEnd ? (e.periodStart === e.periodEnd ? `as of ${e.periodEnd}` : `${e.periodStart} to ${e.periodEnd}`) : '',
      spanText(s.covered) || 'none (no operating-effectiveness coverage)',
      s.uncovered.map(spanText).join('\n'),
      s.bridgeLetter.needed ? spanText(s.bridgeLetter.needed) : safeText(s.bridgeLetter.text),
      e.bridgeLetterThrough ?? '',
    ];
    const cuecs = s.cuecs.length > 0 ? s.cuecs : [null];
    for (const c of cuecs) {
      const row = ws.addRow([
        ...org,
        c ? safeText(c.id) : 'none recorded',
        c ? safeText(c.text) : '',
        c ? safeText(c.controlId) : '',
        c ? safeText(c.owner) : '',
        null,
        safeText(s.missing.join('\n')),
      ]);
      styleBody(row, SOC1_COLUMNS.length);
      toneCell(row.getCell(12), s.complete ? 'good' : 'warn', s.complete ? 'In place' : 'Open');
    }
  }
  ws.autoFilter = { from: { row: SOC1_HEADER_ROW, column: 1 }, to: { row: ws.rowCount, column: SOC1_COLUMNS.length } };
  printSetup(ws, model.analysis.profile.companyName, model.exportedAt.slice(0, 10), 'SOC 1 register');
  ws.pageSetup.printTitlesRow = `${SOC1_HEADER_ROW}:${SOC1_HEADER_ROW}`;
  return ws;
}
