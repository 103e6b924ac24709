import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../server/domain/dates.ts';
import { applyPlanDiff, currentValues, diffPlan, type DiffInput } from '../../server/domain/plan-diff.ts';
import { EDITABLE_FIELDS, taskValues, type EditableField, type PlanField, type PlanRowValues, type ReadPlanRow } from '../../server/domain/plan-export.ts';
import type { PlanTask } from '../../server/domain/plan.ts';
import type { GridCell } from '../../server/domain/grid.ts';
import { analyse, SAAS_PROFILE, typicalSaasControls } from '../fixtures/analysis.ts';

const tasks: PlanTask[] = analyse(typicalSaasControls(), { ...SAAS_PROFILE, planStart: '2026-11-25' }).plan.tasks.slice(0, 40);
const owners = [...new Set(tasks.map((t) => t.owner))];

const text = (t: string): GridCell | undefined => (t === '' ? undefined : { text: t, value: { kind: 'string' } });
const date = (iso: string): GridCell => ({ text: iso, value: { kind: 'date', iso } });
const num = (n: string): GridCell => ({ text: n, value: { kind: 'number', value: Number(n) } });

function rowOf(id: string | null, v: PlanRowValues, row: number, phase = 'Remediate'): ReadPlanRow {
  const cells = new Map<PlanField, GridCell | undefined>([
    ['id', id === null ? undefined : text(id)],
    ['phase', text(phase)],
    ['title', text(v.title)],
    ['owner', text(v.owner)],
    ['start', date(v.start)],
    ['due', date(v.due)],
    ['effort', num(v.effort)],
    ['status', text(v.status)],
    ['dependsOn', text(v.dependsOn)],
    ['notes', text(v.notes)],
  ]);
  return { row, id, cells };
}

function input(edit: (rows: ReadPlanRow[]) => ReadPlanRow[] = (r) => r, current = tasks): DiffInput {
  const exported = new Map(tasks.map((t, i) => [t.id, { row: i + 2, values: taskValues(t), readonly: { phase: 'Remediate' } }]));
  const rows = tasks.map((t, i) => rowOf(t.id, taskValues(t), i + 2));
  return { exported, edited: edit(rows), current: currentValues(current), owners, taskIds: new Set(tasks.map((t) => t.id)) };
}
const setCell = (r: ReadPlanRow, f: PlanField, c: GridCell | undefined) => r.cells.set(f, c);
const empty = { changes: [], added: [], deleted: [], invalid: [], conflicts: [] };

describe('diff of an edited Plan sheet', () => {
  it('is empty for an unchanged workbook', () => {
    expect(diffPlan(input())).toEqual(empty);
  });

  const t0 = tasks[0]!;
  const other = owners.find((o) => o !== t0.owner) ?? owners[0]!;
  const cases: { name: string; edit: (r: ReadPlanRow) => void; field: EditableField; after: string }[] = [
    { name: 'owner', edit: (r) => setCell(r, 'owner', text(other)), field: 'owner', after: other },
    { name: 'status', edit: (r) => setCell(r, 'status', text('In progress')), field: 'status', after: 'in-progress' },
    { name: 'due date as a date cell', edit: (r) => setCell(r, 'due', date(addDays(t0.end, 7))), field: 'due', after: addDays(t0.end, 7) },
    { name: 'start date typed as text', edit: (r) => setCell(r, 'start', text(addDays(t0.start, 1))), field: 'start', after: addDays(t0.start, 1) },
    { name: 'notes', edit: (r) => setCell(r, 'notes', text('Waiting on the auditor')), field: 'notes', after: 'Waiting on the auditor' },
    { name: 'effort', edit: (r) => setCell(r, 'effort', num('12.5')), field: 'effort', after: '12.5' },
  ];
  it.each(cases)('an edited $name gives exactly that change', ({ edit, field, after }) => {
    const d = diffPlan(input((rows) => (edit(rows[0]!), rows)));
    expect(d).toEqual({ ...empty, changes: [{ sheet: 'Plan', row: 2, id: t0.id, field, before: taskValues(t0)[field], after }] });
  });

  it('reports a new row as a new task and a removed row as deleted, never silently', () => {
    const d = diffPlan(
      input((rows) => [
        ...rows.slice(1),
        rowOf(null, { ...taskValues(t0), title: 'Hire a SOX manager', dependsOn: '', notes: '' }, 99),
      ]),
    );
    expect(d.added).toEqual([{ sheet: 'Plan', row: 99, id: null, values: expect.objectContaining({ title: 'Hire a SOX manager' }) }]);
    expect(d.deleted.map((x) => x.id)).toEqual([t0.id]);
    expect(d.changes).toEqual([]);
  });

  const long = `${'Follow up with the controller '.repeat(40)}end`;
  const invalid: { name: string; field: PlanField; cell: GridCell | undefined; code: string; column: string; message: string }[] = [
    { name: 'unknown status', field: 'status', cell: text('wip'), code: 'status-unknown', column: 'I', message: 'status "wip" is not a status; pick one of not-started, in-progress, done, blocked' },
    { name: 'status cleared', field: 'status', cell: undefined, code: 'status-unknown', column: 'I', message: 'status is empty; pick one of not-started, in-progress, done, blocked' },
    { name: 'unparseable date', field: 'due', cell: text('next quarter'), code: 'date-invalid', column: 'G', message: 'the due date "next quarter" is not a date; use a date cell, YYYY-MM-DD or "15 Mar 2027"' },
    { name: 'start date cleared', field: 'start', cell: undefined, code: 'date-invalid', column: 'F', message: 'the start date is empty; enter a date (a date cell or YYYY-MM-DD)' },
    { name: 'date out of range (kept as a number)', field: 'due', cell: num('2958465'), code: 'date-invalid', column: 'G', message: 'the due date "2958465" is a number, not a date between 1900 and 2200; enter a date cell or YYYY-MM-DD' },
    { name: 'owner pasted at length', field: 'owner', cell: text(long), code: 'owner-unknown', column: 'E', message: `owner "${long.slice(0, 59)}…" is not a name (one line, at most 80 characters); pick one from the dropdown or type a name` },
    { name: 'effort not a number', field: 'effort', cell: text('a lot'), code: 'effort-invalid', column: 'H', message: 'effort "a lot" is not a number of days (0 or more)' },
    { name: 'effort cleared', field: 'effort', cell: undefined, code: 'effort-invalid', column: 'H', message: 'effort is empty; enter a number of days (0 or more)' },
    { name: 'unknown dependency', field: 'dependsOn', cell: text('NOPE-1'), code: 'dependency-unknown', column: 'J', message: 'depends on unknown task(s) "NOPE-1"' },
    { name: 'many unknown dependencies', field: 'dependsOn', cell: text('A1, A2, A3, A4, A5, A6, A7'), code: 'dependency-unknown', column: 'J', message: 'depends on unknown task(s) "A1", "A2", "A3", "A4", "A5" and 2 more' },
    { name: 'edited read-only phase', field: 'phase', cell: text('Whenever'), code: 'read-only', column: 'B', message: 'the phase column is set by soxbridge; the edit ("Whenever") is ignored' },
  ];
  it.each(invalid)('reports an invalid value ($name) with sheet, row, column and a short message, and no change', ({ field, cell, code, column, message }) => {
    const d = diffPlan(input((rows) => (setCell(rows[3]!, field, cell), rows)));
    expect(d.invalid).toEqual([expect.objectContaining({ sheet: 'Plan', row: 5, column, id: tasks[3]!.id, code, message })]);
    expect(d.changes).toEqual([]);
  });

  it('accepts an owner not in the list as a new owner, reported as a change with a note (issue 24)', () => {
    const d = diffPlan(input((rows) => (setCell(rows[3]!, 'owner', text('Nobody Known')), rows)));
    expect(d.invalid).toEqual([]);
    expect(d.changes).toEqual([
      expect.objectContaining({ sheet: 'Plan', row: 5, id: tasks[3]!.id, field: 'owner', after: 'Nobody Known', note: expect.stringMatching(/^new owner "Nobody Known": .*role-default monthly capacity/) }),
    ]);
  });

  it('reports a conflict when the same field changed in soxbridge since the export', () => {
    const current = tasks.map((t, i) => (i === 0 ? { ...t, owner: 'Changed In App' } : t));
    const d = diffPlan(input((rows) => (setCell(rows[0]!, 'owner', text(other)), rows), current));
    expect(d.changes).toEqual([]);
    expect(d.conflicts).toEqual([{ sheet: 'Plan', row: 2, id: t0.id, field: 'owner', before: t0.owner, workbook: other, current: 'Changed In App' }]);
  });
});

describe('applying a diff', () => {
  const t0 = tasks[0]!;
  it('applies the chosen changes, adds new rows and deletes only what is chosen', () => {
    const d = diffPlan(
      input((rows) => {
        setCell(rows[0]!, 'status', text('done'));
        setCell(rows[1]!, 'notes', text('note'));
        return [...rows.slice(0, 5), ...rows.slice(6), rowOf(null, { ...taskValues(t0), title: 'New', dependsOn: '' }, 99)];
      }),
    );
    const r = applyPlanDiff(tasks, d, { changes: [`${t0.id}.status`], added: 'all', deleted: [], resolutions: {} });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const by = new Map(r.value.map((t) => [t.id, t]));
    expect(by.get(t0.id)!.status).toBe('done');
    expect(by.get(tasks[1]!.id)!.notes).toBe(tasks[1]!.notes);
    expect(by.has(tasks[5]!.id)).toBe(true);
    expect(r.value.find((t) => t.title === 'New')!.id).toBe('NEW-001');
    const del = applyPlanDiff(tasks, d, { changes: 'all', added: [], deleted: [tasks[5]!.id], resolutions: {} });
    expect(del.ok && del.value.some((t) => t.id === tasks[5]!.id)).toBe(false);
  });

  it('refuses to apply, changing nothing, while a conflict is unresolved; applies the chosen side once resolved', () => {
    const current = tasks.map((t, i) => (i === 0 ? { ...t, notes: 'app note' } : t));
    const d = diffPlan(input((rows) => (setCell(rows[0]!, 'notes', text('workbook note')), rows), current));
    const refused = applyPlanDiff(current, d, { changes: 'all', added: 'all', deleted: [], resolutions: {} });
    expect(refused).toEqual({ ok: false, error: expect.objectContaining({ code: 'conflict-unresolved' }) });
    expect(current[0]!.notes).toBe('app note');
    const wb = applyPlanDiff(current, d, { changes: 'all', added: 'all', deleted: [], resolutions: { [`${t0.id}.notes`]: 'workbook' } });
    expect(wb.ok && wb.value[0]!.notes).toBe('workbook note');
    const app = applyPlanDiff(current, d, { changes: 'all', added: 'all', deleted: [], resolutions: { [`${t0.id}.notes`]: 'soxbridge' } });
    expect(app.ok && app.value[0]!.notes).toBe('app note');
  });
});

describe('random edits to the Plan sheet (property)', () => {
  const fieldValue = (f: EditableField, t: PlanTask, k: number): string => {
    switch (f) {
      case 'title': return `${t.title} (rev ${k})`;
      case 'owner': return owners[(owners.indexOf(t.owner) + 1 + k) % owners.length]!;
      case 'start': return addDays(t.start, -1 - k);
      case 'due': return addDays(t.end, 1 + k);
      case 'effort': return String(t.effortDays + 1 + k);
      case 'status': return ['in-progress', 'done', 'blocked'][k % 3]!;
      case 'dependsOn': return tasks.filter((x) => x.id !== t.id && !t.dependsOn.includes(x.id)).slice(0, 1 + (k % 2)).map((x) => x.id).join(', ');
      case 'notes': return `note ${k}`;
    }
  };
  it('detects every edit and nothing else', () => {
    const edit = fc.record({ task: fc.integer({ min: 0, max: tasks.length - 1 }), field: fc.constantFrom(...EDITABLE_FIELDS), k: fc.integer({ min: 0, max: 5 }) });
    fc.assert(
      fc.property(fc.uniqueArray(edit, { selector: (e) => `${e.task}.${e.field}`, maxLength: 25 }), (edits) => {
        const expected = new Map<string, string>();
        const d = diffPlan(
          input((rows) => {
            for (const e of edits) {
              const t = tasks[e.task]!;
              const v = fieldValue(e.field, t, e.k);
              if (v === taskValues(t)[e.field]) continue;
              expected.set(`${t.id}.${e.field}`, v);
              const f = e.field;
              setCell(rows[e.task]!, f, f === 'start' || f === 'due' ? date(v) : f === 'effort' ? num(v) : text(v));
            }
            return rows;
          }),
        );
        expect(d.invalid).toEqual([]);
        expect(new Map(d.changes.map((c) => [`${c.id}.${c.field}`, c.after]))).toEqual(expected);
        expect(d.added).toEqual([]);
        expect(d.deleted).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
