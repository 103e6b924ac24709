// The grid is the one shape every reader (xlsx, csv) produces and every intake step consumes: cell text plus the
// typed value where there is one, with positions. Pure data, no library types leak through it.

export type Severity = 'error' | 'warning' | 'info';

export interface IntakeIssue {
  code: string; // stable, kebab-case, e.g. 'formula-no-result', 'criterion-unknown'
  severity: Severity;
  sheet: string | null;
  row: number | null; // 1-based, as Excel shows it
  column: string | null; // column letter(s) as Excel shows them, e.g. 'C'
  message: string;
}

export type CellValue =
  | { kind: 'string' }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'date'; iso: string } // YYYY-MM-DD for date-only, full ISO-8601 UTC otherwise
  | { kind: 'error'; value: string }; // '#REF!' etc.

export interface GridCell {
  text: string; // what a person sees; rich text flattened; '' for empty
  value: CellValue;
  url?: string; // hyperlink target when the cell is a link
  formula?: boolean; // the cell holds a formula (text is its cached result)
  merged?: boolean; // the value was copied from the top-left cell of a merged range
}

export interface Merge {
  top: number; // 1-based inclusive
  left: number;
  bottom: number;
  right: number;
}

export interface GridSheet {
  name: string;
  state: 'visible' | 'hidden'; // veryHidden sheets are skipped by the reader and reported as an issue
  // rows[r][c] is row r+1, column c+1; a missing entry is an empty cell. Trailing empty rows are trimmed.
  rows: (GridCell | undefined)[][];
  hiddenRows: number[]; // 1-based row numbers
  merges: Merge[];
}

export interface Grid {
  file: string; // the file's name as the user gave it (display only, never a path)
  format: 'xlsx' | 'csv';
  sheets: GridSheet[];
  issues: IntakeIssue[]; // read-time warnings (formula without result, hidden sheet skipped, ...)
}

export function columnLetter(col: number): string {
  // 1 -> A, 27 -> AA
  let n = col;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function cellText(sheet: GridSheet, row: number, col: number): string {
  return sheet.rows[row - 1]?.[col - 1]?.text ?? '';
}

// Rows as a person reads them: runs joined ('24, 31, 40–45'), all of them up to 40 runs.
export function summariseRows(rows: readonly number[]): string {
  const sorted = [...new Set(rows)].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] ?? 0) + 1) j++;
    runs.push(j === i ? String(sorted[i]) : `${sorted[i]}–${sorted[j]}`);
    i = j + 1;
  }
  return runs.length > 40 ? `${runs.slice(0, 40).join(', ')} and ${runs.length - 40} more` : runs.join(', ');
}
