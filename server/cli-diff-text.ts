// What `diff` prints for people: the counts, then each change, new row, deleted row, invalid value and conflict
// with its sheet and row (at most a screenful of each; --json has all).
import type { PlanDiff } from './domain/plan-diff.ts';
import { plural } from './domain/words.ts';

const SHOWN = 10;

function section<T>(title: string, items: T[], line: (x: T) => string): string[] {
  if (items.length === 0) return [];
  return [`${title} (${items.length}):`, ...items.slice(0, SHOWN).map((x) => `  ${line(x)}`), ...(items.length > SHOWN ? [`  … ${items.length - SHOWN} more (all in --json)`] : [])];
}

const q = (s: string) => (s === '' ? '(empty)' : `"${s}"`);

export function diffText(file: string, company: string, exportId: string, d: PlanDiff): string[] {
  return [
    `${file} is a soxbridge export of ${company} (export ${exportId}): ${plural(d.changes.length, 'change')}, ${plural(d.added.length, 'new row')}, ${plural(d.deleted.length, 'deleted row')}, ${plural(d.invalid.length, 'invalid value')}, ${plural(d.conflicts.length, 'conflict')}`,
    ...section('Changes', d.changes, (c) => `${c.sheet} row ${c.row}, ${c.id}: ${c.field} ${q(c.before)} -> ${q(c.after)}`),
    ...section('New rows', d.added, (a) => `${a.sheet} row ${a.row}${a.id ? `, ${a.id}` : ''}: ${a.values.title}`),
    ...section('Deleted rows', d.deleted, (x) => `${x.sheet} row ${x.row}, ${x.id}: ${x.values.title}`),
    ...section('Invalid values', d.invalid, (i) => `${i.sheet} row ${i.row}, column ${i.column}: ${i.message}`),
    ...section('Conflicts', d.conflicts, (c) => `${c.sheet} row ${c.row}, ${c.id}: ${c.field} was ${q(c.before)}, the workbook says ${q(c.workbook)}, soxbridge now ${c.current === null ? 'has deleted the task' : q(c.current)}`),
  ];
}
