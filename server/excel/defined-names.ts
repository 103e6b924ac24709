// exceljs's whole-workbook load expands every defined name into one object per covered cell: a single name over
// A1:XFD1048576 is a fatal, uncatchable heap OOM. Our reader takes only the sheet list and the date system from the
// client's workbook.xml (zip-preflight.ts) and reads cells from the sheets' own xml (part-reader.ts), so no name is
// expanded; names over huge ranges are still measured from the raw xml and reported, since any other tool that opens
// the file will expand them.
import { columnNumber, decodeXmlEntities, EXCEL_MAX_COLS, EXCEL_MAX_ROWS, parseAttributes } from './a1.ts';

export interface DefinedNameSize {
  name: string;
  cells: number;
  // what the name covers, in words a finance user reads: 'the whole sheet', 'whole columns', 'whole rows', or
  // 'a large range'
  covers: 'the whole sheet' | 'whole columns' | 'whole rows' | 'a large range';
}

// Print areas and titles are turned into page setup by exceljs, never expanded, and often cover whole rows.
const NOT_EXPANDED = new Set(['_xlnm.print_area', '_xlnm.print_titles']);

const AREA =
  /(?<![A-Za-z0-9_.])(?:\$?([A-Za-z]{1,3})\$?(\d{1,9})(?::\$?([A-Za-z]{1,3})\$?(\d{1,9}))?|\$?([A-Za-z]{1,3}):\$?([A-Za-z]{1,3})|\$?(\d{1,9}):\$?(\d{1,9}))(?![A-Za-z0-9_(])/g;

export function countFormulaCells(formula: string): number {
  return measureFormula(formula).cells;
}

function measureFormula(formula: string): { cells: number; covers: DefinedNameSize['covers'] } {
  // Quoted sheet names and string literals may contain anything; blank them so they never look like references.
  const text = formula.replace(/'(?:[^']|'')*'/g, ' ').replace(/"(?:[^"]|"")*"/g, ' ').replace(/[^\s,()!:$A-Za-z0-9_.]+/g, ' ');
  const noSheet = text.replace(/[A-Za-z0-9_.]+!/g, '');
  let total = 0;
  let columns = false;
  let rowsOnly = false;
  AREA.lastIndex = 0;
  for (let m = AREA.exec(noSheet); m; m = AREA.exec(noSheet)) {
    if (m[1] && m[2]) {
      const rows = m[4] ? Math.abs(Number(m[4]) - Number(m[2])) + 1 : 1;
      const cols = m[3] ? Math.abs(columnNumber(m[3]) - columnNumber(m[1])) + 1 : 1;
      total += rows * cols;
      if (rows >= EXCEL_MAX_ROWS) columns = true;
      if (cols >= EXCEL_MAX_COLS) rowsOnly = true;
    } else if (m[5] && m[6]) {
      total += (Math.abs(columnNumber(m[6]) - columnNumber(m[5])) + 1) * EXCEL_MAX_ROWS;
      columns = true;
    } else if (m[7] && m[8]) {
      total += (Math.abs(Number(m[8]) - Number(m[7])) + 1) * EXCEL_MAX_COLS;
      rowsOnly = true;
    }
  }
  const covers = columns && rowsOnly ? 'the whole sheet' : columns ? 'whole columns' : rowsOnly ? 'whole rows' : 'a large range';
  return { cells: total, covers };
}

export function measureDefinedNames(workbookXml: string): DefinedNameSize[] {
  const out: DefinedNameSize[] = [];
  const re = /<definedName\b([^>]*?)(?:\/>|>([\s\S]*?)<\/definedName\s*>)/g;
  for (let m = re.exec(workbookXml); m; m = re.exec(workbookXml)) {
    const name = parseAttributes(m[1] ?? '').get('name') ?? '(unnamed)';
    const measured = NOT_EXPANDED.has(name.toLowerCase())
      ? { cells: 0, covers: 'a large range' as const }
      : measureFormula(decodeXmlEntities(m[2] ?? ''));
    out.push({ name, ...measured });
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

// 'a named range ("Everything") covering the whole sheet was ignored; it does not affect the controls.' Several
// names are one sentence, grouped by what they cover.
export function describeDroppedNames(names: readonly DefinedNameSize[]): string {
  const byCover = new Map<DefinedNameSize['covers'], string[]>();
  for (const n of names) {
    const list = byCover.get(n.covers);
    if (list) list.push(n.name);
    else byCover.set(n.covers, [n.name]);
  }
  const parts = [...byCover].map(([covers, list]) => {
    const shown = list.slice(0, 5).map((n) => `"${n}"`).join(', ') + (list.length > 5 ? `, and ${list.length - 5} more` : '');
    return list.length === 1 ? `a named range (${shown}) covering ${covers}` : `${list.length} named ranges (${shown}) covering ${covers}`;
  });
  const many = names.length > 1;
  return `${parts.join('; ')} ${many ? 'were' : 'was'} ignored; ${many ? 'they do' : 'it does'} not affect the controls.`;
}
