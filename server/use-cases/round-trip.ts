// Export and re-import of the plan workbook. An edited export is recognised by its meta sheet; a workbook of another
// engagement is refused; the diff is computed against the rows as exported and the engagement's current tasks.
import { currentValues, diffPlan, type PlanDiff } from '../domain/plan-diff.ts';
import { exportedRowValues, listsOwners, readExportGrid, type ExportRead, type PlanRowValues } from '../domain/plan-export.ts';
import type { PlanTask } from '../domain/plan.ts';
import { diffTesting, readTestingGrid } from '../domain/testing-export.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { readSpreadsheet } from '../excel/read.ts';
import type { Grid } from '../intake/grid.ts';
import { appError, type AppError } from './app-error.ts';

export interface ReadExport {
  grid: Grid;
  export: ExportRead;
}

// Result value null: not a soxbridge export (the caller sends it to the normal import).
export async function readExportFile(bytes: Uint8Array, fileName: string): Promise<Result<ReadExport | null, AppError>> {
  const read = await readSpreadsheet(bytes, fileName);
  if (!read.ok) return err(appError('unreadable-file', read.error.code, read.error.message));
  const ex = readExportGrid(read.value);
  if (ex === null) return ok(null);
  if (!ex.ok) return err(appError('invalid-input', ex.error.code, ex.error.message));
  return ok({ grid: read.value, export: ex.value });
}

export interface DiffSources {
  original: ReadExport; // the export as soxbridge wrote it
  edited: ReadExport;
  current: PlanTask[] | null; // the engagement's tasks now; null: unchanged since the export (no conflicts possible)
  currentValues?: Map<string, PlanRowValues> | null; // or the current rows directly (e.g. read from a later export)
}

export function diffExports(src: DiffSources): Result<PlanDiff, AppError> {
  const { original, edited } = src;
  if (edited.export.meta.engagementId !== original.export.meta.engagementId)
    return err(
      appError(
        'foreign-workbook',
        'other-engagement',
        `"${edited.grid.file}" was exported from another engagement (${edited.export.meta.company || edited.export.meta.engagementId}); it cannot be applied to this one`,
      ),
    );
  const exported = new Map(
    original.export.rows
      .filter((r) => r.id !== null)
      .map((r) => [
        r.id!,
        {
          row: r.row,
          values: exportedRowValues(r),
          readonly: { phase: r.cells.get('phase')?.text.trim() ?? '', target: r.cells.get('target')?.text.trim() ?? '' },
        },
      ]),
  );
  const current =
    src.currentValues ?? (src.current ? currentValues(src.current) : new Map([...exported].map(([id, e]) => [id, e.values])));
  const plan = diffPlan({
    exported,
    edited: edited.export.rows,
    sheet: edited.export.planSheet,
    current,
    owners: listsOwners(original.grid),
    taskIds: new Set([...exported.keys(), ...current.keys()]),
  });
  const testing = testingDiff(original.grid, edited.grid);
  return ok(testing.changes.length + testing.invalid.length > 0 ? { ...plan, testing } : plan);
}

// The Testing and Deficiencies sheets: recorded results and judgements, changed against the export.
export function testingDiff(original: Grid, edited: Grid): NonNullable<PlanDiff['testing']> {
  const after = readTestingGrid(edited);
  return { changes: diffTesting(readTestingGrid(original), after), invalid: after.invalid };
}
