// Steps 1 and 2 of the import: read the upload safely, find the tables, propose (or apply) a mapping, and store the
// original bytes untouched with the preview. Nothing about the engagement's controls changes until the user confirms.
import { appendAudit } from '../db/audit-log.ts';
import { getEngagement } from '../db/engagements.ts';
import { getImport, insertImport, updateImportPreview, type SavedMapping } from '../db/imports.ts';
import { findMappingProfiles, headersSignature, type MappingProfile } from '../db/mapping-profiles.ts';
import { inTransaction } from '../db/support.ts';
import { err, ok, type Result } from '../domain/result.ts';
import type { IntakeResult } from '../domain/control.ts';
import { appError, type AppError } from './app-error.ts';
import type { AppContext } from './context.ts';
import { importWorkbook, type ImportOptions, type ImportResult } from './import-workbook.ts';

export interface ImportPreview {
  importId: string;
  fileName: string;
  format: 'xlsx' | 'csv';
  sha256: string;
  sheets: { name: string; state: string; rows: number }[];
  tables: IntakeResult['tables'];
  mapping: SavedMapping;
  controls: number;
  issues: IntakeResult['issues'];
  issueGroups: { code: string; severity: string; count: number }[];
  previewRows: {
    id: string;
    title: string;
    description: string;
    criteria: string[];
    owner: string;
    frequency: string | null;
    sheet: string;
    row: number;
  }[];
  suggestedProfiles: { id: string; name: string; client: string }[];
  appliedProfile: { id: string; name: string } | null;
}

export function tableSignatures(tables: IntakeResult['tables']): string[] {
  return tables.map((t) => headersSignature(t.mapping.columns.map((c) => c.header)));
}

// The preview shows this many controls; the server keeps no more of an upload than that (import-workbook.ts).
export const PREVIEW_ROWS = 25;

function previewOf(id: string, sha256: string, imp: ImportResult, mapping: SavedMapping, suggested: MappingProfile[], applied: MappingProfile | null): ImportPreview {
  return {
    importId: id,
    fileName: imp.file,
    format: imp.format,
    sha256,
    sheets: imp.sheetSizes,
    tables: imp.tables,
    mapping,
    controls: imp.controlCount,
    issues: imp.issues,
    issueGroups: imp.issueGroups,
    previewRows: imp.controls.slice(0, PREVIEW_ROWS).map((c) => ({
      id: c.id,
      title: c.title,
      description: c.description,
      criteria: c.criteria,
      owner: c.owners.map((o) => o.raw).join('; '),
      frequency: c.frequency,
      sheet: c.source.sheet,
      row: c.source.row,
    })),
    suggestedProfiles: suggested.map((p) => ({ id: p.id, name: p.name, client: p.client })),
    appliedProfile: applied ? { id: applied.id, name: applied.name } : null,
  };
}

export type Progress = (stage: string, percent: number, queuePosition?: number | null) => void;

// onQueue: the read's place in the queue for a reader while it waits (server/excel/reader-queue.ts), then 0.
// preview: only the first PREVIEW_ROWS controls come back (confirm needs them all).
// analyse: also run the analysis on what was read (confirm), in the reader when there is one.
async function read(
  ctx: AppContext,
  bytes: Uint8Array,
  fileName: string,
  mapping: SavedMapping,
  onQueue?: (position: number) => void,
  preview = false,
  analyse?: ImportOptions['analyse'],
): Promise<Result<ImportResult, AppError>> {
  return importWorkbook(ctx.catalog, bytes, fileName, {
    read: ctx.readSpreadsheet,
    ...(analyse ? { analyse } : {}),
    ...(preview ? { previewControls: PREVIEW_ROWS } : {}),
    ...(onQueue ? { onQueue } : {}),
    ...(mapping.sheets.length > 0 ? { sheets: mapping.sheets } : {}),
    ...(mapping.overrides.length > 0 ? { overrides: mapping.overrides } : {}),
  });
}

export async function uploadImport(
  ctx: AppContext,
  input: { engagementId: string; workspaceId: string; client: string; fileName: string; bytes: Uint8Array; actor: string },
  progress: Progress = () => {},
): Promise<Result<ImportPreview, AppError>> {
  progress('reading', 10);
  const queue = (position: number) => (position > 0 ? progress('queued', 5, position) : progress('reading', 10));
  const first = await read(ctx, input.bytes, input.fileName, { sheets: [], overrides: [] }, queue, true);
  if (!first.ok) return first;
  progress('mapping', 70);
  // A client's saved mapping is applied when its headers match this file's exactly; only the engagement's own
  // workspace's profiles are suggested or applied.
  const signatures = tableSignatures(first.value.tables);
  const suggested = (await Promise.all(signatures.map((s) => findMappingProfiles(ctx.db, input.workspaceId, { headersSignature: s })))).flat();
  const mine = suggested.filter((p) => p.client === input.client);
  const applied = mine[0] ?? null;
  let imp = first.value;
  let mapping: SavedMapping = { sheets: [], overrides: [] };
  if (applied) {
    const again = await read(ctx, input.bytes, input.fileName, applied.mapping, (p) => (p > 0 ? progress('queued', 70, p) : progress('mapping', 70)), true);
    if (again.ok) {
      imp = again.value;
      mapping = applied.mapping;
    }
  }
  progress('storing', 90);
  const stored = await inTransaction(ctx.db, async (trx) => {
    const s = await insertImport(trx, {
      engagementId: input.engagementId,
      fileName: input.fileName,
      bytes: input.bytes,
      format: imp.format,
      mapping,
      tables: imp.tables,
      issues: imp.issues,
    });
    await appendAudit(trx, {
      engagementId: input.engagementId,
      actor: input.actor,
      action: 'import.upload',
      entity: 'import',
      entityId: s.id,
      after: { fileName: input.fileName, sha256: s.sha256, size: s.size, controls: imp.controlCount, appliedProfile: applied?.name ?? null },
    });
    return s;
  });
  return ok(previewOf(stored.id, stored.sha256, imp, mapping, suggested, applied));
}

export async function remapImport(
  ctx: AppContext,
  input: { engagementId: string; importId: string; mapping: SavedMapping; profileId?: string; actor: string },
): Promise<Result<ImportPreview, AppError>> {
  const record = await getImport(ctx.db, input.importId);
  if (!record || record.engagementId !== input.engagementId) return err(appError('not-found', 'import', `no import ${input.importId} in this engagement`));
  if (record.status !== 'preview') return err(appError('conflict', 'import-confirmed', 'this import is already confirmed; upload the file again to change its mapping'));
  const engagement = await getEngagement(ctx.db, input.engagementId);
  if (!engagement) return err(appError('not-found', 'engagement', `no engagement ${input.engagementId}`));
  const workspaceId = engagement.workspaceId;
  let mapping = input.mapping;
  let applied: MappingProfile | null = null;
  if (input.profileId) {
    // Another workspace's profile id answers exactly as an id that does not exist.
    applied = (await findMappingProfiles(ctx.db, workspaceId, { id: input.profileId }))[0] ?? null;
    if (!applied) return err(appError('not-found', 'mapping-profile', `no saved mapping ${input.profileId}`));
    mapping = applied.mapping;
  }
  const imp = await read(ctx, record.bytes, record.fileName, mapping, undefined, true);
  if (!imp.ok) return imp;
  await inTransaction(ctx.db, async (trx) => {
    await updateImportPreview(trx, record.id, { mapping, tables: imp.value.tables, issues: imp.value.issues });
    await appendAudit(trx, {
      engagementId: input.engagementId,
      actor: input.actor,
      action: 'import.remap',
      entity: 'import',
      entityId: record.id,
      before: JSON.parse(JSON.stringify(record.mapping)),
      after: JSON.parse(JSON.stringify(mapping)),
    });
  });
  const suggested = (await Promise.all(tableSignatures(imp.value.tables).map((s) => findMappingProfiles(ctx.db, workspaceId, { headersSignature: s })))).flat();
  return ok(previewOf(record.id, record.sha256, imp.value, mapping, suggested, applied));
}

export { read as readImportWithMapping };
