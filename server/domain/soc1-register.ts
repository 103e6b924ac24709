// The SOC 1 register: for each service organisation the engagement relies on, its SOC 1 report (type and period),
// the bridge letter for the part of the fiscal year the report period does not cover, and the complementary
// user-entity controls (CUECs) mapped to client controls and owners. Pure: dates in, verdicts with their basis out.
//
// Rules (REFERENCE §1, AS 2601, AT-C 320; templates/sox-program/service-org.json SVC-02, SVC-03, SVC-04):
// - Reliance needs a Type 2 report: a Type 1 report speaks to design at a point in time and gives no
//   operating-effectiveness coverage at all, so it covers no part of the year and no bridge letter can extend it.
// - The report period is compared with the fiscal year in scope (the first §404(a) year). The part of the year after
//   the period end needs a bridge letter from the provider's management, through the fiscal year end.
// - The part of the year before the period start is not reached by a bridge letter (it looks forward from the
//   period end); the prior period's report or direct testing covers it. [practice] It does not block when the report
//   covers at least MIN_COVERAGE_MONTHS of the year; below that the report is too short to rely on.
// - Every CUEC the report lists is mapped to a client control in the matrix and to an owner.
import { addDays, addMonths, compareIsoDates, daysBetween, isIsoDate, maxDate, minDate, type IsoDate } from './dates.ts';
import type { SoxTarget } from './catalog.ts';
import { fiscalYearEndDate, parseFiscalYearEnd, type Timeline } from './timeline.ts';

export const SOC1_REPORT_TYPES = ['type1', 'type2'] as const;
export type Soc1ReportType = (typeof SOC1_REPORT_TYPES)[number];

// [practice] SVC-02 mrc-precision: the report period must overlap the fiscal year "commonly at least six months".
export const MIN_COVERAGE_MONTHS = 6;
export const SOC1_RULE =
  'AS 2601 / AT-C 320: a SOC 1 Type 2 report whose period, with a bridge letter to the fiscal year end, covers the first §404(a) year (at least 6 months from the report itself, practice), and every CUEC mapped to a client control and an owner';

export interface Cuec {
  id: string; // as numbered in the report, e.g. "CUEC-3"
  text: string;
  controlId: string; // the client control that performs it ('' = not mapped yet)
  owner: string; // '' = no owner yet
}

export interface Soc1Entry {
  org: string;
  reportType: Soc1ReportType | null; // null: no report obtained yet
  periodStart: IsoDate | null;
  periodEnd: IsoDate | null;
  bridgeLetterThrough: IsoDate | null; // the date the provider's bridge letter covers to; null: none obtained
  targets: string[]; // the catalogue targets that rely on this organisation; empty: every relying target
  cuecs: Cuec[];
}

export interface Soc1Register {
  entries: Soc1Entry[];
}

export interface Span {
  start: IsoDate;
  end: IsoDate;
  days: number; // inclusive
}

export interface BridgeLetter {
  needed: Span | null; // the days after the report period end up to the fiscal year end
  through: IsoDate | null;
  state: 'not-needed' | 'missing' | 'short' | 'obtained' | 'cannot-help';
  text: string;
}

export interface CuecStatus extends Cuec {
  mapped: boolean;
  missing: string[]; // 'no client control', 'no owner', 'control X is not in the matrix'
}

export interface Soc1EntryStatus {
  entry: Soc1Entry;
  inProfile: boolean; // named in the engagement profile's service organisations
  fiscalYear: Span;
  covered: Span | null; // the part of the fiscal year the report itself covers (operating effectiveness)
  uncovered: Span[]; // every part of the fiscal year the report does not cover, in date order
  bridgeLetter: BridgeLetter;
  cuecs: CuecStatus[];
  missing: string[]; // what keeps reliance from being complete, one sentence each
  complete: boolean;
  summary: string;
}

// The fiscal year in scope: the first §404(a) year, from the day after the prior fiscal year end.
export function fiscalYearInScope(timeline: Pick<Timeline, 'first404a' | 'fiscalYear'>): { start: IsoDate; end: IsoDate } {
  const end = timeline.first404a.periodEnd;
  const fye = parseFiscalYearEnd(timeline.fiscalYear.end);
  const prior = fye.ok ? fiscalYearEndDate(fye.value, Number(end.slice(0, 4)) - 1) : addMonths(end, -12);
  return { start: addDays(prior, 1), end };
}

const span = (start: IsoDate, end: IsoDate): Span => ({ start, end, days: daysBetween(start, end) + 1 });
const spanText = (s: Span) => `${s.start} to ${s.end} (${s.days} days)`;

export function soc1EntryProblem(e: Soc1Entry): string | null {
  if (e.org.trim() === '') return 'the service organisation has no name';
  for (const [k, v] of [['periodStart', e.periodStart], ['periodEnd', e.periodEnd], ['bridgeLetterThrough', e.bridgeLetterThrough]] as const)
    if (v !== null && !isIsoDate(v)) return `${e.org}: ${k} "${v}" is not a date (YYYY-MM-DD)`;
  if ((e.periodStart === null) !== (e.periodEnd === null)) return `${e.org}: give both the report period start and end, or neither`;
  if (e.periodStart !== null && e.periodEnd !== null && compareIsoDates(e.periodStart, e.periodEnd) > 0)
    return `${e.org}: the report period starts (${e.periodStart}) after it ends (${e.periodEnd})`;
  if (e.reportType === 'type2' && e.periodStart === e.periodEnd && e.periodStart !== null)
    return `${e.org}: a Type 2 report covers a period, not one day`;
  const ids = new Set<string>();
  for (const c of e.cuecs) {
    if (c.id.trim() === '') return `${e.org}: a CUEC has no id`;
    if (ids.has(c.id)) return `${e.org}: CUEC ${c.id} is listed twice`;
    ids.add(c.id);
  }
  return null;
}

// One organisation against the fiscal year. `controlIds` is the set of client control ids in the matrix, or null
// when no matrix is known (then a mapped id is taken as given).
export function evaluateSoc1Entry(entry: Soc1Entry, fiscalYear: { start: IsoDate; end: IsoDate }, controlIds: ReadonlySet<string> | null, inProfile = true): Soc1EntryStatus {
  const fy = span(fiscalYear.start, fiscalYear.end);
  const missing: string[] = [];
  let covered: Span | null = null;
  let uncovered: Span[] = [fy];
  let bridge: BridgeLetter = { needed: null, through: entry.bridgeLetterThrough, state: 'cannot-help', text: '' };

  if (entry.reportType === null || entry.periodStart === null || entry.periodEnd === null) {
    const what = entry.reportType === null ? 'no SOC 1 report is recorded' : 'the report period is not recorded';
    missing.push(`${what}: obtain the SOC 1 Type 2 report covering ${spanText(fy)}`);
    bridge = { ...bridge, text: 'not known until the report period is recorded' };
  } else if (entry.reportType === 'type1') {
    missing.push(`a Type 1 report (as of ${entry.periodEnd}) tests design only and gives no operating-effectiveness coverage of ${spanText(fy)}: obtain a Type 2 report`);
    bridge = { ...bridge, text: 'a bridge letter cannot extend a Type 1 report: no part of the year is covered' };
  } else {
    const start = maxDate(entry.periodStart, fy.start);
    const end = minDate(entry.periodEnd, fy.end);
    if (compareIsoDates(start, end) > 0) {
      missing.push(`the report period ${entry.periodStart} to ${entry.periodEnd} does not overlap the fiscal year ${fy.start} to ${fy.end}: obtain the report for the year`);
      bridge = { ...bridge, text: 'a bridge letter covers at most the months after a period inside the year; this period is outside it' };
    } else {
      covered = span(start, end);
      uncovered = [];
      if (compareIsoDates(entry.periodStart, fy.start) > 0) {
        const before = span(fy.start, addDays(entry.periodStart, -1));
        uncovered.push(before);
        if (compareIsoDates(addMonths(covered.start, MIN_COVERAGE_MONTHS), addDays(covered.end, 1)) > 0)
          missing.push(
            `the report covers only ${spanText(covered)} of the fiscal year, less than ${MIN_COVERAGE_MONTHS} months, and nothing covers ${spanText(before)}: obtain the prior period's report or test directly`,
          );
      }
      if (compareIsoDates(entry.periodEnd, fy.end) < 0) {
        const needed = span(addDays(entry.periodEnd, 1), fy.end);
        uncovered.push(needed);
        const through = entry.bridgeLetterThrough;
        if (through === null) {
          bridge = { needed, through, state: 'missing', text: `bridge letter needed for ${spanText(needed)}` };
          missing.push(`no bridge letter for ${spanText(needed)} after the report period end`);
        } else if (compareIsoDates(through, fy.end) < 0) {
          const short = span(maxDate(addDays(through, 1), needed.start), fy.end);
          bridge = { needed, through, state: 'short', text: `bridge letter through ${through} leaves ${spanText(short)} uncovered` };
          missing.push(`the bridge letter covers to ${through}; ${spanText(short)} up to the fiscal year end is not covered`);
        } else bridge = { needed, through, state: 'obtained', text: `bridge letter through ${through} covers ${spanText(needed)}` };
      } else bridge = { needed: null, through: entry.bridgeLetterThrough, state: 'not-needed', text: `the report period runs to ${entry.periodEnd}, the fiscal year end or later: no bridge letter needed` };
    }
  }

  const cuecs: CuecStatus[] = entry.cuecs.map((c) => {
    const m: string[] = [];
    if (c.controlId.trim() === '') m.push('no client control');
    else if (controlIds && !controlIds.has(c.controlId)) m.push(`control ${c.controlId} is not in the matrix`);
    if (c.owner.trim() === '') m.push('no owner');
    return { ...c, mapped: m.length === 0, missing: m };
  });
  for (const c of cuecs) if (!c.mapped) missing.push(`CUEC ${c.id}: ${c.missing.join(', ')}`);
  const complete = missing.length === 0;
  const cuecWord = cuecs.length === 0 ? 'no CUECs recorded' : `${cuecs.filter((c) => c.mapped).length} of ${cuecs.length} CUEC(s) mapped`;
  const summary = complete
    ? `${entry.org}: Type 2 ${covered ? `covers ${spanText(covered)}` : ''}${bridge.state === 'obtained' ? `, ${bridge.text}` : ''}; ${cuecWord}`
    : `${entry.org}: ${missing.join('; ')}`;
  return { entry, inProfile, fiscalYear: fy, covered, uncovered, bridgeLetter: bridge, cuecs, missing, complete, summary };
}

export function emptySoc1Entry(org: string): Soc1Entry {
  return { org, reportType: null, periodStart: null, periodEnd: null, bridgeLetterThrough: null, targets: [], cuecs: [] };
}

// Every organisation of the profile (a blank entry when the register has none) and every other registered one.
export function evaluateSoc1Register(
  register: Soc1Register,
  serviceOrganizations: readonly string[],
  fiscalYear: { start: IsoDate; end: IsoDate },
  controlIds: ReadonlySet<string> | null,
): Soc1EntryStatus[] {
  const key = (s: string) => s.trim().toLowerCase();
  const byOrg = new Map(register.entries.map((e) => [key(e.org), e]));
  const profileKeys = new Set(serviceOrganizations.map(key));
  const out: Soc1EntryStatus[] = [];
  for (const org of serviceOrganizations) out.push(evaluateSoc1Entry(byOrg.get(key(org)) ?? emptySoc1Entry(org), fiscalYear, controlIds, true));
  for (const e of register.entries) if (!profileKeys.has(key(e.org))) out.push(evaluateSoc1Entry(e, fiscalYear, controlIds, false));
  return out;
}

// A target relies on a service organisation when the catalogue asks it for SOC 1 reliance.
export function reliesOnServiceOrg(t: Pick<SoxTarget, 'category' | 'soxRequires'>): boolean {
  return t.category === 'service-org' || t.soxRequires.some((r) => r.code === 'soc1-reliance');
}

export interface Soc1Outcome {
  code: 'soc1-reliance';
  state: 'met' | 'unmet';
  finding: string;
  controls: string[];
  rule: string;
}

// The register's verdict for one target, or null when no organisation applies (the text check then decides).
export function soc1OutcomeFor(statuses: readonly Soc1EntryStatus[], t: Pick<SoxTarget, 'id' | 'category' | 'soxRequires'>): Soc1Outcome | null {
  if (!reliesOnServiceOrg(t)) return null;
  const mine = statuses.filter((s) => s.entry.targets.length === 0 || s.entry.targets.includes(t.id));
  if (mine.length === 0) return null;
  const open = mine.filter((s) => !s.complete);
  const controls = [...new Set(mine.flatMap((s) => s.cuecs.map((c) => c.controlId).filter((id) => id !== '')))];
  if (open.length === 0)
    return { code: 'soc1-reliance', state: 'met', finding: `SOC 1 register: ${mine.map((s) => s.summary).join(' | ')}`, controls, rule: SOC1_RULE };
  return { code: 'soc1-reliance', state: 'unmet', finding: `SOC 1 register: ${open.map((s) => s.summary).join(' | ')}`, controls, rule: SOC1_RULE };
}

// A register given as JSON (the CLI's --soc1 file): { "entries": [...] } or the list itself. Missing optional fields
// take their empty value; the first problem is named by entry and field.
export function parseSoc1Register(value: unknown): { ok: true; value: Soc1Register } | { ok: false; error: string } {
  const list = Array.isArray(value) ? value : value && typeof value === 'object' ? (value as { entries?: unknown }).entries : undefined;
  if (!Array.isArray(list)) return { ok: false, error: 'expected {"entries": [...]} or a list of entries' };
  const entries: Soc1Entry[] = [];
  const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
  const day = (v: unknown) => (v === undefined || v === null || v === '' ? null : str(v));
  for (const [i, raw] of list.entries()) {
    if (!raw || typeof raw !== 'object') return { ok: false, error: `entry ${i + 1}: not an object` };
    const r = raw as Record<string, unknown>;
    const type = r.reportType ?? null;
    if (type !== null && !(SOC1_REPORT_TYPES as readonly unknown[]).includes(type)) return { ok: false, error: `entry ${i + 1}: reportType "${str(type)}" is not one of ${SOC1_REPORT_TYPES.join(', ')}` };
    if (r.cuecs !== undefined && !Array.isArray(r.cuecs)) return { ok: false, error: `entry ${i + 1}: cuecs is not a list` };
    const e: Soc1Entry = {
      org: str(r.org).trim(),
      reportType: type as Soc1ReportType | null,
      periodStart: day(r.periodStart),
      periodEnd: day(r.periodEnd),
      bridgeLetterThrough: day(r.bridgeLetterThrough),
      targets: Array.isArray(r.targets) ? r.targets.map(str) : [],
      cuecs: ((r.cuecs as unknown[] | undefined) ?? []).map((c) => {
        const x = (c ?? {}) as Record<string, unknown>;
        return { id: str(x.id).trim(), text: str(x.text), controlId: str(x.controlId).trim(), owner: str(x.owner).trim() };
      }),
    };
    const problem = soc1EntryProblem(e);
    if (problem) return { ok: false, error: `entry ${i + 1}: ${problem}` };
    entries.push(e);
  }
  return { ok: true, value: { entries } };
}
