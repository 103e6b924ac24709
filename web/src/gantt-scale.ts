// Date ↔ pixel maths for the Gantt. Dates are ISO YYYY-MM-DD and are counted as whole UTC days, so a date-only value
// never moves by a day whatever the user's time zone.
export type Zoom = 'month' | 'quarter';

const DAY_MS = 86_400_000;
// About 73 px per month and 82 px per quarter: month labels and quarter labels both fit.
export const PX_PER_DAY: Record<Zoom, number> = { month: 2.4, quarter: 0.9 };
export const MIN_BAR_PX = 3;

export function dayNumber(iso: string): number {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

export function isoFromDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export const daysBetween = (from: string, to: string): number => dayNumber(to) - dayNumber(from);

export interface Tick {
  iso: string; // first day of the period
  x: number;
  width: number;
  label: string;
}

export interface Scale {
  zoom: Zoom;
  start: string; // first day shown (start of a month or quarter)
  end: string; // the day after the last day shown
  pxPerDay: number;
  width: number;
  x(iso: string): number;
  dateAt(x: number): string;
  barWidth(start: string, end: string): number;
  ticks: Tick[]; // months or quarters
  years: Tick[];
}

const monthsPer = (zoom: Zoom) => (zoom === 'month' ? 1 : 3);

function periodStart(iso: string, zoom: Zoom): { y: number; m: number } {
  const [y, m] = iso.split('-').map(Number) as [number, number];
  const m0 = m - 1;
  return { y, m: m0 - (m0 % monthsPer(zoom)) };
}

const isoOf = (y: number, m0: number) => isoFromDay(Date.UTC(y, m0, 1) / DAY_MS);

function monthName(m0: number, locale: string | undefined): string {
  return new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, m0, 1)));
}

// The scale covers whole periods: from the start of the month (or calendar quarter) holding `from` to the end of the one holding `to`.
export function createScale(from: string, to: string, zoom: Zoom, locale?: string): Scale {
  const step = monthsPer(zoom);
  const first = periodStart(from <= to ? from : to, zoom);
  const last = periodStart(from <= to ? to : from, zoom);
  const startDay = Date.UTC(first.y, first.m, 1) / DAY_MS;
  const endDay = Date.UTC(last.y, last.m + step, 1) / DAY_MS;
  const pxPerDay = PX_PER_DAY[zoom];
  const x = (iso: string) => (dayNumber(iso) - startDay) * pxPerDay;
  const ticks: Tick[] = [];
  for (let y = first.y, m = first.m; Date.UTC(y, m, 1) / DAY_MS < endDay; m += step) {
    if (m >= 12) {
      y += Math.floor(m / 12);
      m %= 12;
    }
    const iso = isoOf(y, m);
    const next = Date.UTC(y, m + step, 1) / DAY_MS;
    const label = step === 1 ? monthName(m, locale) : `${monthName(m, locale)}–${monthName(m + step - 1, locale)}`;
    ticks.push({ iso, x: x(iso), width: (next - dayNumber(iso)) * pxPerDay, label });
  }
  const years: Tick[] = [];
  for (let y = first.y; Date.UTC(y, 0, 1) / DAY_MS < endDay; y++) {
    const from0 = Math.max(startDay, Date.UTC(y, 0, 1) / DAY_MS);
    const to0 = Math.min(endDay, Date.UTC(y + 1, 0, 1) / DAY_MS);
    years.push({ iso: isoFromDay(from0), x: (from0 - startDay) * pxPerDay, width: (to0 - from0) * pxPerDay, label: String(y) });
  }
  return {
    zoom,
    start: isoFromDay(startDay),
    end: isoFromDay(endDay),
    pxPerDay,
    width: (endDay - startDay) * pxPerDay,
    x,
    // The day under a pixel; the epsilon keeps x(d) → d exact despite floating point.
    dateAt: (px: number) => isoFromDay(startDay + Math.floor(px / pxPerDay + 1e-6)),
    // A task's end is the day it is done, so a bar runs from start to end; a zero-day task still shows.
    barWidth: (s: string, e: string) => Math.max(MIN_BAR_PX, (dayNumber(e) - dayNumber(s)) * pxPerDay),
    ticks,
    years,
  };
}

// Labels on one line overlap when dates are close: each goes to the first lane where it fits.
export function labelLanes(items: readonly { x: number; width: number }[], gap = 6): number[] {
  const order = items.map((_, i) => i).sort((a, b) => items[a]!.x - items[b]!.x);
  const laneEnds: number[] = [];
  const lanes = new Array<number>(items.length).fill(0);
  for (const i of order) {
    const it = items[i]!;
    let lane = laneEnds.findIndex((end) => end + gap <= it.x);
    if (lane === -1) lane = laneEnds.push(0) - 1;
    laneEnds[lane] = it.x + it.width;
    lanes[i] = lane;
  }
  return lanes;
}

// Rows to render for a scroll position: only these are in the DOM, so ~500 tasks stay fast.
export function visibleRows(scrollTop: number, viewport: number, rowHeight: number, count: number, overscan = 8): { first: number; last: number } {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);
  return { first, last: Math.max(first, last) };
}
