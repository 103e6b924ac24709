// US federal holidays and the SEC business-day roll (Exchange Act Rule 0-3: a filing due on a Saturday, Sunday or
// federal holiday may be made on the next business day).
//
// Judgement calls, kept here so they are visible:
// - The SEC (and EDGAR) is closed on the *observed* day, so the observed day is the non-business day. When a holiday
//   falls on a Saturday it is observed the Friday before; when New Year's Day is a Saturday that Friday is Dec 31 of
//   the prior year (e.g. 2021-12-31, 2027-12-31), and that Dec 31 is not a business day. The actual Saturday is a
//   weekend anyway, so nothing is lost by listing each holiday once, on its observed date.
// - Only the 11 standing holidays of 5 U.S.C. 6103(a). Not modelled: Inauguration Day (6103(c), Washington DC area
//   only, every four years) and one-off closures by executive order (e.g. the national day of mourning on
//   2025-01-09). Computed due dates are therefore planning dates and must stay overridable.
// - The rules are today's (Monday holidays since 1971, MLK Day since 1986, Juneteenth since 2021); years before 1986
//   are not expected (the timeline accepts IPO dates from 1990).

import type { IsoDate, Weekday } from './dates.ts';
import {
  addDays,
  dateParts,
  dayOfWeek,
  formatIsoDate,
  isWeekend,
  lastWeekdayOfMonth,
  nthWeekdayOfMonth,
  weekdayName,
} from './dates.ts';

export type HolidayRule =
  | { kind: 'fixed'; month: number; day: number }
  | { kind: 'nth-weekday'; month: number; weekday: Weekday; nth: number }
  | { kind: 'last-weekday'; month: number; weekday: Weekday };

export type HolidayId =
  | 'new-years-day'
  | 'mlk-day'
  | 'washingtons-birthday'
  | 'memorial-day'
  | 'juneteenth'
  | 'independence-day'
  | 'labor-day'
  | 'columbus-day'
  | 'veterans-day'
  | 'thanksgiving'
  | 'christmas';

export interface FederalHoliday {
  id: HolidayId;
  name: string;
  rule: HolidayRule;
  firstYear: number | null; // first calendar year the holiday exists, when it matters for our date range
  source: string;
}

const SOURCE = '5 U.S.C. 6103(a)';
const MON: Weekday = 1;
const THU: Weekday = 4;

export const FEDERAL_HOLIDAYS: readonly FederalHoliday[] = [
  {
    id: 'new-years-day',
    name: "New Year's Day",
    rule: { kind: 'fixed', month: 1, day: 1 },
    firstYear: null,
    source: SOURCE,
  },
  {
    id: 'mlk-day',
    name: 'Birthday of Martin Luther King, Jr.',
    rule: { kind: 'nth-weekday', month: 1, weekday: MON, nth: 3 },
    firstYear: 1986,
    source: SOURCE,
  },
  {
    id: 'washingtons-birthday',
    name: "Washington's Birthday",
    rule: { kind: 'nth-weekday', month: 2, weekday: MON, nth: 3 },
    firstYear: null,
    source: SOURCE,
  },
  {
    id: 'memorial-day',
    name: 'Memorial Day',
    rule: { kind: 'last-weekday', month: 5, weekday: MON },
    firstYear: null,
    source: SOURCE,
  },
  {
    id: 'juneteenth',
    name: 'Juneteenth National Independence Day',
    rule: { kind: 'fixed', month: 6, day: 19 },
    firstYear: 2021,
    source: `${SOURCE}, as amended by Pub. L. 117-17 (2021)`,
  },
  {
    id: 'independence-day',
    name: 'Independence Day',
    rule: { kind: 'fixed', month: 7, day: 4 },
    firstYear: null,
    source: SOURCE,
  },
  {
    id: 'labor-day',
    name: 'Labor Day',
    rule: { kind: 'nth-weekday', month: 9, weekday: MON, nth: 1 },
    firstYear: null,
    source: SOURCE,
  },
  {
    id: 'columbus-day',
    name: 'Columbus Day',
    rule: { kind: 'nth-weekday', month: 10, weekday: MON, nth: 2 },
    firstYear: null,
    source: SOURCE,
  },
  {
    id: 'veterans-day',
    name: 'Veterans Day',
    rule: { kind: 'fixed', month: 11, day: 11 },
    firstYear: null,
    source: SOURCE,
  },
  {
    id: 'thanksgiving',
    name: 'Thanksgiving Day',
    rule: { kind: 'nth-weekday', month: 11, weekday: THU, nth: 4 },
    firstYear: null,
    source: SOURCE,
  },
  {
    id: 'christmas',
    name: 'Christmas Day',
    rule: { kind: 'fixed', month: 12, day: 25 },
    firstYear: null,
    source: SOURCE,
  },
];

export const OBSERVANCE_SOURCE =
  '5 U.S.C. 6103(b) (Saturday holiday observed the Friday before); Executive Order 11582 (Sunday holiday observed the Monday after)';

export interface ObservedHoliday {
  id: HolidayId;
  name: string;
  date: IsoDate; // the day federal offices, including the SEC, are closed
  actual: IsoDate; // the holiday's own date; differs from `date` when it falls on a weekend
}

function actualDate(rule: HolidayRule, year: number): IsoDate {
  switch (rule.kind) {
    case 'fixed':
      return formatIsoDate(year, rule.month, rule.day);
    case 'nth-weekday':
      return nthWeekdayOfMonth(year, rule.month, rule.weekday, rule.nth);
    case 'last-weekday':
      return lastWeekdayOfMonth(year, rule.month, rule.weekday);
  }
}

function observedDate(actual: IsoDate): IsoDate {
  const dow = dayOfWeek(actual);
  if (dow === 6) return addDays(actual, -1);
  if (dow === 0) return addDays(actual, 1);
  return actual;
}

function observedFor(holiday: FederalHoliday, year: number): ObservedHoliday | null {
  if (holiday.firstYear !== null && year < holiday.firstYear) return null;
  const actual = actualDate(holiday.rule, year);
  return { id: holiday.id, name: holiday.name, date: observedDate(actual), actual };
}

// Observed holidays whose observed date falls in the calendar year — including Dec 31 when the next New Year's Day
// is a Saturday, and excluding this year's Jan 1 in that case (it was observed the year before).
export function holidaysInYear(year: number): ObservedHoliday[] {
  return observedIn(year).map((h) => ({ ...h }));
}

// The same, worked out once per process for each year asked (a year's holidays depend on the year alone; a timeline
// asks about the same few years for every filing date it rolls). Never handed out: callers get copies.
const BY_YEAR = new Map<number, readonly ObservedHoliday[]>();
function observedIn(year: number): readonly ObservedHoliday[] {
  let list = BY_YEAR.get(year);
  if (!list) {
    list = computeHolidays(year);
    if (BY_YEAR.size < 10_000) BY_YEAR.set(year, list);
  }
  return list;
}

function computeHolidays(year: number): ObservedHoliday[] {
  const out: ObservedHoliday[] = [];
  for (const y of [year - 1, year, year + 1]) {
    for (const h of FEDERAL_HOLIDAYS) {
      const o = observedFor(h, y);
      if (o && dateParts(o.date).year === year) out.push(o);
    }
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

export function federalHolidayOn(iso: IsoDate): ObservedHoliday | null {
  const h = observedIn(dateParts(iso).year).find((x) => x.date === iso);
  return h ? { ...h } : null;
}

export function isBusinessDay(iso: IsoDate): boolean {
  return !isWeekend(iso) && federalHolidayOn(iso) === null;
}

// `iso` itself when it is a business day; otherwise the first business day after it.
export function nextBusinessDay(iso: IsoDate): IsoDate {
  let d = iso;
  while (!isBusinessDay(d)) d = addDays(d, 1);
  return d;
}

export function previousBusinessDay(iso: IsoDate): IsoDate {
  let d = iso;
  while (!isBusinessDay(d)) d = addDays(d, -1);
  return d;
}

// Why a date is not a business day, for basis text: "a Saturday", "Memorial Day (observed)", "Christmas Day".
export function nonBusinessReason(iso: IsoDate): string | null {
  if (isWeekend(iso)) return `a ${weekdayName(iso)}`;
  const h = federalHolidayOn(iso);
  if (!h) return null;
  return h.actual === iso ? h.name : `${h.name} (observed)`;
}

export interface RolledDate {
  date: IsoDate; // the business day the filing is actually due
  scheduled: IsoDate; // the date the rule counts to
  reason: string | null; // why it moved, or null when scheduled is already a business day
}

export function rollToBusinessDay(scheduled: IsoDate): RolledDate {
  const first = nonBusinessReason(scheduled);
  if (first === null) return { date: scheduled, scheduled, reason: null };
  // Name any holiday met after the first skipped day too, e.g. a Saturday then MLK Day on the Monday.
  const later: string[] = [];
  let d = addDays(scheduled, 1);
  while (!isBusinessDay(d)) {
    const h = federalHolidayOn(d);
    if (h) later.push(`${nonBusinessReason(d) ?? h.name} on ${d}`);
    d = addDays(d, 1);
  }
  return { date: d, scheduled, reason: [first, ...later].join(', then ') };
}
