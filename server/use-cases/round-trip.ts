// The re-import pipeline of the plan workbook, one for the server and the CLI. An edited export is recognised by its
// meta sheet; a workbook of another engagement is refused; the diff input is built by one function (reimportDiff)
// from the export as read (the edited file), the export as stored (the server's record, or the original workbook
// given to the CLI) and the engagement as it is now.
import { currentValues, diffPlan, type PlanDiff } from '../domain/plan-diff.ts';
import {
  exportedRowValues,
  ownerList,
  readExportGrid,
  rowHash,
  type ExportRead,
  type PlanRowValues,
  type ReadonlyValues,
} from '../domain/plan-export.ts';
import type { PlanTask } from '../domain/plan.ts';
import { diffTesting, readTestingGrid } from '../domain/testing-export.ts';
import { diffMappingGrids } from '../domain/mapping-export.ts';
import { err, ok, type Result } from '../domain/result.ts';
import type { Grid } from '../domain/grid.ts';
import { appError, type AppError } from './app-error.ts';
import { readFailure, type ReadSpreadsheet } from './spreadsheet-reader.ts';

export interface ReadExport {
  grid: Grid;
  export: ExportRead;
}

// Result value null: not a soxbridge export (the caller sends it to the normal import).
// read: the context's reader (ctx.readSpreadsheet, or the CLI's): the export is an upload like any other.
export async function readExportFile(read: ReadSpreadsheet, bytes: Uint8Array, fileName: string): Promise<Result<ReadExport | null, AppError>> {
  const grid = await read(bytes, fileName);
  if (!grid.ok) return err(readFailure(grid.error));
  return exportOfGrid(grid.value);
}

export function exportOfGrid(grid: Grid): Result<ReadExport | null, AppError> {
  const ex = readExportGrid(grid);
  if (ex === null) return ok(null);
  if (!ex.ok) return err(appError('invalid-input', ex.error.code, ex.error.message));
  return ok({ grid, export: ex.value });
}

// The export as soxbridge handed it out: each task's Plan row, its editable values, their content hash and (when
// known) the read-only columns.
export interface StoredRow {
  row: number;
  values: PlanRowValues;
  hash: string;
  readonly: ReadonlyValues | null;
}
export interface ExportAsStored {
  engagementId: string;
  exportId: string;
  rows: Map<string, StoredRow>;
}

// The server's record of an export (db/exports).
export function storedFromRecord(record: {
  id: string;
  engagementId: string;
  rows: ReadonlyMap<string, PlanRowValues>;
  hashes: ReadonlyMap<string, { row: number; hash: string; readonly?: ReadonlyValues }>;
}): ExportAsStored {
  const rows = new Map<string, StoredRow>();
  for (const [id, values] of record.rows) {
    const mark = record.hashes.get(id);
    rows.set(id, { row: mark?.row ?? 0, values, hash: mark?.hash ?? rowHash(values), readonly: mark?.readonly ?? null });
  }
  return { engagementId: record.engagementId, exportId: record.id, rows };
}

// The original workbook given to the CLI, read back. Its meta sheet holds the hash of each row as written: a row whose
// values no longer match it was edited after the export, so the file is not the export as handed out and is refused
// (diffing against it would hide those edits).
export function storedFromWorkbook(original: ReadExport): Result<ExportAsStored, AppError> {
  const { meta, rows: read, planSheet } = original.export;
  const rows = new Map<string, StoredRow>();
  for (const r of read) {
    if (r.id === null) continue;
    const values = exportedRowValues(r);
    const mark = meta.hashes.get(r.id);
    if (mark && mark.hash !== rowHash(values))
      return err(
        appError(
          'invalid-input',
          'original-edited',
          `"${original.grid.file}" is not the export as soxbridge wrote it: sheet "${planSheet}" row ${r.row} (task ${r.id}) was edited since; give the workbook as it was exported, and the edited copy second`,
        ),
      );
    const fixed = (f: 'phase' | 'target') => r.cells.get(f)?.text.trim() ?? '';
    rows.set(r.id, { row: mark?.row ?? r.row, values, hash: mark?.hash ?? rowHash(values), readonly: { phase: fixed('phase'), target: fixed('target') } });
  }
  return ok({ engagementId: meta.engagementId, exportId: meta.exportId, rows });
}

// THE diff of an edited export: the one function the server's re-import and `cli diff` both call. `current` is the
// engagement's rows now (null: unchanged since the export, so no conflict is possible). The owners a row may name are
// those the export's dropdown offered (every owner a task had when exported); the read-only columns are compared
// with what was exported where it is known; the row hashes tell which tasks soxbridge changed since the export.
export function reimportDiff(input: { edited: ReadExport; stored: ExportAsStored; current: ReadonlyMap<string, PlanRowValues> | null }): Result<PlanDiff, AppError> {
  const { edited, stored } = input;
  const meta = edited.export.meta;
  if (meta.engagementId !== stored.engagementId)
    return err(
      appError(
        'foreign-workbook',
        'other-engagement',
        `"${edited.grid.file}" was exported from another engagement (${meta.company || meta.engagementId}); it cannot be applied to this one`,
      ),
    );
  const exported = new Map(
    [...stored.rows].map(([id, s]) => [id, { row: s.row, values: s.values, ...(s.readonly ? { readonly: s.readonly } : {}) }]),
  );
  // Rows soxbridge has not changed since the export (same hash) are compared with the export alone: a conflict needs
  // a change on both sides.
  const current = new Map<string, PlanRowValues>();
  if (input.current) {
    for (const [id, values] of input.current) {
      const s = stored.rows.get(id);
      current.set(id, s && rowHash(values) === s.hash ? s.values : values);
    }
  } else for (const [id, s] of stored.rows) current.set(id, s.values);
  return ok(
    diffPlan({
      exported,
      edited: edited.export.rows,
      sheet: edited.export.planSheet,
      current,
      owners: ownerList([...stored.rows.values()].map((s) => s.values.owner)),
      taskIds: new Set([...stored.rows.keys(), ...current.keys()]),
    }),
  );
}

export interface DiffSources {
  original: ReadExport; // the export as soxbridge wrote it
  edited: ReadExport;
  current: PlanTask[] | null; // the engagement's tasks now; null: unchanged since the export (no conflicts possible)
  currentValues?: Map<string, PlanRowValues> | null; // or the current rows directly (e.g. read from a later export)
}

// `cli diff`: the original workbook stands for the stored export.
export function diffExports(src: DiffSources): Result<PlanDiff, AppError> {
  const stored = storedFromWorkbook(src.original);
  if (!stored.ok) return stored;
  const current = src.currentValues ?? (src.current ? currentValues(src.current) : null);
  const plan = reimportDiff({ edited: src.edited, stored: stored.value, current });
  if (!plan.ok) return plan;
  // The Testing and Deficiencies sheets: the CLI has no recorded results, so the original export stands for them.
  const testing = testingDiff(src.original.grid, src.edited.grid);
  const withTesting = testing.changes.length + testing.invalid.length > 0 ? { ...plan.value, testing } : plan.value;
  // The Mapping sheet, likewise against the export's own decisions.
  const mapping = diffMappingGrids(src.original.grid, src.edited.grid);
  return ok(mapping.changes.length + mapping.invalid.length > 0 ? { ...withTesting, mapping } : withTesting);
}

// The Testing and Deficiencies sheets: recorded results and judgements, changed against the export.
export function testingDiff(original: Grid, edited: Grid): NonNullable<PlanDiff['testing']> {
  const after = readTestingGrid(edited);
  return { changes: diffTesting(readTestingGrid(original), after), invalid: after.invalid };
}
