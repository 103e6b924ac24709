// The round-trip contract of the Mapping sheet of the plan workbook (issue 22, reviewable mappings): one row per SOX
// target × source or candidate control, keyed by (Target, Control ID), with the engine's verdict (grey, set by
// soxbridge) and the reviewer's Decision and Reason (editable). A row typed at the bottom with a target, a control id
// and the decision "add" adds a link the engine missed; clearing a Decision withdraws it. Reading an edited export
// gives back the decisions; every value is checked with a one-line reason naming sheet, row and column. Pure.
import { columnLetter, type Grid, type GridCell, type GridSheet } from './grid.ts';
import type { DeltaItem } from './delta.ts';
import { MAPPING_DECISIONS, reviewProblem, type MappingDecision, type MappingReview, type OrphanedReview } from './mapping-review.ts';
import type { TestingInvalid } from './testing-export.ts';

export const MAPPING_SHEET = 'Mapping';

export const MAPPING_COLUMNS = [
  { field: 'targetId', header: 'Target', editable: false, width: 13 },
  { field: 'targetTitle', header: 'Target title', editable: false, width: 40 },
  { field: 'status', header: 'Status', editable: false, width: 10 },
  { field: 'controlId', header: 'Control ID', editable: false, width: 14 },
  { field: 'where', header: 'Sheet!row', editable: false, width: 16 },
  { field: 'link', header: 'Link', editable: false, width: 18 },
  { field: 'why', header: 'Why (soxbridge)', editable: false, width: 60 },
  { field: 'decision', header: 'Decision', editable: true, width: 11 },
  { field: 'reason', header: 'Reason', editable: true, width: 45 },
  { field: 'reviewedBy', header: 'Reviewed by', editable: false, width: 22 },
  { field: 'reviewedAt', header: 'Reviewed at', editable: false, width: 12 },
] as const;
export type MappingField = (typeof MAPPING_COLUMNS)[number]['field'];

// Candidates written per target: a target can share a criterion with hundreds of controls in a large matrix. The rest
// are counted on a row of their own (and listed in full in the web app's target detail), never left out unsaid.
export const CANDIDATES_PER_TARGET = 50;

export interface MappingSheetRow {
  targetId: string;
  targetTitle: string;
  status: string;
  controlId: string;
  where: string;
  link: string; // "source (strong)", "candidate", "orphaned decision", "… more candidates"
  why: string;
  decision: MappingDecision | '';
  reason: string;
  reviewedBy: string;
  reviewedAt: string;
}

// The rows of the sheet, target by target in catalogue order: sources, then candidates, then decisions about controls
// no longer in the matrix; decisions about targets no longer in the catalogue last.
export function mappingRows(items: readonly DeltaItem[], orphaned: readonly OrphanedReview[] = []): MappingSheetRow[] {
  const out: MappingSheetRow[] = [];
  // each row written out field by field: an object spread followed by more fields allocates about 5 KB per object in
  // Node 20 (11 MB for the 3,400 rows of a 5,000-control matrix)
  const row = (
    target: { id: string; title: string; status: string },
    controlId: string,
    where: string,
    link: string,
    why: string,
    r: Pick<MappingReview, 'decision' | 'reason' | 'author' | 'at'> | undefined,
  ): MappingSheetRow => ({
    targetId: target.id,
    targetTitle: target.title,
    status: target.status,
    controlId,
    where,
    link,
    why,
    decision: r ? r.decision : '',
    reason: r ? r.reason : '',
    reviewedBy: r ? r.author : '',
    reviewedAt: r ? r.at.slice(0, 10) : '',
  });
  for (const i of items) {
    if (i.status === 'not-applicable') continue;
    for (const s of i.sources)
      out.push(row(i, s.controlId, `${s.sheet}!${s.row}`, `source (${s.match})`, s.matched.length ? `matched ${s.matched.map((m) => `"${m}"`).join(', ')}` : s.via.length ? `through ${s.via.map((v) => v.tsc).join(', ')}` : 'added by a reviewer', s.review));
    const shown = i.candidates.filter((c, k) => k < CANDIDATES_PER_TARGET || c.review);
    for (const c of shown) out.push(row(i, c.controlId, `${c.sheet}!${c.row}`, 'candidate', c.reason, c.review));
    if (shown.length < i.candidates.length)
      out.push(row(i, '', '', '… more candidates', `${i.candidates.length - shown.length} more candidates share a criterion with ${i.id}; the target detail in soxbridge lists them all`, undefined));
    for (const o of i.orphanedReviews ?? []) out.push(row(i, o.controlId, '', 'orphaned decision', o.why, o));
  }
  const targets = new Set(items.map((i) => i.id));
  for (const o of orphaned) if (!targets.has(o.targetId)) out.push(row({ id: o.targetId, title: '', status: '' }, o.controlId, '', 'orphaned decision', o.why, o));
  return out;
}

export interface MappingReadRow {
  sheet: string;
  row: number;
  targetId: string;
  controlId: string;
  decision: string; // as typed, normalised to lower case
  reason: string;
}

export interface MappingRead {
  rows: MappingReadRow[];
  invalid: TestingInvalid[];
}

const cellText = (c: GridCell | undefined) => (c === undefined ? '' : c.text.trim());

function columns(sheet: GridSheet): Map<MappingField, number> {
  const at = new Map<MappingField, number>();
  (sheet.rows[0] ?? []).forEach((cell, i) => {
    const c = MAPPING_COLUMNS.find((x) => x.header.toLowerCase() === (cell?.text ?? '').trim().toLowerCase());
    if (c && !at.has(c.field)) at.set(c.field, i);
  });
  return at;
}

// Reads the Mapping sheet of an export (missing: nothing decided there). A row without a target or a control id is a
// note (the "more candidates" rows) unless it carries a decision.
export function readMappingGrid(grid: Grid): MappingRead {
  const out: MappingRead = { rows: [], invalid: [] };
  const sheet = grid.sheets.find((s) => s.name === MAPPING_SHEET);
  if (!sheet) return out;
  const at = columns(sheet);
  for (const f of ['targetId', 'controlId', 'decision', 'reason'] as const)
    if (!at.has(f)) {
      const header = MAPPING_COLUMNS.find((c) => c.field === f)!.header;
      out.invalid.push({ sheet: sheet.name, row: 1, column: 'A', id: null, field: f, value: '', message: `${sheet.name}!row 1 has no "${header}" header; mapping decisions cannot be read` });
      return out;
    }
  const seen = new Map<string, number>();
  sheet.rows.forEach((r, i) => {
    if (i === 0 || !r) return;
    const get = (f: MappingField) => cellText(at.has(f) ? r[at.get(f)!] : undefined);
    const row = i + 1;
    const targetId = get('targetId');
    const controlId = get('controlId');
    const decision = get('decision').toLowerCase();
    const reason = get('reason');
    const id = `${targetId}/${controlId}`;
    const bad = (field: MappingField, value: string, why: string) => {
      const col = columnLetter((at.get(field) ?? 0) + 1);
      out.invalid.push({ sheet: sheet.name, row, column: col, id, field, value, message: `${sheet.name}!${col}${row} (${id}): ${why}` });
    };
    if (!targetId || !controlId) {
      if (decision) bad(targetId ? 'controlId' : 'targetId', '', `a decision needs both a target and a control id`);
      return;
    }
    const key = `${targetId}\u0000${controlId}`;
    const first = seen.get(key);
    if (first !== undefined) {
      bad('controlId', controlId, `${targetId} × ${controlId} is on row ${first} already; give each link one row`);
      return;
    }
    seen.set(key, row);
    if (decision) {
      const problem = reviewProblem({ targetId, controlId, decision: decision as MappingDecision, reason });
      if (problem) {
        bad((MAPPING_DECISIONS as readonly string[]).includes(decision) ? 'reason' : 'decision', (MAPPING_DECISIONS as readonly string[]).includes(decision) ? reason : decision, problem);
        return;
      }
    }
    out.rows.push({ sheet: sheet.name, row, targetId, controlId, decision, reason });
  });
  return out;
}

export interface MappingChange {
  sheet: string;
  row: number;
  id: string; // "<target>/<control id>"
  field: 'decision' | 'reason';
  before: string;
  after: string;
}

export interface MappingDiff {
  changes: MappingChange[];
  invalid: TestingInvalid[];
  decisions: { targetId: string; controlId: string; decision: MappingDecision; reason: string }[]; // to record
  withdrawals: { targetId: string; controlId: string }[]; // decisions cleared in the workbook
}

// The edited sheet against the decisions recorded now (or, for `cli diff`, against the sheet as exported). A row whose
// Decision or Reason differs is a change: a decision to record, or (Decision cleared) a withdrawal. A recorded decision
// whose row was deleted from the sheet is left as it is: deleting a row is not a decision. `exists`: whether a new
// decision names a target and a control that exist (checked where the catalogue and the controls are known).
export function diffMapping(
  edited: MappingRead,
  recorded: readonly Pick<MappingReview, 'targetId' | 'controlId' | 'decision' | 'reason'>[],
  exists: (targetId: string, controlId: string) => string | null = () => null,
): MappingDiff {
  const now = new Map(recorded.map((r) => [`${r.targetId}\u0000${r.controlId}`, r]));
  const out: MappingDiff = { changes: [], invalid: [...edited.invalid], decisions: [], withdrawals: [] };
  for (const r of edited.rows) {
    const was = now.get(`${r.targetId}\u0000${r.controlId}`);
    const before = { decision: was?.decision ?? '', reason: was?.reason ?? '' };
    // A reason typed on a row with no decision, where none is recorded: nothing to record.
    if (!r.decision && !was) continue;
    const after = { decision: r.decision, reason: r.decision ? r.reason : '' };
    if (before.decision === after.decision && before.reason === after.reason) continue;
    const id = `${r.targetId}/${r.controlId}`;
    if (r.decision) {
      const problem = exists(r.targetId, r.controlId);
      if (problem) {
        out.invalid.push({ sheet: r.sheet, row: r.row, column: '', id, field: 'controlId', value: r.controlId, message: `${r.sheet}!row ${r.row} (${id}): ${problem}` });
        continue;
      }
    }
    for (const f of ['decision', 'reason'] as const) if (before[f] !== after[f]) out.changes.push({ sheet: r.sheet, row: r.row, id, field: f, before: before[f], after: after[f] });
    if (r.decision) out.decisions.push({ targetId: r.targetId, controlId: r.controlId, decision: r.decision as MappingDecision, reason: r.reason });
    else out.withdrawals.push({ targetId: r.targetId, controlId: r.controlId });
  }
  return out;
}

// `cli diff`: the sheet as exported stands for the decisions recorded then.
export function diffMappingGrids(original: Grid, edited: Grid): MappingDiff {
  const recorded = readMappingGrid(original).rows.filter((r) => r.decision).map((r) => ({ targetId: r.targetId, controlId: r.controlId, decision: r.decision as MappingDecision, reason: r.reason }));
  return diffMapping(readMappingGrid(edited), recorded);
}
