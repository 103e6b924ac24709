// Summary: the board page. Inputs and their basis, the SEC milestones, readiness, the delta counts and the top
// risks, on one landscape page. Long lists are capped here; the detail sheets hold every row.
import type ExcelJS from 'exceljs';
import type { ProfileDefault } from '../../domain/profile.ts';
import type { Milestone } from '../../domain/timeline.ts';
import type { ExportModel } from './model.ts';
import { capitalise, plural, SEVERITY_WORDS } from '../../domain/words.ts';
import {
  COLOR,
  DATE_FMT,
  FONT,
  GRID,
  PERCENT_FMT,
  STATUS,
  categoryLabel,
  fill,
  fitRow,
  isoToDate,
  printSetup,
  safeText,
  setWidths,
  styleBody,
  styleHeader,
  title,
  toneCell,
  where,
} from './styles.ts';

export const SUMMARY_SHEET = 'Summary';
const TOP_N = 8;
const WIDTH = 6; // A label, B..E values, F the long text (never merged: Excel does not auto-fit merged cells)
const _ = null;

function section(ws: ExcelJS.Worksheet, text: string): void {
  ws.addRow([]);
  const row = ws.addRow([text]);
  row.getCell(1).font = { name: FONT, size: 12, bold: true, color: { argb: COLOR.navy } };
  for (let c = 1; c <= WIDTH; c++) row.getCell(c).border = { bottom: { style: 'medium', color: { argb: COLOR.navy } } };
}

function table(ws: ExcelJS.Worksheet, header: (string | null)[], rows: ExcelJS.CellValue[][]): ExcelJS.Row[] {
  styleHeader(ws.addRow(header), COLOR.headerFill, 1, header.length);
  return rows.map((values) => {
    const row = ws.addRow(values);
    styleBody(row, header.length);
    return row;
  });
}

function basisOf(defaults: ProfileDefault[], field: ProfileDefault['field'], given: string): string {
  const d = defaults.find((x) => x.field === field);
  return d ? `Default: ${d.basis}` : given;
}

export function addSummarySheet(wb: ExcelJS.Workbook, model: ExportModel): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(SUMMARY_SHEET, {
    properties: { tabColor: { argb: COLOR.navy } },
    views: [{ showGridLines: false }],
  });
  const { profile, defaults, timeline, readiness, delta, sod, plan } = model.analysis;
  setWidths(ws, [32, 14, 14, 14, 14, 80]);
  title(
    ws,
    `${profile.companyName}: SOX readiness summary`,
    `Exported ${model.exportedAt.slice(0, 10)}${model.exportedBy ? ` by ${model.exportedBy}` : ''} from ${model.source.file} (${model.source.sheets.join(', ')}) · soxbridge ${model.version}${model.readOnly ? ' · read-only copy: its sheets are protected and soxbridge does not take it back as edits' : ''}`,
  );

  section(ws, 'Engagement inputs');
  const given = 'As entered in the engagement profile';
  const egcEnd = timeline.egcEnds;
  const inputs: ExcelJS.CellValue[][] = [
    ['IPO (effective) date', isoToDate(profile.ipoDate), basisOf(defaults, 'ipoDate', given)],
    ['Fiscal year end', profile.fiscalYearEnd, basisOf(defaults, 'fiscalYearEnd', timeline.fiscalYear.description ? `${given}: ${timeline.fiscalYear.description}` : given)],
    ['Latest period in the S-1', profile.s1PeriodEnd ? isoToDate(profile.s1PeriodEnd) : 'n/a (analysed before S-1 periods were recorded)', basisOf(defaults, 's1PeriodEnd', `${given}; every filing derives from it (Rule 13a-13(a), Rule 13a-1)`)],
    [
      'Expected filer status',
      profile.filerStatus.replace(/-/g, ' '),
      basisOf(defaults, 'filerStatus', `${given}; applies from the second fiscal year end`),
    ],
    ['Emerging growth company', profile.egc ? 'Yes' : 'No', basisOf(defaults, 'egc', given)],
    [
      'EGC status ends',
      egcEnd ? isoToDate(egcEnd.fiscalYearEnd) : 'n/a',
      egcEnd ? egcEnd.basis : (timeline.egcEndsReason ?? ''),
    ],
    ['Plan start', isoToDate(profile.planStart), basisOf(defaults, 'planStart', given)],
    [
      'Financial systems',
      profile.financialSystems.join(', ') || '(none named)',
      basisOf(defaults, 'financialSystems', given),
    ],
  ].map(([a, b, c]) => [a, typeof b === 'string' ? safeText(b) : b, _, _, _, safeText(c)]);
  const inputRows = table(ws, ['Input', 'Value', _, _, _, 'Basis'], inputs);
  for (const r of inputRows) {
    r.getCell(2).alignment = { vertical: 'top', horizontal: 'left' }; // a long list overflows to the right
    fitRow(r, WIDTH);
  }

  section(ws, 'SEC milestones');
  const ms = (label: string, m: Milestone | null, reason: string | null): ExcelJS.CellValue[] =>
    m
      ? [label, isoToDate(m.periodEnd), isoToDate(m.due), _, _, safeText(m.basis)]
      : [label, 'none', 'none', _, _, safeText(reason ?? '')];
  table(
    ws,
    ['Milestone', 'Period end', 'Due', _, _, 'Rule (due dates rolled to a business day)'],
    [
      ms('First 10-Q', timeline.first10Q, timeline.first10QReason),
      ms('First §302 certification', timeline.first302, null),
      ms('First 10-K', timeline.first10K, null),
      ms('First §404(a) management report', timeline.first404a, null),
      ms('First §404(b) auditor attestation', timeline.first404b, timeline.first404bReason),
    ],
  );

  section(ws, 'Readiness');
  const cats = readiness.byCategory.filter((c) => c.targets > 0);
  const ready = table(
    ws,
    ['Area', 'Readiness', 'Applicable targets'],
    [
      ['Overall', readiness.overall / 100, delta.items.filter((i) => i.status !== 'not-applicable').length],
      ...cats.map((c) => [categoryLabel(c.category), c.percent / 100, c.targets]),
    ],
  );
  ready[0]?.eachCell((c) => (c.font = { name: FONT, size: 10, bold: true }));
  for (const r of ready) r.getCell(2).numFmt = PERCENT_FMT;
  const f = ws.addRow([safeText(readiness.formula)]);
  ws.mergeCells(f.number, 1, f.number, WIDTH);
  f.getCell(1).font = { name: FONT, size: 8, italic: true, color: { argb: COLOR.muted } };
  f.getCell(1).alignment = { wrapText: true, vertical: 'top' };
  f.height = 24; // merged cells are never auto-fitted

  section(ws, 'SOX targets by status');
  const s = delta.summary;
  const labels = ws.addRow(['Status']);
  const counts = ws.addRow(['SOX targets', s.covered, s.enhance, s.gap, s.notApplicable]);
  (['covered', 'enhance', 'gap', 'not-applicable'] as const).forEach((st, i) =>
    toneCell(labels.getCell(i + 2), STATUS[st].tone, STATUS[st].label),
  );
  labels.getCell(1).font = { name: FONT, size: 10, bold: true };
  for (let c = 1; c <= 5; c++) {
    counts.getCell(c).border = GRID;
    counts.getCell(c).font = { name: FONT, size: 12, bold: true };
    counts.getCell(c).alignment = { horizontal: c === 1 ? 'left' : 'center' };
  }

  if (model.access) {
    // Access SoD from the user listings, counted apart from the owner conflicts above.
    const a = model.access;
    section(ws, 'SoD conflicts in system access (user listings)');
    const sev = ['critical', 'high', 'medium', 'low'] as const;
    const note = 'Open: not yet remediated, mitigated or accepted. Every conflict is on the SoD – Access sheet.';
    const accessRows = table(ws, ['Severity', 'Conflicts', 'Open', _, _, 'Note'], [
      ...sev.map((k, i) => [capitalise(k), a.bySeverity[k].total, a.bySeverity[k].open, _, _, i === 0 ? note : _]),
      ['Leavers still active', a.leavers.length, a.leavers.filter((l) => l.status === 'open').length, _, _, _],
    ]);
    for (const r of accessRows) for (const c of [2, 3]) r.getCell(c).alignment = { horizontal: 'center', vertical: 'top' };
  }

  section(ws, 'Top risks');
  const more = (n: number, where: string): ExcelJS.CellValue[][] =>
    n > TOP_N ? [[_, _, _, _, _, `… and ${n - TOP_N} more: see ${where}`]] : [];
  const atRisk = model.tasks.filter((t) => t.atRisk);
  const material = sod.filter((c) => c.severity === 'critical' || c.severity === 'high');
  const entityGaps = delta.items.filter((i) => i.category === 'entity' && i.status === 'gap');
  const openDefs = model.analysis.deficiencies.filter((d) => d.status === 'open');
  const risks: ExcelJS.CellValue[][] = [
    ...atRisk
      .slice(0, TOP_N)
      .map((t) => ['Task at risk', safeText(t.id), _, _, _, safeText(`${t.title}: ${t.atRiskReason ?? 'late'}`)]),
    ...more(atRisk.length, 'the Timeline (! column)'),
    ...material.slice(0, TOP_N).map((c) => [
      `SoD conflict (${c.severity})`,
      safeText(c.rule),
      _,
      _,
      _,
      safeText(
        `${c.owner}: ${c.sides[0].label} / ${c.sides[1].label}. Controls: ${[
          ...c.sides[0].controls,
          ...c.sides[1].controls,
        ]
          .map(where)
          .filter((x, i, a) => a.indexOf(x) === i)
          .join(', ')}`,
      ),
    ]),
    ...more(material.length, 'the SoD sheet'),
    ...entityGaps
      .slice(0, TOP_N)
      .map((i) => ['Missing entity-level control', safeText(i.id), _, _, _, safeText(`${i.title}: ${i.basis}`)]),
    ...more(entityGaps.length, 'the SOX Program sheet'),
    ...model.analysis.disclosureRisks.map((r) => ['Item 9A disclosure risk', safeText(r.deficiencies.join(', ')), _, _, _, safeText(r.text)]),
    ...openDefs.slice(0, TOP_N).map((d) => [`Open ${SEVERITY_WORDS[d.severity]}`, safeText(d.id), _, _, _, safeText(`${d.title}: ${d.basis.at(-1) ?? ''}`)]),
    ...more(openDefs.length, 'the Deficiencies sheet'),
  ];
  if (risks.length === 0)
    risks.push(['None', _, _, _, _, 'No task at risk, no critical or high SoD conflict, no entity-level gap.']);
  const riskRows = table(ws, ['Risk', 'Reference', _, _, _, 'Detail'], risks);
  for (const r of riskRows)
    if (/^(Task at risk|Item 9A|Open material)/.test(String(r.getCell(1).value))) r.getCell(1).fill = fill(COLOR.red);
  const note = ws.addRow([
    `${plural(plan.atRisk, 'task')} at risk in the plan as analysed; ${atRisk.length} in the current plan; ${plural(openDefs.length, 'open deficiency', 'open deficiencies')}, ${plural(openDefs.filter((d) => d.severity === 'material-weakness').length, 'material weakness', 'material weaknesses')}.`,
  ]);
  note.getCell(1).font = { name: FONT, size: 8, italic: true, color: { argb: COLOR.muted } };

  ws.eachRow((row) =>
    row.eachCell((c) => {
      if (c.value instanceof Date) c.numFmt = DATE_FMT;
    }),
  );
  printSetup(ws, profile.companyName, model.exportedAt.slice(0, 10), 'SOX readiness summary', true);
  return ws;
}
