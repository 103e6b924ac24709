// The one reader of dates written as text, for the whole project: a control's "last tested" date, an access
// listing's extraction and termination dates, the Start and Due cells of a re-imported Plan, the "tested on" date of
// the Testing sheet. A cell Excel already holds as a date is read as that date; text follows one rule everywhere:
//
// - YYYY-MM-DD (also YYYY-M-D; a time after it is ignored) is read.
// - A month in words is read: "15 Mar 2027", "15-Mar-2027", "15 March 2027", "Mar 15, 2027", "March 15 2027".
// - Day and month as numbers (d/m/yyyy or m/d/yyyy, with '/' or '.') are read only when the order is certain: a number
//   above 12 is the day, so "31/03/2024" and "03/31/2024" are both 31 March 2024, and "05/05/2024" is 5 May whichever
//   the order. When both numbers are 12 or less and differ ("03/04/2024": 3 April or 4 March?) the text is ambiguous
//   and is NOT read: US and European files write the same text for different days, and a wrong day moves a leaver's
//   termination or a task's due date silently. The caller reports it (ambiguousDate gives both readings) and asks for
//   YYYY-MM-DD or the month in words.
// - Anything else (two-digit years, "Q1 2024", "last spring") is not a date. Never a guess.
import { formatIsoDate, isIsoDate, type IsoDate } from './dates.ts';

// What to ask for in a message about a date that could not be read.
export const DATE_FORMS = 'YYYY-MM-DD or "15 Mar 2027"';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function iso(y: number, m: number, d: number): IsoDate | null {
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const text = formatIsoDate(y, m, d);
  return isIsoDate(text) ? text : null;
}

function monthOf(word: string): number | null {
  const i = MONTHS.indexOf(word.slice(0, 3).toLowerCase());
  // the word is the month's name or its first three letters or more of it ("Sept"), never another word
  return i >= 0 && ('january february march april may june july august september october november december'.split(' ')[i] ?? '').startsWith(word.toLowerCase()) ? i + 1 : null;
}

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/u;
const NUMERIC = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/u;
const DAY_MONTH = /^(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ ,-]+(\d{4})$/u;
const MONTH_DAY = /^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})$/u;

// The two readings of a numeric date whose order is not certain ("03/04/2024": 3 April and 4 March), else null.
export function ambiguousDate(text: string): [IsoDate, IsoDate] | null {
  const m = NUMERIC.exec(text.trim());
  if (!m) return null;
  const [a, b, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (a > 12 || b > 12 || a === b) return null;
  const dayFirst = iso(y, b, a);
  const monthFirst = iso(y, a, b);
  return dayFirst && monthFirst ? [dayFirst, monthFirst] : null;
}

export function parseDateText(text: string): IsoDate | null {
  const t = text.trim();
  let m = ISO.exec(t);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  m = NUMERIC.exec(t);
  if (m) {
    const [a, b, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (a === b || b > 12) return iso(y, a, b); // month first, or the same either way
    if (a > 12) return iso(y, b, a); // day first
    return null; // ambiguous: see ambiguousDate
  }
  m = DAY_MONTH.exec(t);
  if (m) {
    const month = monthOf(m[2] ?? '');
    return month ? iso(Number(m[3]), month, Number(m[1])) : null;
  }
  m = MONTH_DAY.exec(t);
  if (m) {
    const month = monthOf(m[1] ?? '');
    return month ? iso(Number(m[3]), month, Number(m[2])) : null;
  }
  return null;
}

// Text that is written as a date, read or ambiguous: what a column of dates looks like.
export function looksLikeDate(text: string): boolean {
  return parseDateText(text) !== null || ambiguousDate(text) !== null;
}

// A cell as the reader gives it: its text and, when Excel holds a date, that date.
interface DateCell {
  text: string;
  value: { kind: string; iso?: string };
}

export function cellDate(cell: DateCell | undefined): IsoDate | null {
  if (!cell) return null;
  if (cell.value.kind === 'date' && cell.value.iso) return cell.value.iso.slice(0, 10);
  return parseDateText(cell.text);
}

// Why the text of a date cell was not read, for a message: "is ambiguous (3 Apr 2024 or 4 Mar 2024)" or "is not a date".
export function dateProblem(text: string): string {
  const both = ambiguousDate(text);
  if (!both) return 'is not a date';
  const words = (d: IsoDate) => `${Number(d.slice(8, 10))} ${(MONTHS[Number(d.slice(5, 7)) - 1] ?? '').replace(/^./u, (c) => c.toUpperCase())} ${d.slice(0, 4)}`;
  return `is ambiguous (${words(both[0])} or ${words(both[1])}?)`;
}

// A date written inside free text ("Extracted 2026-10-31 08:12 by J. Doe", "As of Oct 31, 2026", a file name's
// "users_2026-10-31"): the first piece of the text that reads as a date by the rule above.
const DATE_IN_TEXT = [
  /\b(\d{4}-\d{1,2}-\d{1,2})\b/u,
  /\b(\d{1,2}[/.]\d{1,2}[/.]\d{4})\b/u,
  /\b(\d{1,2}[- ][A-Za-z]{3,9}[- ]\d{4})\b/u,
  /\b([A-Za-z]{3,9}\.? \d{1,2},? \d{4})\b/u,
];

export function dateInText(text: string): IsoDate | null {
  for (const re of DATE_IN_TEXT) {
    const m = re.exec(text);
    const d = m?.[1] ? parseDateText(m[1]) : null;
    if (d) return d;
  }
  return null;
}
