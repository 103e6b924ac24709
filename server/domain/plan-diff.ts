// The round trip: compare the Plan sheet of an edited export with the rows as exported and with the engagement as it
// is now. Every difference is reported — changed cells, new rows, deleted rows, invalid values, and conflicts where
// the workbook and soxbridge both changed the same field since the export. Applying is a separate, explicit step.
import { columnLetter, type GridCell } from './grid.ts';
import { addDays, daysBetween } from './dates.ts';
import { cellDate, dateProblem, DATE_FORMS } from './date-text.ts';
import { TASK_STATUSES, type PlanTask, type TaskStatus } from './plan.ts';
import {
  columnOf,
  EDITABLE_FIELDS,
  numberText,
  PLAN_SHEET,
  taskValues,
  type EditableField,
  type PlanRowValues,
  type ReadPlanRow,
} from './plan-export.ts';
import { err, ok, type Result } from './result.ts';
import type { DeficiencyJudgement, TestResult } from './deficiencies.ts';
import type { TestingChange, TestingInvalid } from './testing-export.ts';
import type { MappingDiff } from './mapping-export.ts';

export interface PlanChange {
  sheet: string;
  row: number;
  id: string;
  field: EditableField;
  before: string;
  after: string;
  note?: string; // e.g. a new owner, accepted with the role-default capacity
}
export interface PlanAdded {
  sheet: string;
  row: number;
  id: string | null; // the id the user typed, if any
  values: PlanRowValues;
}
export interface PlanDeleted {
  sheet: string;
  row: number; // the row it had in the export
  id: string;
  values: PlanRowValues;
}
export interface PlanInvalid {
  sheet: string;
  row: number;
  column: string;
  id: string | null;
  field: string;
  value: string;
  code: 'status-unknown' | 'date-invalid' | 'owner-unknown' | 'effort-invalid' | 'title-empty' | 'dependency-unknown' | 'dates-reversed' | 'duplicate-id' | 'read-only';
  message: string;
}
export interface PlanConflict {
  sheet: string;
  row: number;
  id: string;
  field: EditableField | 'row';
  before: string; // as exported
  workbook: string; // as edited in the workbook
  current: string | null; // in soxbridge now (null: the task was deleted in soxbridge)
}
export interface PlanDiff {
  changes: PlanChange[];
  added: PlanAdded[];
  deleted: PlanDeleted[];
  invalid: PlanInvalid[];
  conflicts: PlanConflict[];
  // The Testing and Deficiencies sheets: changed cells, invalid values, and (on a stored re-import) the results and
  // judgements of the changed rows as the workbook has them, which applying records.
  testing?: { changes: TestingChange[]; invalid: TestingInvalid[]; results?: TestResult[]; judgements?: DeficiencyJudgement[] };
  // The Mapping sheet: reviewers' decisions on source→target links changed in the workbook (mapping-export.ts), which
  // applying records (decisions) or withdraws (a Decision cleared).
  mapping?: MappingDiff;
}

export interface DiffInput {
  exported: Map<string, { row: number; values: PlanRowValues; readonly?: { phase?: string; target?: string } }>;
  edited: ReadPlanRow[];
  current: Map<string, PlanRowValues>;
  owners: readonly string[]; // the owner list of the export
  taskIds: ReadonlySet<string>; // ids a dependency may name (current tasks)
  sheet?: string; // the edited workbook's Plan sheet, when the user renamed it (rows deleted keep the exported name)
}

const STATUS_WORDS = new Map<string, TaskStatus>(TASK_STATUSES.map((s) => [s, s]));
STATUS_WORDS.set('not started', 'not-started').set('in progress', 'in-progress').set('complete', 'done').set('completed', 'done');

type Parsed = { ok: true; value: string; note?: string } | { ok: false; code: PlanInvalid['code']; message: string };
const OWNER_MAX = 80;

// A value from the workbook, quoted in a message: on one line and short (the cell itself is in `value`).
const QUOTE_MAX = 60;
function quoted(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return `"${line.length > QUOTE_MAX ? `${line.slice(0, QUOTE_MAX - 1)}…` : line}"`;
}

function parseField(field: EditableField, cell: GridCell | undefined, input: DiffInput): Parsed {
  const text = (cell?.text ?? '').trim();
  switch (field) {
    case 'title':
      return text ? { ok: true, value: text } : { ok: false, code: 'title-empty', message: 'a task needs a title' };
    case 'notes':
      return { ok: true, value: cell?.text ?? '' };
    case 'owner':
      if (text === '' || input.owners.includes(text)) return { ok: true, value: text };
      if (text.length > OWNER_MAX || /[\r\n]/.test(cell?.text ?? ''))
        return { ok: false, code: 'owner-unknown', message: `owner ${quoted(text)} is not a name (one line, at most ${OWNER_MAX} characters); pick one from the dropdown or type a name` };
      // A name typed that the plan does not know yet: a new owner, with the capacity of its role (or the default).
      return { ok: true, value: text, note: `new owner ${quoted(text)}: not in the owner list; accepted as a new owner with the role-default monthly capacity (planning default), editable on the engagement` };
    case 'start':
    case 'due': {
      const d = cellDate(cell); // the project's one rule for dates as text (date-text.ts)
      if (d) return { ok: true, value: d };
      const message =
        text === ''
          ? `the ${field} date is empty; enter a date (a date cell or YYYY-MM-DD)`
          : cell?.value.kind === 'number'
            ? `the ${field} date ${quoted(text)} is a number, not a date between 1900 and 2200; enter a date cell or YYYY-MM-DD`
            : `the ${field} date ${quoted(text)} ${dateProblem(text)}; use a date cell, ${DATE_FORMS}`;
      return { ok: false, code: 'date-invalid', message };
    }
    case 'effort': {
      const n = cell?.value.kind === 'number' ? cell.value.value : Number(text);
      if (text !== '' && Number.isFinite(n) && n >= 0) return { ok: true, value: numberText(n) };
      const message = text === '' ? 'effort is empty; enter a number of days (0 or more)' : `effort ${quoted(text)} is not a number of days (0 or more)`;
      return { ok: false, code: 'effort-invalid', message };
    }
    case 'status': {
      const s = STATUS_WORDS.get(text.toLowerCase());
      if (s) return { ok: true, value: s };
      const message = `${text === '' ? 'status is empty' : `status ${quoted(text)} is not a status`}; pick one of ${TASK_STATUSES.join(', ')}`;
      return { ok: false, code: 'status-unknown', message };
    }
    case 'dependsOn': {
      const ids = text.split(/[,;\n]/).map((s) => s.trim()).filter(Boolean);
      const unknown = ids.filter((i) => !input.taskIds.has(i));
      const named = unknown.slice(0, 5).map(quoted).join(', ') + (unknown.length > 5 ? ` and ${unknown.length - 5} more` : '');
      return unknown.length === 0
        ? { ok: true, value: ids.join(', ') }
        : { ok: false, code: 'dependency-unknown', message: `depends on unknown task(s) ${named}` };
    }
  }
}

export function diffPlan(input: DiffInput): PlanDiff {
  const diff: PlanDiff = { changes: [], added: [], deleted: [], invalid: [], conflicts: [] };
  const sheet = input.sheet ?? PLAN_SHEET;
  const seen = new Set<string>();
  const invalid = (row: ReadPlanRow, field: string, code: PlanInvalid['code'], message: string, value: string) =>
    diff.invalid.push({
      sheet,
      row: row.row,
      column: field === 'id' || (EDITABLE_FIELDS as string[]).includes(field) || field === 'phase' || field === 'target' ? columnLetter(columnOf(field as never)) : '',
      id: row.id,
      field,
      value,
      code,
      message,
    });

  for (const row of input.edited) {
    if (row.id !== null && seen.has(row.id)) {
      invalid(row, 'id', 'duplicate-id', `task id ${row.id} appears twice; the second row is ignored`, row.id);
      continue;
    }
    if (row.id !== null) seen.add(row.id);
    const parsed = new Map<EditableField, string>();
    const notes = new Map<EditableField, string>();
    let rowValid = true;
    for (const field of EDITABLE_FIELDS) {
      if (!row.cells.has(field)) continue; // column deleted by the user: nothing to compare
      const p = parseField(field, row.cells.get(field), input);
      if (p.ok) {
        parsed.set(field, p.value);
        if (p.note) notes.set(field, p.note);
      } else {
        rowValid = false;
        invalid(row, field, p.code, p.message, row.cells.get(field)?.text ?? '');
      }
    }
    const start = parsed.get('start');
    const due = parsed.get('due');
    if (start && due && start > due) {
      invalid(row, 'due', 'dates-reversed', `due ${due} is before start ${start}`, due);
      parsed.delete('due');
      parsed.delete('start');
      rowValid = false;
    }
    const exported = row.id !== null ? input.exported.get(row.id) : undefined;
    if (!exported) {
      if (rowValid && parsed.size === EDITABLE_FIELDS.length) diff.added.push({ sheet, row: row.row, id: row.id, values: Object.fromEntries(parsed) as PlanRowValues });
      continue;
    }
    for (const ro of ['phase', 'target'] as const) {
      const was = exported.readonly?.[ro];
      const now = row.cells.get(ro)?.text.trim();
      if (was !== undefined && now !== undefined && now !== was)
        invalid(row, ro, 'read-only', `the ${ro} column is set by soxbridge; the edit (${quoted(now)}) is ignored`, now);
    }
    const id = row.id!;
    const current = input.current.get(id);
    for (const [field, after] of parsed) {
      const before = exported.values[field];
      if (after === before) continue;
      if (!current) {
        diff.conflicts.push({ sheet, row: row.row, id, field, before, workbook: after, current: null });
        continue;
      }
      if (current[field] !== before) {
        if (current[field] !== after) diff.conflicts.push({ sheet, row: row.row, id, field, before, workbook: after, current: current[field] });
        continue;
      }
      const note = notes.get(field);
      diff.changes.push({ sheet, row: row.row, id, field, before, after, ...(note ? { note } : {}) });
    }
  }
  for (const [id, e] of input.exported) {
    if (!seen.has(id)) diff.deleted.push({ sheet: PLAN_SHEET, row: e.row, id, values: e.values });
  }
  return diff;
}

export const diffKey = (id: string, field: string) => `${id}.${field}`;

export interface ApplyDecision {
  changes: 'all' | string[]; // keys id.field
  added: 'all' | number[]; // workbook rows
  deleted: string[]; // ids to delete: deletions are never implied
  resolutions: Record<string, 'workbook' | 'soxbridge'>; // key id.field → which side wins; every conflict needs one
}

export interface ApplyError {
  code: 'conflict-unresolved' | 'unknown-selection';
  message: string;
}

// Applies the chosen part of a diff to the current tasks. All or nothing: on any error the tasks are returned unchanged.
export function applyPlanDiff(tasks: PlanTask[], diff: PlanDiff, decision: ApplyDecision): Result<PlanTask[], ApplyError> {
  const unresolved = diff.conflicts.filter((c) => !decision.resolutions[diffKey(c.id, c.field)]);
  if (unresolved.length > 0)
    return err({
      code: 'conflict-unresolved',
      message: `${unresolved.length} conflict(s) need a decision first: ${unresolved.slice(0, 3).map((c) => `${c.id} ${c.field}`).join(', ')}`,
    });
  const changeKeys = new Set(diff.changes.map((c) => diffKey(c.id, c.field)));
  const unknown = [
    ...(decision.changes === 'all' ? [] : decision.changes.filter((k) => !changeKeys.has(k))),
    ...(decision.added === 'all' ? [] : decision.added.filter((r) => !diff.added.some((a) => a.row === r)).map((r) => `row ${r}`)),
    ...decision.deleted.filter((id) => !diff.deleted.some((d) => d.id === id)),
  ];
  if (unknown.length > 0) return err({ code: 'unknown-selection', message: `not in this diff: ${unknown.slice(0, 5).join(', ')}` });

  const edits: { id: string; field: EditableField | 'row'; value: string }[] = [];
  for (const c of diff.changes) if (decision.changes === 'all' || decision.changes.includes(diffKey(c.id, c.field))) edits.push({ id: c.id, field: c.field, value: c.after });
  for (const c of diff.conflicts) if (decision.resolutions[diffKey(c.id, c.field)] === 'workbook' && c.current !== null) edits.push({ id: c.id, field: c.field, value: c.workbook });

  const byId = new Map(tasks.map((t) => [t.id, { ...t }]));
  for (const e of edits) {
    const t = byId.get(e.id);
    if (!t || e.field === 'row') continue;
    setField(t, e.field, e.value);
  }
  const deleted = new Set(decision.deleted);
  let out = tasks.filter((t) => !deleted.has(t.id)).map((t) => byId.get(t.id)!);
  if (deleted.size > 0) out = out.map((t) => (t.dependsOn.some((d) => deleted.has(d)) ? { ...t, dependsOn: t.dependsOn.filter((d) => !deleted.has(d)) } : t));
  let n = out.filter((t) => t.id.startsWith('NEW-')).length;
  for (const a of diff.added) {
    if (decision.added !== 'all' && !decision.added.includes(a.row)) continue;
    let id: string;
    do id = `NEW-${String(++n).padStart(3, '0')}`;
    while (byId.has(id));
    const t: PlanTask = {
      id,
      phase: 'remediate',
      kind: 'programme',
      title: '',
      target: null,
      reasons: [],
      owner: '',
      start: a.values.start,
      end: a.values.due,
      durationDays: 0,
      effortDays: 0,
      sampleSize: null,
      deliverables: [],
      latestFinish: null,
      deadlineBasis: null,
      dependsOn: [],
      atRisk: false,
      atRiskReason: null,
      critical: false,
      floatDays: null,
      status: 'not-started',
      notes: '',
    };
    for (const f of EDITABLE_FIELDS) setField(t, f, a.values[f]);
    out.push(t);
  }
  return ok(out);
}

function setField(t: PlanTask, field: EditableField, value: string): void {
  switch (field) {
    case 'title':
      t.title = value;
      break;
    case 'owner':
      t.owner = value;
      break;
    case 'notes':
      t.notes = value;
      break;
    case 'status':
      t.status = value as TaskStatus;
      break;
    case 'effort':
      t.effortDays = Number(value);
      break;
    case 'dependsOn':
      t.dependsOn = value.split(',').map((s) => s.trim()).filter(Boolean);
      break;
    case 'start':
    case 'due':
      if (field === 'start') t.start = value;
      else t.end = value;
      if (t.end < t.start) t.end = addDays(t.start, Math.max(0, t.durationDays));
      t.durationDays = daysBetween(t.start, t.end);
      t.atRisk = t.latestFinish !== null && t.end > t.latestFinish;
      t.atRiskReason = t.atRisk ? `due ${t.end} set after its latest finish ${t.latestFinish} (${t.deadlineBasis ?? 'deadline'})` : null;
      break;
  }
}

export function currentValues(tasks: PlanTask[]): Map<string, PlanRowValues> {
  return new Map(tasks.map((t) => [t.id, taskValues(t)]));
}
