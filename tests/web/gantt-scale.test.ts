import { afterEach, describe, expect, it } from 'vitest';
import { createScale, dayNumber, isoFromDay, labelLanes, MIN_BAR_PX, PX_PER_DAY, visibleRows } from '../../web/src/gantt-scale.ts';

const TZ = process.env.TZ;
afterEach(() => {
  if (TZ === undefined) delete process.env.TZ;
  else process.env.TZ = TZ;
});

describe('gantt scale', () => {
  it('maps a date to x and back for every day of a span, in both zooms', () => {
    for (const zoom of ['month', 'quarter'] as const) {
      const s = createScale('2026-11-25', '2033-03-16', zoom);
      for (let d = dayNumber(s.start); d < dayNumber(s.end); d++) {
        const iso = isoFromDay(d);
        expect(s.dateAt(s.x(iso))).toBe(iso);
        // anywhere inside the day's column is still that day
        expect(s.dateAt(s.x(iso) + s.pxPerDay * 0.99)).toBe(iso);
      }
    }
  });

  it('starts at the first day of the period holding the first date and ends after the period holding the last', () => {
    const m = createScale('2026-11-25', '2027-02-03', 'month');
    expect(m.start).toBe('2026-11-01');
    expect(m.end).toBe('2027-03-01');
    expect(m.x('2026-11-01')).toBe(0);
    expect(m.width).toBeCloseTo((30 + 31 + 31 + 28) * PX_PER_DAY.month, 6);
    const q = createScale('2026-11-25', '2027-02-03', 'quarter');
    expect(q.start).toBe('2026-10-01');
    expect(q.end).toBe('2027-04-01');
  });

  it('gives month ticks on the first of each month, labelled in the locale, with years', () => {
    const s = createScale('2027-11-15', '2028-03-02', 'month', 'en-GB');
    expect(s.ticks.map((t) => t.iso)).toEqual(['2027-11-01', '2027-12-01', '2028-01-01', '2028-02-01', '2028-03-01']);
    expect(s.ticks.map((t) => t.label)).toEqual(['Nov', 'Dec', 'Jan', 'Feb', 'Mar']);
    expect(s.years.map((y) => [y.label, y.iso])).toEqual([
      ['2027', '2027-11-01'],
      ['2028', '2028-01-01'],
    ]);
    // ticks tile the axis with no gap
    for (let i = 1; i < s.ticks.length; i++) expect(s.ticks[i]!.x).toBeCloseTo(s.ticks[i - 1]!.x + s.ticks[i - 1]!.width, 6);
    expect(s.years[1]!.x).toBeCloseTo(s.x('2028-01-01'), 6);
  });

  it('gives calendar-quarter ticks', () => {
    const s = createScale('2027-02-10', '2028-01-05', 'quarter', 'en-US');
    expect(s.ticks.map((t) => t.iso)).toEqual(['2027-01-01', '2027-04-01', '2027-07-01', '2027-10-01', '2028-01-01']);
    expect(s.ticks.map((t) => t.label)).toEqual(['Jan–Mar', 'Apr–Jun', 'Jul–Sep', 'Oct–Dec', 'Jan–Mar']);
    expect(s.ticks[0]!.width).toBeCloseTo(90 * PX_PER_DAY.quarter, 6);
    expect(s.end).toBe('2028-04-01');
  });

  it('counts 29 days in February of a leap year and 28 otherwise', () => {
    const s = createScale('2027-01-01', '2028-12-31', 'month');
    const feb = (y: number) => s.ticks.find((t) => t.iso === `${y}-02-01`)!;
    expect(feb(2028).width / s.pxPerDay).toBeCloseTo(29, 6);
    expect(feb(2027).width / s.pxPerDay).toBeCloseTo(28, 6);
    expect(s.x('2028-03-01') - s.x('2028-02-28')).toBeCloseTo(2 * s.pxPerDay, 6);
    expect(s.dateAt(s.x('2028-02-29'))).toBe('2028-02-29');
    const q = createScale('2028-01-01', '2028-12-31', 'quarter');
    expect(q.ticks[0]!.width / q.pxPerDay).toBeCloseTo(91, 6); // Jan–Mar 2028
  });

  it('never shifts a date-only value by a day, east or west of Greenwich', () => {
    for (const tz of ['America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Kolkata', 'UTC']) {
      process.env.TZ = tz;
      expect(isoFromDay(dayNumber('2027-01-01'))).toBe('2027-01-01');
      expect(isoFromDay(dayNumber('2028-02-29'))).toBe('2028-02-29');
      const s = createScale('2027-01-01', '2027-03-31', 'month', 'en-GB');
      expect(s.ticks[0]!.label).toBe('Jan');
      expect(s.x('2027-01-01')).toBe(0);
      expect(s.dateAt(s.x('2027-03-31'))).toBe('2027-03-31');
    }
  });

  it('draws a bar from start to the day it is done, and a zero-day task still visibly', () => {
    const s = createScale('2027-01-01', '2027-12-31', 'month');
    expect(s.barWidth('2027-03-24', '2027-06-02')).toBeCloseTo(70 * PX_PER_DAY.month, 6);
    expect(s.x('2027-03-24') + s.barWidth('2027-03-24', '2027-06-02')).toBeCloseTo(s.x('2027-06-02'), 6);
    expect(s.barWidth('2027-05-05', '2027-05-05')).toBe(MIN_BAR_PX);
    const q = createScale('2027-01-01', '2027-12-31', 'quarter');
    expect(q.barWidth('2027-03-24', '2027-06-02')).toBeCloseTo(70 * PX_PER_DAY.quarter, 6);
  });

  it('puts overlapping labels on separate lanes and reuses a lane once there is room', () => {
    expect(labelLanes([{ x: 0, width: 80 }, { x: 40, width: 80 }, { x: 100, width: 50 }, { x: 300, width: 10 }])).toEqual([0, 1, 0, 0]);
    expect(labelLanes([{ x: 200, width: 80 }, { x: 0, width: 250 }])).toEqual([1, 0]);
  });

  it('renders only the rows in view plus an overscan', () => {
    expect(visibleRows(0, 600, 24, 480, 5)).toEqual({ first: 0, last: 30 });
    expect(visibleRows(2400, 600, 24, 480, 5)).toEqual({ first: 95, last: 130 });
    expect(visibleRows(11_000, 600, 24, 480, 5)).toEqual({ first: 453, last: 480 });
    expect(visibleRows(0, 600, 24, 0, 5)).toEqual({ first: 0, last: 0 });
  });
});
