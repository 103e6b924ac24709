import { describe, it, expect } from 'vitest';
import { addDays, dateParts, dayOfWeek, daysBetween } from '../../server/domain/dates.ts';
import {
  FEDERAL_HOLIDAYS,
  federalHolidayOn,
  holidaysInYear,
  isBusinessDay,
  nextBusinessDay,
  previousBusinessDay,
  rollToBusinessDay,
} from '../../server/domain/holidays.ts';

const observed = (year: number) => holidaysInYear(year).map((h) => `${h.date} ${h.id}`);

describe('the rule table', () => {
  it('lists the 11 holidays of 5 U.S.C. 6103(a), each with its source', () => {
    expect(FEDERAL_HOLIDAYS).toHaveLength(11);
    expect(new Set(FEDERAL_HOLIDAYS.map((h) => h.id)).size).toBe(11);
    for (const h of FEDERAL_HOLIDAYS) expect(h.source).toContain('5 U.S.C. 6103');
  });
});

describe('holidaysInYear', () => {
  it('2021 matches the OPM calendar, including Juneteenth in its first year and Dec 31 for New Year 2022', () => {
    expect(observed(2021)).toEqual([
      '2021-01-01 new-years-day',
      '2021-01-18 mlk-day',
      '2021-02-15 washingtons-birthday',
      '2021-05-31 memorial-day',
      '2021-06-18 juneteenth',
      '2021-07-05 independence-day',
      '2021-09-06 labor-day',
      '2021-10-11 columbus-day',
      '2021-11-11 veterans-day',
      '2021-11-25 thanksgiving',
      '2021-12-24 christmas',
      '2021-12-31 new-years-day',
    ]);
  });

  it('2027: weekend holidays move to the observed weekday', () => {
    expect(observed(2027)).toEqual([
      '2027-01-01 new-years-day',
      '2027-01-18 mlk-day',
      '2027-02-15 washingtons-birthday',
      '2027-05-31 memorial-day',
      '2027-06-18 juneteenth', // Jun 19 is a Saturday
      '2027-07-05 independence-day', // Jul 4 is a Sunday
      '2027-09-06 labor-day',
      '2027-10-11 columbus-day',
      '2027-11-11 veterans-day',
      '2027-11-25 thanksgiving',
      '2027-12-24 christmas', // Dec 25 is a Saturday
      '2027-12-31 new-years-day', // New Year 2028 is a Saturday
    ]);
  });

  it('2028 has no Jan 1 holiday (observed in 2027) and observes Veterans Day on Friday Nov 10', () => {
    const list = observed(2028);
    expect(list).toHaveLength(10);
    expect(list[0]).toBe('2028-01-17 mlk-day');
    expect(list).toContain('2028-11-10 veterans-day');
    expect(list).toContain('2028-12-25 christmas');
    expect(list).toContain('2028-05-29 memorial-day');
  });

  it('has no Juneteenth before 2021', () => {
    expect(observed(2020).some((h) => h.endsWith('juneteenth'))).toBe(false);
    expect(isBusinessDay('2020-06-19')).toBe(true); // a Friday
  });

  it('observed days are weekdays within a day of the holiday, and the weekday rules hold, 1990–2100', () => {
    for (let year = 1990; year <= 2100; year++) {
      for (const h of holidaysInYear(year)) {
        expect(dateParts(h.date).year).toBe(year);
        expect([1, 2, 3, 4, 5]).toContain(dayOfWeek(h.date));
        expect(Math.abs(daysBetween(h.actual, h.date))).toBeLessThanOrEqual(1);
        const { month, day } = dateParts(h.actual);
        if (h.id === 'mlk-day' || h.id === 'washingtons-birthday') expect(day).toBeGreaterThanOrEqual(15);
        if (h.id === 'mlk-day' || h.id === 'washingtons-birthday') expect(day).toBeLessThanOrEqual(21);
        if (h.id === 'memorial-day') expect(day).toBeGreaterThanOrEqual(25);
        if (h.id === 'thanksgiving') expect([month, dayOfWeek(h.actual)]).toEqual([11, 4]);
        if (h.id === 'labor-day') expect(day).toBeLessThanOrEqual(7);
      }
      expect(holidaysInYear(year).length).toBeGreaterThanOrEqual(year >= 2021 ? 10 : 9);
    }
  });
});

describe('business days (Exchange Act Rule 0-3)', () => {
  it.each([
    ['2027-07-05', 'Independence Day (observed)'],
    ['2027-12-24', 'Christmas Day (observed)'],
    ['2028-12-25', 'Christmas Day'],
    ['2027-06-18', 'Juneteenth National Independence Day (observed)'],
    ['2027-12-31', "New Year's Day (observed)"],
    ['2028-05-29', 'Memorial Day'],
  ])('%s is a federal holiday: %s', (iso, name) => {
    expect(isBusinessDay(iso)).toBe(false);
    expect(rollToBusinessDay(iso).reason).toBe(name);
  });

  it("New Year's Day on a Saturday: Dec 31 before it is closed, the Saturday is a weekend, Monday is open", () => {
    expect(federalHolidayOn('2027-12-31')?.actual).toBe('2028-01-01');
    expect(federalHolidayOn('2028-01-01')).toBeNull();
    expect(isBusinessDay('2028-01-01')).toBe(false);
    expect(isBusinessDay('2028-01-03')).toBe(true);
    expect(nextBusinessDay('2027-12-31')).toBe('2028-01-03');
  });

  it('a holiday on a Sunday closes the Monday but not the Sunday-adjacent Friday', () => {
    expect(isBusinessDay('2027-07-02')).toBe(true);
    expect(isBusinessDay('2027-07-05')).toBe(false);
    expect(isBusinessDay('2027-07-06')).toBe(true);
  });

  it('nextBusinessDay returns the date itself when it is a business day', () => {
    expect(nextBusinessDay('2027-08-16')).toBe('2027-08-16');
    expect(nextBusinessDay('2029-03-16')).toBe('2029-03-16');
  });

  it.each([
    ['2027-08-14', '2027-08-16'], // Saturday
    ['2029-03-31', '2029-04-02'], // Saturday
    ['2027-12-24', '2027-12-27'], // observed Christmas (Friday) + weekend
    ['2027-09-06', '2027-09-07'], // Labor Day
    ['2034-01-14', '2034-01-17'], // Saturday, then MLK Day on Monday 2034-01-16
    ['2027-11-25', '2027-11-26'], // Thanksgiving; the Friday after is not a federal holiday
  ])('%s rolls forward to %s', (from, to) => {
    expect(nextBusinessDay(from)).toBe(to);
    expect(rollToBusinessDay(from).date).toBe(to);
  });

  it('explains a roll across a weekend into a holiday', () => {
    expect(rollToBusinessDay('2034-01-14')).toEqual({
      scheduled: '2034-01-14',
      date: '2034-01-17',
      reason: 'a Saturday, then Birthday of Martin Luther King, Jr. on 2034-01-16',
    });
    expect(rollToBusinessDay('2027-08-16')).toEqual({ scheduled: '2027-08-16', date: '2027-08-16', reason: null });
  });

  it('previousBusinessDay walks back over weekends and holidays', () => {
    expect(previousBusinessDay('2028-01-02')).toBe('2027-12-30');
    expect(previousBusinessDay('2027-12-30')).toBe('2027-12-30');
  });

  it('every day of 2027–2029 is a business day exactly when it is a weekday and not an observed holiday', () => {
    const holidays = new Set([2027, 2028, 2029].flatMap((y) => holidaysInYear(y).map((h) => h.date)));
    let businessDays = 0;
    for (let d = '2027-01-01'; d <= '2029-12-31'; d = addDays(d, 1)) {
      const weekday = dayOfWeek(d) !== 0 && dayOfWeek(d) !== 6;
      expect(isBusinessDay(d)).toBe(weekday && !holidays.has(d));
      if (isBusinessDay(d)) businessDays++;
    }
    // 2027: 261 weekdays − 12 observed holidays; 2028: 260 − 10; 2029: 261 − 11.
    expect(businessDays).toBe(249 + 250 + 250);
  });
});
