// What the intake produces and the rules read: one SOC 2 control as the client wrote it, normalised, remembering where
// it came from. A shared value type: it lives in domain so domain never depends on intake.
import type { Frequency, Method, Nature } from './catalog.ts';
import type { IntakeIssue } from './grid.ts';

export const CONTROL_FIELDS = [
  'controlId',
  'title',
  'description',
  'criteria',
  'owner',
  'frequency',
  'nature',
  'method',
  'systems',
  'evidence',
  'status',
  'lastTested',
] as const;
export type ControlField = (typeof CONTROL_FIELDS)[number];

export interface SourceRef {
  file: string;
  sheet: string;
  row: number; // 1-based; for merged long-layout controls, the first row
  rows: number[]; // every row that contributed (long layout merges several)
}

export interface Owner {
  raw: string; // 'Dana Lee (Platform)'
  name: string | null; // 'Dana Lee'
  role: string | null; // 'Platform'
  email: string | null;
}

export interface SocControl {
  id: string; // the client's id, or a stable generated one (see generatedId)
  generatedId: boolean;
  title: string; // short name; may be '' when the matrix has none
  description: string; // the control activity text
  criteria: string[]; // valid TSC 2017 ids, sorted, unique
  criteriaRaw: string; // original criteria text as written
  invalidCriteria: string[]; // ids written but not in TSC 2017 (kept, also reported as issues)
  owners: Owner[];
  frequency: Frequency | null;
  frequencyRaw: string;
  nature: Nature | null;
  natureRaw: string;
  method: 'manual' | 'automated' | 'it-dependent-manual' | null;
  methodRaw: string;
  systems: string[];
  evidence: string;
  status: string;
  lastTested: string | null; // ISO date
  hidden: boolean; // the source row was hidden in the client's sheet
  extra: [string, string][]; // unmapped columns: [header, cell text], in column order (a list, never an object)
  original: [string, string][]; // every original cell: [header, text], in column order
  source: SourceRef;
}

export type Layout = 'wide' | 'long' | 'criterion-first' | 'flag-columns';

export interface ColumnMapping {
  // header column (1-based) -> field; columns not listed are extra attributes
  columns: { column: number; letter: string; header: string; field: ControlField | null; confidence: number; basis: string }[];
}

export interface TableInfo {
  sheet: string;
  headerRow: number; // the last (real) header row, 1-based
  headerRows: number; // how many rows the header block spans (1..3)
  firstDataRow: number;
  lastDataRow: number;
  layout: Layout;
  mapping: ColumnMapping;
}

export interface IntakeResult {
  controls: SocControl[];
  issues: IntakeIssue[];
  tables: TableInfo[];
  // what the file was recognised as, in one line (recognise-file.ts)
  recognised?: { kind: 'control-matrix' | 'criteria-list' | 'framework-library' | 'mapping-workbook'; message: string };
}

export type MethodValue = Method;
export type { Nature };
