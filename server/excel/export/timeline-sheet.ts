// Timeline: a Gantt of filled cells, one column per month (per week for plans under six months), phases as outline
// groups over their tasks. Phase spans come from the current tasks, not the analysed plan, since tasks may be edited.
// At-risk tasks are red AND carry "!" in their own column, so the chart still reads in grey-scale print.
import type ExcelJS from 'exceljs';
import { addDays, addMonths, dayOfWeek, maxDate, minDate, type IsoDate } from '../../domain/dates.ts';
import type { PlanTask } from '../../domain/plan.ts';
import type { ExportModel } from './model.ts';
import { COLOR, DATE_FMT, FONT, GRID, fill, isoToDate, printSetup, safeText, setWidths, title } from './styles.ts';

export const TIMELINE_SHEET = 'Timeline';
export const TIMELINE_LABELS = ['ID', 'Task', 'Owner', 'Start', 'Due', 'At risk'] as const;
export const TIMELINE_FIRST_PERIOD_COL = TIMELINE_LABELS.length + 1;
export const TIMELINE_HEADER_ROW = 5; // period start dates; row 6 carries the milestone markers
const LEGEND_ROW = 3;
const YEAR_ROW = 4;
const MARKER_ROW = 6;

export interface Period {
  start: IsoDate;
  end: IsoDate; // inclusive
}

// Month columns, or week columns (Monday to Sunday) when the plan spans under six months.
export function timelinePeriods(from: IsoDate, to: IsoDate): { unit: 'month' | 'week'; periods: Period[] } {
  const weekly = addMonths(from, 6) > to;
  const periods: Period[] = [];
  if (weekly) {
    for (let s = addDays(from, -((dayOfWeek(from) + 6) % 7)); s <= to; s = addDays(s, 7))
      periods.push({ start: s, end: addDays(s, 6) });
  } else {
    for (let s = from.slice(0, 8) + '01'; s <= to; s = addMonths(s, 1))
      periods.push({ start: s, end: addDays(addMonths(s, 1), -1) });
  }
  return { unit: weekly ? 'week' : 'month', periods };
}

const overlaps = (p: Period, start: IsoDate, end: IsoDate) => p.start <= end && p.end >= start;

function markers(model: ExportModel): { date: IsoDate; label: string }[] {
  const t = model.analysis.timeline;
  const out: { date: IsoDate; label: string }[] = [];
  const seen = new Set<string>();
  for (const m of t.milestones) {
    const short =
      m.id === 'first10Q'
        ? '10-Q'
        : m.id === 'first302'
          ? '§302'
          : m.id === 'first10K'
            ? '10-K'
            : m.id === 'first404a'
              ? '404(a)'
              : '404(b)';
    const key = `${m.due}|${short}`;
    if (!seen.has(key)) out.push({ date: m.due, label: `${short} due` });
    seen.add(key);
  }
  for (const ye of new Set([
    t.first10K.periodEnd,
    t.first404a.periodEnd,
    ...(t.first404b ? [t.first404b.periodEnd] : []),
  ]))
    out.push({ date: ye, label: `FYE ${ye.slice(0, 4)}` });
  return out.sort((a, b) => a.date.localeCompare(b.date));
}

function groups(model: ExportModel): { name: string; tasks: PlanTask[] }[] {
  const byPhase = new Map<string, PlanTask[]>();
  for (const t of model.tasks) byPhase.set(t.phase, [...(byPhase.get(t.phase) ?? []), t]);
  const names = new Map(model.analysis.plan.phases.map((p) => [p.id, p.name]));
  const order = [...names.keys(), ...[...byPhase.keys()].filter((k) => !names.has(k))];
  const byStart = (a: PlanTask, b: PlanTask) =>
    a.start.localeCompare(b.start) || a.end.localeCompare(b.end) || a.id.localeCompare(b.id);
  return order
    .filter((id) => byPhase.has(id))
    .map((id) => ({ name: names.get(id) ?? id, tasks: [...byPhase.get(id)!].sort(byStart) }));
}

export function addTimelineSheet(wb: ExcelJS.Workbook, model: ExportModel): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(TIMELINE_SHEET, { properties: { outlineLevelRow: 1 }, views: [{ showGridLines: false }] });
  ws.properties.outlineProperties = { summaryBelow: false, summaryRight: false };
  const { analysis, tasks, today } = model;
  const from = minDate(analysis.plan.start, ...tasks.map((t) => t.start));
  const to = maxDate(analysis.plan.end, ...tasks.map((t) => t.end));
  const { unit, periods } = timelinePeriods(from, to);
  const P = TIMELINE_FIRST_PERIOD_COL;
  const lastCol = P + periods.length - 1;
  const periodOf = (d: IsoDate) => periods.findIndex((p) => p.start <= d && d <= p.end);
  const todayIdx = periodOf(today); // -1 when today is outside the plan: no marker then
  const isToday = (i: number) => todayIdx >= 0 && i === todayIdx;

  title(
    ws,
    `${analysis.profile.companyName}: SOX readiness timeline`,
    `Plan ${from} to ${to}, one column per ${unit} · today ${today} · exported ${model.exportedAt.slice(0, 10)}`,
  );
  setWidths(ws, [12, 48, 22, 11, 11, 7]);
  for (let c = P; c <= lastCol; c++) ws.getColumn(c).width = unit === 'month' ? 4.5 : 5;

  // Legend: every colour is paired with a word or a symbol.
  const legend: [string, string, string][] = [
    ['', COLOR.phaseBar, 'Phase (span of its tasks)'],
    ['', COLOR.bar, 'Task'],
    ['', COLOR.barDone, 'Task done'],
    ['!', COLOR.barRisk, 'At risk: cannot finish by its latest finish'],
    ['◆', COLOR.milestone, 'SEC milestone or fiscal year end (row 6)'],
    ['▼', COLOR.today, `Today (${today})`],
  ];
  ws.getCell(LEGEND_ROW, 1).value = 'Legend';
  ws.getCell(LEGEND_ROW, 1).font = { name: FONT, size: 9, bold: true };
  const legendCell = ws.getCell(LEGEND_ROW, 2);
  legendCell.value = {
    richText: legend.map(([sym, argb, text]) => ({
      text: `${sym || '■'} ${text}    `,
      font: { name: FONT, size: 9, color: { argb } },
    })),
  };

  // Header rows: year, period start (a real date), milestone markers. Marked periods are gold, today's is orange.
  const yearRow = ws.getRow(YEAR_ROW);
  const head = ws.getRow(TIMELINE_HEADER_ROW);
  const markRow = ws.getRow(MARKER_ROW);
  TIMELINE_LABELS.forEach((l, i) => (head.getCell(i + 1).value = l));
  markRow.getCell(1).value = 'Key dates';
  const marks = markers(model);
  markRow.getCell(1).note = safeText(marks.map((m) => `${m.label}: ${m.date}`).join('\n'));
  markRow.getCell(2).value = `◆ SEC milestones and year ends${todayIdx >= 0 ? ' · ▼ today' : ''}`;
  for (let c = 1; c <= lastCol; c++) {
    const i = c - P;
    const p = periods[i];
    const here = p ? marks.filter((m) => overlaps(p, m.date, m.date)) : [];
    const y = yearRow.getCell(c);
    const h = head.getCell(c);
    const m = markRow.getCell(c);
    if (p && (i === 0 || p.start.slice(0, 4) !== periods[i - 1]!.start.slice(0, 4)))
      y.value = Number(p.start.slice(0, 4));
    if (p) {
      h.value = isoToDate(p.start);
      h.numFmt = unit === 'month' ? 'mmm' : 'd mmm';
      const sym = (here.length > 0 ? '◆' : '') + (isToday(i) ? '▼' : '');
      if (sym) m.value = sym;
      const notes = [...here.map((x) => `${x.label}: ${x.date}`), ...(isToday(i) ? [`Today: ${today}`] : [])];
      if (notes.length > 0) m.note = notes.join('\n');
    }
    const headArgb = isToday(i) ? COLOR.today : here.length > 0 ? COLOR.milestone : COLOR.headerFill;
    y.fill = fill(COLOR.headerFill);
    h.fill = fill(headArgb);
    if (here.length > 0) m.fill = fill(COLOR.milestone);
    const white = { name: FONT, size: 9, bold: true, color: { argb: COLOR.headerText } };
    y.font = white;
    h.font = headArgb === COLOR.milestone ? { ...white, color: { argb: COLOR.ink } } : white;
    m.font = { name: FONT, size: 9, bold: c <= 2, color: { argb: isToday(i) ? COLOR.today : COLOR.ink } };
    for (const cell of [y, h, m]) {
      cell.border = GRID;
      cell.alignment = {
        vertical: 'middle',
        horizontal: p ? 'center' : 'left',
        ...(p && unit === 'week' && cell === h ? { textRotation: 90 } : {}),
      };
    }
  }
  head.height = unit === 'month' ? 18 : 40;

  const paint = (row: ExcelJS.Row, start: IsoDate, end: IsoDate, argb: string) => {
    periods.forEach((p, i) => {
      if (overlaps(p, start, end)) row.getCell(P + i).fill = fill(argb);
    });
  };
  const cellFont = { name: FONT, size: 9, color: { argb: COLOR.ink } };
  const phaseFont = { ...cellFont, bold: true };
  const riskFont = { ...cellFont, bold: true, color: { argb: COLOR.barRisk } };
  for (const g of groups(model)) {
    const start = minDate(g.tasks[0]!.start, ...g.tasks.map((t) => t.start));
    const end = maxDate(g.tasks[0]!.end, ...g.tasks.map((t) => t.end));
    const risky = g.tasks.filter((t) => t.atRisk).length;
    const pr = ws.addRow([
      null,
      safeText(`${g.name} (${g.tasks.length})`),
      null,
      isoToDate(start),
      isoToDate(end),
      risky > 0 ? `! ${risky}` : null,
    ]);
    pr.eachCell({ includeEmpty: true }, (c) => (c.font = phaseFont));
    for (let c = 1; c < P; c++) pr.getCell(c).fill = fill(COLOR.band);
    paint(pr, start, end, COLOR.phaseBar);
    for (const t of g.tasks) {
      const r = ws.addRow([
        safeText(t.id),
        safeText(t.title),
        safeText(t.owner),
        isoToDate(t.start),
        isoToDate(t.end),
        t.atRisk ? '!' : null,
      ]);
      r.outlineLevel = 1;
      r.hidden = true; // opens with the phases collapsed: the board reads phases, a click opens the tasks
      r.eachCell({ includeEmpty: true }, (c) => (c.font = cellFont));
      if (t.atRisk) {
        r.getCell(6).font = riskFont;
        r.getCell(6).note = safeText(t.atRiskReason ?? 'at risk');
      }
      paint(r, t.start, t.end, t.atRisk ? COLOR.barRisk : t.status === 'done' ? COLOR.barDone : COLOR.bar);
    }
  }
  const last = ws.rowCount;
  // One object per distinct border and alignment, shared by the cells that have it (thousands of Gantt cells).
  const hair = { style: 'hair', color: { argb: COLOR.rule } } as const;
  const todayEdge = { style: 'medium', color: { argb: COLOR.today } } as const;
  const todayBorder: Partial<ExcelJS.Borders> = { left: todayEdge, right: todayEdge, bottom: hair };
  const labelBorder: Partial<ExcelJS.Borders> = { bottom: hair, right: hair };
  const periodBorder: Partial<ExcelJS.Borders> = { bottom: hair, right: { style: 'hair', color: { argb: 'FFF0F0F0' } } };
  const centred: Partial<ExcelJS.Alignment> = { horizontal: 'center' };
  for (let r = MARKER_ROW + 1; r <= last; r++) {
    const row = ws.getRow(r);
    row.getCell(4).numFmt = DATE_FMT;
    row.getCell(5).numFmt = DATE_FMT;
    row.getCell(6).alignment = centred;
    for (let c = 1; c <= lastCol; c++) row.getCell(c).border = isToday(c - P) ? todayBorder : c < P ? labelBorder : periodBorder;
  }

  ws.views = [{ state: 'frozen', xSplit: P - 1, ySplit: MARKER_ROW, showGridLines: false }];
  printSetup(ws, analysis.profile.companyName, model.exportedAt.slice(0, 10), 'SOX readiness timeline');
  ws.pageSetup.printTitlesRow = `${YEAR_ROW}:${MARKER_ROW}`;
  return ws;
}
