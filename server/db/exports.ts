// Exports remember exactly what was handed out (row and hash per task, and the row values), so an edited workbook
// can be diffed against what it was; re-imports hold that diff until the user applies or discards it.
import type { PlanDiff } from '../domain/plan-diff.ts';
import type { ExportedRowMark, PlanRowValues } from '../domain/plan-export.ts';
import type { ExportsTable, ReimportsTable } from './schema.ts';
import { fromJson, newId, nowIso, toJson, type Executor } from './support.ts';

export interface ExportRecord {
  id: string;
  engagementId: string;
  createdAt: string;
  analysisVersion: number;
  hashes: Map<string, ExportedRowMark>; // task id → Plan row, content hash and read-only columns as exported
  rows: Map<string, PlanRowValues>; // task id → the editable values as exported
}

export type ReimportStatus = ReimportsTable['status'];

export interface ReimportRecord {
  id: string;
  engagementId: string;
  exportId: string;
  fileName: string;
  sha256: string;
  diff: PlanDiff;
  status: ReimportStatus;
  createdAt: string;
  appliedAt: string | null; // when applied or discarded
}

const mapOf = <V>(text: string) => new Map(Object.entries(fromJson<Record<string, V>>(text)));

function toExport(r: ExportsTable): ExportRecord {
  return {
    id: r.id,
    engagementId: r.engagement_id,
    createdAt: r.created_at,
    analysisVersion: r.analysis_version,
    hashes: mapOf<ExportedRowMark>(r.row_hashes_json),
    rows: mapOf<PlanRowValues>(r.rows_json),
  };
}

function toReimport(r: ReimportsTable): ReimportRecord {
  return {
    id: r.id,
    engagementId: r.engagement_id,
    exportId: r.export_id,
    fileName: r.file_name,
    sha256: r.sha256,
    diff: fromJson<PlanDiff>(r.diff_json),
    status: r.status,
    createdAt: r.created_at,
    appliedAt: r.applied_at,
  };
}

export async function insertExport(
  db: Executor,
  input: {
    id?: string;
    engagementId: string;
    analysisVersion: number;
    hashes: ReadonlyMap<string, ExportedRowMark>;
    rows: ReadonlyMap<string, PlanRowValues>;
    workbook?: Uint8Array;
    fileName?: string;
    createdBy?: string;
    at?: string;
  },
): Promise<ExportRecord> {
  const row: ExportsTable = {
    id: input.id ?? newId(),
    engagement_id: input.engagementId,
    created_at: input.at ?? nowIso(),
    analysis_version: input.analysisVersion,
    row_hashes_json: toJson(Object.fromEntries(input.hashes)),
    rows_json: toJson(Object.fromEntries(input.rows)),
    // better-sqlite3 binds only Buffers as BLOBs; this is a view, not a copy.
    workbook: input.workbook ? Buffer.from(input.workbook.buffer, input.workbook.byteOffset, input.workbook.byteLength) : null,
    file_name: input.fileName ?? null,
    created_by: input.createdBy ?? null,
  };
  await db.insertInto('exports').values(row).execute();
  return toExport(row);
}

export async function getExport(db: Executor, id: string): Promise<ExportRecord | null> {
  const r = await db.selectFrom('exports').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toExport(r) : null;
}

// The workbook exactly as it was handed out, for a second download.
export async function getExportWorkbook(
  db: Executor,
  engagementId: string,
  id: string,
): Promise<{ fileName: string; bytes: Uint8Array } | null> {
  const r = await db
    .selectFrom('exports')
    .select(['workbook', 'file_name'])
    .where('id', '=', id)
    .where('engagement_id', '=', engagementId)
    .executeTakeFirst();
  if (!r?.workbook) return null;
  return { fileName: r.file_name ?? `${id}.xlsx`, bytes: new Uint8Array(r.workbook) };
}

export async function listExports(
  db: Executor,
  engagementId: string,
): Promise<{ id: string; createdAt: string; analysisVersion: number; createdBy: string | null; fileName: string | null }[]> {
  const rows = await db
    .selectFrom('exports')
    .select(['id', 'created_at', 'analysis_version', 'created_by', 'file_name'])
    .where('engagement_id', '=', engagementId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, createdAt: r.created_at, analysisVersion: r.analysis_version, createdBy: r.created_by, fileName: r.file_name }));
}

export async function insertReimport(
  db: Executor,
  input: {
    id?: string;
    engagementId: string;
    exportId: string;
    fileName: string;
    sha256: string;
    diff: PlanDiff;
    at?: string;
  },
): Promise<ReimportRecord> {
  const row: ReimportsTable = {
    id: input.id ?? newId(),
    engagement_id: input.engagementId,
    export_id: input.exportId,
    file_name: input.fileName,
    sha256: input.sha256,
    diff_json: toJson(input.diff),
    status: 'pending',
    created_at: input.at ?? nowIso(),
    applied_at: null,
  };
  await db.insertInto('reimports').values(row).execute();
  return toReimport(row);
}

export async function getReimport(db: Executor, id: string): Promise<ReimportRecord | null> {
  const r = await db.selectFrom('reimports').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toReimport(r) : null;
}

// Only a pending re-import can be settled, once: false when it is missing or already applied or discarded, so a
// double click cannot apply the same diff twice.
async function settle(db: Executor, id: string, status: 'applied' | 'discarded', at: string): Promise<boolean> {
  const r = await db
    .updateTable('reimports')
    .set({ status, applied_at: at })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export const markReimportApplied = (db: Executor, id: string, at: string = nowIso()) => settle(db, id, 'applied', at);
export const markReimportDiscarded = (db: Executor, id: string, at: string = nowIso()) =>
  settle(db, id, 'discarded', at);
