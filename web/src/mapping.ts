// The import wizard's mapping editor as plain data: the fields a column can be read as, the overrides list the server
// takes, which columns the user changed, and issue groups. No preact here, so it is tested in node.

// One list of fields for server and UI: the pure domain module is bundled into the web app.
import { CONTROL_FIELDS } from '../../server/domain/control.ts';
import type { ImportPreview, PreviewTable } from '../../server/http/openapi-analysis.ts';
export { CONTROL_FIELDS };
export type ControlField = (typeof CONTROL_FIELDS)[number];

// The select's value for "keep as extra column" (a select value is always a string).
export const EXTRA = '';

export const FIELD_LABEL: Record<ControlField, string> = {
  controlId: 'Control ID',
  title: 'Title (short name)',
  description: 'Description (control activity)',
  criteria: 'SOC 2 criteria (CC1.1 …)',
  owner: 'Owner',
  frequency: 'Frequency',
  nature: 'Nature (preventive / detective)',
  method: 'Method (manual / automated)',
  systems: 'Systems',
  evidence: 'Evidence',
  status: 'Status',
  lastTested: 'Last tested',
};

export const EXTRA_LABEL = 'Keep as extra column';

export interface FieldOption {
  value: string;
  label: string;
}

export function fieldOptions(): FieldOption[] {
  return [...CONTROL_FIELDS.map((f) => ({ value: f, label: FIELD_LABEL[f] })), { value: EXTRA, label: EXTRA_LABEL }];
}

export function fieldLabel(field: ControlField | null): string {
  return field === null ? EXTRA_LABEL : FIELD_LABEL[field];
}

// A select value back to a field; anything that is not a field is "keep as extra".
export function parseField(value: string): ControlField | null {
  return (CONTROL_FIELDS as readonly string[]).includes(value) ? (value as ControlField) : null;
}

// A column as the import preview maps it (server/http/openapi-analysis.ts).
export type MappedColumn = PreviewTable['mapping']['columns'][number];

export interface Override {
  sheet: string;
  column: number;
  field: ControlField | null;
}

const key = (sheet: string, column: number) => `${sheet}\u0000${column}`;

// soxbridge's own proposal per column, taken from a preview read without overrides: choosing it again removes the
// override instead of pinning it.
export type Baseline = Map<string, ControlField | null>;

export function baselineOf(tables: { sheet: string; mapping: { columns: MappedColumn[] } }[]): Baseline {
  const b: Baseline = new Map();
  for (const t of tables) for (const c of t.mapping.columns) b.set(key(t.sheet, c.column), c.field);
  return b;
}

// The overrides list after the user picks `field` for one column: one entry per column, ordered by sheet then column.
export function setOverride(overrides: readonly Override[], change: Override, baseline?: Baseline): Override[] {
  const rest = overrides.filter((o) => !(o.sheet === change.sheet && o.column === change.column));
  const k = key(change.sheet, change.column);
  const backToProposal = baseline !== undefined && baseline.has(k) && baseline.get(k) === change.field;
  const next = backToProposal ? rest : [...rest, { sheet: change.sheet, column: change.column, field: change.field }];
  return next.sort((a, b) => (a.sheet < b.sheet ? -1 : a.sheet > b.sheet ? 1 : a.column - b.column));
}

export function isChanged(overrides: readonly Override[], sheet: string, column: number): boolean {
  return overrides.some((o) => o.sheet === sheet && o.column === column);
}

export function changedColumns(overrides: readonly Override[], sheet: string): number[] {
  return overrides
    .filter((o) => o.sheet === sheet)
    .map((o) => o.column)
    .sort((a, b) => a - b);
}

export type ConfidenceLevel = 'yours' | 'high' | 'medium' | 'low' | 'none';

// Confidence in words, so it is never a bare number or a colour.
export function confidenceOf(col: MappedColumn, changedByUser: boolean): { level: ConfidenceLevel; text: string } {
  if (changedByUser) return { level: 'yours', text: 'set by you' };
  if (col.field === null) return { level: 'none', text: 'not mapped' };
  const pct = `${Math.round(col.confidence * 100)}%`;
  if (col.confidence >= 0.8) return { level: 'high', text: `high (${pct})` };
  if (col.confidence >= 0.5) return { level: 'medium', text: `medium (${pct})` };
  return { level: 'low', text: `low (${pct}): check it` };
}

// What a reader must know before confirming: a table without a description or title gives controls with no text.
export function mappingWarnings(columns: readonly MappedColumn[]): string[] {
  const fields = new Set(columns.map((c) => c.field));
  const out: string[] = [];
  if (!fields.has('description') && !fields.has('title'))
    out.push(
      'No column is read as Description or Title: the controls would have no text to compare with SOX controls.',
    );
  if (!fields.has('criteria'))
    out.push('No column is read as SOC 2 criteria: the delta then relies on the control text alone.');
  if (!fields.has('controlId'))
    out.push('No column is read as Control ID: soxbridge generates ids from the sheet and row (e.g. SHEET-R2).');
  return out;
}

export type Issue = ImportPreview['issues'][number];

export interface IssueGroup {
  code: string;
  severity: string;
  count: number;
  items: Issue[];
}

const SEVERITY_ORDER: Record<string, number> = { error: 0, warning: 1, info: 2 };

// Issues grouped by code: errors first, then the larger groups.
export function groupIssues(issues: readonly Issue[]): IssueGroup[] {
  const groups = new Map<string, IssueGroup>();
  for (const i of issues) {
    const g = groups.get(i.code) ?? { code: i.code, severity: i.severity, count: 0, items: [] };
    g.count++;
    g.items.push(i);
    if ((SEVERITY_ORDER[i.severity] ?? 3) < (SEVERITY_ORDER[g.severity] ?? 3)) g.severity = i.severity;
    groups.set(i.code, g);
  }
  return [...groups.values()].sort(
    (a, b) =>
      (SEVERITY_ORDER[a.severity] ?? 3) - (SEVERITY_ORDER[b.severity] ?? 3) ||
      b.count - a.count ||
      a.code.localeCompare(b.code),
  );
}

// "Sheet 'X', row 5, column C" as Excel users name a place.
export function issuePlace(i: Issue): string {
  const parts: string[] = [];
  if (i.sheet) parts.push(`sheet '${i.sheet}'`);
  if (i.row !== null) parts.push(`row ${i.row}`);
  if (i.column) parts.push(`column ${i.column}`);
  return parts.length === 0 ? 'whole file' : parts.join(', ');
}

// A default name for a saved mapping: the file name without its extension.
export function defaultProfileName(fileName: string): string {
  return fileName.replace(/\.(xlsx|xlsm|csv)$/i, '').slice(0, 100) || 'Mapping';
}
