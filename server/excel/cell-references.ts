// Rows and cells without a reference. The `r` attribute of <row> and <c> is optional in SpreadsheetML (ECMA-376 Part 1,
// §18.3.1.73 and §18.3.1.4): a row without one follows the row before it, a cell without one the cell before it in its
// row. Excel always writes it, but some report writers and libraries do not, and the cell reader (part-reader.ts)
// cannot place a cell without one. The worksheet's xml is given the references its element order implies, before the reader
// sees it; a reference already written is kept, and the elements after it count on from it.
import { EXCEL_MAX_COLS, parseAttributes, parseRef } from './a1.ts';
import { columnLetter } from '../domain/grid.ts';

const ELEMENT = /<(row|c)(?=[\s>/])([^>]*?)(\/?)>/g;

// `xml`: a worksheet part as latin1 text (one char per byte; attribute values are ASCII).
export function withCellReferences(xml: string): string {
  let row = 0;
  let col = 0;
  return xml.replace(ELEMENT, (element, tag: string, attrs: string, close: string) => {
    const r = parseAttributes(attrs).get('r');
    if (tag === 'row') {
      const n = r !== undefined && /^\d+$/.test(r) ? Number(r) : null;
      row = n ?? row + 1;
      col = 0;
      return n !== null ? element : `<row r="${row}"${attrs}${close}>`;
    }
    const at = r !== undefined ? parseRef(r) : null;
    if (at) {
      col = at.left;
      return element;
    }
    col++;
    // past the last column Excel has: left as it was, for the reader's own limit to report
    return col > EXCEL_MAX_COLS || row < 1 ? element : `<c r="${columnLetter(col)}${row}"${attrs}${close}>`;
  });
}
