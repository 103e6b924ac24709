// The maths of a virtualised list: which rows to render for a scroll position, so a table of thousands of rows costs
// only what fits in its window (plus a few rows either side, so fast scrolling does not show blank space).
export interface WindowInput {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  total: number;
  overscan: number;
}

export interface VirtualWindow {
  // Rows [start, end) are rendered; the spacers stand in for the rows above and below.
  start: number;
  end: number;
  padTop: number;
  padBottom: number;
}

export function virtualWindow({ scrollTop, viewportHeight, rowHeight, total, overscan }: WindowInput): VirtualWindow {
  if (total <= 0 || rowHeight <= 0) return { start: 0, end: 0, padTop: 0, padBottom: 0 };
  const maxScroll = Math.max(0, total * rowHeight - viewportHeight);
  const top = Math.min(Math.max(0, scrollTop), maxScroll);
  const first = Math.floor(top / rowHeight);
  const visible = Math.ceil((top + Math.max(0, viewportHeight)) / rowHeight) - first;
  const start = Math.max(0, first - overscan);
  const end = Math.min(total, first + Math.max(1, visible) + overscan);
  return { start, end, padTop: start * rowHeight, padBottom: (total - end) * rowHeight };
}

// The scrollTop that brings row `index` fully into view, or the current one when it already is (keyboard navigation).
export function scrollToRow(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return bottom - viewportHeight;
  return scrollTop;
}
