// The user's choices over a re-import diff, and the apply request built from them. Changes and new rows start ticked;
// deletions never do (deleting a task needs an explicit tick); invalid values cannot be chosen; every conflict needs
// a decision before anything is applied.
// The diff's shapes come from the server's response schema (server/http/openapi-records.ts), the apply request's from
// its request schema (server/http/schemas.ts).
import type { PlanDiff } from '../../server/http/openapi-records.ts';
import type { ApplyRequestBody } from '../../server/http/schemas.ts';

export type { PlanDiff };
export type DiffField = PlanDiff['changes'][number]['field'];
export type RowValues = PlanDiff['added'][number]['values'];
export type DiffChange = PlanDiff['changes'][number];
export type DiffAdded = PlanDiff['added'][number];
export type DiffDeleted = PlanDiff['deleted'][number];
export type DiffInvalid = PlanDiff['invalid'][number];
export type DiffConflict = PlanDiff['conflicts'][number];
// The Mapping sheet's part: reviewers' decisions changed in the workbook, applied with the rest (each one a decision on
// one link, audited), not ticked one by one.
export type MappingDiff = NonNullable<PlanDiff['mapping']>;

// Mapping decisions the apply records or withdraws.
export const mappingCount = (diff: PlanDiff): number => (diff.mapping ? diff.mapping.decisions.length + diff.mapping.withdrawals.length : 0);

export type Side = 'workbook' | 'soxbridge';

export interface Selection {
  changes: ReadonlySet<string>; // keys id.field
  added: ReadonlySet<number>; // workbook rows
  deleted: ReadonlySet<string>; // task ids
  resolutions: Readonly<Record<string, Side>>; // key id.field
}

export type ApplyRequest = ApplyRequestBody & { changes: string[]; added: number[] }; // explicit lists, never 'all'

export const diffKey = (id: string, field: string): string => `${id}.${field}`;

export function initialSelection(diff: PlanDiff): Selection {
  return {
    changes: new Set(diff.changes.map((c) => diffKey(c.id, c.field))),
    added: new Set(diff.added.map((a) => a.row)),
    deleted: new Set(),
    resolutions: {},
  };
}

function toggled<T>(set: ReadonlySet<T>, item: T, on: boolean): Set<T> {
  const next = new Set(set);
  if (on) next.add(item);
  else next.delete(item);
  return next;
}

export const setChange = (s: Selection, key: string, on: boolean): Selection => ({ ...s, changes: toggled(s.changes, key, on) });
export const setAdded = (s: Selection, row: number, on: boolean): Selection => ({ ...s, added: toggled(s.added, row, on) });
export const setDeleted = (s: Selection, id: string, on: boolean): Selection => ({ ...s, deleted: toggled(s.deleted, id, on) });
export const resolve = (s: Selection, key: string, side: Side): Selection => ({ ...s, resolutions: { ...s.resolutions, [key]: side } });

export function setAllChanges(s: Selection, diff: PlanDiff, on: boolean): Selection {
  return { ...s, changes: on ? new Set(diff.changes.map((c) => diffKey(c.id, c.field))) : new Set() };
}

export function unresolved(diff: PlanDiff, s: Selection): DiffConflict[] {
  return diff.conflicts.filter((c) => !s.resolutions[diffKey(c.id, c.field)]);
}

// What applying would do, counted as the user sees it; only items that are in this diff count.
export function selectedCount(diff: PlanDiff, s: Selection): number {
  return (
    diff.changes.filter((c) => s.changes.has(diffKey(c.id, c.field))).length +
    diff.added.filter((a) => s.added.has(a.row)).length +
    diff.deleted.filter((d) => s.deleted.has(d.id)).length +
    diff.conflicts.filter((c) => s.resolutions[diffKey(c.id, c.field)] === 'workbook').length
  );
}

export type ApplyReadiness = { ok: true } | { ok: false; reason: string };

export function canApply(diff: PlanDiff, s: Selection): ApplyReadiness {
  const open = unresolved(diff, s).length;
  if (open > 0) return { ok: false, reason: `${open} conflict${open === 1 ? '' : 's'} still need${open === 1 ? 's' : ''} a choice: keep the workbook's value or soxbridge's.` };
  if (selectedCount(diff, s) === 0 && diff.conflicts.length === 0 && mappingCount(diff) === 0) return { ok: false, reason: 'Nothing is selected.' };
  return { ok: true };
}

// Explicit lists rather than 'all': the request says exactly what the user ticked, and the server refuses anything not in the diff.
export function buildApplyRequest(diff: PlanDiff, s: Selection): ApplyRequest {
  const resolutions: Record<string, Side> = {};
  for (const c of diff.conflicts) {
    const key = diffKey(c.id, c.field);
    const side = s.resolutions[key];
    if (side) resolutions[key] = side;
  }
  return {
    changes: diff.changes.map((c) => diffKey(c.id, c.field)).filter((k) => s.changes.has(k)),
    added: diff.added.map((a) => a.row).filter((r) => s.added.has(r)),
    deleted: diff.deleted.map((d) => d.id).filter((id) => s.deleted.has(id)),
    resolutions,
  };
}
