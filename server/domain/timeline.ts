// SEC reporting timeline for a newly public company (REFERENCE.md §6): first 10-Q / §302, first 10-K, first §404(a)
// and first §404(b), each with its due date rolled to a business day and a one-line basis a reader can check.
//
// Judgement calls (all planning defaults; the product shows the basis and lets users override dates):
// - Fiscal years are named by the calendar year they end in. An FYE that is a month end in a common year (01-31,
//   02-28, 04-30, 06-30 …) means "last day of that month": quarters end on month ends, and FYE 02-28 ends on Feb 29
//   in leap years. 02-29 is rejected (it does not exist every year) with a pointer to 02-28. 52/53-week fiscal
//   years are not modelled.
// - First 10-Q: the first fiscal quarter (Q1–Q3) ending on or after the IPO date. Whether the registration statement
//   already covered that quarter is not known here; the basis says so.
// - First 10-K: the fiscal year containing the IPO. Not modelled: an IPO so soon after a year end that the
//   registration statement lacks that year's audited statements, where Rule 13a-1 / 15d-2 require a 10-K for it.
// - The expected filer status is assumed to apply from the second fiscal year end on and not to change afterwards.
// - EGC fifth anniversary: the IPO date plus five calendar years (a Feb 29 IPO → Feb 28), counted in the fiscal year
//   containing that anniversary, including when it falls on the year end itself.

import type { IsoDate } from './dates.ts';
import {
  addDays,
  addMonths,
  addYears,
  compareIsoDates,
  daysInMonth,
  endOfMonth,
  formatIsoDate,
  isAfter,
  maxDate,
  parseIsoDate,
} from './dates.ts';
import { rollToBusinessDay } from './holidays.ts';
import type { RolledDate } from './holidays.ts';
import type { Result } from './result.ts';

export const FILER_STATUSES = ['non-accelerated', 'accelerated', 'large-accelerated'] as const;
export type FilerStatus = (typeof FILER_STATUSES)[number];

// Days after period end (Form 10-K General Instruction A; Form 10-Q General Instruction A.1).
export const TEN_K_DUE_DAYS: Record<FilerStatus, number> = {
  'large-accelerated': 60,
  accelerated: 75,
  'non-accelerated': 90,
};
export const TEN_Q_DUE_DAYS: Record<FilerStatus, number> = {
  'large-accelerated': 40,
  accelerated: 40,
  'non-accelerated': 45,
};

const FILER_LABEL: Record<FilerStatus, string> = {
  'large-accelerated': 'a large accelerated filer',
  accelerated: 'an accelerated filer',
  'non-accelerated': 'a non-accelerated filer',
};

export const MIN_IPO_DATE = '1990-01-01';
export const MAX_IPO_DATE = '2100-12-31';

export interface TimelineInput {
  ipoDate: IsoDate; // effective date of the registration statement
  fiscalYearEnd: string; // 'MM-DD'
  egc: boolean; // an Emerging Growth Company at the IPO
  filerStatus: FilerStatus; // expected status once eligible (from the second fiscal year end)
  egcEndsFiscalYear?: number; // fiscal year (named by its end year) in which EGC status ends early, if expected
}

export type MilestoneId = 'first10Q' | 'first302' | 'first10K' | 'first404a' | 'first404b';

export interface Milestone {
  id: MilestoneId;
  label: string;
  periodEnd: IsoDate;
  due: IsoDate; // already rolled to a business day
  basis: string;
}

export type EgcTrigger = 'fifth-anniversary' | 'early-end-given' | 'large-accelerated';

export interface EgcEnd {
  fiscalYear: number;
  fiscalYearEnd: IsoDate;
  trigger: EgcTrigger;
  basis: string;
}

export interface FiscalCalendar {
  end: string; // 'MM-DD' as given
  monthEnd: boolean; // the FYE is a month end, so every fiscal period ends on a month end
  ipoFiscalYear: number;
  ipoFiscalYearEnd: IsoDate;
  ipoQuarterEnds: [IsoDate, IsoDate, IsoDate]; // Q1–Q3 ends of the IPO fiscal year
}

export interface Timeline {
  input: TimelineInput;
  fiscalYear: FiscalCalendar;
  first10Q: Milestone | null;
  first10QReason: string | null; // set exactly when first10Q is null
  first302: Milestone; // same period and due date as whichever periodic report comes first
  first10K: Milestone;
  first404a: Milestone;
  first404b: Milestone | null;
  first404bReason: string | null; // set exactly when first404b is null
  egcEnds: EgcEnd | null;
  egcEndsReason: string | null; // set exactly when egcEnds is null
  milestones: Milestone[]; // every non-null milestone above, by due date (report before its §302), for plans and Gantts
}

export type TimelineErrorCode =
  'invalid-date' | 'invalid-fye' | 'out-of-range' | 'invalid-filer-status' | 'invalid-fiscal-year';

export interface TimelineError {
  code: TimelineErrorCode;
  field: keyof TimelineInput;
  message: string;
}

export type TimelineResult = Result<Timeline, TimelineError>;

export interface FiscalYearEnd {
  month: number;
  day: number;
  monthEnd: boolean;
}

export type FyeResult = Result<FiscalYearEnd, { code: 'invalid-fye'; message: string }>;

export function parseFiscalYearEnd(text: string): FyeResult {
  const fail = (message: string): FyeResult => ({ ok: false, error: { code: 'invalid-fye', message } });
  const m = /^(\d{2})-(\d{2})$/.exec(text);
  if (!m) return fail(`fiscal year end "${text}" is not in MM-DD form (e.g. 12-31)`);
  const month = Number(m[1]);
  const day = Number(m[2]);
  if (month === 2 && day === 29) {
    return fail('fiscal year end 02-29 does not exist every year; use 02-28 (it means the last day of February)');
  }
  if (month < 1 || month > 12) return fail(`fiscal year end ${text} has no month ${m[1]}`);
  const commonYearDays = daysInMonth(2027, month);
  if (day < 1 || day > commonYearDays)
    return fail(`fiscal year end ${text} does not exist (month ${m[1]} has ${commonYearDays} days)`);
  return { ok: true, value: { month, day, monthEnd: day === commonYearDays } };
}

export function fiscalYearEndDate(fye: FiscalYearEnd, fiscalYear: number): IsoDate {
  return fye.monthEnd
    ? formatIsoDate(fiscalYear, fye.month, daysInMonth(fiscalYear, fye.month))
    : formatIsoDate(fiscalYear, fye.month, fye.day);
}

// The fiscal year (named by its end year) that contains the date.
export function fiscalYearOf(date: IsoDate, fye: FiscalYearEnd): number {
  const year = Number(date.slice(0, 4));
  return compareIsoDates(date, fiscalYearEndDate(fye, year)) <= 0 ? year : year + 1;
}

// Q1–Q3 ends: FYE − 9, − 6, − 3 months, on month ends when the FYE is one.
export function fiscalQuarterEnds(fye: FiscalYearEnd, fiscalYear: number): [IsoDate, IsoDate, IsoDate] {
  const end = fiscalYearEndDate(fye, fiscalYear);
  const back = (months: number): IsoDate => {
    const d = addMonths(end, -months);
    return fye.monthEnd ? endOfMonth(d) : d;
  };
  return [back(9), back(6), back(3)];
}

function dueText(r: RolledDate): string {
  return r.reason === null ? r.date : `${r.scheduled}, ${r.reason} → next business day ${r.date}`;
}

function validate(input: TimelineInput): TimelineError | FiscalYearEnd {
  const ipo = parseIsoDate(input.ipoDate);
  if (!ipo.ok) return { code: 'invalid-date', field: 'ipoDate', message: `IPO date: ${ipo.error.message}` };
  if (isAfter(MIN_IPO_DATE, input.ipoDate) || isAfter(input.ipoDate, MAX_IPO_DATE)) {
    return {
      code: 'out-of-range',
      field: 'ipoDate',
      message: `IPO date ${input.ipoDate} is outside the supported range ${MIN_IPO_DATE} to ${MAX_IPO_DATE}`,
    };
  }
  const fye = parseFiscalYearEnd(input.fiscalYearEnd);
  if (!fye.ok) return { code: 'invalid-fye', field: 'fiscalYearEnd', message: fye.error.message };
  if (!(FILER_STATUSES as readonly string[]).includes(input.filerStatus)) {
    return {
      code: 'invalid-filer-status',
      field: 'filerStatus',
      message: `filer status "${String(input.filerStatus)}" is not one of ${FILER_STATUSES.join(', ')}`,
    };
  }
  const early = input.egcEndsFiscalYear;
  if (early !== undefined) {
    if (!Number.isInteger(early)) {
      return {
        code: 'invalid-fiscal-year',
        field: 'egcEndsFiscalYear',
        message: `EGC end year ${early} is not a whole year`,
      };
    }
    const ipoFy = fiscalYearOf(input.ipoDate, fye.value);
    if (early < ipoFy) {
      return {
        code: 'out-of-range',
        field: 'egcEndsFiscalYear',
        message: `EGC end year FY${early} is before FY${ipoFy}, the fiscal year of the IPO`,
      };
    }
  }
  return fye.value;
}

export function computeTimeline(input: TimelineInput): TimelineResult {
  const checked = validate(input);
  if ('code' in checked) return { ok: false, error: checked };
  const fye = checked;
  const status = input.filerStatus;

  const ipoFy = fiscalYearOf(input.ipoDate, fye);
  const ipoFyEnd = fiscalYearEndDate(fye, ipoFy);
  const quarterEnds = fiscalQuarterEnds(fye, ipoFy);

  // First 10-K: always on the non-accelerated clock (Rule 12b-2 needs 12 months of reporting and one annual report).
  const tenKScheduled = addDays(ipoFyEnd, TEN_K_DUE_DAYS['non-accelerated']);
  const tenKDue = rollToBusinessDay(tenKScheduled);
  const first10K: Milestone = {
    id: 'first10K',
    label: `First 10-K (FY${ipoFy})`,
    periodEnd: ipoFyEnd,
    due: tenKDue.date,
    basis:
      `First 10-K: fiscal year of the IPO, ended ${ipoFyEnd}; 90 days after year end (${dueText(tenKDue)}) as every new ` +
      `registrant is a non-accelerated filer for its first 10-K (Rule 12b-2); no 404(a) or 404(b) report yet ` +
      `(Instruction 1 to Item 308 of Regulation S-K); Form 10-K General Instruction A; Rule 0-3`,
  };

  // First 10-Q: later of effectiveness + 45 days and the normal 45-day due date (Rule 13a-13(a)).
  const quarterIndex = quarterEnds.findIndex((q) => compareIsoDates(q, input.ipoDate) >= 0);
  let first10Q: Milestone | null = null;
  let first10QReason: string | null = null;
  const q3End = quarterEnds[2];
  if (quarterIndex === -1) {
    first10QReason =
      `IPO (${input.ipoDate}) is after the Q3 end (${q3End}) of FY${ipoFy}, so the first periodic report is the ` +
      `FY${ipoFy} 10-K (planning default); if the registration statement lacks Q3 interim financials, a Q3 10-Q is ` +
      `still due 45 days after effectiveness (Rule 13a-13(a))`;
  } else {
    const quarterEnd = quarterEnds[quarterIndex] ?? q3End;
    const afterEffective = addDays(input.ipoDate, 45);
    const normal = addDays(quarterEnd, TEN_Q_DUE_DAYS['non-accelerated']);
    // Rolled text goes on whichever date counts; the normal date on a tie.
    const effectiveCounts = isAfter(afterEffective, normal);
    const due = rollToBusinessDay(maxDate(afterEffective, normal));
    const effText = effectiveCounts ? dueText(due) : afterEffective;
    const normalText = effectiveCounts ? normal : dueText(due);
    first10Q = {
      id: 'first10Q',
      label: `First 10-Q (Q${quarterIndex + 1} FY${ipoFy})`,
      periodEnd: quarterEnd,
      due: due.date,
      basis:
        `First 10-Q: first fiscal quarter ending on or after the IPO (planning default), Q${quarterIndex + 1} ended ` +
        `${quarterEnd}; later of 45 days after effectiveness (${effText}) and the normal 45-day due date ` +
        `(${normalText}); Rule 13a-13(a); Form 10-Q General Instruction A.1; Rule 0-3`,
    };
  }

  const firstReport = first10Q ?? first10K;
  const withReport = first10Q
    ? `the first 10-Q, Q${quarterIndex + 1} FY${ipoFy}`
    : `the first 10-K, FY${ipoFy}, as no 10-Q comes first`;
  const first302: Milestone = {
    id: 'first302',
    label: `First §302 certification (${first10Q ? '10-Q' : '10-K'})`,
    periodEnd: firstReport.periodEnd,
    due: firstReport.due,
    basis:
      `First §302 certification: CEO and CFO certify every periodic report, starting with ${withReport}, due ` +
      `${firstReport.due}; ICFR wording omitted until the first 404(a) year; SOX §302; Rule 13a-14(a)`,
  };

  // First 404(a): the second annual report, the first year end at which the expected filer status can apply.
  const fy404a = ipoFy + 1;
  const fy404aEnd = fiscalYearEndDate(fye, fy404a);
  const due404a = rollToBusinessDay(addDays(fy404aEnd, TEN_K_DUE_DAYS[status]));
  const first404a: Milestone = {
    id: 'first404a',
    label: `First §404(a) management ICFR report (10-K FY${fy404a})`,
    periodEnd: fy404aEnd,
    due: due404a.date,
    basis:
      `First 404(a): management's ICFR report in the second 10-K, FY${fy404a} ended ${fy404aEnd} (Instruction 1 to ` +
      `Item 308 of Regulation S-K); ${TEN_K_DUE_DAYS[status]} days after year end (${dueText(due404a)}) as ` +
      `${FILER_LABEL[status]}, the expected status at that year end (Rule 12b-2); Form 10-K General Instruction A; Rule 0-3`,
  };

  const egcEnds = input.egc ? egcEnd(input, fye, fy404a) : null;
  const egcEndsReason = input.egc ? null : 'not an Emerging Growth Company at the IPO';

  let first404b: Milestone | null = null;
  let first404bReason: string | null = null;
  if (status === 'non-accelerated') {
    first404bReason =
      'never while non-accelerated: 404(b) auditor attestation applies only to accelerated and large accelerated ' +
      'filers (SOX §404(c); Item 308(b) of Regulation S-K)';
  } else {
    const fy404b = egcEnds ? Math.max(fy404a, egcEnds.fiscalYear) : fy404a;
    const fy404bEnd = fiscalYearEndDate(fye, fy404b);
    const due404b = rollToBusinessDay(addDays(fy404bEnd, TEN_K_DUE_DAYS[status]));
    const why = egcEnds
      ? `later of the first 404(a) year (FY${fy404a}) and the year EGC status ends (FY${egcEnds.fiscalYear}), so FY${fy404b}`
      : `not an EGC, so with the first 404(a) report, FY${fy404b}`;
    first404b = {
      id: 'first404b',
      label: `First §404(b) auditor ICFR attestation (10-K FY${fy404b})`,
      periodEnd: fy404bEnd,
      due: due404b.date,
      basis:
        `First 404(b): ${why}, ended ${fy404bEnd}; ${TEN_K_DUE_DAYS[status]} days after year end ` +
        `(${dueText(due404b)}) as ${FILER_LABEL[status]}; SOX §404(b); Item 308(b) of Regulation S-K; Rule 0-3`,
    };
  }

  const order: MilestoneId[] = ['first10Q', 'first10K', 'first302', 'first404a', 'first404b'];
  const milestones = [first10Q, first10K, first302, first404a, first404b]
    .filter((m): m is Milestone => m !== null)
    .sort(
      (a, b) =>
        compareIsoDates(a.due, b.due) ||
        compareIsoDates(a.periodEnd, b.periodEnd) ||
        order.indexOf(a.id) - order.indexOf(b.id),
    );

  return {
    ok: true,
    value: {
      input,
      fiscalYear: {
        end: input.fiscalYearEnd,
        monthEnd: fye.monthEnd,
        ipoFiscalYear: ipoFy,
        ipoFiscalYearEnd: ipoFyEnd,
        ipoQuarterEnds: quarterEnds,
      },
      first10Q,
      first10QReason,
      first302,
      first10K,
      first404a,
      first404b,
      first404bReason,
      egcEnds,
      egcEndsReason,
      milestones,
    },
  };
}

// EGC ends on the last day of the earliest triggering fiscal year (Securities Act §2(a)(19), JOBS Act §101).
// Revenue and debt triggers are not computed: they arrive as `egcEndsFiscalYear`.
function egcEnd(input: TimelineInput, fye: FiscalYearEnd, fy404a: number): EgcEnd {
  const anniversary = addYears(input.ipoDate, 5);
  const candidates: { fiscalYear: number; trigger: EgcTrigger; text: string }[] = [
    {
      fiscalYear: fiscalYearOf(anniversary, fye),
      trigger: 'fifth-anniversary',
      text: `the year of the fifth IPO anniversary (${anniversary})`,
    },
  ];
  if (input.egcEndsFiscalYear !== undefined) {
    candidates.push({
      fiscalYear: input.egcEndsFiscalYear,
      trigger: 'early-end-given',
      text: 'the early end year given',
    });
  }
  if (input.filerStatus === 'large-accelerated') {
    candidates.push({
      fiscalYear: fy404a,
      trigger: 'large-accelerated',
      text: 'becoming a large accelerated filer at the first year end it can (Rule 12b-2)',
    });
  }
  const winner = candidates.reduce((best, c) => (c.fiscalYear < best.fiscalYear ? c : best));
  const fiscalYearEnd = fiscalYearEndDate(fye, winner.fiscalYear);
  return {
    fiscalYear: winner.fiscalYear,
    fiscalYearEnd,
    trigger: winner.trigger,
    basis:
      `EGC status ends ${fiscalYearEnd} (last day of FY${winner.fiscalYear}), the earliest of: ` +
      `${candidates.map((c) => `FY${c.fiscalYear} ${c.text}`).join('; ')}; Securities Act §2(a)(19) (JOBS Act §101)`,
  };
}
