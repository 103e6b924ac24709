// The round-trip contract of the plan workbook: which Plan columns exist, which are editable, how a task becomes a
// row of canonical values, and how an export is recognised and read back by id from a grid. Pure: the excel adapter
// writes these rows and reads the file back into a Grid through the same guarded reader as any client file.
import type { Grid, GridCell, GridSheet } from './grid.ts';
import type { PlanTask } from './plan.ts';

export const EXPORT_FORMAT = 'soxbridge-export';
export const EXPORT_FORMAT_VERSION = '1';
export const PLAN_SHEET = 'Plan';
export const META_SHEET = 'meta';
export const LISTS_SHEET = 'Lists';

export const PLAN_COLUMNS = [
  { field: 'id', header: 'Task ID', editable: false, width: 16 },
  { field: 'phase', header: 'Phase', editable: false, width: 22 },
  { field: 'title', header: 'Task', editable: true, width: 60 },
  { field: 'target', header: 'Target', editable: false, width: 14 },
  { field: 'owner', header: 'Owner', editable: true, width: 22 },
  { field: 'start', header: 'Start', editable: true, width: 12 },
  { field: 'due', header: 'Due', editable: true, width: 12 },
  { field: 'effort', header: 'Effort (days)', editable: true, width: 10 },
  { field: 'status', header: 'Status', editable: true, width: 13 },
  { field: 'dependsOn', header: 'Depends on', editable: true, width: 28 },
  { field: 'notes', header: 'Notes', editable: true, width: 50 },
  { field: 'atRisk', header: 'At risk', editable: false, width: 8 },
  { field: 'atRiskReason', header: 'At-risk reason', editable: false, width: 50 },
] as const;

export type PlanColumn = (typeof PLAN_COLUMNS)[number];
export type PlanField = PlanColumn['field'];
export const EDITABLE_FIELDS = PLAN_COLUMNS.filter((c) => c.editable).map((c) => c.field) as EditableField[];
export type EditableField = 'title' | 'owner' | 'start' | 'due' | 'effort' | 'status' | 'dependsOn' | 'notes';

// Canonical text of each editable field: dates as YYYY-MM-DD, numbers without trailing zeros, lists comma-joined.
export type PlanRowValues = Record<EditableField, string>;

export function taskValues(t: PlanTask): PlanRowValues {
  return {
    title: t.title,
    owner: t.owner,
    start: t.start,
    due: t.end,
    effort: numberText(t.effortDays),
    status: t.status,
    dependsOn: t.dependsOn.join(', '),
    notes: t.notes,
  };
}

// The read-only columns of a Plan row as soxbridge writes them (the phase by its name, the target id or nothing): kept
// with the export so a re-import can say when the user edited them.
export interface ReadonlyValues {
  phase: string;
  target: string;
}

export function readonlyValues(t: PlanTask, phaseNames: ReadonlyMap<string, string>): ReadonlyValues {
  return { phase: phaseNames.get(t.phase) ?? t.phase, target: t.target ?? '' };
}

// A task as its whole Plan row, every column as canonical text: the one task-to-row conversion. The sheet writer
// types the cells from it (dates, numbers); the re-import compares the editable part (taskValues) and the read-only
// part (readonlyValues) with what it reads back.
export function planRow(t: PlanTask, phaseNames: ReadonlyMap<string, string>): Record<PlanField, string> {
  return { id: t.id, ...taskValues(t), ...readonlyValues(t, phaseNames), atRisk: t.atRisk ? 'YES' : '', atRiskReason: t.atRiskReason ?? '' };
}

// What an export remembers of each Plan row besides its values: the row, the content hash of its editable values
// and (exports made since the re-import pipeline was unified) its read-only columns.
export interface ExportedRowMark {
  row: number;
  hash: string;
  readonly?: ReadonlyValues;
}

export function numberText(n: number): string {
  return String(Math.round(n * 100) / 100);
}

// A content hash for change detection (FNV-1a, two 32-bit lanes): not a security measure.
export function rowHash(values: PlanRowValues): string {
  const text = EDITABLE_FIELDS.map((f) => values[f]).join('\u001f');
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

export interface ExportMeta {
  engagementId: string;
  exportId: string;
  exportedAt: string;
  version: string;
  company: string;
  editableSheets: string[];
  readOnly: boolean; // a viewer's protected copy: never taken back as edits
  hashes: Map<string, { row: number; hash: string }>; // task id → its Plan row and content hash as exported
}

export interface ReadPlanRow {
  row: number;
  id: string | null; // null: a row the user added
  cells: Map<PlanField, GridCell | undefined>;
}

export interface ExportRead {
  meta: ExportMeta;
  planSheet: string; // the Plan sheet's name in this file ("Plan", unless the user renamed the tab)
  rows: ReadPlanRow[];
  missingColumns: string[]; // Plan headers the user deleted
}

export type ExportReadError = { code: 'export-damaged'; message: string };

const metaValue = (sheet: GridSheet, key: string): string | null => {
  for (const r of sheet.rows) if (r?.[0]?.text === key) return r[1]?.text ?? '';
  return null;
};

// null: not a soxbridge export (goes to the normal import). An export whose meta or Plan sheet is damaged is an error.
export function readExportGrid(grid: Grid): { ok: true; value: ExportRead } | { ok: false; error: ExportReadError } | null {
  const meta = grid.sheets.find((s) => s.name === META_SHEET);
  if (!meta || metaValue(meta, 'format') !== EXPORT_FORMAT) return null;
  const bad = (message: string) => ({ ok: false as const, error: { code: 'export-damaged' as const, message: `"${grid.file}" ${message}` } });
  const engagementId = metaValue(meta, 'engagementId');
  const exportId = metaValue(meta, 'exportId');
  if (!engagementId || !exportId) return bad('is a soxbridge export, but its meta sheet has lost the engagement or export id; export again from soxbridge');
  const hashes = new Map<string, { row: number; hash: string }>();
  let inRows = false;
  for (const r of meta.rows) {
    const first = r?.[0]?.text ?? '';
    if (first === 'sheet' && r?.[1]?.text === 'id') {
      inRows = true;
      continue;
    }
    if (!inRows || first !== PLAN_SHEET) continue;
    const id = r?.[1]?.text ?? '';
    const row = Number(r?.[2]?.text ?? '');
    const hash = r?.[3]?.text ?? '';
    if (id && Number.isInteger(row) && hash) hashes.set(id, { row, hash });
  }
  const found = planSheetOf(grid.sheets);
  if (!found.ok) return bad(found.message);
  const plan = found.sheet;
  const colOf = planColumns(plan);
  if (!colOf.has('id')) return bad(`has no "Task ID" column in row 1 of the "${plan.name}" sheet; rows cannot be matched by id`);
  const missingColumns = PLAN_COLUMNS.filter((c) => !colOf.has(c.field)).map((c) => c.header);
  const rows: ReadPlanRow[] = [];
  plan.rows.forEach((r, i) => {
    if (i === 0 || !r || r.every((c) => !c || c.text.trim() === '')) return;
    const cells = new Map<PlanField, GridCell | undefined>();
    for (const [field, col] of colOf) cells.set(field, r[col]);
    const id = cells.get('id')?.text.trim() || null;
    rows.push({ row: i + 1, id, cells });
  });
  return {
    ok: true,
    value: {
      planSheet: plan.name,
      meta: {
        engagementId,
        exportId,
        exportedAt: metaValue(meta, 'exportedAt') ?? '',
        version: metaValue(meta, 'soxbridgeVersion') ?? '',
        company: metaValue(meta, 'company') ?? '',
        editableSheets: (metaValue(meta, 'editableSheets') ?? PLAN_SHEET).split(',').map((s) => s.trim()),
        readOnly: metaValue(meta, 'readOnly') === 'yes',
        hashes,
      },
      rows,
      missingColumns,
    },
  };
}

// Where each Plan column is, by its header in row 1 (the user may have moved or deleted columns).
function planColumns(sheet: GridSheet): Map<PlanField, number> {
  const colOf = new Map<PlanField, number>();
  (sheet.rows[0] ?? []).forEach((cell, i) => {
    const col = PLAN_COLUMNS.find((c) => c.header.toLowerCase() === (cell?.text ?? '').trim().toLowerCase());
    if (col && !colOf.has(col.field)) colOf.set(col.field, i);
  });
  return colOf;
}

// The Plan sheet: by its name, or, when the user renamed the tab, the one sheet whose row 1 still has the Plan's
// headers (Task ID and at least four more). Two such sheets (a copy kept beside it) are not guessed between.
const RENAMED_PLAN_MIN_HEADERS = 5;
function planSheetOf(sheets: readonly GridSheet[]): { ok: true; sheet: GridSheet } | { ok: false; message: string } {
  const named = sheets.find((s) => s.name === PLAN_SHEET) ?? sheets.find((s) => s.name.trim().toLowerCase() === PLAN_SHEET.toLowerCase());
  if (named) return { ok: true, sheet: named };
  const alike = sheets.filter((s) => {
    if (s.name === META_SHEET || s.name === LISTS_SHEET) return false;
    const cols = planColumns(s);
    return cols.has('id') && cols.size >= RENAMED_PLAN_MIN_HEADERS;
  });
  if (alike.length === 1) return { ok: true, sheet: alike[0]! };
  if (alike.length > 1)
    return {
      ok: false,
      message: `is a soxbridge export without a "${PLAN_SHEET}" sheet, and the sheets ${alike.map((s) => `"${s.name}"`).join(' and ')} both look like it; rename the one to bring back to "${PLAN_SHEET}"`,
    };
  return { ok: false, message: `is a soxbridge export, but its "${PLAN_SHEET}" sheet is missing; the plan cannot be read back` };
}

export function columnOf(field: PlanField): number {
  return PLAN_COLUMNS.findIndex((c) => c.field === field) + 1;
}

// The values of a row as soxbridge wrote it (an original export, read back): lenient, since soxbridge wrote them.
export function exportedRowValues(row: ReadPlanRow): PlanRowValues {
  const text = (f: PlanField) => row.cells.get(f)?.text.trim() ?? '';
  const date = (f: PlanField) => {
    const c = row.cells.get(f);
    return c?.value.kind === 'date' ? c.value.iso.slice(0, 10) : text(f);
  };
  const effort = row.cells.get('effort');
  return {
    title: text('title'),
    owner: text('owner'),
    start: date('start'),
    due: date('due'),
    effort: effort?.value.kind === 'number' ? numberText(effort.value.value) : text('effort'),
    status: text('status'),
    dependsOn: text('dependsOn'),
    notes: row.cells.get('notes')?.text ?? '',
  };
}

// The owners the Plan's dropdown offers (the Lists sheet): every owner a task had when exported, sorted.
export function ownerList(owners: Iterable<string>): string[] {
  return [...new Set([...owners].filter((o) => o.trim() !== ''))].sort((a, b) => a.localeCompare(b));
}
