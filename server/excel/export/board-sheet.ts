// Board: the plan on one landscape page for the board and audit committee. Phases as bars by month, the SEC
// milestones as vertical lines, readiness by category, and the top risks (tasks at risk, critical and high SoD
// conflicts from owners and from access, open deficiencies). Printed at 100% (fit to one page wide and one tall, laid
// out to fit without shrinking), so no text is smaller than 9 pt on paper. Counts are the analysis's own.
import { plural, SEVERITY_WORDS } from '../../domain/words.ts';
import type ExcelJS from 'exceljs';
import { addDays, maxDate, minDate, type IsoDate } from '../../domain/dates.ts';
import type { ExportModel } from './model.ts';
import { categoryLabel, COLOR, fill, FONT, headerText, safeText } from './styles.ts';

export const BOARD_SHEET = 'Board';
export const BOARD_MIN_FONT = 9;
const MAX_MONTHS = 30;
const LABEL_WIDTH = 34;
const MONTH_WIDTH = 3;
const RISK_ROWS = 10;

interface Month {
  start: IsoDate;
  end: IsoDate;
  label: string;
}

function monthsBetween(from: IsoDate, to: IsoDate): Month[] {
  const out: Month[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  for (;;) {
    const start = `${y}-${String(m).padStart(2, '0')}-01`;
    if (start > to || out.length >= MAX_MONTHS) break;
    const [ny, nm] = m === 12 ? [y + 1, 1] : [y, m + 1];
    out.push({ start, end: addDays(`${ny}-${String(nm).padStart(2, '0')}-01`, -1), label: 'JFMAMJJASOND'[m - 1]! });
    [y, m] = [ny, nm];
  }
  return out;
}

// The counts the board page, the Board sheet and the Summary state, from the analysis (and the current tasks).
export function boardCounts(model: ExportModel) {
  const a = model.analysis;
  const sodHigh = a.sod.filter((c) => c.severity === 'critical' || c.severity === 'high');
  const accessHigh = (model.access?.conflicts ?? []).filter((c) => c.severity === 'critical' || c.severity === 'high');
  const open = a.deficiencies.filter((d) => d.status === 'open');
  return {
    atRisk: model.tasks.filter((t) => t.atRisk).length,
    sodHigh: sodHigh.length,
    accessHigh: accessHigh.length,
    openDeficiencies: open.length,
    materialWeaknesses: open.filter((d) => d.severity === 'material-weakness').length,
    readiness: a.readiness.overall,
  };
}

export function addBoardSheet(wb: ExcelJS.Workbook, model: ExportModel): ExcelJS.Worksheet {
  const a = model.analysis;
  const ws = wb.addWorksheet(BOARD_SHEET, { views: [{ showGridLines: false }] });
  const plan = a.plan;
  const from = minDate(plan.start, ...plan.phases.map((p) => p.start));
  const to = maxDate(plan.end, ...plan.phases.map((p) => p.end), ...a.timeline.milestones.map((m) => m.due));
  const months = monthsBetween(from, to);
  const M = 2; // first month column
  ws.columns = [{ width: LABEL_WIDTH }, ...months.map(() => ({ width: MONTH_WIDTH }))];
  const font = (size = BOARD_MIN_FONT, extra: Partial<ExcelJS.Font> = {}): Partial<ExcelJS.Font> => ({ name: FONT, size, color: { argb: COLOR.ink }, ...extra });
  const lastCol = M + months.length - 1;
  const c = counts(model);

  ws.getCell('A1').value = safeText(`${a.profile.companyName}: SOX readiness for the board`);
  ws.getCell('A1').font = font(14, { bold: true, color: { argb: COLOR.navy } });
  ws.getCell('A2').value = safeText(
    `Readiness ${c.readiness}% · ${plural(c.atRisk, 'task')} at risk · ${plural(c.sodHigh, 'critical/high owner SoD conflict')}${model.access ? ` · ${plural(c.accessHigh, 'critical/high access conflict')}` : ''} · ${plural(c.openDeficiencies, 'open deficiency', 'open deficiencies')}, ${plural(c.materialWeaknesses, 'material weakness', 'material weaknesses')}`,
  );
  ws.getCell('A2').font = font(10, { italic: true, color: { argb: COLOR.muted } });

  // Gantt: year row, month row, a milestone label row, then one bar per phase.
  const yearRow = ws.getRow(4);
  const monthRow = ws.getRow(5);
  const markRow = ws.getRow(6);
  yearRow.getCell(1).value = 'Phase';
  months.forEach((m, i) => {
    if (i === 0 || m.start.endsWith('-01-01')) yearRow.getCell(M + i).value = m.start.slice(0, 4);
    monthRow.getCell(M + i).value = m.label;
    monthRow.getCell(M + i).alignment = { horizontal: 'center' };
  });
  for (const r of [yearRow, monthRow, markRow]) r.eachCell({ includeEmpty: true }, (cell) => (cell.font = font(BOARD_MIN_FONT, { bold: true })));
  const phaseRows: ExcelJS.Row[] = [];
  plan.phases.forEach((p, i) => {
    const r = ws.getRow(7 + i);
    const risky = plan.tasks.filter((t) => t.phase === p.id && t.atRisk).length;
    r.getCell(1).value = safeText(`${p.name}${risky ? ` (${risky} at risk)` : ''}`);
    r.getCell(1).font = font(BOARD_MIN_FONT, risky ? { color: { argb: COLOR.barRisk } } : {});
    months.forEach((m, k) => {
      if (m.start <= p.end && m.end >= p.start) r.getCell(M + k).fill = fill(risky ? COLOR.barRisk : COLOR.phaseBar);
    });
    phaseRows.push(r);
  });
  // SEC milestones as lines: a thick left edge on the milestone's month through the phase rows, labelled above.
  const lastPhaseRow = 6 + plan.phases.length;
  const legend: string[] = [];
  a.timeline.milestones.forEach((ms, n) => {
    const k = months.findIndex((m) => m.start <= ms.due && m.end >= ms.due);
    const mark = String(n + 1);
    if (k < 0) {
      legend.push(`${mark} ${ms.label}: due ${ms.due} (beyond the chart)`);
      return;
    }
    const cell = markRow.getCell(M + k);
    cell.value = cell.value ? `${String(cell.value)},${mark}` : mark;
    cell.font = font(BOARD_MIN_FONT, { bold: true, color: { argb: COLOR.today } });
    for (let r = 6; r <= lastPhaseRow; r++) ws.getRow(r).getCell(M + k).border = { left: { style: 'thick', color: { argb: COLOR.today } } };
    legend.push(`${mark} ${ms.label}: due ${ms.due}`);
  });
  let row = lastPhaseRow + 1;
  ws.getRow(row).getCell(1).value = safeText(`SEC milestones (orange lines): ${legend.join(' · ')}`);
  ws.getRow(row).getCell(1).font = font(BOARD_MIN_FONT, { italic: true });
  ws.getRow(row).getCell(1).alignment = { wrapText: true, vertical: 'top' };
  ws.mergeCells(row, 1, row, lastCol);
  ws.getRow(row).height = 36;
  row += 2;

  // Readiness by category (left) and the top risks (right), side by side.
  const split = M + Math.min(8, Math.floor(months.length / 3));
  const head = ws.getRow(row);
  head.getCell(1).value = 'Readiness by category';
  head.getCell(split).value = 'Top risks';
  for (const col of [1, split]) head.getCell(col).font = font(10, { bold: true, color: { argb: COLOR.navy } });
  const readinessRows = a.readiness.byCategory.map((r) => `${categoryLabel(r.category)}: ${r.percent}% (${r.targets})`);
  const risks = topRisks(model);
  const n = Math.max(readinessRows.length, risks.length);
  for (let i = 0; i < n; i++) {
    const r = ws.getRow(row + 1 + i);
    if (readinessRows[i]) {
      r.getCell(1).value = safeText(readinessRows[i]);
      r.getCell(1).font = font();
    }
    if (risks[i]) {
      r.getCell(split).value = safeText(risks[i]);
      r.getCell(split).font = font(BOARD_MIN_FONT, i === 0 && /Item 9A/.test(risks[i]!) ? { bold: true, color: { argb: COLOR.redText } } : {});
      ws.mergeCells(r.number, split, r.number, lastCol);
    }
  }
  // Explicit heights: 9 pt text in 12.75 pt rows, so the page is laid out as it prints.
  for (let i = 3; i <= ws.rowCount; i++) if (ws.getRow(i).height === undefined) ws.getRow(i).height = 12.75;
  ws.getRow(1).height = 20;
  ws.getRow(2).height = 14;
  ws.pageSetup = {
    orientation: 'landscape',
    paperSize: 9, // A4; the layout also fits US Letter
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 1,
    margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.25, footer: 0.25 },
  };
  ws.headerFooter = { oddHeader: `&L&B${headerText(a.profile.companyName)}&RSOX readiness: board page`, oddFooter: `&LExported ${headerText(model.exportedAt.slice(0, 10), 40)}&RPrepared with soxbridge` };
  return ws;
}

const counts = boardCounts;

// At most RISK_ROWS lines: Item 9A risks first, then open material weaknesses and other deficiencies, tasks at risk,
// critical and high SoD conflicts (owners, then access); each group says how many more there are.
export function topRisks(model: ExportModel): string[] {
  const a = model.analysis;
  const lines: string[] = [];
  for (const r of a.disclosureRisks) lines.push(r.text);
  const open = a.deficiencies.filter((d) => d.status === 'open').sort((x, y) => (x.severity === y.severity ? 0 : x.severity === 'material-weakness' ? -1 : 1));
  for (const d of open.slice(0, 3)) lines.push(`Open ${SEVERITY_WORDS[d.severity]} ${d.id}: ${d.title}`);
  if (open.length > 3) lines.push(`… ${open.length - 3} more open deficiency(ies): Deficiencies sheet`);
  const risky = model.tasks.filter((t) => t.atRisk);
  for (const t of risky.slice(0, 3)) lines.push(`At risk ${t.id}: ${t.atRiskReason ?? ''}`.slice(0, 140));
  if (risky.length > 3) lines.push(`… ${risky.length - 3} more ${risky.length - 3 === 1 ? 'task' : 'tasks'} at risk: Timeline and Plan sheets`);
  const sod = a.sod.filter((c) => c.severity === 'critical' || c.severity === 'high');
  for (const s of sod.slice(0, 2)) lines.push(`SoD (${s.severity}) ${s.rule}: ${s.owner}`);
  if (sod.length > 2) lines.push(`… ${sod.length - 2} more critical/high owner SoD ${sod.length - 2 === 1 ? 'conflict' : 'conflicts'}: SoD sheet`);
  const acc = (model.access?.conflicts ?? []).filter((c) => c.severity === 'critical' || c.severity === 'high');
  if (acc.length > 0) lines.push(`${plural(acc.length, 'critical/high access SoD conflict')}: SoD – Access sheet`);
  if (lines.length === 0) lines.push('No task at risk, no critical or high SoD conflict, no open deficiency.');
  return lines.slice(0, RISK_ROWS);
}
