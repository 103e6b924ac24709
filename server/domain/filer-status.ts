// Filer status and EGC status for each fiscal year (REFERENCE §6), from the facts when the user has them (public float
// on the last business day of each second fiscal quarter, annual revenue per fiscal year), else the expected status.
//
// Judgement calls (planning defaults, stated in each basis):
// - Status is fixed at each fiscal year end and governs that year's 10-K and the next year's 10-Qs (Rule 12b-2).
// - The smaller-reporting-company revenue test uses the revenue of the fiscal year before (the most recent year with
//   audited statements at the second-quarter determination date). The SRC transition thresholds ($80M revenue after
//   having been accelerated) are not modelled; the public-float exit thresholds ($60M, $560M) are.
// - A year with no float fact takes the expected status, once eligible.

import type { IsoDate } from './dates.ts';
import { addMonths, compareIsoDates } from './dates.ts';
import { fiscalQuarterEnds, fiscalYearEndDate, type FiscalYearEnd } from './fiscal-calendar.ts';
import { previousBusinessDay } from './holidays.ts';

export const FILER_STATUSES = ['non-accelerated', 'accelerated', 'large-accelerated'] as const;
export type FilerStatus = (typeof FILER_STATUSES)[number];

// The thresholds, each with its source (SEC Rule 12b-2 as amended 2020; Securities Act §2(a)(19); JOBS Act §101).
export const SEC_THRESHOLDS = {
  largeAcceleratedFloat: { usd: 700_000_000, source: 'Rule 12b-2, "large accelerated filer" (1)(i)' },
  acceleratedFloat: { usd: 75_000_000, source: 'Rule 12b-2, "accelerated filer" (1)(i)' },
  acceleratedExitFloat: { usd: 60_000_000, source: 'Rule 12b-2, "accelerated filer" (3)(ii)' },
  largeAcceleratedExitFloat: { usd: 560_000_000, source: 'Rule 12b-2, "large accelerated filer" (3)(iii)' },
  srcRevenue: { usd: 100_000_000, source: 'Rule 12b-2, "smaller reporting company" (2); accelerated filer (1)(iv)' },
  egcRevenue: { usd: 1_235_000_000, source: 'Securities Act §2(a)(19)(A) as indexed (JOBS Act §101)' },
  jobsActFirstSaleCutoff: { date: '2011-12-08', source: 'JOBS Act §101(d): no EGC if the first registered sale of common equity was on or before 2011-12-08' },
} as const;

export const FILER_LABEL: Record<FilerStatus, string> = {
  'large-accelerated': 'a large accelerated filer',
  accelerated: 'an accelerated filer',
  'non-accelerated': 'a non-accelerated filer',
};

export type UsdByYear = Readonly<Record<string, number>>;

export interface YearStatus {
  fiscalYear: number;
  fiscalYearEnd: IsoDate;
  status: FilerStatus;
  eligible: boolean; // 12 months of reporting and one annual report filed (Rule 12b-2)
  fromFacts: boolean;
  basis: string;
}

export const usd = (n: number): string =>
  n >= 1e9 ? `$${+(n / 1e9).toFixed(3)}B` : n >= 1e6 ? `$${+(n / 1e6).toFixed(1)}M` : `$${n.toLocaleString('en-US')}`;

export interface StatusInput {
  ipoDate: IsoDate;
  fye: FiscalYearEnd;
  quarterEnds: readonly IsoDate[];
  expected: FilerStatus;
  publicFloat: UsdByYear;
  revenue: UsdByYear;
  firstAnnualFy: number; // the fiscal year of the first annual report
}

// Status at each fiscal year end from the first annual report through `lastFy`.
export function yearStatuses(input: StatusInput, lastFy: number): YearStatus[] {
  const out: YearStatus[] = [];
  let prev: FilerStatus = 'non-accelerated';
  const twelveMonths = addMonths(input.ipoDate, 12);
  for (let fy = input.firstAnnualFy; fy <= lastFy; fy++) {
    const end = fiscalYearEndDate(input.fye, fy);
    const reportFiled = fy > input.firstAnnualFy;
    const months = compareIsoDates(twelveMonths, end) <= 0;
    let status: FilerStatus;
    let basis: string;
    let fromFacts = false;
    if (!reportFiled || !months) {
      status = 'non-accelerated';
      basis = `FY${fy} (${end}): non-accelerated, not yet eligible: Rule 12b-2 needs 12 calendar months of reporting (from ${input.ipoDate}: ${months ? 'met' : `not until ${twelveMonths}`}) and one annual report filed (${reportFiled ? 'met' : `FY${fy} is the first`})`;
    } else if (input.publicFloat[String(fy)] !== undefined) {
      fromFacts = true;
      const float = input.publicFloat[String(fy)]!;
      const q2 = previousBusinessDay(fiscalQuarterEnds(input.fye, fy, input.quarterEnds)[1]);
      const rev = input.revenue[String(fy - 1)];
      const t = SEC_THRESHOLDS;
      const floatText = `public float ${usd(float)} on ${q2}, the last business day of Q2`;
      const large = prev === 'large-accelerated' ? float >= t.largeAcceleratedExitFloat.usd : float >= t.largeAcceleratedFloat.usd;
      const accel = prev === 'non-accelerated' ? float >= t.acceleratedFloat.usd : float >= t.acceleratedExitFloat.usd;
      if (large) {
        status = 'large-accelerated';
        basis = `FY${fy}: large accelerated, ${floatText} ≥ ${usd(prev === 'large-accelerated' ? t.largeAcceleratedExitFloat.usd : t.largeAcceleratedFloat.usd)} (${prev === 'large-accelerated' ? t.largeAcceleratedExitFloat.source : t.largeAcceleratedFloat.source})`;
      } else if (accel && rev !== undefined && rev < t.srcRevenue.usd) {
        status = 'non-accelerated';
        basis = `FY${fy}: non-accelerated, ${floatText} is under $700M and FY${fy - 1} revenue ${usd(rev)} < ${usd(t.srcRevenue.usd)}: a smaller reporting company under the revenue test is not an accelerated filer (${t.srcRevenue.source})`;
      } else if (accel) {
        status = 'accelerated';
        basis = `FY${fy}: accelerated, ${floatText} from ${usd(prev === 'non-accelerated' ? t.acceleratedFloat.usd : t.acceleratedExitFloat.usd)} to under $700M (${prev === 'non-accelerated' ? t.acceleratedFloat.source : t.acceleratedExitFloat.source})${rev === undefined ? `; no FY${fy - 1} revenue given for the SRC revenue test` : `; FY${fy - 1} revenue ${usd(rev)} ≥ $100M`}`;
      } else {
        status = 'non-accelerated';
        basis = `FY${fy}: non-accelerated, ${floatText} under ${usd(prev === 'non-accelerated' ? t.acceleratedFloat.usd : t.acceleratedExitFloat.usd)} (${t.acceleratedFloat.source})`;
      }
    } else {
      status = input.expected;
      basis = `FY${fy}: ${input.expected}, the expected status (no public float given for FY${fy}); eligible: 12 months of reporting and one annual report (Rule 12b-2)`;
    }
    out.push({ fiscalYear: fy, fiscalYearEnd: end, status, eligible: reportFiled && months, fromFacts, basis });
    prev = status;
  }
  return out;
}
