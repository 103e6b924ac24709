// SoD: owner conflicts read from the matrix, most severe first, each side with the controls (and the words) that put
// the duty with that owner, the risk, and the compensating control a reviewer would expect.
import type ExcelJS from 'exceljs';
import type { Severity } from '../../domain/catalog.ts';
import type { SodSide } from '../../domain/sod.ts';
import { capitalise } from '../../domain/words.ts';
import type { ExportModel } from './model.ts';
import {
  COLOR,
  FONT,
  printSetup,
  safeText,
  setWidths,
  styleBody,
  styleHeader,
  toneCell,
  where,
  type Tone,
} from './styles.ts';

export const SOD_SHEET = 'SoD';
export const SOD_COLUMNS = [
  'Severity',
  'Rule',
  'Owner',
  'Duty A',
  'Duty A: controls (sheet!row)',
  'Duty B',
  'Duty B: controls (sheet!row)',
  'Risk',
  'Suggested compensating control',
] as const;
export const SOD_HEADER_ROW = 3;

const SEVERITY: Record<Severity, Tone> = { critical: 'bad', high: 'bad', medium: 'warn', low: 'neutral' };
const sideControls = (s: SodSide) =>
  s.controls
    .map((c) => `${where(c)}: "${safeText(c.text)}"${c.via === 'owner-role' ? ' (owner role)' : ''}`)
    .join('\n');

export function addSodSheet(wb: ExcelJS.Workbook, model: ExportModel): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(SOD_SHEET, { views: [{ state: 'frozen', xSplit: 0, ySplit: SOD_HEADER_ROW }] });
  setWidths(ws, [11, 13, 20, 26, 32, 26, 32, 40, 48]);
  const t = ws.getCell('A1');
  t.value = 'Segregation of duties: owner conflicts';
  t.font = { name: FONT, size: 14, bold: true, color: { argb: COLOR.navy } };
  const n = ws.getCell('A2');
  n.value =
    'A first-pass signal from the owners written in the SOC 2 matrix, not an access review: it sees what owners are written down as doing, not what the systems let them do.';
  n.font = { name: FONT, size: 9, italic: true, color: { argb: COLOR.muted } };
  const head = ws.getRow(SOD_HEADER_ROW);
  head.values = [...SOD_COLUMNS];
  styleHeader(head);

  for (const c of model.analysis.sod) {
    const [a, b] = c.sides;
    const row = ws.addRow([
      null,
      safeText(c.rule),
      safeText(c.basis === 'role' ? `${c.owner} (role: confirm who performs each side)` : c.owner),
      safeText(a.label),
      safeText(sideControls(a)),
      safeText(b.label),
      safeText(sideControls(b)),
      safeText(c.risk),
      safeText(c.compensatingControl),
    ]);
    styleBody(row, SOD_COLUMNS.length);
    toneCell(row.getCell(1), SEVERITY[c.severity], capitalise(c.severity));
  }
  if (model.analysis.sod.length === 0) {
    const row = ws.addRow([
      'None',
      null,
      'No owner holds both duties of any segregation-of-duties rule in the matrix as written.',
    ]);
    styleBody(row, SOD_COLUMNS.length);
  } else
    ws.autoFilter = { from: { row: SOD_HEADER_ROW, column: 1 }, to: { row: ws.rowCount, column: SOD_COLUMNS.length } };
  printSetup(ws, model.analysis.profile.companyName, model.exportedAt.slice(0, 10), 'Segregation of duties');
  ws.pageSetup.printTitlesRow = `${SOD_HEADER_ROW}:${SOD_HEADER_ROW}`;
  return ws;
}
