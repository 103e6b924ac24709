// Client and user text that looks like a formula stays text for good. exceljs writes every string as a shared string,
// which Excel never evaluates on opening, but a cell whose text starts with =, +, -, @, a tab or a carriage return
// turns into a live formula as soon as someone edits the cell (F2, Enter) or saves the sheet as CSV and opens it
// again. Excel's guard is the quote prefix (the cell style's quotePrefix="1", shown as a leading ' in the formula
// bar): the cell keeps its text on editing and spreadsheet programs write it back quoted. Such cells are also given
// the Text number format (@), which is how they are found again in the styles part: exceljs has no quotePrefix, so it
// is added to every cell format with the Text format as the styles part is written.
import type ExcelJS from 'exceljs';

// The first characters that make a spreadsheet program read text as a formula (OWASP "CSV injection").
export const FORMULA_START = /^[=+\-@\t\r]/;
export const TEXT_FORMAT = '@'; // built-in number format 49

export function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(text);
}

// One CSV field for a file a person may open in a spreadsheet program: formula-like text gets a leading apostrophe
// (the CSV counterpart of the quote prefix), then the usual quoting.
export function csvField(value: string): string {
  const text = looksLikeFormula(value) ? `'${value}` : value;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function cellText(value: ExcelJS.CellValue): string | null {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'richText' in value) return value.richText.map((r) => r.text).join('');
  return null;
}

// Gives a row's formula-like text cells the Text format; returns how many. Run before the row's styles are shared.
export function markFormulaLikeCells(row: ExcelJS.Row): number {
  let marked = 0;
  row.eachCell({ includeEmpty: false }, (cell) => {
    const text = cellText(cell.value);
    if (text !== null && looksLikeFormula(text)) {
      cell.numFmt = TEXT_FORMAT;
      marked++;
    }
  });
  return marked;
}

// Adds quotePrefix="1" to every cell format (cellXfs) with the Text format in a workbook's styles part, as it is
// written (stream-workbook.ts).
export function quotePrefixText(xml: string): string {
  return xml.replace(/<cellXfs\b[^>]*>[\s\S]*?<\/cellXfs>/, (block) =>
    block.replace(/<xf\b([^>]*?)(\/?)>/g, (xf, attrs: string, close: string) =>
      /\bnumFmtId="49"/.test(attrs) && !/\bquotePrefix=/.test(attrs) ? `<xf${attrs} quotePrefix="1"${close}>` : xf,
    ),
  );
}
