// Import: bytes → safe read (sniff, guards, grid) → intake (tables, mapping, normalised controls). Nothing is
// thrown for bad input: an unreadable file or a file without a control table is an AppError with one line.
import type { Catalog } from '../domain/catalog.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { readSpreadsheet, readSpreadsheetInWorker, type ReadLimits } from '../excel/read.ts';
import type { IntakeResult } from '../intake/control.ts';
import type { Grid } from '../intake/grid.ts';
import { runIntake, type IntakeOptions } from '../intake/intake.ts';
import { appError, type AppError } from './app-error.ts';

export interface ImportOptions extends IntakeOptions {
  inWorker?: boolean; // untrusted uploads on the server: parse in a worker with a heap limit
  limits?: Partial<ReadLimits>;
}

export interface ImportResult extends IntakeResult {
  file: string;
  format: Grid['format'];
  sheetsRead: string[];
  grid: Grid;
}

export async function importWorkbook(
  catalog: Pick<Catalog, 'tsc'>,
  bytes: Uint8Array,
  fileName: string,
  options: ImportOptions = {},
): Promise<Result<ImportResult, AppError>> {
  const read = options.inWorker
    ? await readSpreadsheetInWorker(bytes, fileName, options.limits)
    : await readSpreadsheet(bytes, fileName, options.limits);
  if (!read.ok) return err(appError('unreadable-file', read.error.code, read.error.message));
  const grid = read.value;
  const missing = (options.sheets ?? []).filter((s) => !grid.sheets.some((g) => g.name === s));
  if (missing.length > 0)
    return err(
      appError(
        'invalid-input',
        'unknown-sheet',
        `"${fileName}" has no sheet named ${missing.map((s) => `"${s}"`).join(', ')}; its sheets are ${grid.sheets.map((s) => `"${s.name}"`).join(', ')}`,
      ),
    );
  const intake = runIntake(grid, catalog.tsc, options);
  const catalogue = intake.issues.find((i) => i.code === 'criteria-catalogue');
  if (catalogue) {
    const why = intake.recognised?.message ?? catalogue.message;
    return err(appError('no-control-table', 'criteria-catalogue', `"${fileName}": ${why}`, { issues: intake.issues }));
  }
  if (intake.controls.length === 0) {
    const why = intake.issues.find((i) => i.severity === 'error') ?? intake.issues[0];
    return err(
      appError(
        'no-control-table',
        why?.code ?? 'no-table-found',
        `"${fileName}": no control matrix found${why ? ` (${why.message})` : ''}; the file needs a header row with at least a control description or name column`,
        { issues: intake.issues },
      ),
    );
  }
  // (the intake's issues begin with the reader's own: adding grid.issues again told every read issue twice)
  return ok({ ...intake, file: fileName, format: grid.format, sheetsRead: [...new Set(intake.tables.map((t) => t.sheet))], grid });
}
