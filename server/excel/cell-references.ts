// Rows and cells without a reference. The `r` attribute of <row> and <c> is optional in SpreadsheetML (ECMA-376 Part 1,
// §18.3.1.73 and §18.3.1.4): a row without one follows the row before it, a cell without one the cell before it in its
// row. Excel always writes it, but some report writers and libraries do not, and exceljs's streaming reader cannot
// read a cell without one. The worksheet's xml is given the references its element order implies, before the reader
// sees it; a reference already written is kept, and the elements after it count on from it.
import { columnNumber, EXCEL_MAX_COLS } from './a1.ts';
import { columnLetter } from '../intake/grid.ts';

const ELEMENT = /<(row|c)(?=[\s>/])([^>]*?)(\/?)>/g;
const ROW_REF = /(?:^|\s)r\s*=\s*["'](\d+)["']/;
const CELL_REF = /(?:^|\s)r\s*=\s*["']\$?([A-Za-z]{1,3})\$?(\d+)["']/;

// `xml`: a worksheet part as latin1 text (one char per byte; attribute values are ASCII).
export function withCellReferences(xml: string): string {
  let row = 0;
  let col = 0;
  return xml.replace(ELEMENT, (element, tag: string, attrs: string, close: string) => {
    if (tag === 'row') {
      const r = ROW_REF.exec(attrs);
      row = r ? Number(r[1]) : row + 1;
      col = 0;
      return r ? element : `<row r="${row}"${attrs}${close}>`;
    }
    const r = CELL_REF.exec(attrs);
    if (r) {
      col = columnNumber(r[1]!.toUpperCase());
      return element;
    }
    col++;
    // past the last column Excel has: left as it was, for the reader's own limit to report
    return col > EXCEL_MAX_COLS || row < 1 ? element : `<c r="${columnLetter(col)}${row}"${attrs}${close}>`;
  });
}
