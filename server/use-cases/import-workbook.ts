// Import: bytes → safe read (sniff, guards, grid) → intake (tables, mapping, normalised controls). Nothing is
// thrown for bad input: an unreadable file or a file without a control table is an AppError with one line.
// The read goes through the context's reader (spreadsheet-reader.ts) and the intake runs where the grid is: on the
// server inside the reader process (intakeGrid below is the reader's "then" step), and with previewControls only that
// many controls and MAX_PREVIEW_ISSUES issues come back: the server never holds a large upload's grid, nor all its
// controls, for a preview. The grid's rows never come back (ImportResult.grid has its sheets without their rows).
import type { Catalog } from '../domain/catalog.ts';
import { err, ok, type Result } from '../domain/result.ts';
import type { IntakeResult } from '../domain/control.ts';
import type { Grid } from '../domain/grid.ts';
import { runIntake, type IntakeOptions } from '../intake/intake.ts';
import { analyseEngagement, type AnalysisInputs } from './analyse-engagement.ts';
import type { Analysis } from '../domain/analysis.ts';
import { appError, type AppError } from './app-error.ts';
import type { ProfileInput } from '../domain/profile.ts';
import { gridStep, readFailure, type ReadSpreadsheet } from './spreadsheet-reader.ts';

export interface ImportOptions extends IntakeOptions {
  read: ReadSpreadsheet; // the context's reader (ctx.readSpreadsheet, or the CLI's)
  onQueue?: (position: number) => void; // while waiting for a reader (in a worker only): the place in the queue, then 0
  previewControls?: number; // keep only the first N controls (controlCount still counts them all)
  // Also run the analysis of the controls read (in the reader process too, on the server): confirming a 50,000-row import
  // then spends its seconds of analysis off the server's thread and outside the write transaction.
  analyse?: { catalog: Catalog; profile: ProfileInput; today: string; inputs?: AnalysisInputs };
}

export const MAX_PREVIEW_ISSUES = 1000;

export interface ImportResult extends IntakeResult {
  file: string;
  format: Grid['format'];
  sheetsRead: string[];
  // The sheets without their rows (rows: [], they stay with the reader); sheetSizes has their counts.
  grid: Grid;
  sheetSizes: { name: string; state: string; rows: number }[];
  controlCount: number; // all controls, also when `controls` holds only a preview's first few
  issueCount: number; // all issues, also when `issues` holds only the first MAX_PREVIEW_ISSUES
  issueGroups: { code: string; severity: string; count: number }[]; // over all issues, most frequent first
  analysis?: Result<Analysis, AppError>; // with options.analyse
}

interface IntakeArg {
  tsc: Catalog['tsc'];
  fileName: string;
  options: IntakeOptions;
  previewControls: number | null;
  analyse: ImportOptions['analyse'] | null;
}

// The part after the read: runs in the server (inline) or in the reader process (the worker's "then" step).
export function intakeGrid(grid: Grid, arg: IntakeArg): Result<ImportResult, AppError> {
  const { fileName, options } = arg;
  const missing = (options.sheets ?? []).filter((s) => !grid.sheets.some((g) => g.name === s));
  if (missing.length > 0)
    return err(
      appError(
        'invalid-input',
        'unknown-sheet',
        `"${fileName}" has no sheet named ${missing.map((s) => `"${s}"`).join(', ')}; its sheets are ${grid.sheets.map((s) => `"${s.name}"`).join(', ')}`,
      ),
    );
  const intake = runIntake(grid, arg.tsc, options);
  const catalogue = intake.issues.find((i) => i.code === 'criteria-catalogue');
  if (catalogue) {
    const why = intake.recognised?.message ?? catalogue.message;
    return err(appError('no-control-table', 'criteria-catalogue', `"${fileName}": ${why}`, { issues: intake.issues.slice(0, MAX_PREVIEW_ISSUES) }));
  }
  if (intake.controls.length === 0) {
    const why = intake.issues.find((i) => i.severity === 'error') ?? intake.issues[0];
    return err(
      appError(
        'no-control-table',
        why?.code ?? 'no-table-found',
        `"${fileName}": no control matrix found${why ? ` (${why.message})` : ''}; the file needs a header row with at least a control description or name column`,
        { issues: intake.issues.slice(0, MAX_PREVIEW_ISSUES) },
      ),
    );
  }
  // (the intake's issues begin with the reader's own: adding grid.issues again told every read issue twice)
  const issues = intake.issues;
  const groups = new Map<string, { code: string; severity: string; count: number }>();
  for (const i of issues) {
    const g = groups.get(i.code) ?? { code: i.code, severity: i.severity, count: 0 };
    g.count++;
    groups.set(i.code, g);
  }
  const preview = arg.previewControls;
  const a = arg.analyse;
  return ok({
    ...(a ? { analysis: analyseEngagement(a.catalog, intake.controls, a.profile, a.today, a.inputs) } : {}),
    ...intake,
    controls: preview === null ? intake.controls : intake.controls.slice(0, preview),
    issues: preview === null ? issues : issues.slice(0, MAX_PREVIEW_ISSUES),
    file: fileName,
    format: grid.format,
    sheetsRead: [...new Set(intake.tables.map((t) => t.sheet))],
    grid: { ...grid, sheets: grid.sheets.map((s) => ({ ...s, rows: [] })) },
    sheetSizes: grid.sheets.map((s) => ({ name: s.name, state: s.state, rows: s.rows.length })),
    controlCount: intake.controls.length,
    issueCount: issues.length,
    issueGroups: [...groups.values()].sort((a, b) => b.count - a.count),
  });
}

export async function importWorkbook(
  catalog: Pick<Catalog, 'tsc'>,
  bytes: Uint8Array,
  fileName: string,
  options: ImportOptions,
): Promise<Result<ImportResult, AppError>> {
  const intakeOptions: IntakeOptions = {
    ...(options.sheets ? { sheets: options.sheets } : {}),
    ...(options.overrides ? { overrides: options.overrides } : {}),
    ...(options.headerRows ? { headerRows: options.headerRows } : {}),
  };
  const arg: IntakeArg = { tsc: catalog.tsc, fileName, options: intakeOptions, previewControls: options.previewControls ?? null, analyse: options.analyse ?? null };
  const r = await options.read(bytes, fileName, gridStep(import.meta.url, 'intakeGrid', intakeGrid, arg), options.onQueue);
  if (!r.ok) return err(readFailure(r.error));
  return r.value;
}
