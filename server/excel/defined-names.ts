// exceljs's whole-workbook load expands every defined name into one object per covered cell: a single name over
// A1:XFD1048576 is a fatal, uncatchable heap OOM. Our reader never gives exceljs the client's workbook.xml (see
// handoff.ts), so no name reaches it; names over huge ranges are still measured from the raw xml and reported, since
// any other tool that opens the file will expand them.
import { columnNumber, decodeXmlEntities, EXCEL_MAX_COLS, EXCEL_MAX_ROWS, parseAttributes } from './a1.ts';

export interface DefinedNameSize {
  name: string;
  cells: number;
}

// Print areas and titles are turned into page setup by exceljs, never expanded, and often cover whole rows.
const NOT_EXPANDED = new Set(['_xlnm.print_area', '_xlnm.print_titles']);

const AREA =
  /(?<![A-Za-z0-9_.])(?:\$?([A-Za-z]{1,3})\$?(\d{1,9})(?::\$?([A-Za-z]{1,3})\$?(\d{1,9}))?|\$?([A-Za-z]{1,3}):\$?([A-Za-z]{1,3})|\$?(\d{1,9}):\$?(\d{1,9}))(?![A-Za-z0-9_(])/g;

export function countFormulaCells(formula: string): number {
  // Quoted sheet names and string literals may contain anything; blank them so they never look like references.
  const text = formula.replace(/'(?:[^']|'')*'/g, ' ').replace(/"(?:[^"]|"")*"/g, ' ').replace(/[^\s,()!:$A-Za-z0-9_.]+/g, ' ');
  const noSheet = text.replace(/[A-Za-z0-9_.]+!/g, '');
  let total = 0;
  AREA.lastIndex = 0;
  for (let m = AREA.exec(noSheet); m; m = AREA.exec(noSheet)) {
    if (m[1] && m[2]) {
      const rows = m[4] ? Math.abs(Number(m[4]) - Number(m[2])) + 1 : 1;
      const cols = m[3] ? Math.abs(columnNumber(m[3]) - columnNumber(m[1])) + 1 : 1;
      total += rows * cols;
    } else if (m[5] && m[6]) {
      total += (Math.abs(columnNumber(m[6]) - columnNumber(m[5])) + 1) * EXCEL_MAX_ROWS;
    } else if (m[7] && m[8]) {
      total += (Math.abs(Number(m[8]) - Number(m[7])) + 1) * EXCEL_MAX_COLS;
    }
  }
  return total;
}

export function measureDefinedNames(workbookXml: string): DefinedNameSize[] {
  const out: DefinedNameSize[] = [];
  const re = /<definedName\b([^>]*?)(?:\/>|>([\s\S]*?)<\/definedName\s*>)/g;
  for (let m = re.exec(workbookXml); m; m = re.exec(workbookXml)) {
    const name = parseAttributes(m[1] ?? '').get('name') ?? '(unnamed)';
    const cells = NOT_EXPANDED.has(name.toLowerCase()) ? 0 : countFormulaCells(decodeXmlEntities(m[2] ?? ''));
    out.push({ name, cells });
  }
  return out;
}

// Names to drop: every name over the limit, then the largest until the rest together fit under it too
// (ten names of 900,000 cells are as fatal as one of 9,000,000).
export function namesToNeutralise(names: DefinedNameSize[], maxCells: number): DefinedNameSize[] {
  const drop = new Set(names.filter((n) => n.cells > maxCells));
  let remaining = names.filter((n) => !drop.has(n)).reduce((s, n) => s + n.cells, 0);
  const bySize = names.filter((n) => !drop.has(n)).sort((a, b) => b.cells - a.cells);
  for (const n of bySize) {
    if (remaining <= maxCells) break;
    drop.add(n);
    remaining -= n.cells;
  }
  return names.filter((n) => drop.has(n));
}
