// The plan as an SVG Gantt: phases as collapsible group rows, task bars, milestones as diamonds, a today line,
// at-risk tasks in colour AND a "!" marker with hatching, and dependency arrows for the selected task only (all ~480
// at once are unreadable). Only the rows in view are rendered, so ~500 tasks scroll smoothly.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { showDate } from '../dates.ts';
import { createScale, labelLanes, visibleRows, type Scale, type Zoom } from '../gantt-scale.ts';

export interface GanttTask {
  id: string;
  phase: string;
  title: string;
  owner: string;
  start: string;
  end: string;
  status: string;
  dependsOn: string[];
  atRisk: boolean;
  atRiskReason: string | null;
  latestFinish: string | null;
}
export interface GanttPhase {
  id: string;
  name: string;
}
export interface Milestone {
  id: string;
  short: string; // label on the chart
  label: string; // full wording
  date: string;
}

interface Row {
  kind: 'phase' | 'task';
  phase: GanttPhase;
  task?: GanttTask;
  count?: number;
  atRisk?: number;
  start?: string;
  end?: string;
}

const ROW_H = 26;
const LABEL_W = 330;
const YEAR_H = 18;
const TICK_H = 20;
const LANE_H = 14;
const MAX_SUCCESSOR_ARROWS = 12;
const CHAR_PX = 6.4; // 11px labels: a width estimate good enough to keep labels apart

export const STATUS_ICON: Record<string, string> = { 'not-started': '○', 'in-progress': '◑', done: '✔', blocked: '■' };
export const STATUS_WORD: Record<string, string> = { 'not-started': 'Not started', 'in-progress': 'In progress', done: 'Done', blocked: 'Blocked' };

function buildRows(tasks: GanttTask[], phases: GanttPhase[], collapsed: ReadonlySet<string>, filtering: boolean): Row[] {
  const byPhase = new Map<string, GanttTask[]>();
  for (const t of tasks) byPhase.set(t.phase, [...(byPhase.get(t.phase) ?? []), t]);
  const known = new Set(phases.map((p) => p.id));
  const all = [...phases, ...[...byPhase.keys()].filter((id) => !known.has(id)).map((id) => ({ id, name: id }))];
  const rows: Row[] = [];
  for (const phase of all) {
    const list = byPhase.get(phase.id) ?? [];
    if (list.length === 0 && filtering) continue;
    const start = list.reduce<string | undefined>((m, t) => (m === undefined || t.start < m ? t.start : m), undefined);
    const end = list.reduce<string | undefined>((m, t) => (m === undefined || t.end > m ? t.end : m), undefined);
    rows.push({ kind: 'phase', phase, count: list.length, atRisk: list.filter((t) => t.atRisk).length, ...(start ? { start } : {}), ...(end ? { end } : {}) });
    if (!collapsed.has(phase.id) || filtering) for (const task of list) rows.push({ kind: 'task', phase, task });
  }
  return rows;
}

function rowLabel(r: Row): string {
  if (r.kind === 'phase') return `${r.phase.name}: ${r.count} task${r.count === 1 ? '' : 's'}${r.atRisk ? `, ${r.atRisk} at risk` : ''}`;
  const t = r.task!;
  return `${t.id} ${t.title}. ${STATUS_WORD[t.status] ?? t.status}. ${showDate(t.start)} to ${showDate(t.end)}.${t.atRisk ? ' At risk.' : ''}`;
}

export interface GanttProps {
  tasks: GanttTask[]; // already filtered by the screen
  allTasks: GanttTask[]; // for phase bars and arrows to tasks hidden by a filter
  phases: GanttPhase[];
  milestones: Milestone[];
  today: string;
  zoom: Zoom;
  filtering: boolean;
  selectedId: string | null;
  onSelect: (id: string) => void;
}

export function Gantt({ tasks, allTasks, phases, milestones, today, zoom, filtering, selectedId, onSelect }: GanttProps) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [scroll, setScroll] = useState({ top: 0, left: 0, height: 600, width: 900 });
  const [active, setActive] = useState(0);
  const [hover, setHover] = useState<number | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const focusWanted = useRef<number | null>(null);
  const rows = useMemo(() => buildRows(tasks, phases, collapsed, filtering), [tasks, phases, collapsed, filtering]);

  const scale: Scale = useMemo(() => {
    const dates = [...allTasks.flatMap((t) => [t.start, t.end]), ...milestones.map((m) => m.date), today].sort();
    return createScale(dates[0] ?? today, dates[dates.length - 1] ?? today, zoom);
  }, [allTasks, milestones, today, zoom]);

  const marks = useMemo(() => {
    const items = [...milestones.map((m) => ({ ...m, today: false })), { id: 'today', short: 'Today', label: `Today, ${showDate(today)}`, date: today, today: true }];
    const lanes = labelLanes(items.map((m) => ({ x: scale.x(m.date) - 5, width: m.short.length * CHAR_PX + 14 })));
    return items.map((m, i) => ({ ...m, lane: lanes[i] ?? 0 }));
  }, [milestones, today, scale]);
  const laneCount = Math.max(1, ...marks.map((m) => m.lane + 1));
  const MARK_H = laneCount * LANE_H + 14;
  const HEAD_H = YEAR_H + TICK_H + MARK_H;
  const bodyH = rows.length * ROW_H;

  // Keep the same date at the left edge when the zoom changes.
  const prevScale = useRef<Scale | null>(null);
  useLayoutEffect(() => {
    const el = scroller.current;
    const prev = prevScale.current;
    prevScale.current = scale;
    if (!el) return;
    if (prev && prev.zoom !== scale.zoom) {
      // snap to the start of the period holding that date, so the first column is whole
      const x = scale.x(prev.dateAt(el.scrollLeft));
      el.scrollLeft = Math.max(0, ...scale.ticks.filter((t) => t.x <= x + 0.5).map((t) => t.x));
    }
    else if (!prev) el.scrollLeft = Math.max(0, scale.x(today) - 120);
    setScroll({ top: el.scrollTop, left: el.scrollLeft, height: el.clientHeight, width: el.clientWidth });
  }, [scale, today]);

  useEffect(() => {
    const el = scroller.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setScroll((s) => ({ ...s, height: el.clientHeight, width: el.clientWidth })));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const activeIndex = Math.min(active, Math.max(0, rows.length - 1));
  // The row to focus is kept in a ref, not read from a render's closure: an effect of an earlier render may run first.
  useLayoutEffect(() => {
    const want = focusWanted.current;
    if (want === null) return;
    const el = scroller.current?.querySelector<HTMLElement>(`[data-index="${want}"]`);
    if (!el) return;
    focusWanted.current = null;
    el.focus({ preventScroll: true });
  });

  // Follow the selection from outside (e.g. a dependency link in the panel): expand its phase and bring it into view.
  // Once per selection, so folding phases or filtering afterwards does not pull the view back to it.
  const synced = useRef<string | null>(null);
  useEffect(() => {
    if (!selectedId || synced.current === selectedId) {
      if (!selectedId) synced.current = null;
      return;
    }
    const i = rows.findIndex((r) => r.task?.id === selectedId);
    if (i === -1) {
      const t = allTasks.find((x) => x.id === selectedId);
      if (t && collapsed.has(t.phase)) setCollapsed((c) => new Set([...c].filter((p) => p !== t.phase)));
      return;
    }
    synced.current = selectedId;
    setActive(i);
    bringIntoView(i);
  }, [selectedId, rows]);

  function bringIntoView(i: number) {
    const el = scroller.current;
    if (!el) return;
    const top = i * ROW_H;
    const view = el.clientHeight - HEAD_H;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_H > el.scrollTop + view) el.scrollTop = top + ROW_H - view;
    const r = rows[i];
    const start = r?.task?.start ?? r?.start;
    if (start) {
      const x = scale.x(start);
      const chartW = el.clientWidth - LABEL_W;
      if (x < el.scrollLeft || x > el.scrollLeft + chartW - 40) el.scrollLeft = Math.max(0, x - 60);
    }
    setScroll({ top: el.scrollTop, left: el.scrollLeft, height: el.clientHeight, width: el.clientWidth });
  }

  function moveTo(i: number) {
    const next = Math.max(0, Math.min(rows.length - 1, i));
    setActive(next);
    focusWanted.current = next;
    bringIntoView(next);
  }

  function toggle(phaseId: string, open?: boolean) {
    setCollapsed((c) => {
      const next = new Set(c);
      const isOpen = !c.has(phaseId);
      if (open ?? !isOpen) next.delete(phaseId);
      else next.add(phaseId);
      return next;
    });
  }

  function activate(i: number) {
    const r = rows[i];
    if (!r) return;
    setActive(i);
    if (r.kind === 'phase') toggle(r.phase.id);
    else onSelect(r.task!.id);
  }

  function onKeyDown(e: KeyboardEvent) {
    const r = rows[activeIndex];
    const page = Math.max(1, Math.floor((scroll.height - HEAD_H) / ROW_H) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveTo(activeIndex + 1),
      ArrowUp: () => moveTo(activeIndex - 1),
      PageDown: () => moveTo(activeIndex + page),
      PageUp: () => moveTo(activeIndex - page),
      Home: () => moveTo(0),
      End: () => moveTo(rows.length - 1),
      Enter: () => activate(activeIndex),
      ' ': () => activate(activeIndex),
      ArrowRight: () => r?.kind === 'phase' && toggle(r.phase.id, true),
      ArrowLeft: () => {
        if (r?.kind === 'phase') toggle(r.phase.id, false);
        else if (r) moveTo(rows.findIndex((x) => x.kind === 'phase' && x.phase.id === r.phase.id));
      },
    };
    const f = keys[e.key];
    if (f) {
      e.preventDefault();
      f();
    }
  }

  const { first, last } = visibleRows(scroll.top, scroll.height, ROW_H, rows.length);
  const indexOf = useMemo(() => new Map(rows.flatMap((r, i) => (r.task ? [[r.task.id, i] as const] : []))), [rows]);
  const selected = selectedId ? allTasks.find((t) => t.id === selectedId) ?? null : null;
  const predecessors = new Set(selected?.dependsOn ?? []);
  const successors = new Set(selected ? allTasks.filter((t) => t.dependsOn.includes(selected.id)).map((t) => t.id) : []);
  // Arrows to a long fan of successors hide the chart; their rows are still highlighted.
  const succArrows = successors.size <= MAX_SUCCESSOR_ARROWS ? [...successors] : [];
  const tip = hover !== null ? rows[hover] : null;
  const yMid = (i: number) => i * ROW_H + ROW_H / 2;

  const arrows = selected && indexOf.has(selected.id)
    ? [
        ...[...predecessors].map((p) => ({ from: p, to: selected.id, kind: 'pred' as const })),
        ...succArrows.map((s) => ({ from: selected.id, to: s, kind: 'succ' as const })),
      ].flatMap((a) => {
        const fi = indexOf.get(a.from);
        const ti = indexOf.get(a.to);
        const ft = allTasks.find((t) => t.id === a.from);
        const tt = allTasks.find((t) => t.id === a.to);
        if (fi === undefined || ti === undefined || !ft || !tt) return [];
        const x1 = scale.x(ft.start) + scale.barWidth(ft.start, ft.end);
        const x2 = scale.x(tt.start);
        const y1 = yMid(fi);
        const y2 = yMid(ti);
        const d = x2 >= x1 + 12
          ? `M${x1},${y1} H${x1 + 6} V${y2} H${x2 - 1}`
          : `M${x1},${y1} h6 V${y2 - (ti > fi ? ROW_H / 2 : -ROW_H / 2)} H${x2 - 8} V${y2} H${x2 - 1}`;
        return [{ ...a, d }];
      })
    : [];

  return (
    <div
      class="gantt"
      ref={scroller}
      style={{ height: `min(72vh, ${HEAD_H + bodyH + 18}px)` }}
      onScroll={(e) => {
        const el = e.currentTarget as HTMLDivElement;
        setScroll({ top: el.scrollTop, left: el.scrollLeft, height: el.clientHeight, width: el.clientWidth });
      }}
    >
      <div class="gantt-inner" style={{ width: `${LABEL_W + scale.width}px` }}>
        <div class="gantt-head" style={{ height: `${HEAD_H}px` }}>
          <div class="gantt-corner" style={{ width: `${LABEL_W}px` }}>
            <span>Phase / task</span>
            <span class="muted">{zoom === 'month' ? 'by month' : 'by quarter'}</span>
          </div>
          <svg width={scale.width} height={HEAD_H} class="gantt-axis" aria-hidden="true">
            <defs>
              <clipPath id="gantt-year-clip">
                <rect x="0" y="0" width={scale.width} height={YEAR_H} />
              </clipPath>
            </defs>
            {scale.years.map((y) => (
              <g key={y.iso}>
                <line x1={y.x} x2={y.x} y1={0} y2={YEAR_H + TICK_H} class="g-year-line" />
                {/* the year stays readable at the left edge while its months scroll past */}
                <text x={Math.max(y.x, Math.min(scroll.left, y.x + y.width - 36)) + 4} y={13} class="g-year">
                  {y.width > 34 ? y.label : ''}
                </text>
              </g>
            ))}
            {scale.ticks.map((t) => (
              <g key={t.iso}>
                <line x1={t.x} x2={t.x} y1={YEAR_H} y2={YEAR_H + TICK_H} class="g-tick-line" />
                <text x={t.x + t.width / 2} y={YEAR_H + 14} class="g-tick" text-anchor="middle">
                  {t.label}
                </text>
              </g>
            ))}
            {marks.map((m) => {
              const x = scale.x(m.date);
              const yText = YEAR_H + TICK_H + 11 + m.lane * LANE_H;
              const yDiamond = HEAD_H - 6;
              return (
                <g key={m.id} class={m.today ? 'g-today-mark' : 'g-milestone'} data-milestone={m.id}>
                  <title>{`${m.label}: ${showDate(m.date)}`}</title>
                  <line x1={x} x2={x} y1={yText + 2} y2={HEAD_H} class={m.today ? 'g-today' : 'g-mline'} />
                  <text x={x + 4} y={yText} class="g-mlabel">
                    {m.short}
                  </text>
                  {m.today ? <rect x={x - 3} y={yDiamond - 4} width={6} height={8} class="g-today-flag" /> : <path d={`M${x},${yDiamond - 6} l6,6 l-6,6 l-6,-6 z`} class="g-diamond" />}
                </g>
              );
            })}
          </svg>
        </div>
        <div class="gantt-body" style={{ height: `${bodyH}px` }}>
          <div
            class="gantt-labels"
            role="tree"
            aria-label="Plan phases and tasks. Arrow keys move, Enter opens a task or folds a phase."
            style={{ width: `${LABEL_W}px`, height: `${bodyH}px` }}
            onKeyDown={onKeyDown}
          >
            {rows.slice(first, last).map((r, k) => {
              const i = first + k;
              const t = r.task;
              const isSel = t !== undefined && t.id === selectedId;
              const rel = t && predecessors.has(t.id) ? 'pred' : t && successors.has(t.id) ? 'succ' : '';
              return (
                <div
                  key={r.kind === 'phase' ? `p:${r.phase.id}` : `t:${t!.id}`}
                  data-index={i}
                  data-task={t?.id}
                  role="treeitem"
                  aria-level={r.kind === 'phase' ? 1 : 2}
                  aria-expanded={r.kind === 'phase' ? !collapsed.has(r.phase.id) || filtering : undefined}
                  aria-selected={isSel}
                  aria-label={rowLabel(r)}
                  aria-describedby={hover === i ? 'gantt-tip' : undefined}
                  tabIndex={i === activeIndex ? 0 : -1}
                  class={`g-row ${r.kind} ${isSel ? 'sel' : ''} ${rel} ${t?.atRisk ? 'risk' : ''}`}
                  style={{ top: `${i * ROW_H}px`, height: `${ROW_H}px` }}
                  onClick={() => activate(i)}
                  onFocus={() => {
                    setActive(i);
                    setHover(i);
                  }}
                  onBlur={() => setHover((h) => (h === i ? null : h))}
                  onMouseEnter={() => setHover(i)}
                  onMouseLeave={() => setHover((h) => (h === i ? null : h))}
                >
                  {r.kind === 'phase' ? (
                    <>
                      <span class="g-caret" aria-hidden="true">
                        {collapsed.has(r.phase.id) && !filtering ? '▸' : '▾'}
                      </span>
                      <span class="g-name">{r.phase.name}</span>
                      <span class="g-count">{r.count}</span>
                      {r.atRisk ? <span class="g-risk" title={`${r.atRisk} task(s) at risk`}>! {r.atRisk}</span> : null}
                    </>
                  ) : (
                    <>
                      <span class={`g-status st-${t!.status}`} aria-hidden="true" title={STATUS_WORD[t!.status]}>
                        {STATUS_ICON[t!.status] ?? '•'}
                      </span>
                      <span class="g-id">{t!.id}</span>
                      <span class="g-name">{t!.title}</span>
                      {t!.atRisk && (
                        <span class="g-risk" aria-hidden="true">
                          !
                        </span>
                      )}
                    </>
                  )}
                </div>
              );
            })}
          </div>
          <svg width={scale.width} height={bodyH} class="gantt-chart" role="img" aria-label={`Gantt chart, ${scale.zoom === 'month' ? 'months' : 'quarters'} from ${showDate(scale.start)}; the task list on the left carries the same information.`}>
            <defs>
              <pattern id="g-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                <rect width="6" height="6" class="g-hatch-bg" />
                <line x1="0" y1="0" x2="0" y2="6" class="g-hatch-line" />
              </pattern>
              <marker id="g-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto">
                <path d="M0,0 L8,4 L0,8 z" class="g-arrowhead" />
              </marker>
            </defs>
            {scale.ticks.map((t) => (
              <line key={t.iso} x1={t.x} x2={t.x} y1={0} y2={bodyH} class={t.iso.endsWith('-01-01') ? 'g-grid year' : 'g-grid'} />
            ))}
            {rows.slice(first, last).map((r, k) => {
              const i = first + k;
              const y = i * ROW_H;
              if (r.kind === 'phase') {
                return (
                  <g key={`p:${r.phase.id}`}>
                    <rect x={0} y={y} width={scale.width} height={ROW_H} class="g-phase-bg" />
                    {r.start && r.end && (
                      <path
                        class="g-phase-bar"
                        d={`M${scale.x(r.start)},${y + 8} h${scale.barWidth(r.start, r.end)} v10 l-5,-5 H${scale.x(r.start) + 5} l-5,5 z`}
                      />
                    )}
                  </g>
                );
              }
              const t = r.task!;
              const x = scale.x(t.start);
              const w = scale.barWidth(t.start, t.end);
              const isSel = t.id === selectedId;
              const rel = predecessors.has(t.id) ? 'pred' : successors.has(t.id) ? 'succ' : '';
              return (
                <g
                  key={`t:${t.id}`}
                  class={`g-task st-${t.status} ${t.atRisk ? 'risk' : ''} ${isSel ? 'sel' : ''} ${rel}`}
                  data-task={t.id}
                  data-status={t.status}
                  onClick={() => activate(i)}
                  onMouseEnter={() => setHover(i)}
                  onMouseLeave={() => setHover((h) => (h === i ? null : h))}
                >
                  {(isSel || rel) && <rect x={0} y={y} width={scale.width} height={ROW_H} class="g-row-hl" />}
                  <rect x={x} y={y + 6} width={w} height={ROW_H - 12} rx={2} class="g-bar" />
                  {t.atRisk && <rect x={x} y={y + 6} width={w} height={ROW_H - 12} rx={2} class="g-bar-risk" fill="url(#g-hatch)" />}
                  {t.status === 'done' && w > 14 && (
                    <text x={x + w / 2} y={y + 17} class="g-bar-text" text-anchor="middle">
                      ✔
                    </text>
                  )}
                  {t.atRisk && (
                    <g class="g-risk-mark">
                      <circle cx={x + w + 10} cy={y + ROW_H / 2} r={7} />
                      <text x={x + w + 10} y={y + ROW_H / 2 + 4} text-anchor="middle">
                        !
                      </text>
                    </g>
                  )}
                  {t.latestFinish && t.atRisk && <line x1={scale.x(t.latestFinish)} x2={scale.x(t.latestFinish)} y1={y + 3} y2={y + ROW_H - 3} class="g-latest" />}
                </g>
              );
            })}
            {marks.map((m) => (
              <line key={m.id} x1={scale.x(m.date)} x2={scale.x(m.date)} y1={0} y2={bodyH} class={m.today ? 'g-today' : 'g-mline'} data-line={m.id} />
            ))}
            {arrows.map((a) => (
              <path key={`${a.from}>${a.to}`} d={a.d} class={`g-dep ${a.kind}`} marker-end="url(#g-arrow)" />
            ))}
          </svg>
          {tip && (
            <div
              id="gantt-tip"
              role="tooltip"
              class="gantt-tip"
              style={{ top: `${Math.min((hover ?? 0) * ROW_H + ROW_H + 2, Math.max(0, bodyH - 120))}px`, left: `${scroll.left + LABEL_W + 12}px` }}
            >
              {tip.kind === 'phase' ? (
                <>
                  <strong>{tip.phase.name}</strong>
                  <div>
                    {tip.count} task(s){tip.start && tip.end ? `, ${showDate(tip.start)} – ${showDate(tip.end)}` : ''}
                  </div>
                  {tip.atRisk ? <div class="tip-risk">! {tip.atRisk} at risk</div> : null}
                </>
              ) : (
                <>
                  <strong>
                    {tip.task!.id} · {tip.task!.title}
                  </strong>
                  <div>
                    {tip.task!.owner || 'No owner'} · {STATUS_WORD[tip.task!.status] ?? tip.task!.status} · {showDate(tip.task!.start)} – {showDate(tip.task!.end)}
                  </div>
                  {tip.task!.atRisk && <div class="tip-risk">! At risk: {tip.task!.atRiskReason}</div>}
                </>
              )}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
