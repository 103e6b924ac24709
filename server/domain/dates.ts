// Date-only arithmetic on ISO `YYYY-MM-DD` strings. Deliberately no `Date`: a calendar day has no time zone, and
// local-time getters are the classic source of off-by-one days. Day numbers use Howard Hinnant's civil-calendar
// algorithms (proleptic Gregorian, day 0 = 1970-01-01).
//
// Only parseIsoDate accepts untrusted text. Every other function expects a date that came out of parseIsoDate or
// another function here; a malformed one is a programming error and throws.

import type { Result } from './result.ts';

export type IsoDate = string; // YYYY-MM-DD, always a real calendar day

export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6; // 0 = Sunday … 6 = Saturday (like getUTCDay)

export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

export interface DateParts {
  year: number;
  month: number; // 1..12
  day: number; // 1..31
}

export type DateErrorCode = 'invalid-format' | 'invalid-date';
export interface DateError {
  code: DateErrorCode;
  message: string;
}
export type DateResult<T> = Result<T, DateError>;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function parseIsoDate(text: string): DateResult<IsoDate> {
  const m = ISO_DATE.exec(text);
  if (!m) {
    return { ok: false, error: { code: 'invalid-format', message: `"${text}" is not a date in YYYY-MM-DD form` } };
  }
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12) {
    return { ok: false, error: { code: 'invalid-date', message: `${text} has no month ${m[2]}` } };
  }
  if (day < 1 || day > daysInMonth(year, month)) {
    return {
      ok: false,
      error: {
        code: 'invalid-date',
        message: `${text} does not exist (month ${m[2]} of ${m[1]} has ${daysInMonth(year, month)} days)`,
      },
    };
  }
  return { ok: true, value: text };
}

export function isIsoDate(text: string): boolean {
  return parseIsoDate(text).ok;
}

export function formatIsoDate(year: number, month: number, day: number): IsoDate {
  if (year < 0 || year > 9999) throw new RangeError(`year ${year} cannot be written as YYYY`);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// The digits of YYYY-MM-DD read without a RegExp (this runs for every date the plan compares); -1 if not that shape.
const digit = (iso: string, i: number) => {
  const c = iso.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1000;
};

export function dateParts(iso: IsoDate): DateParts {
  if (iso.length === 10 && iso.charCodeAt(4) === 45 && iso.charCodeAt(7) === 45) {
    const year = digit(iso, 0) * 1000 + digit(iso, 1) * 100 + digit(iso, 2) * 10 + digit(iso, 3);
    const month = digit(iso, 5) * 10 + digit(iso, 6);
    const day = digit(iso, 8) * 10 + digit(iso, 9);
    if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)) return { year, month, day };
  }
  const parsed = parseIsoDate(iso);
  throw new RangeError(`not a valid ISO date: ${parsed.ok ? iso : parsed.error.message}`);
}

// Days since 1970-01-01.
export function toDayNumber(iso: IsoDate): number {
  const { year, month, day } = dateParts(iso);
  return daysFromCivil(year, month, day);
}

// Days since 1970-01-01 of a calendar day given as numbers (a real day: month 1..12, day within the month).
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

// A plan writes the same few hundred days thousands of times: each day's text is worked out once per process (bounded).
const DAY_TEXT = new Map<number, IsoDate>();
const DAY_TEXT_LIMIT = 50_000;

export function fromDayNumber(dayNumber: number): IsoDate {
  let text = DAY_TEXT.get(dayNumber);
  if (text === undefined) {
    text = dayText(dayNumber);
    if (DAY_TEXT.size < DAY_TEXT_LIMIT) DAY_TEXT.set(dayNumber, text);
  }
  return text;
}

function dayText(dayNumber: number): IsoDate {
  const { year, month, day } = civilFromDays(dayNumber);
  return formatIsoDate(year, month, day);
}

// The calendar day of a day number, as numbers.
export function civilFromDays(dayNumber: number): DateParts {
  if (!Number.isInteger(dayNumber)) throw new RangeError(`day number must be an integer, got ${dayNumber}`);
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

export function addDays(iso: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(iso) + days);
}

// Calendar months, clamped to the end of the target month: 2027-01-31 + 1 month = 2027-02-28.
// Not reversible after a clamp (2027-02-28 − 1 month = 2027-01-28); callers that mean "month end" use endOfMonth.
export function addMonths(iso: IsoDate, months: number): IsoDate {
  if (!Number.isInteger(months)) throw new RangeError(`months must be an integer, got ${months}`);
  const { year, month, day } = dateParts(iso);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return formatIsoDate(y, m, Math.min(day, daysInMonth(y, m)));
}

export function addYears(iso: IsoDate, years: number): IsoDate {
  return addMonths(iso, years * 12);
}

// b − a in days: daysBetween('2027-05-15', '2027-06-29') = 45.
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

export function compareIsoDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  const d = toDayNumber(a) - toDayNumber(b);
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

export function isBefore(a: IsoDate, b: IsoDate): boolean {
  return compareIsoDates(a, b) < 0;
}

export function isAfter(a: IsoDate, b: IsoDate): boolean {
  return compareIsoDates(a, b) > 0;
}

// The latest (earliest) of the dates, the first of equal ones; every date is checked, each read once.
export const maxDate = (first: IsoDate, ...rest: IsoDate[]): IsoDate => extremeDate(first, rest, 1);
export const minDate = (first: IsoDate, ...rest: IsoDate[]): IsoDate => extremeDate(first, rest, -1);

function extremeDate(first: IsoDate, rest: IsoDate[], sign: 1 | -1): IsoDate {
  let best = first;
  let bestDay = toDayNumber(first);
  for (let i = 0; i < rest.length; i++) {
    const day = toDayNumber(rest[i]!);
    if ((day - bestDay) * sign > 0) [best, bestDay] = [rest[i]!, day];
  }
  return best;
}

export function dayOfWeek(iso: IsoDate): Weekday {
  // 1970-01-01 was a Thursday (4).
  return ((((toDayNumber(iso) + 4) % 7) + 7) % 7) as Weekday;
}

export function weekdayName(iso: IsoDate): string {
  return WEEKDAY_NAMES[dayOfWeek(iso)];
}

export function isWeekend(iso: IsoDate): boolean {
  const d = dayOfWeek(iso);
  return d === 0 || d === 6;
}

export function endOfMonth(iso: IsoDate): IsoDate {
  const { year, month } = dateParts(iso);
  return formatIsoDate(year, month, daysInMonth(year, month));
}

export function isEndOfMonth(iso: IsoDate): boolean {
  return endOfMonth(iso) === iso;
}

// The nth (1-based) given weekday of a month, e.g. the 3rd Monday of January.
export function nthWeekdayOfMonth(year: number, month: number, weekday: Weekday, nth: number): IsoDate {
  if (!Number.isInteger(nth) || nth < 1 || nth > 5) throw new RangeError(`nth must be 1..5, got ${nth}`);
  const first = formatIsoDate(year, month, 1);
  const offset = (weekday - dayOfWeek(first) + 7) % 7;
  const day = 1 + offset + (nth - 1) * 7;
  if (day > daysInMonth(year, month)) throw new RangeError(`${year}-${month} has no weekday ${weekday} number ${nth}`);
  return formatIsoDate(year, month, day);
}

export function lastWeekdayOfMonth(year: number, month: number, weekday: Weekday): IsoDate {
  const last = formatIsoDate(year, month, daysInMonth(year, month));
  return addDays(last, -((dayOfWeek(last) - weekday + 7) % 7));
}
