// The SEC filing calendar, worked by hand from REFERENCE §6 (never copied from the engine's output). Each row: the
// inputs, the S-1 period the default rule gives, the first filings in order ("form periodEnd due"), the first §404(a)
// and §404(b) 10-Ks, and in the comment the rule and the arithmetic. Weekdays were checked with `date -d`.
// Federal holidays used: Labor Day 2027-09-06, Columbus Day 2027-10-11, Veterans Day 2027-11-11, Thanksgiving
// 2027-11-25, Christmas 2027-12-25 (Sat, observed Fri 12-24), New Year's Day 2028 (Sat, observed Fri 2027-12-31),
// MLK Day 2028-01-17, Washington's Birthday 2028-02-21, Memorial Day 2028-05-29, Juneteenth 2028-06-19,
// Independence Day 2028-07-04, Christmas 2028-12-25 (Mon).
import { describe, expect, it } from 'vitest';
import { computeTimeline, type Filing, type TimelineInput } from '../../server/domain/timeline.ts';

interface Row {
  name: string;
  input: Partial<TimelineInput>;
  s1: string;
  filings: string[]; // the first filings, in order: `${form} ${periodEnd} ${due}`
  first404a: string; // `${periodEnd} ${due}`
  first404b: string | null;
  also?: string[]; // further filings that must be in the calendar: `${form} ${periodEnd} ${due} ${filerStatus} ${icfr}`
}

const BASE: TimelineInput = { ipoDate: '2027-05-15', fiscalYearEnd: '12-31', egc: true, filerStatus: 'non-accelerated' };

const ROWS: Row[] = [
  // ── IPO in each month of a calendar year (FYE Dec 31, EGC, non-accelerated) ──
  {
    // Jan: 2026-12-31 only 15 days before (<90) → Q3 2026-09-30 (107 days). FY2026 is not audited in the S-1 → Rule
    // 13a-1 10-K FY2026 due +90 = 2027-03-31 (Wed). First 10-Q Q1 2027: later of IPO+45 = 2027-03-01 and 05-15 (Sat) → 05-17.
    // First annual report FY2026, so 404(a) in the FY2027 10-K: +90 = 2028-03-30 (Thu).
    name: 'IPO in January without the audited prior year',
    input: { ipoDate: '2027-01-15' },
    s1: '2026-09-30',
    filings: ['10-K 2026-12-31 2027-03-31', '10-Q 2027-03-31 2027-05-17', '10-Q 2027-06-30 2027-08-16'],
    first404a: '2027-12-31 2028-03-30',
    first404b: null,
  },
  {
    // Jan, accelerated expected: at 2027-12-31 the company has reported only since 2027-01-15 (< 12 months, Rule 12b-2),
    // so the FY2027 10-K is still non-accelerated (+90); FY2028 is accelerated but still EGC (404(b) waits for FY2032).
    name: 'IPO in January, accelerated expected: first 404(a) year still non-accelerated (12 months not met)',
    input: { ipoDate: '2027-01-15', filerStatus: 'accelerated' },
    s1: '2026-09-30',
    filings: ['10-K 2026-12-31 2027-03-31', '10-Q 2027-03-31 2027-05-17'],
    first404a: '2027-12-31 2028-03-30',
    // anniversary 2032-01-15 → FY2032; 2032-12-31 + 75 = 2033-03-16 (Wed)
    first404b: '2032-12-31 2033-03-16',
    also: ['10-K 2028-12-31 2029-03-16 accelerated 404a'],
  },
  {
    // Feb 16: 2026-12-31 is 47 days before (<90) → 2026-09-30. 10-K FY2026 due 2027-03-31. Q1 10-Q: later of 04-02 and 05-15 (Sat) → 05-17.
    name: 'IPO in February',
    input: { ipoDate: '2027-02-16' },
    s1: '2026-09-30',
    filings: ['10-K 2026-12-31 2027-03-31', '10-Q 2027-03-31 2027-05-17'],
    first404a: '2027-12-31 2028-03-30',
    first404b: null,
  },
  {
    // Mar 30: 2026-12-31 is 89 days (<90) → 2026-09-30; FY2026 10-K due 2027-03-31, the day after the IPO.
    // Q1 10-Q: later of 05-14 (Fri) and 05-15 (Sat) → 05-15 → Monday 05-17.
    name: 'IPO in March, 89 days after the year end: the year end does not count',
    input: { ipoDate: '2027-03-30' },
    s1: '2026-09-30',
    filings: ['10-K 2026-12-31 2027-03-31', '10-Q 2027-03-31 2027-05-17'],
    first404a: '2027-12-31 2028-03-30',
    first404b: null,
  },
  {
    // Mar 31: 2026-12-31 is exactly 90 days → it counts: S-1 has the audited FY2026. Q1 10-Q: 05-15 both ways (Sat) → 05-17.
    name: 'IPO in March, 90 days after the year end: audited year in the S-1',
    input: { ipoDate: '2027-03-31' },
    s1: '2026-12-31',
    filings: ['10-Q 2027-03-31 2027-05-17', '10-Q 2027-06-30 2027-08-16', '10-Q 2027-09-30 2027-11-15', '10-K 2027-12-31 2028-03-30'],
    first404a: '2028-12-31 2029-04-02',
    first404b: null,
  },
  {
    // Apr 1: 2026-12-31 is 91 days → S-1 period; Q1 (03-31) ended the day before the IPO and is the first 10-Q:
    // later of 05-16 (Sun) and 05-15 (Sat) → 05-16 → Monday 05-17.
    name: 'IPO in April',
    input: { ipoDate: '2027-04-01' },
    s1: '2026-12-31',
    filings: ['10-Q 2027-03-31 2027-05-17', '10-Q 2027-06-30 2027-08-16'],
    first404a: '2028-12-31 2029-04-02',
    first404b: null,
  },
  {
    // REFERENCE §6 worked example: 03-31 is exactly 45 days before → Q2 10-Q, later of 06-29 and 08-14 (Sat) → 08-16.
    // 10-K FY2027 +90 = 2028-03-30; 404(a) FY2028 non-accelerated +90 = 2029-03-31 (Sat) → 04-02.
    name: 'IPO in May (REFERENCE §6 worked example, non-accelerated)',
    input: {},
    s1: '2027-03-31',
    filings: ['10-Q 2027-06-30 2027-08-16', '10-Q 2027-09-30 2027-11-15', '10-K 2027-12-31 2028-03-30'],
    first404a: '2028-12-31 2029-04-02',
    first404b: null,
    // no 404(b): the calendar runs through FY2028 + 2; FY2030 10-K +90 = 2031-03-31 (Mon)
    also: ['10-K 2030-12-31 2031-03-31 non-accelerated 404a'],
  },
  {
    // June 15: 03-31 is 76 days → Q2 10-Q: later of 07-30 and 08-14 (Sat) → 08-16.
    name: 'IPO in June',
    input: { ipoDate: '2027-06-15' },
    s1: '2027-03-31',
    filings: ['10-Q 2027-06-30 2027-08-16', '10-Q 2027-09-30 2027-11-15'],
    first404a: '2028-12-31 2029-04-02',
    first404b: null,
  },
  {
    // Issue case 1: 06-30 only 21 days before → 03-31 → Q2 10-Q: later of 09-04 (Sat; Mon 09-06 Labor Day) → 09-07 and 08-14.
    name: 'IPO in July just after a quarter end (issue case 1)',
    input: { ipoDate: '2027-07-21' },
    s1: '2027-03-31',
    filings: ['10-Q 2027-06-30 2027-09-07', '10-Q 2027-09-30 2027-11-15', '10-K 2027-12-31 2028-03-30'],
    first404a: '2028-12-31 2029-04-02',
    first404b: null,
  },
  {
    // Aug 13: 06-30 is 44 days (<45) → 03-31 → Q2 10-Q: later of 09-27 (Mon) and 08-14 → 09-27.
    name: 'IPO in August, 44 days after the quarter end',
    input: { ipoDate: '2027-08-13' },
    s1: '2027-03-31',
    filings: ['10-Q 2027-06-30 2027-09-27', '10-Q 2027-09-30 2027-11-15'],
    first404a: '2028-12-31 2029-04-02',
    first404b: null,
  },
  {
    // Aug 16: 06-30 is 47 days → Q3 10-Q: later of 09-30 and 11-14 (Sun) → 11-15.
    name: 'IPO in August, 47 days after the quarter end',
    input: { ipoDate: '2027-08-16' },
    s1: '2027-06-30',
    filings: ['10-Q 2027-09-30 2027-11-15', '10-K 2027-12-31 2028-03-30'],
    first404a: '2028-12-31 2029-04-02',
    first404b: null,
  },
  {
    // Sep 15: 06-30 is 77 days → Q3: later of 10-30 (Sat) and 11-14 (Sun) → 11-14 → 11-15.
    name: 'IPO in September',
    input: { ipoDate: '2027-09-15' },
    s1: '2027-06-30',
    filings: ['10-Q 2027-09-30 2027-11-15', '10-K 2027-12-31 2028-03-30'],
    first404a: '2028-12-31 2029-04-02',
    first404b: null,
  },
  {
    // Issue case 2: 09-30 is 20 days → 06-30 → Q3 10-Q: later of 12-04 (Sat) → 12-06 and 11-14.
    name: 'IPO in October (issue case 2)',
    input: { ipoDate: '2027-10-20' },
    s1: '2027-06-30',
    filings: ['10-Q 2027-09-30 2027-12-06', '10-K 2027-12-31 2028-03-30', '10-Q 2028-03-31 2028-05-15'],
    first404a: '2028-12-31 2029-04-02',
    first404b: null,
  },
  {
    // Nov 15: 09-30 is 46 days → the next period is Q4, which the 10-K covers (never a Q4 10-Q): 10-K FY2027 first,
    // then Q1 2028: later of 12-30 and 05-15 (Mon) → 05-15.
    name: 'IPO in November: no fourth-quarter 10-Q',
    input: { ipoDate: '2027-11-15' },
    s1: '2027-09-30',
    filings: ['10-K 2027-12-31 2028-03-30', '10-Q 2028-03-31 2028-05-15'],
    first404a: '2028-12-31 2029-04-02',
    first404b: null,
  },
  {
    // Dec 10, accelerated: 12 months of reporting by 2028-12-10 ≤ FYE 2028-12-31 and one 10-K filed → FY2028
    // accelerated: 404(a) +75 = 2029-03-16 (Fri). EGC until FY2032 (anniversary 2032-12-10).
    name: 'IPO in the last weeks before the year end, accelerated',
    input: { ipoDate: '2027-12-10', filerStatus: 'accelerated' },
    s1: '2027-09-30',
    filings: ['10-K 2027-12-31 2028-03-30', '10-Q 2028-03-31 2028-05-15'],
    first404a: '2028-12-31 2029-03-16',
    first404b: '2032-12-31 2033-03-16',
  },
  // ── just after the year end, with and without the audited year ──
  {
    // Jan 20 2028: 2027-12-31 is 20 days → 09-30; Rule 13a-1 10-K FY2027 +90 = 2028-03-30. Q1 2028: later of
    // 03-05 (Sun) and 05-15 → 05-15. FY2028 not eligible (12 months only on 2029-01-20) → +90 → 2029-04-02.
    name: 'IPO just after the year end, S-1 without the year',
    input: { ipoDate: '2028-01-20', filerStatus: 'accelerated' },
    s1: '2027-09-30',
    filings: ['10-K 2027-12-31 2028-03-30', '10-Q 2028-03-31 2028-05-15'],
    first404a: '2028-12-31 2029-04-02',
    // FY2029 accelerated, EGC to FY2033 (anniversary 2033-01-20): 2033-12-31 + 75 = 2034-03-16
    first404b: '2033-12-31 2034-03-16',
  },
  {
    // Issue case 3: IPO 2028-02-10, September figures: 10-K FY2027 due 2028-03-30 (no 404(a)); 404(a) in FY2028.
    name: 'IPO after the year end without its audit (issue case 3)',
    input: { ipoDate: '2028-02-10' },
    s1: '2027-09-30',
    filings: ['10-K 2027-12-31 2028-03-30', '10-Q 2028-03-31 2028-05-15'],
    first404a: '2028-12-31 2029-04-02',
    first404b: null,
  },
  {
    // The same IPO with the audited FY2027 in the S-1 (given): Q1 2028 10-Q later of 03-26 (Sun) and 05-15 → 05-15;
    // first 10-K FY2028 → 2029-04-02; 404(a) FY2029: +90 = 2030-03-31 (Sun) → 04-01.
    name: 'IPO after the year end with its audit in the S-1 (given)',
    input: { ipoDate: '2028-02-10', s1PeriodEnd: '2027-12-31' },
    s1: '2027-12-31',
    filings: ['10-Q 2028-03-31 2028-05-15', '10-Q 2028-06-30 2028-08-14', '10-Q 2028-09-30 2028-11-14', '10-K 2028-12-31 2029-04-02'],
    first404a: '2029-12-31 2030-04-01',
    first404b: null,
  },
  {
    // Apr 5 2028: 2027-12-31 is 96 days → audited. Q1 (03-31) ended before the IPO: later of 05-20 (Sat) and 05-15 → 05-22.
    name: 'IPO in the spring after the year end, audited year',
    input: { ipoDate: '2028-04-05' },
    s1: '2027-12-31',
    filings: ['10-Q 2028-03-31 2028-05-22', '10-Q 2028-06-30 2028-08-14'],
    first404a: '2029-12-31 2030-04-01',
    first404b: null,
  },
  // ── June, September, March and February year ends ──
  {
    // FYE 06-30, IPO 2027-11-10: Q1 FY2028 (09-30) is 41 days; FYE 2027-06-30 is 133 days (≥90) → S-1 period.
    // Q1 10-Q: later of 12-25 (Christmas, a Saturday; Fri 12-24 observed) → Mon 12-27, and 11-14. 10-K FY2028 2028-06-30 +90 = 09-28 (Thu).
    name: 'June year end; the first 10-Q due on Christmas Saturday',
    input: { ipoDate: '2027-11-10', fiscalYearEnd: '06-30' },
    s1: '2027-06-30',
    filings: ['10-Q 2027-09-30 2027-12-27', '10-Q 2027-12-31 2028-02-14', '10-Q 2028-03-31 2028-05-15', '10-K 2028-06-30 2028-09-28'],
    first404a: '2029-06-30 2029-09-28',
    first404b: null,
  },
  {
    // FYE 09-30, IPO 2027-11-10: FYE 2027-09-30 is 41 days → Q3 FY2027 2027-06-30. Rule 13a-1 10-K FY2027 +90 = 12-29 (Wed).
    // Q1 FY2028 (12-31): later of 12-25 and 2028-02-14 (Mon). 404(a) FY2028 (not eligible: 12 months on 2028-11-10): +90 = 12-29.
    name: 'September year end, IPO after it without its audit',
    input: { ipoDate: '2027-11-10', fiscalYearEnd: '09-30', filerStatus: 'accelerated' },
    s1: '2027-06-30',
    filings: ['10-K 2027-09-30 2027-12-29', '10-Q 2027-12-31 2028-02-14'],
    first404a: '2028-09-30 2028-12-29',
    // FY2029+ accelerated; EGC until the FY containing 2032-11-10, FY2033 (ends 2033-09-30) + 75 = 2033-12-14 (Wed)
    first404b: '2033-09-30 2033-12-14',
  },
  {
    // FYE 03-31, IPO 2027-09-20: Q1 FY2028 (06-30) is 82 days → Q2 10-Q (09-30): later of 11-04 and 11-14 (Sun) → 11-15.
    // 10-K FY2028 (2028-03-31) +90 = 06-29 (Thu); 404(a) FY2029 +90 = 2029-06-29 (Fri).
    name: 'March year end',
    input: { ipoDate: '2027-09-20', fiscalYearEnd: '03-31' },
    s1: '2027-06-30',
    filings: ['10-Q 2027-09-30 2027-11-15', '10-Q 2027-12-31 2028-02-14', '10-K 2028-03-31 2028-06-29'],
    first404a: '2029-03-31 2029-06-29',
    first404b: null,
  },
  {
    // Issue case 4: FYE 02-28, IPO 2027-06-10: Q1 FY2028 (05-31) is 10 days; FYE 2027-02-28 is 102 days → S-1 period.
    // Q1 10-Q: later of 07-25 (Sun) → 07-26 and 07-15. 10-K FY2028 ends Feb 29 (leap): +90 = 05-29 Memorial Day → 05-30.
    name: 'February year end (issue case 4); leap-year 10-K due on Memorial Day',
    input: { ipoDate: '2027-06-10', fiscalYearEnd: '02-28' },
    s1: '2027-02-28',
    filings: ['10-Q 2027-05-31 2027-07-26', '10-Q 2027-08-31 2027-10-15', '10-Q 2027-11-30 2028-01-14', '10-K 2028-02-29 2028-05-30'],
    first404a: '2029-02-28 2029-05-29',
    first404b: null,
  },
  {
    // --fye 02-29 means the last day of February: the same calendar.
    name: 'FYE 02-29 reads as the last day of February',
    input: { ipoDate: '2027-06-10', fiscalYearEnd: '02-29' },
    s1: '2027-02-28',
    filings: ['10-Q 2027-05-31 2027-07-26', '10-Q 2027-08-31 2027-10-15', '10-Q 2027-11-30 2028-01-14', '10-K 2028-02-29 2028-05-30'],
    first404a: '2029-02-28 2029-05-29',
    first404b: null,
  },
  // ── 52/53-week years ──
  {
    // last-sat-12: FY2026 ends 2026-12-26, FY2027 2027-12-25, FY2028 2028-12-30 (53 weeks). FY2027 quarters (13 weeks):
    // 03-27, 06-26, 09-25. IPO 2027-08-20: 06-26 is 55 days → Q3 (09-25): later of 10-04 and 11-09 (Tue).
    // 10-K FY2027 +90 = 2028-03-24 (Fri); 404(a) FY2028 +90 = 2029-03-30 (Fri).
    name: '52/53-week year ending the last Saturday of December',
    input: { ipoDate: '2027-08-20', fiscalYearEnd: 'last-sat-12' },
    s1: '2027-06-26',
    filings: ['10-Q 2027-09-25 2027-11-09', '10-K 2027-12-25 2028-03-24'],
    first404a: '2028-12-30 2029-03-30',
    first404b: null,
  },
  {
    // nearest-sat-01: FY2027 ends 2027-01-30 (Jan 31 is a Sunday), FY2028 2028-01-29, FY2029 2029-02-03 (Jan 31 2029 is
    // a Wednesday: Sat Feb 3 is 3 days after, Jan 27 is 4 before; 53 weeks). FY2028 quarters: 05-01, 07-31, 10-30.
    // IPO 2027-06-24: 05-01 is 54 days → Q2 (07-31): later of 08-08 (Sun) and 09-14 (Tue) → 09-14. Q3 10-30 +45 = 12-14 (Tue).
    // 10-K FY2028 +90 = 2028-04-28 (Fri); 404(a) FY2029 +90 = 2029-05-04 (Fri).
    name: '52/53-week retail year ending the Saturday nearest January 31',
    input: { ipoDate: '2027-06-24', fiscalYearEnd: 'nearest-sat-01' },
    s1: '2027-05-01',
    filings: ['10-Q 2027-07-31 2027-09-14', '10-Q 2027-10-30 2027-12-14', '10-K 2028-01-29 2028-04-28'],
    first404a: '2029-02-03 2029-05-04',
    first404b: null,
  },
  // ── leap years ──
  {
    // IPO 2028-02-29: 2027-12-31 is 60 days → 09-30 → 10-K FY2027 due 03-30; Q1: later of 04-14 and 05-15 → 05-15.
    // EGC: fifth anniversary 2033-02-28 → FY2033; accelerated from FY2029 → 404(b) FY2033: +75 = 2034-03-16 (Thu).
    name: 'IPO on Feb 29',
    input: { ipoDate: '2028-02-29', filerStatus: 'accelerated' },
    s1: '2027-09-30',
    filings: ['10-K 2027-12-31 2028-03-30', '10-Q 2028-03-31 2028-05-15'],
    first404a: '2028-12-31 2029-04-02',
    first404b: '2033-12-31 2034-03-16',
  },
  // ── weekends and each federal holiday on a due date ──
  {
    // FYE 10-02 (fixed day): FY2027 quarters 01-02, 04-02, 07-02. IPO 2027-06-01: 04-02 is 60 days → Q3 (07-02): later
    // of 07-16 and 08-16 (Mon). 10-K FY2027 +90 = 2027-12-31, New Year's Day 2028 observed → Monday 2028-01-03.
    name: "New Year's Day (observed Dec 31) on a 10-K due date",
    input: { ipoDate: '2027-06-01', fiscalYearEnd: '10-02' },
    s1: '2027-04-02',
    filings: ['10-Q 2027-07-02 2027-08-16', '10-K 2027-10-02 2028-01-03'],
    // 404(a) FY2028: 2028-10-02 + 90 = Sunday 2028-12-31, then New Year's Day Monday → Tuesday 2029-01-02
    first404a: '2028-10-02 2029-01-02',
    first404b: null,
  },
  {
    // FYE 01-31, IPO 2027-12-03: Q3 FY2028 (10-31) is 33 days → Q2 07-31; Q3 10-Q: later of 2028-01-17 (MLK Day) → 01-18 and 12-15.
    name: 'MLK Day on the first 10-Q due date',
    input: { ipoDate: '2027-12-03', fiscalYearEnd: '01-31' },
    s1: '2027-07-31',
    filings: ['10-Q 2027-10-31 2028-01-18', '10-K 2028-01-31 2028-05-01'],
    first404a: '2029-01-31 2029-05-01',
    first404b: null,
  },
  {
    // FYE 02-28, IPO 2028-01-07: Q3 FY2028 (2027-11-30) is 38 days → Q2 08-31; Q3 10-Q: later of 02-21 (Washington's
    // Birthday) → 02-22 and 01-14.
    name: "Washington's Birthday on the first 10-Q due date",
    input: { ipoDate: '2028-01-07', fiscalYearEnd: '02-28' },
    s1: '2027-08-31',
    filings: ['10-Q 2027-11-30 2028-02-22', '10-K 2028-02-29 2028-05-30'],
    first404a: '2029-02-28 2029-05-29',
    first404b: null,
  },
  {
    // IPO 2028-05-05: 03-31 is 35 days; 2027-12-31 is 126 days → audited. Q1: later of 06-19 (Juneteenth) → 06-20 and 05-15.
    name: 'Juneteenth on the first 10-Q due date',
    input: { ipoDate: '2028-05-05' },
    s1: '2027-12-31',
    filings: ['10-Q 2028-03-31 2028-06-20', '10-Q 2028-06-30 2028-08-14'],
    first404a: '2029-12-31 2030-04-01',
    first404b: null,
  },
  {
    // IPO 2028-05-20 with the audited FY2027 given: Q1: later of 07-04 (Independence Day) → 07-05 and 05-15.
    name: 'Independence Day on the first 10-Q due date',
    input: { ipoDate: '2028-05-20', s1PeriodEnd: '2027-12-31' },
    s1: '2027-12-31',
    filings: ['10-Q 2028-03-31 2028-07-05', '10-Q 2028-06-30 2028-08-14'],
    first404a: '2029-12-31 2030-04-01',
    first404b: null,
  },
  {
    // FYE 10-31, IPO 2027-08-27: Q3 (07-31) is 27 days → Q2 04-30; Q3 10-Q: later of 10-11 (Columbus Day) → 10-12 and 09-14.
    name: 'Columbus Day on the first 10-Q due date',
    input: { ipoDate: '2027-08-27', fiscalYearEnd: '10-31' },
    s1: '2027-04-30',
    filings: ['10-Q 2027-07-31 2027-10-12', '10-K 2027-10-31 2028-01-31'],
    first404a: '2028-10-31 2029-01-29',
    first404b: null,
  },
  {
    // FYE 11-30, IPO 2027-09-27: Q3 (08-31) is 27 days → Q2 05-31; Q3 10-Q: later of 11-11 (Veterans Day) → 11-12 and 10-15.
    name: 'Veterans Day on the first 10-Q due date',
    input: { ipoDate: '2027-09-27', fiscalYearEnd: '11-30' },
    s1: '2027-05-31',
    filings: ['10-Q 2027-08-31 2027-11-12', '10-K 2027-11-30 2028-02-28'],
    first404a: '2028-11-30 2029-02-28',
    first404b: null,
  },
  {
    // FYE 11-30, IPO 2027-10-11: Q3 (08-31) is 41 days → Q2 05-31; Q3 10-Q: later of 11-25 (Thanksgiving) → 11-26 and 10-15.
    name: 'Thanksgiving on the first 10-Q due date',
    input: { ipoDate: '2027-10-11', fiscalYearEnd: '11-30' },
    s1: '2027-05-31',
    filings: ['10-Q 2027-08-31 2027-11-26', '10-K 2027-11-30 2028-02-28'],
    first404a: '2028-11-30 2029-02-28',
    first404b: null,
  },
  {
    // IPO 2028-11-10: 09-30 is 41 days → 06-30; Q3 10-Q: later of 12-25 (Christmas, Monday) → 12-26 and 11-14.
    name: 'Christmas on the first 10-Q due date',
    input: { ipoDate: '2028-11-10' },
    s1: '2028-06-30',
    filings: ['10-Q 2028-09-30 2028-12-26', '10-K 2028-12-31 2029-04-02'],
    first404a: '2029-12-31 2030-04-01',
    first404b: null,
  },
  // ── EGC ending by anniversary, revenue, debt and large-accelerated status; SRC; the 40-day 10-Q ──
  {
    // REFERENCE §6: EGC kept to the sunset (anniversary 2032-05-15 → FY2032), accelerated: 404(b) FY2032 +75 = 2033-03-16.
    // The accelerated switch: FY2028 10-Qs are still 45 days (status before FY2028 end: non-accelerated), FY2029 10-Qs 40 days:
    // Q1 2029 03-31 + 40 = 05-10 (Thu).
    name: 'EGC to the fifth anniversary, accelerated; 10-Q deadline 45 → 40 days',
    input: { filerStatus: 'accelerated' },
    s1: '2027-03-31',
    filings: ['10-Q 2027-06-30 2027-08-16', '10-Q 2027-09-30 2027-11-15', '10-K 2027-12-31 2028-03-30', '10-Q 2028-03-31 2028-05-15'],
    first404a: '2028-12-31 2029-03-16',
    first404b: '2032-12-31 2033-03-16',
    also: ['10-Q 2029-03-31 2029-05-10 accelerated none', '10-K 2028-12-31 2029-03-16 accelerated 404a', '10-K 2032-12-31 2033-03-16 accelerated 404a+404b'],
  },
  {
    // Revenue $1.3B in FY2029 ends EGC on 2029-12-31: 404(b) FY2029, accelerated +75 = 2030-03-16 (Sat) → 03-18.
    name: 'EGC ends by revenue',
    input: { filerStatus: 'accelerated', revenue: { '2029': 1_300_000_000 } },
    s1: '2027-03-31',
    filings: ['10-Q 2027-06-30 2027-08-16'],
    first404a: '2028-12-31 2029-03-16',
    first404b: '2029-12-31 2030-03-18',
  },
  {
    // More than $1B of non-convertible debt in FY2030 (given as the early end year): 404(b) FY2030 +75 = 2031-03-16 (Sun) → 03-17.
    name: 'EGC ends by debt',
    input: { filerStatus: 'accelerated', egcEndsFiscalYear: 2030 },
    s1: '2027-03-31',
    filings: ['10-Q 2027-06-30 2027-08-16'],
    first404a: '2028-12-31 2029-03-16',
    first404b: '2030-12-31 2031-03-17',
  },
  {
    // Facts: float $800M on 2028-06-30 → large accelerated at 2028-12-31 (Rule 12b-2), EGC ends then: 404(a) and
    // 404(b) together in FY2028, +60 = 2029-03-01 (Thu) — REFERENCE §6.
    name: 'EGC ends by large accelerated status (from the float)',
    input: { publicFloat: { '2028': 800_000_000 } },
    s1: '2027-03-31',
    filings: ['10-Q 2027-06-30 2027-08-16'],
    first404a: '2028-12-31 2029-03-01',
    first404b: '2028-12-31 2029-03-01',
    also: ['10-K 2028-12-31 2029-03-01 large-accelerated 404a+404b'],
  },
  {
    // Facts: float $300M at 2028-06-30 with FY2027 revenue $150M (≥ $100M, so no SRC revenue test) → accelerated FY2028,
    // EGC: 404(a) only, +75 = 2029-03-16. Float $900M at 2029-06-28 (Sat 06-30 → last business day Fri 06-29) → large
    // accelerated FY2029, EGC ends: 404(b) FY2029 +60 = 2030-03-01 (Fri). FY2029 10-Qs at 40 days.
    name: 'Accelerated, then large accelerated a year later (facts)',
    input: { publicFloat: { '2028': 300_000_000, '2029': 900_000_000 }, revenue: { '2027': 150_000_000 } },
    s1: '2027-03-31',
    filings: ['10-Q 2027-06-30 2027-08-16'],
    first404a: '2028-12-31 2029-03-16',
    first404b: '2029-12-31 2030-03-01',
    also: ['10-Q 2029-03-31 2029-05-10 accelerated none', '10-K 2029-12-31 2030-03-01 large-accelerated 404a+404b'],
  },
  {
    // Facts: float $300M but FY2027 revenue $60M (< $100M): a smaller reporting company under the revenue test is not
    // accelerated → non-accelerated, 404(a) +90 → 2029-04-02, never 404(b); calendar through FY2030 (+90 = 2031-03-31).
    name: 'Non-accelerated smaller reporting company (revenue test)',
    input: { publicFloat: { '2028': 300_000_000 }, revenue: { '2027': 60_000_000 } },
    s1: '2027-03-31',
    filings: ['10-Q 2027-06-30 2027-08-16'],
    first404a: '2028-12-31 2029-04-02',
    first404b: null,
    also: ['10-K 2028-12-31 2029-04-02 non-accelerated 404a', '10-Q 2029-03-31 2029-05-15 non-accelerated none', '10-K 2030-12-31 2031-03-31 non-accelerated 404a'],
  },
  {
    // Not an EGC, accelerated: 404(a) and 404(b) both in FY2028, +75 = 2029-03-16; the calendar stops there.
    name: 'Not an EGC, accelerated: 404(b) with the first 404(a)',
    input: { egc: false, filerStatus: 'accelerated' },
    s1: '2027-03-31',
    filings: ['10-Q 2027-06-30 2027-08-16', '10-Q 2027-09-30 2027-11-15', '10-K 2027-12-31 2028-03-30', '10-Q 2028-03-31 2028-05-15', '10-Q 2028-06-30 2028-08-14', '10-Q 2028-09-30 2028-11-14', '10-K 2028-12-31 2029-03-16'],
    first404a: '2028-12-31 2029-03-16',
    first404b: '2028-12-31 2029-03-16',
  },
];

const line = (f: Filing) => `${f.form} ${f.periodEnd} ${f.due}`;

describe('the filing calendar, worked by hand (REFERENCE §6)', () => {
  it('has at least 30 scenarios', () => expect(ROWS.length).toBeGreaterThanOrEqual(30));

  it.each(ROWS.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    const r = computeTimeline({ ...BASE, ...row.input });
    if (!r.ok) throw new Error(r.error.message);
    const t = r.value;
    expect(t.s1.periodEnd).toBe(row.s1);
    expect(t.filings.slice(0, row.filings.length).map(line)).toEqual(row.filings);
    expect(`${t.first404a.periodEnd} ${t.first404a.due}`).toBe(row.first404a);
    expect(t.first404b ? `${t.first404b.periodEnd} ${t.first404b.due}` : null).toBe(row.first404b);
    const all = t.filings.map((f) => `${line(f)} ${f.filerStatus} ${f.icfr}`);
    for (const a of row.also ?? []) expect(all).toContain(a);
    // the calendar ends with the first 404(b) 10-K, or the first 404(a) year + 2 without one
    const last = t.filings[t.filings.length - 1]!;
    const k404a = t.filings.find((f) => f.form === '10-K' && f.periodEnd === row.first404a.slice(0, 10))!;
    expect(last.form).toBe('10-K');
    if (row.first404b) expect(last.periodEnd).toBe(row.first404b.slice(0, 10));
    else expect(last.fiscalYear).toBe(k404a.fiscalYear + 2);
  });
});
