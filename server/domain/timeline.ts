// SEC reporting timeline for a newly public company (REFERENCE.md §6): every 10-Q and 10-K from the latest period in
// the registration statement (the S-1 period) through the first §404(b) year, and the five milestones drawn from them
// (first 10-Q, first §302, first 10-K, first §404(a), first §404(b)), each due date rolled to a business day and each
// with a one-line basis a reader can check.
//
// Judgement calls (planning defaults; the product shows the basis and lets users override them):
// - S-1 period, when not given: the latest fiscal quarter end at least 45 days before the IPO; a fiscal year end only
//   when at least 90 days before (REFERENCE §6; Regulation S-X 3-12 and 3-01).
// - A 10-Q for a quarter that ended on or before the IPO date is due on the later of 45 days after effectiveness and
//   its normal date (Rule 13a-13(a)); a 10-K for a year the S-1 lacks whose normal due date is before the IPO is
//   refused as inconsistent: a registration statement effective then would carry that year's audit (S-X 3-12).
// - EGC fifth anniversary: the IPO date plus five calendar years (a Feb 29 IPO → Feb 28), counted in the fiscal year
//   containing it, including when it falls on the year end itself. Debt and other early ends arrive as
//   `egcEndsFiscalYear`.
// - No §404(b): the calendar runs through the first §404(a) year plus two.

import type { IsoDate } from './dates.ts';
import { addDays, addYears, compareIsoDates, daysBetween, isAfter, maxDate, parseIsoDate } from './dates.ts';
import {
  describeFiscalYearEnd,
  fiscalPeriods,
  fiscalQuarterEnds,
  fiscalYearEndDate,
  fiscalYearOf,
  parseFiscalYearEnd,
  periodEndingOn,
  type FiscalPeriod,
  type FiscalYearEnd,
} from './fiscal-calendar.ts';
import { FILER_LABEL, FILER_STATUSES, SEC_THRESHOLDS, usd, yearStatuses, type FilerStatus, type UsdByYear, type YearStatus } from './filer-status.ts';
import { rollToBusinessDay } from './holidays.ts';
import type { RolledDate } from './holidays.ts';
import type { Result } from './result.ts';

export { FILER_STATUSES, type FilerStatus } from './filer-status.ts';
export { fiscalQuarterEnds, fiscalYearEndDate, fiscalYearOf, parseFiscalYearEnd, type FiscalYearEnd, type FyeResult } from './fiscal-calendar.ts';

// Days after period end (Form 10-K General Instruction A; Form 10-Q General Instruction A.1).
export const TEN_K_DUE_DAYS: Record<FilerStatus, number> = { 'large-accelerated': 60, accelerated: 75, 'non-accelerated': 90 };
export const TEN_Q_DUE_DAYS: Record<FilerStatus, number> = { 'large-accelerated': 40, accelerated: 40, 'non-accelerated': 45 };

export const MIN_IPO_DATE = '1990-01-01';
export const MAX_IPO_DATE = '2100-12-31';

export interface TimelineInput {
  ipoDate: IsoDate; // effective date of the registration statement
  fiscalYearEnd: string; // 'MM-DD', 'last-<weekday>-MM' or 'nearest-<weekday>-MM'
  egc: boolean; // an Emerging Growth Company at the IPO
  filerStatus: FilerStatus; // expected status once eligible
  egcEndsFiscalYear?: number; // fiscal year in which EGC status ends early (debt or another trigger), if expected
  s1PeriodEnd?: IsoDate; // latest period in the registration statement; default per REFERENCE §6
  firstSale?: IsoDate; // first registered sale of common equity; default the IPO date
  quarterEnds?: IsoDate[]; // explicit quarter ends (52/53-week years that do not follow 13 weeks)
  publicFloat?: UsdByYear; // FY → public float on the last business day of its second quarter
  revenue?: UsdByYear; // FY → annual revenue
  filerStatusStated?: boolean; // the user gave the expected status, so facts must agree with it
}

export type MilestoneId = 'first10Q' | 'first302' | 'first10K' | 'first404a' | 'first404b';

export interface Milestone {
  id: MilestoneId;
  label: string;
  periodEnd: IsoDate;
  due: IsoDate; // already rolled to a business day
  basis: string;
}

export type Icfr = 'none' | '404a' | '404a+404b';

export interface Filing {
  form: '10-Q' | '10-K';
  fiscalYear: number;
  quarter: 1 | 2 | 3 | 4;
  periodStart: IsoDate;
  periodEnd: IsoDate;
  due: IsoDate;
  filerStatus: FilerStatus;
  icfr: Icfr;
  certifications: ['302', '906'];
  basis: string;
}

export type EgcTrigger = 'fifth-anniversary' | 'early-end-given' | 'large-accelerated' | 'revenue';

export interface EgcEnd {
  fiscalYear: number;
  fiscalYearEnd: IsoDate;
  trigger: EgcTrigger;
  basis: string;
}

export interface FiscalCalendar {
  end: string; // as given
  description: string;
  monthEnd: boolean;
  ipoFiscalYear: number;
  ipoFiscalYearEnd: IsoDate;
  ipoQuarterEnds: [IsoDate, IsoDate, IsoDate]; // Q1–Q3 ends of the IPO fiscal year
}

export interface S1Period {
  periodEnd: IsoDate;
  given: boolean;
  basis: string;
}

export interface Timeline {
  input: TimelineInput;
  fiscalYear: FiscalCalendar;
  s1: S1Period;
  first10Q: Milestone | null;
  first10QReason: string | null; // set exactly when first10Q is null
  first302: Milestone; // same period and due date as whichever periodic report comes first
  first10K: Milestone;
  first404a: Milestone;
  first404b: Milestone | null;
  first404bReason: string | null; // set exactly when first404b is null
  egcEnds: EgcEnd | null;
  egcEndsReason: string | null; // set exactly when egcEnds is null
  filerStatusByYear: YearStatus[];
  filings: Filing[];
  milestones: Milestone[]; // every non-null milestone above, by due date (report before its §302), for plans and Gantts
}

export type TimelineErrorCode =
  | 'invalid-date'
  | 'invalid-fye'
  | 'out-of-range'
  | 'invalid-filer-status'
  | 'invalid-fiscal-year'
  | 'inconsistent';

export interface TimelineError {
  code: TimelineErrorCode;
  field: keyof TimelineInput;
  message: string;
}

export type TimelineResult = Result<Timeline, TimelineError>;

function dueText(r: RolledDate): string {
  return r.reason === null ? r.date : `${r.scheduled}, ${r.reason} → next business day ${r.date}`;
}

const fail = (code: TimelineErrorCode, field: keyof TimelineInput, message: string): TimelineResult => ({ ok: false, error: { code, field, message } });

// REFERENCE §6 planning default: the latest quarter end ≥ 45 days before the IPO; a year end only when ≥ 90 days.
export function defaultS1PeriodEnd(ipoDate: IsoDate, fye: FiscalYearEnd, quarterEnds: readonly IsoDate[] = []): S1Period {
  const fy = fiscalYearOf(ipoDate, fye);
  const periods = [fy - 2, fy - 1, fy].flatMap((y) => fiscalPeriods(fye, y, quarterEnds)).reverse();
  const skipped: string[] = [];
  for (const p of periods) {
    const days = daysBetween(p.end, ipoDate);
    const need = p.quarter === 4 ? 90 : 45;
    if (days >= need) {
      return {
        periodEnd: p.end,
        given: false,
        basis:
          `latest period in the registration statement not given: planning default ${p.end} (${p.quarter === 4 ? `FY${p.fiscalYear} year end` : `Q${p.quarter} FY${p.fiscalYear}`}, ${days} days before the IPO), ` +
          `the latest quarter end at least 45 days before the IPO, a fiscal year end only at least 90 days before` +
          `${skipped.length ? ` (${skipped.join('; ')})` : ''} (Rule 13a-13(a); Regulation S-X 3-12 and 3-01 on the age of financial statements)`,
      };
    }
    if (days >= 0) skipped.push(`${p.end} is only ${days} days before`);
  }
  throw new RangeError(`no fiscal period ends before ${ipoDate}`); // unreachable: a period ends every ≤ 14 weeks
}

function validate(input: TimelineInput): TimelineError | FiscalYearEnd {
  const e = (code: TimelineErrorCode, field: keyof TimelineInput, message: string): TimelineError => ({ code, field, message });
  const ipo = parseIsoDate(input.ipoDate);
  if (!ipo.ok) return e('invalid-date', 'ipoDate', `IPO date: ${ipo.error.message}`);
  if (isAfter(MIN_IPO_DATE, input.ipoDate) || isAfter(input.ipoDate, MAX_IPO_DATE))
    return e('out-of-range', 'ipoDate', `IPO date ${input.ipoDate} is outside the supported range ${MIN_IPO_DATE} to ${MAX_IPO_DATE}`);
  const fye = parseFiscalYearEnd(input.fiscalYearEnd);
  if (!fye.ok) return e('invalid-fye', 'fiscalYearEnd', fye.error.message);
  if (!(FILER_STATUSES as readonly string[]).includes(input.filerStatus))
    return e('invalid-filer-status', 'filerStatus', `filer status "${String(input.filerStatus)}" is not one of ${FILER_STATUSES.join(', ')}`);
  const early = input.egcEndsFiscalYear;
  if (early !== undefined) {
    if (!input.egc) return e('inconsistent', 'egcEndsFiscalYear', `an EGC end year (FY${early}) was given for a company that is not an Emerging Growth Company (egc: no); drop one of them`);
    if (!Number.isInteger(early)) return e('invalid-fiscal-year', 'egcEndsFiscalYear', `EGC end year ${early} is not a whole year`);
    const ipoFy = fiscalYearOf(input.ipoDate, fye.value);
    if (early < ipoFy) return e('out-of-range', 'egcEndsFiscalYear', `EGC end year FY${early} is before FY${ipoFy}, the fiscal year of the IPO`);
  }
  const firstSale = input.firstSale ?? input.ipoDate;
  if (input.firstSale !== undefined) {
    const d = parseIsoDate(input.firstSale);
    if (!d.ok) return e('invalid-date', 'firstSale', `first registered sale: ${d.error.message}`);
    if (isAfter(input.firstSale, input.ipoDate)) return e('inconsistent', 'firstSale', `first registered sale of common equity ${input.firstSale} is after the IPO date ${input.ipoDate}`);
  }
  const cutoff = SEC_THRESHOLDS.jobsActFirstSaleCutoff.date;
  if (input.egc && compareIsoDates(firstSale, cutoff) <= 0)
    return e('inconsistent', input.firstSale === undefined ? 'ipoDate' : 'firstSale', `not an Emerging Growth Company: the first registered sale of common equity (${firstSale}) was on or before ${cutoff} (JOBS Act §101(d)); set egc to no`);
  // Explicit quarter ends replace a year's 13-week pattern only as a set of three inside that fiscal year.
  const byYear = new Map<number, string[]>();
  for (const q of input.quarterEnds ?? []) {
    const d = parseIsoDate(q);
    if (!d.ok) return e('invalid-date', 'quarterEnds', `quarter end: ${d.error.message}`);
    const fy = fiscalYearOf(q, fye.value);
    if (q === fiscalYearEndDate(fye.value, fy)) return e('inconsistent', 'quarterEnds', `quarter end ${q} is the FY${fy} year end; give the three quarter ends inside the year`);
    byYear.set(fy, [...(byYear.get(fy) ?? []), q]);
  }
  for (const [fy, qs] of byYear)
    if (new Set(qs).size !== 3) return e('inconsistent', 'quarterEnds', `FY${fy} has ${new Set(qs).size} explicit quarter end(s) (${[...new Set(qs)].sort().join(', ')}); give all three or none`);
  if (input.s1PeriodEnd !== undefined) {
    const d = parseIsoDate(input.s1PeriodEnd);
    if (!d.ok) return e('invalid-date', 's1PeriodEnd', `S-1 period end: ${d.error.message}`);
    if (compareIsoDates(input.s1PeriodEnd, input.ipoDate) >= 0)
      return e('inconsistent', 's1PeriodEnd', `S-1 period end ${input.s1PeriodEnd} is not before the IPO date ${input.ipoDate}`);
    if (!periodEndingOn(input.s1PeriodEnd, fye.value, input.quarterEnds))
      return e('inconsistent', 's1PeriodEnd', `S-1 period end ${input.s1PeriodEnd} is not a fiscal quarter or year end of fiscal year end ${input.fiscalYearEnd}`);
  }
  for (const [name, facts] of [['publicFloat', input.publicFloat], ['revenue', input.revenue]] as const) {
    for (const [k, v] of Object.entries(facts ?? {})) {
      if (!/^\d{4}$/.test(k) || !Number.isFinite(v) || v < 0)
        return e('invalid-fiscal-year', name, `${name === 'publicFloat' ? 'public float' : 'revenue'} "${k}=${v}" must be a fiscal year and a non-negative amount in USD`);
    }
  }
  return fye.value;
}

export function computeTimeline(input: TimelineInput): TimelineResult {
  const checked = validate(input);
  if ('code' in checked) return { ok: false, error: checked };
  const fye = checked;
  const qe = input.quarterEnds ?? [];
  const floats = input.publicFloat ?? {};
  const revenue = input.revenue ?? {};

  const ipoFy = fiscalYearOf(input.ipoDate, fye);
  const ipoFyEnd = fiscalYearEndDate(fye, ipoFy);
  const s1: S1Period =
    input.s1PeriodEnd !== undefined
      ? { periodEnd: input.s1PeriodEnd, given: true, basis: `latest period in the registration statement, as given: ${input.s1PeriodEnd}` }
      : defaultS1PeriodEnd(input.ipoDate, fye, qe);

  // EGC at the IPO needs revenue under the threshold in the last fiscal year completed before it.
  const preIpoRevenue = revenue[String(ipoFy - 1)];
  if (input.egc && preIpoRevenue !== undefined && preIpoRevenue >= SEC_THRESHOLDS.egcRevenue.usd)
    return fail('inconsistent', 'revenue', `FY${ipoFy - 1} revenue ${usd(preIpoRevenue)} is at least ${usd(SEC_THRESHOLDS.egcRevenue.usd)}, so the company is not an Emerging Growth Company at the IPO (${SEC_THRESHOLDS.egcRevenue.source}); set egc to no`);

  // The first annual report: the fiscal year of the first period after the S-1 period.
  const firstAnnualFy = fiscalYearOf(addDays(s1.periodEnd, 1), fye);
  const fy404a = firstAnnualFy + 1;
  const anniversary = addYears(input.ipoDate, 5);
  const anniversaryFy = fiscalYearOf(anniversary, fye);
  const horizon = Math.max(anniversaryFy, fy404a + 2, input.egcEndsFiscalYear ?? 0) + 1;
  const statuses = yearStatuses(
    { ipoDate: input.ipoDate, fye, quarterEnds: qe, expected: input.filerStatus, publicFloat: floats, revenue, firstAnnualFy },
    horizon,
  );
  const statusOf = (fy: number): YearStatus | undefined => statuses.find((s) => s.fiscalYear === fy);

  // Facts that contradict the stated status at the first year it can apply.
  const firstEligible = statuses.find((s) => s.eligible);
  if (input.filerStatusStated && firstEligible?.fromFacts && firstEligible.status !== input.filerStatus)
    return fail('inconsistent', 'publicFloat', `the expected filer status ${input.filerStatus} contradicts the facts: ${firstEligible.basis}; change the status or the public float`);

  // EGC end: the earliest trigger.
  let egcEnds: EgcEnd | null = null;
  if (input.egc) {
    const candidates: { fiscalYear: number; trigger: EgcTrigger; text: string }[] = [
      { fiscalYear: anniversaryFy, trigger: 'fifth-anniversary', text: `the year of the fifth IPO anniversary (${anniversary})` },
    ];
    if (input.egcEndsFiscalYear !== undefined) candidates.push({ fiscalYear: input.egcEndsFiscalYear, trigger: 'early-end-given', text: 'the early end given (e.g. more than $1B of non-convertible debt issued in three years)' });
    const richYear = Object.keys(revenue)
      .map(Number)
      .filter((fy) => fy >= ipoFy && (revenue[String(fy)] ?? 0) >= SEC_THRESHOLDS.egcRevenue.usd)
      .sort((a, b) => a - b)[0];
    if (richYear !== undefined) candidates.push({ fiscalYear: richYear, trigger: 'revenue', text: `revenue ${usd(revenue[String(richYear)] ?? 0)} reaching ${usd(SEC_THRESHOLDS.egcRevenue.usd)}` });
    const large = statuses.find((s) => s.status === 'large-accelerated');
    if (large) candidates.push({ fiscalYear: large.fiscalYear, trigger: 'large-accelerated', text: 'becoming a large accelerated filer (Rule 12b-2)' });
    const winner = candidates.reduce((best, c) => (c.fiscalYear < best.fiscalYear ? c : best));
    const end = fiscalYearEndDate(fye, winner.fiscalYear);
    egcEnds = {
      fiscalYear: winner.fiscalYear,
      fiscalYearEnd: end,
      trigger: winner.trigger,
      basis: `EGC status ends ${end} (last day of FY${winner.fiscalYear}), the earliest of: ${candidates.map((c) => `FY${c.fiscalYear} ${c.text}`).join('; ')}; Securities Act §2(a)(19) (JOBS Act §101)`,
    };
  }
  const egcEndsReason = input.egc ? null : 'not an Emerging Growth Company at the IPO';

  const fy404b = statuses.find(
    (s) => s.fiscalYear >= fy404a && s.status !== 'non-accelerated' && (egcEnds === null || egcEnds.fiscalYear <= s.fiscalYear),
  )?.fiscalYear;
  const lastFy = fy404b ?? fy404a + 2;

  // Every period after the S-1 period through the last year.
  const periods: FiscalPeriod[] = [];
  for (let fy = firstAnnualFy; fy <= lastFy; fy++) for (const p of fiscalPeriods(fye, fy, qe)) if (compareIsoDates(p.end, s1.periodEnd) > 0) periods.push(p);

  const filings: Filing[] = [];
  let first10QSeen = false;
  for (const p of periods) {
    if (p.quarter === 4) {
      const st = statusOf(p.fiscalYear)!;
      const rolled = rollToBusinessDay(addDays(p.end, TEN_K_DUE_DAYS[st.status]));
      const preIpo = compareIsoDates(p.end, input.ipoDate) < 0;
      if (preIpo && compareIsoDates(rolled.date, input.ipoDate) < 0)
        return fail('inconsistent', 's1PeriodEnd', `S-1 period end ${s1.periodEnd} leaves the FY${p.fiscalYear} 10-K due ${rolled.date}, before the IPO on ${input.ipoDate}: a registration statement effective then carries the FY${p.fiscalYear} audit (Regulation S-X 3-12); give a later S-1 period`);
      const icfr: Icfr = p.fiscalYear < fy404a ? 'none' : fy404b !== undefined && p.fiscalYear >= fy404b ? '404a+404b' : '404a';
      const why =
        p.fiscalYear === firstAnnualFy
          ? preIpo
            ? `first annual report: FY${p.fiscalYear} ended ${p.end}, before the IPO, and the S-1 (period ${s1.periodEnd}) lacks its audited statements, so Rule 13a-1 requires a 10-K for it on the normal date (a company reporting only under Section 15(d) files a Rule 15d-2 special report within 90 days after effectiveness instead); no 404(a) report yet (Instruction 1 to Item 308 of Regulation S-K)`
            : `first annual report: FY${p.fiscalYear}, the first fiscal year after the S-1 period ${s1.periodEnd} (Rule 13a-1); no 404(a) report yet (Instruction 1 to Item 308 of Regulation S-K)`
          : icfr === 'none'
            ? `annual report FY${p.fiscalYear} (Rule 13a-1)`
            : icfr === '404a'
              ? `annual report FY${p.fiscalYear} with management's ICFR report (§404(a); ${p.fiscalYear === fy404a ? 'the second annual report, Instruction 1 to Item 308' : 'Item 308(a)'}); no auditor attestation: ${no404bWhy(st, egcEnds, p.fiscalYear)}`
              : `annual report FY${p.fiscalYear} with management's ICFR report and the auditor's attestation (§404(a) and §404(b); Item 308(a)–(b)): ${FILER_LABEL[st.status]}${egcEnds ? ` and no longer an EGC (ended ${egcEnds.fiscalYearEnd})` : ', not an EGC'}`;
      filings.push({
        form: '10-K',
        fiscalYear: p.fiscalYear,
        quarter: 4,
        periodStart: p.start,
        periodEnd: p.end,
        due: rolled.date,
        filerStatus: st.status,
        icfr,
        certifications: ['302', '906'],
        basis: `10-K FY${p.fiscalYear}: ${why}; due ${TEN_K_DUE_DAYS[st.status]} days after year end as ${FILER_LABEL[st.status]} (${dueText(rolled)}); ${st.basis}; Form 10-K General Instruction A; Rule 0-3`,
      });
    } else {
      const prior = statusOf(p.fiscalYear - 1);
      const status: FilerStatus = prior?.status ?? 'non-accelerated';
      const days = TEN_Q_DUE_DAYS[status];
      const normal = addDays(p.end, days);
      const statusText = prior ? `status fixed at the FY${prior.fiscalYear} year end` : 'a new registrant, non-accelerated';
      let rolled: RolledDate;
      let why: string;
      if (!first10QSeen || compareIsoDates(p.end, input.ipoDate) <= 0) {
        const afterEffective = addDays(input.ipoDate, 45);
        const effectiveCounts = isAfter(afterEffective, normal);
        rolled = rollToBusinessDay(maxDate(afterEffective, normal));
        why =
          `${first10QSeen ? 'a quarter ended before the IPO' : `first 10-Q: the first fiscal quarter after the S-1 period ${s1.periodEnd}${s1.given ? '' : ' (planning default)'}, never a fourth quarter`}; ` +
          `due the later of 45 days after effectiveness (${effectiveCounts ? dueText(rolled) : afterEffective}) and the normal ${days}-day due date (${effectiveCounts ? normal : dueText(rolled)}); Rule 13a-13(a)`;
      } else {
        rolled = rollToBusinessDay(normal);
        why = `${days} days after quarter end (${dueText(rolled)})${days === 40 ? ', 40 not 45 days once accelerated' : ''}; Rule 13a-13`;
      }
      first10QSeen = true;
      filings.push({
        form: '10-Q',
        fiscalYear: p.fiscalYear,
        quarter: p.quarter,
        periodStart: p.start,
        periodEnd: p.end,
        due: rolled.date,
        filerStatus: status,
        icfr: 'none',
        certifications: ['302', '906'],
        basis: `10-Q Q${p.quarter} FY${p.fiscalYear}: ${why}; ${FILER_LABEL[status]} (${statusText}); Form 10-Q General Instruction A.1; Rule 0-3`,
      });
    }
  }

  const label = (f: Filing) => (f.form === '10-Q' ? `Q${f.quarter} FY${f.fiscalYear}` : `FY${f.fiscalYear}`);
  const asMilestone = (id: MilestoneId, f: Filing, title: string, basis: string): Milestone => ({ id, label: `${title} (${f.form === '10-K' ? `10-K ${label(f)}` : label(f)})`, periodEnd: f.periodEnd, due: f.due, basis });
  const q = filings.find((f) => f.form === '10-Q')!;
  const k = filings.find((f) => f.form === '10-K')!;
  const firstReport = filings[0]!;
  const k404a = filings.find((f) => f.form === '10-K' && f.fiscalYear === fy404a)!;
  const k404b = fy404b === undefined ? undefined : filings.find((f) => f.form === '10-K' && f.fiscalYear === fy404b);

  const first10Q: Milestone = { ...asMilestone('first10Q', q, 'First 10-Q', `First ${q.basis}`), label: `First 10-Q (${label(q)})` };
  const first10K: Milestone = { ...asMilestone('first10K', k, 'First 10-K', `First ${k.basis}`), label: `First 10-K (${label(k)})` };
  const first302: Milestone = {
    id: 'first302',
    label: `First §302 certification (${firstReport.form})`,
    periodEnd: firstReport.periodEnd,
    due: firstReport.due,
    basis: `First §302 certification: CEO and CFO certify every periodic report, starting with the first one, the ${firstReport.form} ${label(firstReport)}, due ${firstReport.due}; ICFR wording omitted until the first 404(a) year; SOX §302; Rule 13a-14(a)`,
  };
  const first404a: Milestone = {
    id: 'first404a',
    label: `First §404(a) management ICFR report (10-K FY${fy404a})`,
    periodEnd: k404a.periodEnd,
    due: k404a.due,
    basis: `First 404(a): management's ICFR report in the second annual report, FY${fy404a} ended ${k404a.periodEnd} (Instruction 1 to Item 308 of Regulation S-K; the first annual report is FY${firstAnnualFy}); ${k404a.basis.slice(k404a.basis.indexOf('due '))}`,
  };
  let first404b: Milestone | null = null;
  let first404bReason: string | null = null;
  if (k404b) {
    const why = egcEnds ? `later of the first 404(a) year (FY${fy404a}) and the year EGC status ends (FY${egcEnds.fiscalYear}), as ${FILER_LABEL[k404b.filerStatus]}, so FY${fy404b}` : `not an EGC, so the first year as ${FILER_LABEL[k404b.filerStatus]} from the first 404(a) year, FY${fy404b}`;
    first404b = {
      id: 'first404b',
      label: `First §404(b) auditor ICFR attestation (10-K FY${fy404b})`,
      periodEnd: k404b.periodEnd,
      due: k404b.due,
      basis: `First 404(b): ${why}, ended ${k404b.periodEnd}; ${k404b.basis.slice(k404b.basis.indexOf('due '))}; SOX §404(b); Item 308(b) of Regulation S-K`,
    };
  } else {
    first404bReason = statuses.every((s) => s.status === 'non-accelerated')
      ? 'never while non-accelerated: 404(b) auditor attestation applies only to accelerated and large accelerated filers (SOX §404(c); Item 308(b) of Regulation S-K)'
      : `no fiscal year through FY${horizon} is both accelerated (or large accelerated) and past EGC status (SOX §404(b), §404(c); JOBS Act §103)`;
  }

  const order: MilestoneId[] = ['first10Q', 'first10K', 'first302', 'first404a', 'first404b'];
  const milestones = [first10Q, first10K, first302, first404a, first404b]
    .filter((m): m is Milestone => m !== null)
    .sort((a, b) => compareIsoDates(a.due, b.due) || compareIsoDates(a.periodEnd, b.periodEnd) || order.indexOf(a.id) - order.indexOf(b.id));

  return {
    ok: true,
    value: {
      input,
      fiscalYear: {
        end: input.fiscalYearEnd,
        description: describeFiscalYearEnd(fye),
        monthEnd: fye.monthEnd,
        ipoFiscalYear: ipoFy,
        ipoFiscalYearEnd: ipoFyEnd,
        ipoQuarterEnds: fiscalQuarterEnds(fye, ipoFy, qe),
      },
      s1,
      first10Q,
      first10QReason: null,
      first302,
      first10K,
      first404a,
      first404b,
      first404bReason,
      egcEnds,
      egcEndsReason,
      filerStatusByYear: statuses.filter((s) => s.fiscalYear <= lastFy),
      filings,
      milestones,
    },
  };
}

function no404bWhy(st: YearStatus, egcEnds: EgcEnd | null, fy: number): string {
  if (st.status === 'non-accelerated') return 'a non-accelerated filer (SOX §404(c))';
  if (egcEnds && egcEnds.fiscalYear > fy) return `still an Emerging Growth Company until ${egcEnds.fiscalYearEnd} (JOBS Act §103)`;
  return 'not required';
}
