import { describe, expect, it } from 'vitest';
import { scrollToRow, virtualWindow } from '../../web/src/virtual.ts';

const base = { viewportHeight: 360, rowHeight: 36, total: 5000, overscan: 5 };

describe('virtualWindow', () => {
  it('renders the first screenful plus overscan below at the top', () => {
    expect(virtualWindow({ ...base, scrollTop: 0 })).toEqual({ start: 0, end: 15, padTop: 0, padBottom: (5000 - 15) * 36 });
  });

  it('renders the rows under the scroll position with overscan either side', () => {
    // scrollTop 3600 → row 100 is the first visible, rows 100..109 fill 360 px.
    const w = virtualWindow({ ...base, scrollTop: 3600 });
    expect(w).toEqual({ start: 95, end: 115, padTop: 95 * 36, padBottom: (5000 - 115) * 36 });
  });

  it('counts a partly visible row at either edge', () => {
    const w = virtualWindow({ ...base, overscan: 0, scrollTop: 3610 });
    expect(w.start).toBe(100);
    expect(w.end).toBe(111);
  });

  it('keeps spacers plus rendered rows equal to the full height', () => {
    for (const scrollTop of [0, 17, 999, 123456, 179640]) {
      const w = virtualWindow({ ...base, scrollTop });
      expect(w.padTop + (w.end - w.start) * 36 + w.padBottom).toBe(5000 * 36);
    }
  });

  it('clamps a scroll past the end (as after a filter shrinks the list) to the last screenful', () => {
    const w = virtualWindow({ ...base, total: 20, scrollTop: 10_000 });
    expect(w.end).toBe(20);
    expect(w.start).toBe(5);
    expect(w.padBottom).toBe(0);
  });

  it('renders everything when the list is shorter than the window, and nothing when empty', () => {
    expect(virtualWindow({ ...base, total: 4, scrollTop: 0 })).toEqual({ start: 0, end: 4, padTop: 0, padBottom: 0 });
    expect(virtualWindow({ ...base, total: 0, scrollTop: 50 })).toEqual({ start: 0, end: 0, padTop: 0, padBottom: 0 });
  });

  it('renders a number of rows independent of the list length', () => {
    const small = virtualWindow({ ...base, total: 50, scrollTop: 0 });
    const large = virtualWindow({ ...base, total: 50_000, scrollTop: 720_000 });
    expect(small.end - small.start).toBe(15);
    expect(large.end - large.start).toBe(20);
  });
});

describe('scrollToRow', () => {
  it('scrolls up to a row above the window and down to one below, and not at all for a visible row', () => {
    expect(scrollToRow(3, 360, 360, 36)).toBe(108);
    expect(scrollToRow(30, 360, 360, 36)).toBe(31 * 36 - 360);
    expect(scrollToRow(12, 360, 360, 36)).toBe(360);
  });
});
