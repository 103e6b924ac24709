// The look shared by the presentation sheets: one palette, one font, one way to write client text and dates.
// Status colours always travel with the status word, so a grey-scale print or a colour-blind reader loses nothing.
import type ExcelJS from 'exceljs';
import type { DeltaItem } from '../../domain/delta.ts';

export const FONT = 'Calibri';
export const COLOR = {
  ink: 'FF1F2937',
  muted: 'FF6B7280',
  navy: 'FF1F3864',
  headerFill: 'FF1F3864',
  headerText: 'FFFFFFFF',
  addedFill: 'FF00695C', // soxbridge's own columns on the client's matrix
  band: 'FFF2F4F7',
  rule: 'FFD0D5DD',
  green: 'FFC6EFCE',
  greenText: 'FF006100',
  amber: 'FFFFEB9C',
  amberText: 'FF7F6000',
  red: 'FFFFC7CE',
  redText: 'FF9C0006',
  grey: 'FFE7E6E6',
  greyText: 'FF3A3A3A',
  bar: 'FF5B8DD6',
  barDone: 'FFA6A6A6',
  barRisk: 'FFC00000',
  phaseBar: 'FF1F3864',
  milestone: 'FFFFC000',
  today: 'FFE36C09',
} as const;

export type Tone = 'good' | 'warn' | 'bad' | 'neutral';
const TONE: Record<Tone, { fill: string; text: string }> = {
  good: { fill: COLOR.green, text: COLOR.greenText },
  warn: { fill: COLOR.amber, text: COLOR.amberText },
  bad: { fill: COLOR.red, text: COLOR.redText },
  neutral: { fill: COLOR.grey, text: COLOR.greyText },
};

export const STATUS: Record<DeltaItem['status'], { label: string; tone: Tone }> = {
  covered: { label: 'Covered', tone: 'good' },
  enhance: { label: 'Enhance', tone: 'warn' },
  gap: { label: 'Gap', tone: 'bad' },
  'not-applicable': { label: 'Not applicable', tone: 'neutral' },
};

// One fill object per colour, shared by every cell of that colour (no sheet changes a fill in place).
const FILLS = new Map<string, ExcelJS.Fill>();
export function fill(argb: string): ExcelJS.Fill {
  let f = FILLS.get(argb);
  if (!f) FILLS.set(argb, (f = { type: 'pattern', pattern: 'solid', fgColor: { argb } }));
  return f;
}
const thin = (argb: string = COLOR.rule): ExcelJS.Border => ({ style: 'thin', color: { argb } });
export const GRID: Partial<ExcelJS.Borders> = { top: thin(), left: thin(), bottom: thin(), right: thin() };

export const DATE_FMT = 'd mmm yyyy';
export const PERCENT_FMT = '0.0%';

// Client text as a plain string: never a formula or hyperlink object, no XML-illegal control characters, and within
// Excel's 32,767-character cell limit. exceljs writes a string as a shared string (t="s"), which Excel never evaluates.
export function safeText(s: unknown): string {
  const text = s === null || s === undefined ? '' : String(s);
  const clean = NOT_XML.test(text) ? text.replace(NOT_XML_ALL, '') : text; // (most texts have none)
  return clean.length > 32767 ? clean.slice(0, 32766) + '…' : clean;
}
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const NOT_XML_ALL = new RegExp(NOT_XML.source, 'g');

// A date-only ISO string as a real Excel date (UTC midnight, so no reader sees the previous day).
export function isoToDate(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

export function setWidths(ws: ExcelJS.Worksheet, widths: number[]): void {
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
}

export function styleHeader(row: ExcelJS.Row, argb: string = COLOR.headerFill, from = 1, to = row.cellCount): void {
  for (let c = from; c <= to; c++) {
    const cell = row.getCell(c);
    cell.font = { name: FONT, bold: true, color: { argb: COLOR.headerText } };
    cell.fill = fill(argb);
    cell.alignment = { vertical: 'middle', wrapText: true };
    cell.border = GRID;
  }
  row.height = 30;
}

// Body cells: wrapped, top-aligned, thin rule, so long reasons stay readable without touching the sheet.
// One font and one alignment object for every body cell that has none of its own (exceljs keeps a cell's style parts by
// reference, and nothing here changes a part in place): a 5000-row matrix no longer carries 240,000 small objects.
const BODY_FONT: Partial<ExcelJS.Font> = { name: FONT, size: 10, color: { argb: COLOR.ink } };
const BODY_ALIGNMENT: Partial<ExcelJS.Alignment> = { vertical: 'top', wrapText: true };

export function styleBody(row: ExcelJS.Row, to: number): void {
  for (let c = 1; c <= to; c++) {
    const cell = row.getCell(c);
    cell.font ??= BODY_FONT;
    cell.alignment = cell.alignment ? { ...BODY_ALIGNMENT, ...cell.alignment } : BODY_ALIGNMENT;
    cell.border = GRID;
  }
  fitRow(row, to);
}

// Neither Excel nor LibreOffice grows a row to its wrapped text on opening a file, so the height is estimated here
// from the text and the column widths (a width unit is about one character of 11-point text).
export function fitRow(row: ExcelJS.Row, to: number, fontSize = 10): void {
  let lines = 1;
  for (let c = 1; c <= to; c++) {
    const cell = row.getCell(c);
    if (typeof cell.value !== 'string' || !cell.alignment?.wrapText) continue;
    lines = Math.max(lines, linesOf(cell.value, row.worksheet.getColumn(c).width, fontSize));
  }
  const h = heightOf(lines, fontSize);
  if (h !== undefined) row.height = h;
}

// The lines wrapped text takes in a column of this width, and the row height for that many lines (none for one).
export function linesOf(text: string, width: number | undefined, fontSize = 10): number {
  const perLine = Math.max(1, ((width ?? 9) - 1) * 1.2 * (11 / fontSize));
  let lines = 0;
  let from = 0;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
    lines += Math.max(1, Math.ceil((nl - from) / perLine));
    from = nl + 1;
  }
  return lines + Math.max(1, Math.ceil((text.length - from) / perLine));
}

export const heightOf = (lines: number, fontSize = 10): number | undefined => (lines > 1 ? Math.min(409, Math.ceil(lines * fontSize * 1.3 + 3)) : undefined);

// The style of a body cell (styleBody), and of a toned cell (toneCell) on a body row: one object each, for the rows
// the matrix writes straight to the file.
export const BODY_STYLE: Partial<ExcelJS.Style> = { font: BODY_FONT, alignment: BODY_ALIGNMENT, border: GRID };
export const BODY_TEXT_STYLE: Partial<ExcelJS.Style> = { ...BODY_STYLE, numFmt: '@' }; // formula-like text (formula-safe.ts)
const TONE_STYLES = new Map<Tone, Partial<ExcelJS.Style>>();
export function toneStyle(tone: Tone): Partial<ExcelJS.Style> {
  let s = TONE_STYLES.get(tone);
  if (!s) {
    s = { font: { name: FONT, size: 10, bold: true, color: { argb: TONE[tone].text } }, alignment: { vertical: 'top', horizontal: 'center' }, border: GRID, fill: fill(TONE[tone].fill) };
    TONE_STYLES.set(tone, s);
  }
  return s;
}

export function toneCell(cell: ExcelJS.Cell, tone: Tone, label: string): void {
  cell.value = label;
  cell.fill = fill(TONE[tone].fill);
  cell.font = { name: FONT, size: 10, bold: true, color: { argb: TONE[tone].text } };
  cell.alignment = { vertical: 'top', horizontal: 'center' };
}

export function title(ws: ExcelJS.Worksheet, text: string, subtitle: string): void {
  const t = ws.getCell('A1');
  t.value = safeText(text);
  t.font = { name: FONT, size: 16, bold: true, color: { argb: COLOR.navy } };
  const s = ws.getCell('A2');
  s.value = safeText(subtitle);
  s.font = { name: FONT, size: 10, italic: true, color: { argb: COLOR.muted } };
}

// Header and footer text: '&' starts a code there, so client text doubles it; Excel allows 255 characters in all.
export function headerText(s: string, max = 80): string {
  const t = safeText(s).replace(/[\r\n]+/g, ' ');
  return (t.length > max ? t.slice(0, max - 1) + '…' : t).replace(/&/g, '&&');
}

export function printSetup(
  ws: ExcelJS.Worksheet,
  company: string,
  exportedOn: string,
  what: string,
  fitOnePage = false,
): void {
  ws.pageSetup = {
    ...ws.pageSetup,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: fitOnePage ? 1 : 0,
    margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
  };
  ws.headerFooter = {
    ...ws.headerFooter,
    oddHeader: `&L&B${headerText(company)}&R${headerText(what)}`,
    oddFooter: `&LExported ${headerText(exportedOn, 40)}&CPage &P of &N&RPrepared with soxbridge`,
  };
}

const CATEGORY_LABEL: Record<string, string> = {
  entity: 'Entity-level',
  'itgc-access': 'ITGC: access',
  'itgc-change': 'ITGC: change management',
  'itgc-development': 'ITGC: development',
  'itgc-operations': 'ITGC: operations',
  'service-org': 'Service organisations',
};
export function categoryLabel(c: string): string {
  if (c.startsWith('process:')) return `Process: ${c.slice('process:'.length).replace(/-/g, ' ')}`;
  return CATEGORY_LABEL[c] ?? c;
}

export const where = (r: { controlId?: string; id?: string; sheet: string; row: number }): string =>
  safeText(`${r.controlId ?? r.id ?? ''} (${r.sheet}!${r.row})`);
