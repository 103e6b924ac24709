import type { Grid } from '../domain/grid.ts';

export type ReadErrorCode =
  | 'empty-file'
  | 'too-large'
  | 'encrypted-xlsx'
  | 'encrypted-zip'
  | 'legacy-xls'
  | 'xlsb'
  | 'ods'
  | 'strict-ooxml'
  | 'prefixed-ooxml'
  | 'not-a-spreadsheet'
  | 'corrupt-zip'
  | 'zip-bomb'
  | 'defined-name-too-large'
  | 'too-many-rows'
  | 'too-many-columns'
  | 'csv-malformed'
  | 'out-of-memory'
  | 'timeout'
  | 'worker-failed'
  | 'busy' // too many uploads waiting to be read
  | 'unreadable';

export interface ReadError {
  code: ReadErrorCode;
  message: string; // one line: names the file (and sheet/part where known) and says what to do
}

export type ReadResult = { ok: true; value: Grid } | { ok: false; error: ReadError };

export function fail(code: ReadErrorCode, message: string): { ok: false; error: ReadError } {
  return { ok: false, error: { code, message: oneLine(message) } };
}

export function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

// File names come from the client: quote them, keep them short and on one line.
export function quoteName(fileName: string): string {
  const flat = oneLine(fileName);
  return `"${flat.length > 120 ? `${flat.slice(0, 117)}...` : flat}"`;
}

// A caught error as one short line (for a reason that names what failed).
export function errorText(e: unknown): string {
  const s = e instanceof Error ? e.message : String(e);
  return s.replace(/\s+/g, ' ').slice(0, 200);
}
