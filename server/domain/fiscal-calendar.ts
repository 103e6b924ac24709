// Fiscal years as companies define them: a fixed month-day (`12-31`, `06-30`, `02-29` = last day of February) or a
// 52/53-week year ending on a weekday (`last-sat-12`: the last Saturday of December; `nearest-sat-01`: the Saturday
// nearest the end of January, which may fall in the first days of February).
//
// Judgement calls (planning defaults, shown in the basis text and overridable):
// - A fiscal year is named by the calendar year of the month it ends in: `nearest-sat-12` ending 2028-01-01 is FY2027,
//   as retailers name it ("fiscal 2027 ended January 1, 2028").
// - A fixed FYE that is a month end in a common year (01-31, 02-28, 04-30 …) means "last day of that month": quarters
//   end on month ends, and 02-28 / 02-29 end on Feb 29 in leap years.
// - Quarters of a 52/53-week year follow the 13-week pattern (Q1–Q3 end 13, 26 and 39 weeks after the prior year end;
//   a 53rd week falls in Q4), unless explicit quarter ends are given for that year.

import type { IsoDate, Weekday } from './dates.ts';
import { addDays, addMonths, compareIsoDates, dateParts, daysInMonth, endOfMonth, formatIsoDate, lastWeekdayOfMonth } from './dates.ts';
import type { Result } from './result.ts';

export type FyeKind = 'date' | 'last' | 'nearest';

export interface FiscalYearEnd {
  kind: FyeKind;
  text: string; // as given, e.g. '12-31' or 'last-sat-12'
  month: number; // 1..12
  day: number; // for 'date'; the last day of the month in a common year for the other kinds
  monthEnd: boolean; // every fiscal period ends on a month end
  weekday: Weekday | null; // for 'last' and 'nearest'
}

export type FyeResult = Result<FiscalYearEnd, { code: 'invalid-fye'; message: string }>;

const WEEKDAYS: Record<string, Weekday> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

export function parseFiscalYearEnd(text: string): FyeResult {
  const fail = (message: string): FyeResult => ({ ok: false, error: { code: 'invalid-fye', message } });
  const week = /^(last|nearest)-([a-z]{3})[a-z]*-(\d{2})$/i.exec(text);
  if (week) {
    const weekday = WEEKDAYS[week[2]!.toLowerCase()];
    const month = Number(week[3]);
    if (weekday === undefined) return fail(`fiscal year end "${text}": "${week[2]}" is not a weekday (sun, mon, … sat)`);
    if (month < 1 || month > 12) return fail(`fiscal year end "${text}" has no month ${week[3]}`);
    return {
      ok: true,
      value: { kind: week[1]!.toLowerCase() as FyeKind, text, month, day: daysInMonth(2027, month), monthEnd: false, weekday },
    };
  }
  const m = /^(\d{2})-(\d{2})$/.exec(text);
  if (!m) return fail(`fiscal year end "${text}" is not MM-DD (e.g. 12-31), last-<weekday>-MM or nearest-<weekday>-MM (e.g. last-sat-12)`);
  const month = Number(m[1]);
  const day = Number(m[2]);
  if (month < 1 || month > 12) return fail(`fiscal year end ${text} has no month ${m[1]}`);
  if (month === 2 && day === 29) return { ok: true, value: { kind: 'date', text, month, day: 28, monthEnd: true, weekday: null } };
  const commonYearDays = daysInMonth(2027, month);
  if (day < 1 || day > commonYearDays) return fail(`fiscal year end ${text} does not exist (month ${m[1]} has ${commonYearDays} days)`);
  return { ok: true, value: { kind: 'date', text, month, day, monthEnd: day === commonYearDays, weekday: null } };
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function describeFiscalYearEnd(fye: FiscalYearEnd): string {
  const names = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
  const monthName = MONTH_NAMES[fye.month - 1] ?? String(fye.month);
  if (fye.kind === 'last') return `52/53-week year ending on the last ${names[fye.weekday ?? 0]} of ${monthName}`;
  if (fye.kind === 'nearest') return `52/53-week year ending on the ${names[fye.weekday ?? 0]} nearest the end of ${monthName}`;
  return fye.monthEnd ? `last day of ${monthName}` : `${monthName} ${fye.day}`;
}

export function fiscalYearEndDate(fye: FiscalYearEnd, fiscalYear: number): IsoDate {
  if (fye.kind === 'date')
    return fye.monthEnd ? formatIsoDate(fiscalYear, fye.month, daysInMonth(fiscalYear, fye.month)) : formatIsoDate(fiscalYear, fye.month, fye.day);
  const last = lastWeekdayOfMonth(fiscalYear, fye.month, fye.weekday ?? 0);
  if (fye.kind === 'last') return last;
  // Nearest the month end: the last such weekday in the month, or the next one when that is closer (≤ 3 days after).
  const monthEnd = formatIsoDate(fiscalYear, fye.month, daysInMonth(fiscalYear, fye.month));
  const behind = dateParts(monthEnd).day - dateParts(last).day;
  return behind > 3 ? addDays(last, 7) : last;
}

// The fiscal year (named as above) that contains the date: end(FY − 1) < date ≤ end(FY).
export function fiscalYearOf(date: IsoDate, fye: FiscalYearEnd): number {
  const year = Number(date.slice(0, 4));
  for (const fy of [year - 1, year, year + 1]) {
    if (compareIsoDates(date, fiscalYearEndDate(fye, fy)) <= 0 && compareIsoDates(date, fiscalYearEndDate(fye, fy - 1)) > 0) return fy;
  }
  return year + 1;
}

export function fiscalYearStart(fye: FiscalYearEnd, fiscalYear: number): IsoDate {
  return addDays(fiscalYearEndDate(fye, fiscalYear - 1), 1);
}

// Q1–Q3 ends. Fixed FYE: FYE − 9, − 6, − 3 months (on month ends when the FYE is one). 52/53-week: 13/26/39 weeks
// after the prior year end, unless `explicit` holds exactly three quarter ends inside the fiscal year.
export function fiscalQuarterEnds(fye: FiscalYearEnd, fiscalYear: number, explicit: readonly IsoDate[] = []): [IsoDate, IsoDate, IsoDate] {
  const end = fiscalYearEndDate(fye, fiscalYear);
  const start = fiscalYearStart(fye, fiscalYear);
  const given = explicit.filter((d) => compareIsoDates(d, start) >= 0 && compareIsoDates(d, end) < 0).sort();
  if (given.length === 3) return [given[0]!, given[1]!, given[2]!];
  if (fye.kind !== 'date') {
    const prior = fiscalYearEndDate(fye, fiscalYear - 1);
    return [addDays(prior, 91), addDays(prior, 182), addDays(prior, 273)];
  }
  const back = (months: number): IsoDate => {
    const d = addMonths(end, -months);
    return fye.monthEnd ? endOfMonth(d) : d;
  };
  return [back(9), back(6), back(3)];
}

export type FiscalPeriod = { fiscalYear: number; quarter: 1 | 2 | 3 | 4; start: IsoDate; end: IsoDate };

// Every fiscal quarter of the year, Q4 ending on the fiscal year end.
export function fiscalPeriods(fye: FiscalYearEnd, fiscalYear: number, explicit: readonly IsoDate[] = []): FiscalPeriod[] {
  const [q1, q2, q3] = fiscalQuarterEnds(fye, fiscalYear, explicit);
  const ends = [q1, q2, q3, fiscalYearEndDate(fye, fiscalYear)];
  let start = fiscalYearStart(fye, fiscalYear);
  return ends.map((end, i) => {
    const p: FiscalPeriod = { fiscalYear, quarter: (i + 1) as 1 | 2 | 3 | 4, start, end };
    start = addDays(end, 1);
    return p;
  });
}

// The fiscal period ending exactly on the date, if any.
export function periodEndingOn(date: IsoDate, fye: FiscalYearEnd, explicit: readonly IsoDate[] = []): FiscalPeriod | null {
  const fy = fiscalYearOf(date, fye);
  return fiscalPeriods(fye, fy, explicit).find((p) => p.end === date) ?? null;
}
