// Imports keep the client's original bytes untouched next to what the intake made of them, so a mapping can be
// changed and the same file read again without asking the client for it. Controls are the confirmed intake result.
import { createHash } from 'node:crypto';
import type { SocControl, TableInfo } from '../domain/control.ts';
import type { IntakeIssue } from '../domain/grid.ts';
import type { MappingOverride } from '../intake/intake.ts';
import type { ImportsTable } from './schema.ts';
import { chunks, fromJson, inTransaction, newId, nowIso, toJson, type Executor } from './support.ts';

// The mapping a user chose for a file: which sheets to read and which columns they re-mapped.
export interface SavedMapping {
  sheets: string[]; // empty: let the intake choose
  overrides: MappingOverride[];
}

export type ImportStatus = ImportsTable['status'];

export interface ImportSummary {
  id: string;
  engagementId: string;
  fileName: string;
  sha256: string;
  size: number;
  format: 'xlsx' | 'csv';
  mapping: SavedMapping;
  tables: TableInfo[];
  issues: IntakeIssue[];
  status: ImportStatus;
  createdAt: string;
}

export interface ImportRecord extends ImportSummary {
  bytes: Uint8Array;
}

export interface NewImport {
  id?: string;
  engagementId: string;
  fileName: string;
  bytes: Uint8Array;
  format: 'xlsx' | 'csv';
  mapping: SavedMapping;
  tables: TableInfo[];
  issues: IntakeIssue[];
  at?: string;
}

type SummaryRow = Omit<ImportsTable, 'original_bytes'>;

function toSummary(r: SummaryRow): ImportSummary {
  return {
    id: r.id,
    engagementId: r.engagement_id,
    fileName: r.file_name,
    sha256: r.sha256,
    size: r.size,
    format: r.format,
    mapping: fromJson<SavedMapping>(r.mapping_json),
    tables: fromJson<TableInfo[]>(r.tables_json),
    issues: fromJson<IntakeIssue[]>(r.issues_json),
    status: r.status,
    createdAt: r.created_at,
  };
}

const SUMMARY_COLUMNS = [
  'id',
  'engagement_id',
  'file_name',
  'sha256',
  'size',
  'format',
  'mapping_json',
  'tables_json',
  'issues_json',
  'status',
  'created_at',
] as const;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function insertImport(db: Executor, input: NewImport): Promise<ImportSummary> {
  const row: ImportsTable = {
    id: input.id ?? newId(),
    engagement_id: input.engagementId,
    file_name: input.fileName,
    sha256: sha256Hex(input.bytes),
    size: input.bytes.byteLength,
    // better-sqlite3 binds only Buffers as BLOBs; this is a view, not a copy.
    original_bytes: Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength),
    format: input.format,
    mapping_json: toJson(input.mapping),
    tables_json: toJson(input.tables),
    issues_json: toJson(input.issues),
    status: 'preview',
    created_at: input.at ?? nowIso(),
  };
  await db.insertInto('imports').values(row).execute();
  return toSummary(row);
}

export async function getImport(db: Executor, id: string): Promise<ImportRecord | null> {
  const r = await db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) return null;
  // Both drivers return a Buffer; hand out a plain view of the same memory.
  const b = r.original_bytes;
  return { ...toSummary(r), bytes: new Uint8Array(b.buffer, b.byteOffset, b.byteLength) };
}

export async function listImports(db: Executor, engagementId: string): Promise<ImportSummary[]> {
  const rows = await db
    .selectFrom('imports')
    .select(SUMMARY_COLUMNS)
    .where('engagement_id', '=', engagementId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toSummary);
}

// A re-mapped preview keeps its bytes; only what the intake made of them changes.
export async function updateImportPreview(
  db: Executor,
  id: string,
  result: { mapping: SavedMapping; tables: TableInfo[]; issues: IntakeIssue[] },
): Promise<boolean> {
  const r = await db
    .updateTable('imports')
    .set({
      mapping_json: toJson(result.mapping),
      tables_json: toJson(result.tables),
      issues_json: toJson(result.issues),
    })
    .where('id', '=', id)
    .where('status', '=', 'preview')
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

// false when the import does not exist or was already confirmed.
export async function confirmImport(db: Executor, id: string): Promise<boolean> {
  const r = await db
    .updateTable('imports')
    .set({ status: 'confirmed' })
    .where('id', '=', id)
    .where('status', '=', 'preview')
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

// The engagement's controls become exactly these, from this import, in one transaction (tests and small callers; the
// confirm of an upload stages them in short transactions instead: stageControls, then swapInStagedControls).
export async function replaceControls(
  db: Executor,
  engagementId: string,
  importId: string,
  controls: readonly SocControl[],
): Promise<void> {
  await inTransaction(db, async (trx) => {
    await trx.deleteFrom('controls').where('engagement_id', '=', engagementId).where('position', '>', 0).execute();
    for (const batch of chunks(controlRows(engagementId, importId, controls, 0, 1), 500)) await trx.insertInto('controls').values(batch).execute();
  });
}

const controlRows = (engagementId: string, importId: string, controls: readonly SocControl[], offset: number, sign: 1 | -1) =>
  controls.map((c, i) => ({
    id: `${importId}:${offset + i + 1}`,
    engagement_id: engagementId,
    import_id: importId,
    position: sign * (offset + i + 1),
    control_id: c.id,
    sheet: c.source.sheet,
    row: c.source.row,
    data_json: toJson(c),
  }));

// Staged controls: the rows of an import being confirmed, written in several short transactions so that a 50,000-row
// confirm never holds the database (SQLite has one writer, and the server one connection) for its whole length. They
// carry negative positions, which no reader sees (listControls and controlsImportId read positions > 0 only), until
// swapInStagedControls makes them the engagement's controls in the confirm's last, short transaction. A confirm that
// fails removes them again (clearStagedControls); so does the next attempt, and the expiry of the preview.
export async function stageControls(db: Executor, engagementId: string, importId: string, controls: readonly SocControl[], offset: number): Promise<void> {
  await inTransaction(db, async (trx) => {
    for (const batch of chunks(controlRows(engagementId, importId, controls, offset, -1), 500)) await trx.insertInto('controls').values(batch).execute();
  });
}

export async function stagedControlCount(db: Executor, engagementId: string, importId: string): Promise<number> {
  const r = await db
    .selectFrom('controls')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('engagement_id', '=', engagementId)
    .where('import_id', '=', importId)
    .where('position', '<', 0)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

// Inside the confirm's transaction: the staged rows replace the engagement's controls. false when they are not all
// there (another attempt at the same import cleared them meanwhile): the caller rolls back.
export async function swapInStagedControls(trx: Executor, engagementId: string, importId: string, expected: number): Promise<boolean> {
  if ((await stagedControlCount(trx, engagementId, importId)) !== expected) return false;
  await trx.deleteFrom('controls').where('engagement_id', '=', engagementId).where('position', '>', 0).execute();
  await trx
    .updateTable('controls')
    .set((eb) => ({ position: eb.neg(eb.ref('position')) }))
    .where('engagement_id', '=', engagementId)
    .where('import_id', '=', importId)
    .where('position', '<', 0)
    .execute();
  return true;
}

// Removes an import's staged rows, a chunk per transaction. Returns how many were removed.
export async function clearStagedControls(db: Executor, importId: string, chunk = 2000): Promise<number> {
  let removed = 0;
  for (;;) {
    const r = await inTransaction(db, async (trx) => {
      const ids = (await trx.selectFrom('controls').select('id').where('import_id', '=', importId).where('position', '<', 0).limit(chunk).execute()).map((x) => x.id);
      if (ids.length === 0) return 0;
      await trx.deleteFrom('controls').where('id', 'in', ids).execute();
      return ids.length;
    });
    removed += r;
    if (r < chunk) return removed;
    await new Promise((res) => setImmediate(res));
  }
}

export async function listControls(db: Executor, engagementId: string): Promise<SocControl[]> {
  const rows = await db
    .selectFrom('controls')
    .select('data_json')
    .where('engagement_id', '=', engagementId)
    .where('position', '>', 0)
    .orderBy('position')
    .execute();
  return rows.map((r) => fromJson<SocControl>(r.data_json));
}

// Which import the current controls came from (null: none confirmed yet).
export async function controlsImportId(db: Executor, engagementId: string): Promise<string | null> {
  const r = await db
    .selectFrom('controls')
    .select('import_id')
    .where('engagement_id', '=', engagementId)
    .where('position', '>', 0)
    .limit(1)
    .executeTakeFirst();
  return r?.import_id ?? null;
}

// Uploads never confirmed, created before `before`, with what the audit entry of their expiry names. Only previews
// no control or analysis points at (a preview never has any but the staged rows of a confirm that stopped half-way,
// which deletePreview removes with it; the check keeps a hand-edited database safe).
export async function stalePreviews(
  db: Executor,
  before: string,
  limit = 500,
): Promise<{ id: string; engagementId: string; fileName: string; sha256: string; size: number; createdAt: string }[]> {
  const rows = await db
    .selectFrom('imports')
    .select(['id', 'engagement_id', 'file_name', 'sha256', 'size', 'created_at'])
    .where('status', '=', 'preview')
    .where('created_at', '<', before)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('controls').select('controls.id').whereRef('controls.import_id', '=', 'imports.id').where('controls.position', '>', 0))))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('analyses').select('analyses.id').whereRef('analyses.import_id', '=', 'imports.id'))))
    .orderBy('created_at')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, engagementId: r.engagement_id, fileName: r.file_name, sha256: r.sha256, size: r.size, createdAt: r.created_at }));
}

// Deletes a preview with its stored bytes; false when it is gone or was confirmed meanwhile.
export async function deletePreview(db: Executor, id: string): Promise<boolean> {
  const preview = await db.selectFrom('imports').select('id').where('id', '=', id).where('status', '=', 'preview').executeTakeFirst();
  if (preview) await db.deleteFrom('controls').where('import_id', '=', id).where('position', '<', 0).execute();
  const r = await db.deleteFrom('imports').where('id', '=', id).where('status', '=', 'preview').executeTakeFirst();
  return r.numDeletedRows > 0n;
}
