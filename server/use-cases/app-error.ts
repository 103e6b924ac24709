// Expected failures of the use cases. The HTTP layer maps `code` to a status in one table; the CLI prints `message`
// and exits 2. `reason` carries the specific cause (e.g. 'zip-bomb', 'encrypted-xlsx') for filters and tests.
export type AppErrorCode =
  | 'invalid-input' // an option or profile field is not usable
  | 'unreadable-file' // the bytes are not a spreadsheet we can read safely
  | 'no-control-table' // a spreadsheet, but no control matrix in it
  | 'foreign-workbook' // an export of another engagement
  | 'not-found'
  | 'conflict'
  | 'catalog-invalid' // templates/ fail validation: an operator problem, not the user's
  | 'unauthenticated' // sign-in required, or it failed
  | 'forbidden' // signed in, but the role does not allow it
  | 'rate-limited';

export interface AppError {
  code: AppErrorCode;
  reason: string;
  message: string; // one line, names the file / sheet / row / column where it can
  details?: unknown;
}

export const appError = (code: AppErrorCode, reason: string, message: string, details?: unknown): AppError =>
  details === undefined ? { code, reason, message } : { code, reason, message, details };
