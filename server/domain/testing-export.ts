// The round-trip contract of the Testing and Deficiencies sheets of the plan workbook: one row per test (walkthrough
// and test of design, test of operating effectiveness, retest of a deficiency) keyed by its Test ID, and one row per
// deficiency keyed by its Deficiency ID. Reading an edited export gives back the recorded results and the reviewers'
// judgements, every value checked with a one-line reason naming sheet, row and column. Pure: the excel adapter writes.
import { columnLetter, type Grid, type GridCell, type GridSheet } from './grid.ts';
import { INDICATORS, LIKELIHOODS, SEVERITIES, type DeficiencySeverity, type Indicator, type Likelihood } from './catalog.ts';
import { dateProblem, DATE_FORMS, parseDateText } from './date-text.ts';
import { CONCLUSIONS, type Conclusion, type Deficiency, type DeficiencyJudgement, type TestResult } from './deficiencies.ts';
import type { PlanInvalid } from './plan-diff.ts';
import type { PlanTask } from './plan.ts';

export const TESTING_SHEET = 'Testing';
export const DEFICIENCIES_SHEET = 'Deficiencies';

export const TESTING_COLUMNS = [
  { field: 'testId', header: 'Test ID', editable: false, width: 24 },
  { field: 'target', header: 'Target', editable: false, width: 12 },
  { field: 'kind', header: 'Kind', editable: false, width: 7 },
  { field: 'title', header: 'Test', editable: false, width: 50 },
  { field: 'owner', header: 'Tester', editable: false, width: 20 },
  { field: 'planned', header: 'Planned', editable: false, width: 23 },
  { field: 'sampleSize', header: 'Sample size', editable: false, width: 8 },
  { field: 'tested', header: 'Tested', editable: true, width: 8 },
  { field: 'exceptions', header: 'Exceptions', editable: true, width: 10 },
  { field: 'conclusion', header: 'Conclusion', editable: true, width: 13 },
  { field: 'testedOn', header: 'Tested on', editable: true, width: 12 },
  { field: 'note', header: 'Notes', editable: true, width: 40 },
] as const;
export type TestingField = (typeof TESTING_COLUMNS)[number]['field'];

export const DEFICIENCY_COLUMNS = [
  { field: 'id', header: 'Deficiency ID', editable: false, width: 18 },
  { field: 'target', header: 'Target', editable: false, width: 12 },
  { field: 'origin', header: 'Origin', editable: false, width: 8 },
  { field: 'severity', header: 'Severity', editable: false, width: 22 },
  { field: 'status', header: 'Status', editable: false, width: 11 },
  { field: 'basis', header: 'Basis', editable: false, width: 70 },
  { field: 'aggregatedWith', header: 'Aggregated with', editable: false, width: 20 },
  { field: 'tasks', header: 'Tasks', editable: false, width: 28 },
  { field: 'likelihood', header: 'Likelihood', editable: true, width: 18 },
  { field: 'magnitude', header: 'Potential misstatement', editable: true, width: 14 },
  { field: 'compensatingControl', header: 'Compensating control', editable: true, width: 30 },
  { field: 'indicators', header: 'MW indicators', editable: true, width: 30 },
  { field: 'overrideSeverity', header: 'Override severity', editable: true, width: 20 },
  { field: 'overrideReason', header: 'Override reason', editable: true, width: 30 },
] as const;
export type DeficiencyField = (typeof DEFICIENCY_COLUMNS)[number]['field'];

// The tests the plan holds: TOD and TOE per key control, and the retest of each deficiency (an operating test: TOE).
export function testTasks(tasks: PlanTask[]): PlanTask[] {
  return tasks.filter((t) => t.kind === 'tod' || t.kind === 'toe' || t.kind === 'retest');
}

export function testKindOf(t: Pick<PlanTask, 'kind'>): 'TOD' | 'TOE' {
  return t.kind === 'tod' ? 'TOD' : 'TOE';
}

// A value on the Testing or Deficiencies sheet that cannot be used: placed and worded like an invalid Plan value.
export type TestingInvalid = Omit<PlanInvalid, 'code'>;

export interface TestingRead {
  results: TestResult[];
  judgements: DeficiencyJudgement[];
  invalid: TestingInvalid[];
  rows: { sheet: string; row: number; id: string; values: Record<string, string> }[]; // editable values as text, for the diff
}

function columns(sheet: GridSheet, cols: readonly { field: string; header: string }[]): Map<string, number> {
  const at = new Map<string, number>();
  (sheet.rows[0] ?? []).forEach((cell, i) => {
    const c = cols.find((x) => x.header.toLowerCase() === (cell?.text ?? '').trim().toLowerCase());
    if (c && !at.has(c.field)) at.set(c.field, i);
  });
  return at;
}

const cellText = (c: GridCell | undefined) => (c === undefined ? '' : c.value.kind === 'date' ? c.value.iso.slice(0, 10) : c.text.trim());
const word = (s: string) => s.trim().toLowerCase().replace(/\s+/g, '-');

// Reads the Testing and Deficiencies sheets of an export (either may be missing: nothing recorded there).
export function readTestingGrid(grid: Grid): TestingRead {
  const out: TestingRead = { results: [], judgements: [], invalid: [], rows: [] };
  const testing = grid.sheets.find((s) => s.name === TESTING_SHEET);
  if (testing) readTesting(testing, out);
  const defs = grid.sheets.find((s) => s.name === DEFICIENCIES_SHEET);
  if (defs) readDeficiencies(defs, out);
  return out;
}

function readTesting(sheet: GridSheet, out: TestingRead): void {
  const at = columns(sheet, TESTING_COLUMNS);
  if (!at.has('testId')) {
    out.invalid.push({ sheet: sheet.name, row: 1, column: 'A', id: null, field: 'testId', value: '', message: `${sheet.name}!row 1 has no "Test ID" header; results cannot be matched to tests` });
    return;
  }
  sheet.rows.forEach((r, i) => {
    if (i === 0 || !r) return;
    const get = (f: TestingField) => cellText(at.has(f) ? r[at.get(f)!] : undefined);
    const id = get('testId');
    if (!id) return;
    const row = i + 1;
    const values = Object.fromEntries(TESTING_COLUMNS.filter((c) => c.editable).map((c) => [c.field, get(c.field)]));
    out.rows.push({ sheet: sheet.name, row, id, values });
    const bad = (field: TestingField, value: string, why: string) =>
      out.invalid.push({ sheet: sheet.name, row, column: columnLetter((at.get(field) ?? 0) + 1), id, field, value, message: `${sheet.name}!${columnLetter((at.get(field) ?? 0) + 1)}${row} (${id}): ${why}` });
    const tested = get('tested');
    const exceptions = get('exceptions');
    const conclusion = get('conclusion');
    if (!tested && !exceptions && !conclusion) return; // not recorded yet
    const count = (f: TestingField, v: string): number | null => {
      const n = Number(v === '' ? 0 : v);
      if (!Number.isInteger(n) || n < 0) {
        bad(f, v, `"${v}" is not a whole number of instances`);
        return null;
      }
      return n;
    };
    const t = count('tested', tested);
    const e = count('exceptions', exceptions);
    let c: Conclusion | null = null;
    if (conclusion === '') {
      // no conclusion typed: the numbers decide (an exception fails the test)
      c = e !== null && e > 0 ? 'ineffective' : 'effective';
    } else if ((CONCLUSIONS as readonly string[]).includes(word(conclusion))) c = word(conclusion) as Conclusion;
    else bad('conclusion', conclusion, `conclusion "${conclusion}" is not one of ${CONCLUSIONS.join(', ')}`);
    const onText = get('testedOn');
    let on: string | null = null;
    if (onText) {
      on = parseDateText(onText);
      if (on === null) bad('testedOn', onText, `"${onText}" ${dateProblem(onText)} (use ${DATE_FORMS})`);
    }
    if (t !== null && e !== null && e > t) bad('exceptions', exceptions, `${e} exceptions in ${t} tested`);
    else if (t !== null && e !== null && c !== null) out.results.push({ testId: id, tested: t, exceptions: e, conclusion: c, testedOn: on, note: get('note') });
  });
}

function readDeficiencies(sheet: GridSheet, out: TestingRead): void {
  const at = columns(sheet, DEFICIENCY_COLUMNS);
  if (!at.has('id')) return;
  sheet.rows.forEach((r, i) => {
    if (i === 0 || !r) return;
    const get = (f: DeficiencyField) => cellText(at.has(f) ? r[at.get(f)!] : undefined);
    const id = get('id');
    if (!id) return;
    const row = i + 1;
    const values = Object.fromEntries(DEFICIENCY_COLUMNS.filter((c) => c.editable).map((c) => [c.field, get(c.field)]));
    out.rows.push({ sheet: sheet.name, row, id, values });
    const bad = (field: DeficiencyField, value: string, why: string) =>
      out.invalid.push({ sheet: sheet.name, row, column: columnLetter((at.get(field) ?? 0) + 1), id, field, value, message: `${sheet.name}!${columnLetter((at.get(field) ?? 0) + 1)}${row} (${id}): ${why}` });
    const j: DeficiencyJudgement = { deficiencyId: id, likelihood: null, magnitude: null, compensatingControl: null, indicators: [], overrideSeverity: null, overrideReason: null };
    const lk = get('likelihood');
    if (lk) {
      if ((LIKELIHOODS as readonly string[]).includes(word(lk))) j.likelihood = word(lk) as Likelihood;
      else bad('likelihood', lk, `likelihood "${lk}" is not one of ${LIKELIHOODS.join(', ')}`);
    }
    const mg = get('magnitude').replace(/[,$\s]/g, '');
    if (mg) {
      const n = Number(mg);
      if (Number.isFinite(n) && n >= 0) j.magnitude = n;
      else bad('magnitude', get('magnitude'), `"${get('magnitude')}" is not an amount`);
    }
    j.compensatingControl = get('compensatingControl') || null;
    for (const part of get('indicators').split(/[,;]/).map((s) => s.trim()).filter(Boolean)) {
      if ((INDICATORS as readonly string[]).includes(word(part))) j.indicators.push(word(part) as Indicator);
      else bad('indicators', part, `indicator "${part}" is not one of ${INDICATORS.join(', ')}`);
    }
    const ov = get('overrideSeverity');
    if (ov) {
      if ((SEVERITIES as readonly string[]).includes(word(ov))) j.overrideSeverity = word(ov) as DeficiencySeverity;
      else bad('overrideSeverity', ov, `severity "${ov}" is not one of ${SEVERITIES.join(', ')}`);
    }
    j.overrideReason = get('overrideReason') || null;
    if (j.overrideSeverity && !j.overrideReason) bad('overrideReason', '', 'an override needs a reason');
    if (j.likelihood || j.magnitude !== null || j.compensatingControl || j.indicators.length || j.overrideSeverity) out.judgements.push(j);
  });
}

export interface TestingChange {
  sheet: string;
  row: number;
  id: string;
  field: string;
  before: string;
  after: string;
}

// What the edited workbook changed on the Testing and Deficiencies sheets, cell by cell, against the export.
export function diffTesting(original: TestingRead, edited: TestingRead): TestingChange[] {
  const before = new Map(original.rows.map((r) => [`${r.sheet}\u0000${r.id}`, r.values]));
  const changes: TestingChange[] = [];
  for (const r of edited.rows) {
    const was = before.get(`${r.sheet}\u0000${r.id}`) ?? {};
    for (const [field, after] of Object.entries(r.values)) {
      const b = was[field] ?? '';
      if (b !== after) changes.push({ sheet: r.sheet, row: r.row, id: r.id, field, before: b, after });
    }
  }
  return changes;
}

// The text a deficiency's judgement columns are written with (and read back as).
export function judgementCells(d: Deficiency, j: DeficiencyJudgement | undefined): Record<string, string | number> {
  return {
    likelihood: j?.likelihood ?? '',
    magnitude: j?.magnitude ?? '',
    compensatingControl: j?.compensatingControl ?? '',
    indicators: (j?.indicators ?? []).join(', '),
    overrideSeverity: d.override?.severity ?? '',
    overrideReason: d.override?.reason ?? '',
  };
}

// The edited workbook against what is recorded now (a stored re-import): the rows whose editable values differ, and
// the results and judgements those rows carry, ready to record.
export function diffTestingRecorded(
  edited: TestingRead,
  recorded: { results: TestResult[]; judgements: DeficiencyJudgement[] },
): { changes: TestingChange[]; invalid: TestingInvalid[]; results: TestResult[]; judgements: DeficiencyJudgement[] } {
  const asRead: TestingRead = { results: [], judgements: [], invalid: [], rows: [] };
  for (const r of recorded.results)
    asRead.rows.push({ sheet: TESTING_SHEET, row: 0, id: r.testId, values: { tested: String(r.tested), exceptions: String(r.exceptions), conclusion: r.conclusion, testedOn: r.testedOn ?? '', note: r.note } });
  for (const j of recorded.judgements)
    asRead.rows.push({
      sheet: DEFICIENCIES_SHEET,
      row: 0,
      id: j.deficiencyId,
      values: {
        likelihood: j.likelihood ?? '',
        magnitude: j.magnitude === null ? '' : String(j.magnitude),
        compensatingControl: j.compensatingControl ?? '',
        indicators: j.indicators.join(', '),
        overrideSeverity: j.overrideSeverity ?? '',
        overrideReason: j.overrideReason ?? '',
      },
    });
  const changes = diffTesting(asRead, edited).filter((c) => !(c.before === '' && c.after === '' ));
  const changed = new Set(changes.map((c) => `${c.sheet}\u0000${c.id}`));
  return {
    changes,
    invalid: edited.invalid,
    results: edited.results.filter((r) => changed.has(`${TESTING_SHEET}\u0000${r.testId}`)),
    judgements: edited.judgements.filter((j) => changed.has(`${DEFICIENCIES_SHEET}\u0000${j.deficiencyId}`)),
  };
}
