// CSV through a real CSV parser that keeps every value a string: exceljs's CSV reader turns "001" into 1 and
// "1.10" into 1.1, which destroys control ids. Whatever the text looks like, it becomes a grid; intake decides
// whether it is a control matrix.
import { parse } from 'csv-parse/sync';
import type { GridCell, IntakeIssue } from '../domain/grid.ts';
import type { ReadLimits } from './limits.ts';
import { errorText, fail, quoteName, type ReadResult } from './read-result.ts';

export type Delimiter = ',' | ';' | '\t';
const CANDIDATES: Delimiter[] = [',', ';', '\t'];
const SAMPLE_LINES = 20;

export interface Decoded {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
  guessed: boolean; // not valid UTF-8 and no BOM: read as Windows-1252
}

export function decodeText(bytes: Uint8Array): Decoded {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8', guessed: false };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le', guessed: false };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be', guessed: false };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8', guessed: false };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252', guessed: true };
  }
}

// The delimiter that splits the first lines into the same number of fields most often; quoted text is skipped.
export function detectDelimiter(text: string): Delimiter {
  const counts = new Map<Delimiter, number[]>(CANDIDATES.map((d) => [d, [0]]));
  let inQuotes = false;
  let lines = 0;
  for (let i = 0; i < text.length && lines < SAMPLE_LINES; i++) {
    const ch = text[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (inQuotes) continue;
    else if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) {
      lines++;
      for (const list of counts.values()) list.push(0);
    } else if (ch === ',' || ch === ';' || ch === '\t') {
      const list = counts.get(ch);
      if (list) list[list.length - 1] = (list[list.length - 1] ?? 0) + 1;
    }
  }
  let best: Delimiter = ',';
  let bestScore = 0;
  let bestMode = 0;
  for (const d of CANDIDATES) {
    const tally = new Map<number, number>();
    for (const n of counts.get(d) ?? []) if (n > 0) tally.set(n, (tally.get(n) ?? 0) + 1);
    let mode = 0;
    let score = 0;
    for (const [n, times] of tally) if (times > score || (times === score && n > mode)) [mode, score] = [n, times];
    if (score > bestScore || (score === bestScore && score > 0 && mode > bestMode)) [best, bestScore, bestMode] = [d, score, mode];
  }
  return best;
}

export function sheetNameFromFile(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const noExt = base.replace(/\.[^.]{1,5}$/, '');
  const clean = noExt.replace(/[\\/*?:[\]\p{Cc}]/gu, ' ').replace(/\s+/g, ' ').trim().replace(/^'+|'+$/g, '');
  return clean.slice(0, 31).trim() || 'Sheet1';
}

export function readCsv(bytes: Uint8Array, fileName: string, limits: ReadLimits): ReadResult {
  const file = quoteName(fileName);
  const decoded = decodeText(bytes);
  if (decoded.text.includes('\u0000')) {
    return fail('not-a-spreadsheet', `${file} is a binary file, not a spreadsheet or CSV; upload the control matrix as .xlsx or .csv.`);
  }
  const delimiter = detectDelimiter(decoded.text);

  let records: string[][];
  try {
    records = parse(decoded.text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true, // a stray quote inside a field (5" screen) stays text, as in Excel
      skip_empty_lines: false,
      to: limits.maxRows + 1,
    });
  } catch (e) {
    return fail('csv-malformed', `${file}: ${describeCsvError(e, decoded.text)}; fix the quotes in that row (every quoted cell needs a closing ") and re-upload the file.`);
  }
  if (records.length > limits.maxRows) {
    return fail('too-many-rows', `${file} has more than ${limits.maxRows.toLocaleString('en-US')} rows; split the file and re-upload it.`);
  }

  const rows: (GridCell | undefined)[][] = [];
  for (const [i, record] of records.entries()) {
    if (record.length > limits.maxCols) {
      return fail('too-many-columns', `${file}, row ${i + 1} has ${record.length} columns, above the limit of ${limits.maxCols.toLocaleString('en-US')}; remove unused columns and re-upload the file.`);
    }
    let end = record.length;
    while (end > 0 && record[end - 1] === '') end--;
    const line: (GridCell | undefined)[] = [];
    for (let c = 0; c < end; c++) {
      const v = record[c] ?? '';
      line.push(v === '' ? undefined : { text: v, value: { kind: 'string' } });
    }
    rows.push(line);
  }
  while (rows.length > 0 && rows[rows.length - 1]?.length === 0) rows.pop();

  const issues: IntakeIssue[] = [];
  if (decoded.guessed) {
    issues.push({
      code: 'csv-encoding-guessed',
      severity: 'info',
      sheet: null,
      row: null,
      column: null,
      message: `${file} is not UTF-8; it was read as Windows-1252. If accented letters look wrong, save it as "CSV UTF-8" and re-upload it.`,
    });
  }
  const name = sheetNameFromFile(fileName);
  return { ok: true, value: { file: fileName, format: 'csv', sheets: [{ name, state: 'visible', rows, hiddenRows: [], merges: [] }], issues } };
}

function describeCsvError(e: unknown, text: string): string {
  const err = e as { code?: unknown; lines?: unknown; records?: unknown; bytes_records?: unknown };
  if (err.code === 'CSV_QUOTE_NOT_CLOSED' && typeof err.bytes_records === 'number') {
    // csv-parse reports the last line; the broken record starts right after the last complete one.
    const before = Buffer.from(text, 'utf8').subarray(0, err.bytes_records).toString('utf8');
    const line = (before.match(/\r\n|\r|\n/g)?.length ?? 0) + 1;
    return `a quoted cell opened on line ${line} is never closed`;
  }
  if (typeof err.lines === 'number') return `malformed CSV on line ${err.lines} (${errorText(e)})`;
  return `malformed CSV (${errorText(e)})`;
}
