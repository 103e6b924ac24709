import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  addMonths,
  addYears,
  compareIsoDates,
  dateParts,
  dayOfWeek,
  daysBetween,
  daysInMonth,
  endOfMonth,
  fromDayNumber,
  isEndOfMonth,
  isLeapYear,
  isWeekend,
  lastWeekdayOfMonth,
  maxDate,
  minDate,
  nthWeekdayOfMonth,
  parseIsoDate,
  toDayNumber,
  weekdayName,
} from '../../server/domain/dates.ts';

// Independent oracle: the platform's UTC calendar (never local time).
const MS_PER_DAY = 86_400_000;
const oracleIso = (dayNumber: number): string => new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
const oracleWeekday = (dayNumber: number): number => new Date(dayNumber * MS_PER_DAY).getUTCDay();
// 1900-01-01 .. 2200-12-31
const dayNumbers = fc.integer({ min: Date.UTC(1900, 0, 1) / MS_PER_DAY, max: Date.UTC(2200, 11, 31) / MS_PER_DAY });

describe('parseIsoDate', () => {
  it.each(['2027-05-15', '2028-02-29', '2000-02-29', '1990-01-01', '2100-12-31', '2027-12-31'])('accepts %s', (s) => {
    expect(parseIsoDate(s)).toEqual({ ok: true, value: s });
  });

  it.each([
    '2027-02-30',
    '2027-02-29',
    '1900-02-29',
    '2100-02-29',
    '2027-04-31',
    '2027-13-01',
    '2027-00-10',
    '2027-05-00',
  ])('rejects the impossible date %s as invalid-date', (s) => {
    const r = parseIsoDate(s);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalid-date');
      expect(r.error.message).toContain(s);
    }
  });

  it.each([
    '',
    'garbage',
    '2027-5-15',
    '20270515',
    '2027/05/15',
    '15-05-2027',
    ' 2027-05-15',
    '2027-05-15T00:00:00Z',
    '+02027-05-15',
  ])('rejects %j as invalid-format', (s) => {
    const r = parseIsoDate(s);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('invalid-format');
  });

  it('names how many days the month has', () => {
    const r = parseIsoDate('2027-02-30');
    expect(!r.ok && r.error.message).toContain('28 days');
  });
});

describe('calendar facts', () => {
  it('knows leap years, including the century rules', () => {
    expect([2024, 2028, 2000, 2400].map(isLeapYear)).toEqual([true, true, true, true]);
    expect([2027, 1900, 2100, 2200].map(isLeapYear)).toEqual([false, false, false, false]);
    expect(daysInMonth(2028, 2)).toBe(29);
    expect(daysInMonth(2027, 2)).toBe(28);
    expect(daysInMonth(2027, 4)).toBe(30);
    expect(daysInMonth(2027, 12)).toBe(31);
  });

  it('day numbers agree with the UTC calendar everywhere in range', () => {
    fc.assert(
      fc.property(dayNumbers, (n) => {
        expect(fromDayNumber(n)).toBe(oracleIso(n));
        expect(toDayNumber(oracleIso(n))).toBe(n);
        expect(dayOfWeek(oracleIso(n))).toBe(oracleWeekday(n));
      }),
    );
    expect(toDayNumber('1970-01-01')).toBe(0);
  });

  it('names weekdays', () => {
    expect(weekdayName('2027-08-14')).toBe('Saturday');
    expect(weekdayName('2029-03-31')).toBe('Saturday');
    expect(weekdayName('2029-03-16')).toBe('Friday');
    expect(isWeekend('2027-08-15')).toBe(true);
    expect(isWeekend('2027-08-16')).toBe(false);
  });
});

describe('addDays and daysBetween', () => {
  it.each([
    ['2027-05-15', 45, '2027-06-29'],
    ['2027-06-30', 45, '2027-08-14'],
    ['2027-12-31', 90, '2028-03-30'], // crosses 2028-02-29
    ['2026-12-31', 90, '2027-03-31'], // same span without a leap day
    ['2028-12-31', 75, '2029-03-16'],
    ['2028-12-31', 90, '2029-03-31'],
    ['2028-12-31', 60, '2029-03-01'],
    ['2032-12-31', 75, '2033-03-16'],
    ['2028-01-31', 45, '2028-03-16'],
    ['2027-01-31', 45, '2027-03-17'],
    ['2027-03-01', -1, '2027-02-28'],
    ['2028-03-01', -1, '2028-02-29'],
  ] as const)('%s + %i days = %s', (from, n, to) => {
    expect(addDays(from, n)).toBe(to);
    expect(daysBetween(from, to)).toBe(n);
  });

  it('is consistent with the oracle for arbitrary spans', () => {
    fc.assert(
      fc.property(dayNumbers, fc.integer({ min: -800, max: 800 }), (n, k) => {
        expect(addDays(oracleIso(n), k)).toBe(oracleIso(n + k));
        expect(daysBetween(oracleIso(n), oracleIso(n + k))).toBe(k);
      }),
    );
  });
});

describe('addMonths', () => {
  it.each([
    ['2027-01-31', 1, '2027-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2027-03-31', -1, '2027-02-28'],
    ['2027-12-31', -9, '2027-03-31'],
    ['2027-12-31', -6, '2027-06-30'],
    ['2027-11-30', 3, '2028-02-29'],
    ['2027-05-15', 60, '2032-05-15'],
    ['2028-02-29', 12, '2029-02-28'],
    ['2027-01-15', -1, '2026-12-15'],
    ['2027-10-31', 14, '2028-12-31'],
  ] as const)('%s %+i months = %s', (from, n, to) => {
    expect(addMonths(from, n)).toBe(to);
  });

  it('clamps without remembering the month end (2027-02-28 − 1 month is Jan 28)', () => {
    expect(addMonths('2027-02-28', -1)).toBe('2027-01-28');
  });

  it('addYears is twelve months at a time', () => {
    expect(addYears('2028-02-29', 5)).toBe('2033-02-28');
    expect(addYears('2027-05-15', 5)).toBe('2032-05-15');
  });
});

describe('comparisons and month ends', () => {
  it('compares by calendar order', () => {
    expect(compareIsoDates('2027-06-29', '2027-08-14')).toBe(-1);
    expect(compareIsoDates('2027-08-14', '2027-08-14')).toBe(0);
    expect(compareIsoDates('2028-01-01', '2027-12-31')).toBe(1);
    expect(maxDate('2027-06-29', '2027-08-14', '2027-01-01')).toBe('2027-08-14');
    expect(minDate('2027-06-29', '2027-08-14', '2027-01-01')).toBe('2027-01-01');
  });

  it('finds month ends', () => {
    expect(endOfMonth('2028-02-03')).toBe('2028-02-29');
    expect(endOfMonth('2027-02-03')).toBe('2027-02-28');
    expect(endOfMonth('2027-09-01')).toBe('2027-09-30');
    expect(isEndOfMonth('2027-02-28')).toBe(true);
    expect(isEndOfMonth('2028-02-28')).toBe(false);
  });

  it('finds nth and last weekdays of a month', () => {
    expect(nthWeekdayOfMonth(2027, 1, 1, 3)).toBe('2027-01-18'); // MLK Day
    expect(nthWeekdayOfMonth(2027, 11, 4, 4)).toBe('2027-11-25'); // Thanksgiving
    expect(nthWeekdayOfMonth(2027, 9, 1, 1)).toBe('2027-09-06'); // Labor Day
    expect(lastWeekdayOfMonth(2028, 5, 1)).toBe('2028-05-29'); // Memorial Day
    expect(lastWeekdayOfMonth(2027, 5, 1)).toBe('2027-05-31');
    expect(() => nthWeekdayOfMonth(2027, 2, 1, 5)).toThrow(RangeError);
  });

  it('treats a malformed date passed past the parser as a bug', () => {
    expect(() => dateParts('2027-02-30')).toThrow(RangeError);
    expect(() => addDays('soon', 1)).toThrow(RangeError);
  });
});
