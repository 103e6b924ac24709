// Scenarios: the scenarios saved on the engagement side by side, scenarios in columns and milestones in rows, what
// moved against the baseline highlighted (amber fill and bold; the word "moved" in the note row says so without
// colour). Only written when the engagement has saved scenarios.
import type ExcelJS from 'exceljs';
import type { ExportModel } from './model.ts';
import { COLOR, FONT, fill, printSetup, safeText, setWidths, styleBody, styleHeader } from './styles.ts';

export const SCENARIOS_SHEET = 'Scenarios';
export const SCENARIOS_HEADER_ROW = 3;

export interface ScenarioSheetInput {
  name: string;
  timeline: {
    s1PeriodEnd: string;
    milestones: { id: string; periodEnd: string; due: string }[];
    egcEnds: { fiscalYearEnd: string } | null;
  };
  plan: { start: string; end: string; tasks: number; atRisk: number };
  moved: { milestone: string; from: string | null; to: string | null }[];
}

const ROWS: { id: string; label: string; value: (s: ScenarioSheetInput) => string }[] = [
  { id: 's1PeriodEnd', label: 'Latest period in the S-1', value: (s) => s.timeline.s1PeriodEnd },
  ...(['first10Q', 'first302', 'first10K', 'first404a', 'first404b'] as const).map((id) => ({
    id,
    label: { first10Q: 'First 10-Q', first302: 'First §302 certification', first10K: 'First 10-K', first404a: 'First §404(a) report', first404b: 'First §404(b) attestation' }[id],
    value: (s: ScenarioSheetInput) => {
      const m = s.timeline.milestones.find((x) => x.id === id);
      return m ? `due ${m.due} (period ${m.periodEnd})` : 'none';
    },
  })),
  { id: 'egcEnds', label: 'EGC status ends', value: (s) => s.timeline.egcEnds?.fiscalYearEnd ?? 'n/a' },
  { id: 'planEnd', label: 'Plan ends', value: (s) => s.plan.end },
  { id: 'atRisk', label: 'Tasks at risk', value: (s) => String(s.plan.atRisk) },
];

export function addScenariosSheet(wb: ExcelJS.Workbook, model: ExportModel): ExcelJS.Worksheet | null {
  const scenarios = model.scenarios ?? [];
  if (scenarios.length === 0) return null;
  const ws = wb.addWorksheet(SCENARIOS_SHEET, { views: [{ state: 'frozen', xSplit: 1, ySplit: SCENARIOS_HEADER_ROW }] });
  setWidths(ws, [30, ...scenarios.map(() => 30)]);
  const t = ws.getCell('A1');
  t.value = 'Scenarios: what moves when the assumptions change';
  t.font = { name: FONT, size: 14, bold: true, color: { argb: COLOR.navy } };
  const note = ws.getCell('A2');
  note.value = 'Computed, not adopted: the engagement profile is the baseline. Highlighted cells moved against the baseline (REFERENCE §6 rules; due dates rolled to a business day).';
  note.font = { name: FONT, size: 9, italic: true, color: { argb: COLOR.muted } };
  const head = ws.getRow(SCENARIOS_HEADER_ROW);
  head.values = ['Milestone', ...scenarios.map((s) => safeText(s.name))];
  styleHeader(head);
  const base = scenarios[0]!;
  for (const r of ROWS) {
    const row = ws.addRow([r.label, ...scenarios.map((s) => safeText(r.value(s)))]);
    styleBody(row, scenarios.length + 1);
    scenarios.forEach((s, i) => {
      const moved = i > 0 && r.value(s) !== r.value(base);
      if (!moved) return;
      const cell = row.getCell(i + 2);
      cell.fill = fill(COLOR.amber);
      cell.font = { name: FONT, size: 10, bold: true, color: { argb: COLOR.amberText } };
    });
  }
  const moved = ws.addRow(['What moved', ...scenarios.map((s, i) => (i === 0 ? 'baseline' : s.moved.length ? `moved: ${s.moved.map((m) => m.milestone).join(', ')}` : 'nothing moved'))]);
  styleBody(moved, scenarios.length + 1);
  printSetup(ws, model.analysis.profile.companyName, model.exportedAt.slice(0, 10), 'Scenarios', true);
  return ws;
}
