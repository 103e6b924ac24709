// A table that renders only the rows in its scroll window (plus overscan), keeps its header, and is driven by the
// keyboard: one tab stop, arrows/Page/Home/End move between rows, Enter opens a row.
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { scrollToRow, virtualWindow } from '../virtual.ts';

export interface Column<T> {
  id: string;
  label: string;
  width: string;
  cell: (row: T) => ComponentChildren;
  title?: (row: T) => string;
  sortable?: boolean;
}

interface Props<T> {
  caption: string;
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  rowLabel: (row: T) => string;
  selectedKey: string | null;
  onOpen: (row: T) => void;
  sort?: { key: string; dir: 'asc' | 'desc' };
  onSort?: (columnId: string) => void;
  rowHeight?: number;
  height?: number;
  overscan?: number;
  empty?: ComponentChildren;
}

export function VirtualTable<T>({ caption, rows, columns, rowKey, rowLabel, selectedKey, onOpen, sort, onSort, rowHeight = 36, height = 460, overscan = 8, empty }: Props<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  const head = useRef<HTMLTableSectionElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(height);
  const [headHeight, setHeadHeight] = useState(40);
  const [active, setActive] = useState(0);
  const focusAfterRender = useRef(false);
  const marked = useRef(false);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => {
      setHeadHeight(head.current?.offsetHeight ?? 40);
      setViewport(Math.max(rowHeight, el.clientHeight - (head.current?.offsetHeight ?? 0)));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [rowHeight]);

  // A new filter or sort starts at the top, so the reader never lands in the middle of a list they did not scroll.
  useEffect(() => {
    setActive(0);
    if (scroller.current) scroller.current.scrollTop = 0;
    setScrollTop(0);
  }, [rows]);

  useLayoutEffect(() => {
    if (!focusAfterRender.current) return;
    focusAfterRender.current = false;
    scroller.current?.querySelector<HTMLElement>(`tr[data-index="${active}"]`)?.focus({ preventScroll: true });
  });

  // A marker with the time the first rows were on screen, read by the render benchmark.
  useEffect(() => {
    if (marked.current || rows.length === 0) return;
    marked.current = true;
    requestAnimationFrame(() => scroller.current?.setAttribute('data-rendered', String(performance.now())));
  }, [rows]);

  const win = virtualWindow({ scrollTop, viewportHeight: viewport, rowHeight, total: rows.length, overscan });

  const moveTo = (index: number) => {
    const i = Math.max(0, Math.min(rows.length - 1, index));
    const el = scroller.current;
    if (el) {
      const next = scrollToRow(i, el.scrollTop, viewport, rowHeight);
      if (next !== el.scrollTop) {
        el.scrollTop = next;
        setScrollTop(next);
      }
    }
    focusAfterRender.current = true;
    setActive(i);
  };

  const onKey = (e: KeyboardEvent, index: number, row: T) => {
    const page = Math.max(1, Math.floor(viewport / rowHeight) - 1);
    const to: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, PageDown: index + page, PageUp: index - page, Home: 0, End: rows.length - 1 };
    if (e.key in to) {
      e.preventDefault();
      moveTo(to[e.key]!);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onOpen(row);
    }
  };

  // A short list gets a short box; a long one scrolls inside the fixed height the window maths assumes.
  const boxHeight = rows.length === 0 ? Math.min(height, headHeight + 80) : Math.min(height, headHeight + rows.length * rowHeight + 2);
  const tabStop = Math.min(active, Math.max(0, rows.length - 1));
  return (
    <div class="vt-scroll" ref={scroller} style={{ height: `${boxHeight}px` }} onScroll={(e) => setScrollTop((e.currentTarget as HTMLDivElement).scrollTop)}>
      <table class="grid vt" aria-rowcount={rows.length + 1}>
        <caption class="sr-only">{caption}. Use the arrow keys to move between rows and Enter to open one.</caption>
        <colgroup>
          {columns.map((c) => (
            <col key={c.id} style={{ width: c.width }} />
          ))}
        </colgroup>
        <thead ref={head}>
          <tr aria-rowindex={1}>
            {columns.map((c) => {
              const dir = sort?.key === c.id ? sort.dir : null;
              return (
                <th key={c.id} scope="col" aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : undefined}>
                  {c.sortable && onSort ? (
                    <button type="button" class="sort" onClick={() => onSort(c.id)}>
                      {c.label} <span aria-hidden="true">{dir === 'asc' ? '▲' : dir === 'desc' ? '▼' : '↕'}</span>
                    </button>
                  ) : (
                    c.label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {win.padTop > 0 && <tr aria-hidden="true" class="vt-pad" style={{ height: `${win.padTop}px` }} />}
          {rows.slice(win.start, win.end).map((row, k) => {
            const index = win.start + k;
            const key = rowKey(row);
            return (
              <tr
                key={key}
                data-index={index}
                data-key={key}
                aria-rowindex={index + 2}
                aria-selected={key === selectedKey}
                aria-label={rowLabel(row)}
                tabIndex={index === tabStop ? 0 : -1}
                class={key === selectedKey ? 'selected' : ''}
                style={{ height: `${rowHeight}px` }}
                onClick={() => {
                  setActive(index);
                  onOpen(row);
                }}
                onKeyDown={(e) => onKey(e, index, row)}
              >
                {columns.map((c) => (
                  <td key={c.id} title={c.title?.(row)}>
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            );
          })}
          {win.padBottom > 0 && <tr aria-hidden="true" class="vt-pad" style={{ height: `${win.padBottom}px` }} />}
        </tbody>
      </table>
      {rows.length === 0 && empty}
    </div>
  );
}
