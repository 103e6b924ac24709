import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { addCosoSheet } from '../../server/excel/export/coso-sheet.ts';
import { addMatrixSheet, MATRIX_ADDED_COLUMNS, MATRIX_HEADER_ROW } from '../../server/excel/export/matrix-sheet.ts';
import type { ExportModel } from '../../server/excel/export/model.ts';
import { addProgramSheet, PROGRAM_COLUMNS } from '../../server/excel/export/program-sheet.ts';
import { addSodSheet, SOD_HEADER_ROW } from '../../server/excel/export/sod-sheet.ts';
import { COLOR, headerText, safeText } from '../../server/excel/export/styles.ts';
import { addSummarySheet } from '../../server/excel/export/summary-sheet.ts';
import {
  addTimelineSheet,
  TIMELINE_FIRST_PERIOD_COL,
  TIMELINE_HEADER_ROW,
  timelinePeriods,
} from '../../server/excel/export/timeline-sheet.ts';
import type { Analysis } from '../../server/domain/analysis.ts';
import type { SocControl } from '../../server/domain/control.ts';
import { analyse, SAAS_PROFILE, typicalSaasControls } from '../fixtures/analysis.ts';
import { unzipText } from './build.ts';

const SHEETS = ['Summary', 'Timeline', 'SOX Program', 'SOC 2 Matrix', 'COSO', 'SoD'];

function modelOf(analysis: Analysis, controls: SocControl[]): ExportModel {
  return {
    engagementId: 'eng-1',
    exportId: 'exp-1',
    exportedAt: '2026-11-25T12:00:00.000Z',
    today: '2026-11-25',
    version: '0.1.0',
    analysis,
    tasks: analysis.plan.tasks,
    controls,
    source: { file: 'acme.xlsx', sheets: ['Controls'] },
  };
}

async function write(model: ExportModel): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  addSummarySheet(wb, model);
  addTimelineSheet(wb, model);
  addProgramSheet(wb, model);
  addMatrixSheet(wb, model);
  addCosoSheet(wb, model);
  addSodSheet(wb, model);
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

async function read(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const back = new ExcelJS.Workbook();
  await back.xlsx.load(bytes.buffer as ArrayBuffer);
  return back;
}
const roundTrip = async (model: ExportModel) => read(await write(model));

const sheet = (wb: ExcelJS.Workbook, name: string) => {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
};
const utc = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
const findRow = (ws: ExcelJS.Worksheet, col: number, value: string): ExcelJS.Row => {
  for (let r = 1; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(col).value === value) return ws.getRow(r);
  throw new Error(`no row with ${value} in column ${col} of ${ws.name}`);
};
const fillOf = (c: ExcelJS.Cell) => (c.fill?.type === 'pattern' ? c.fill.fgColor?.argb : undefined);

// The client's controls plus one whose cells would be formulas if written carelessly.
function hostileControls(): SocControl[] {
  const controls = typicalSaasControls();
  const first = controls[0]!;
  controls.push({
    ...first,
    id: 'EVIL-1',
    source: { ...first.source, row: 999, rows: [999] },
    original: [
      ['Control ID', 'EVIL-1'],
      ['Control Name', '=SUM(A1)'],
      ['Description', '+cmd|calc'],
      ['TSC', '-1+1'],
      ['Owner', '@SUM(1)'],
      ['Client notes', 'only this control has this column'],
    ],
  });
  return controls;
}

const typical = analyse(typicalSaasControls(), { ...SAAS_PROFILE, planStart: '2026-11-25' });
const controls = hostileControls();
const model = modelOf(typical, controls);
const bytesPromise = write(model);
const wbPromise = bytesPromise.then(read);

describe('presentation sheets of the plan workbook', () => {
  it('writes the six sheets with their fixed names', async () => {
    const wb = await wbPromise;
    expect(wb.worksheets.map((w) => w.name)).toEqual(SHEETS);
  });

  it('Summary: company, inputs, milestone due dates as real dates, counts and top risks', async () => {
    const ws = sheet(await wbPromise, 'Summary');
    expect(String(ws.getCell('A1').value)).toContain('Acme Cloud');
    expect(findRow(ws, 1, 'IPO (effective) date').getCell(2).value).toEqual(utc('2027-05-15'));
    const t = typical.timeline;
    const k = findRow(ws, 1, 'First 10-K');
    expect(k.getCell(2).value).toEqual(utc(t.first10K.periodEnd));
    expect(k.getCell(3).value).toEqual(utc(t.first10K.due));
    expect(k.getCell(3).numFmt).toMatch(/yyyy/);
    expect(k.getCell(6).value).toBe(t.first10K.basis);
    expect(findRow(ws, 1, 'First §404(a) management report').getCell(3).value).toEqual(utc(t.first404a.due));
    expect(findRow(ws, 1, 'First §404(b) auditor attestation').getCell(3).value).toEqual(utc(t.first404b!.due));
    expect(findRow(ws, 1, 'First 10-Q').getCell(3).value).toEqual(utc(t.first10Q!.due));

    const counts = findRow(ws, 1, 'SOX targets');
    const s = typical.delta.summary;
    expect([2, 3, 4, 5].map((c) => counts.getCell(c).value)).toEqual([s.covered, s.enhance, s.gap, s.notApplicable]);
    expect(ws.getRow(counts.number - 1).getCell(4).value).toBe('Gap');
    const overall = findRow(ws, 1, 'Overall');
    expect(overall.getCell(2).value).toBeCloseTo(typical.readiness.overall / 100, 6);
    expect(overall.getCell(2).numFmt).toContain('%');

    const critical = typical.sod.find((c) => c.severity === 'critical')!;
    const risk = findRow(ws, 2, critical.rule);
    expect(risk.getCell(1).value).toBe('SoD conflict (critical)');
    expect(String(risk.getCell(6).value)).toContain(critical.owner);
    const gap = typical.delta.items.find((i) => i.category === 'entity' && i.status === 'gap');
    if (gap) expect(findRow(ws, 2, gap.id).getCell(1).value).toBe('Missing entity-level control');
    expect(ws.pageSetup.orientation).toBe('landscape');
    expect(ws.pageSetup.fitToHeight).toBe(1);
  });

  it('Timeline: a task fills exactly the months it spans; phases group their tasks in an outline', async () => {
    const ws = sheet(await wbPromise, 'Timeline');
    const head = ws.getRow(TIMELINE_HEADER_ROW);
    const first = head.getCell(TIMELINE_FIRST_PERIOD_COL).value;
    expect(first).toEqual(utc('2026-11-01'));
    const months = new Map<number, string>();
    for (let c = TIMELINE_FIRST_PERIOD_COL; c <= ws.columnCount; c++) {
      const v = head.getCell(c).value;
      if (v instanceof Date) months.set(c, v.toISOString().slice(0, 7));
    }
    expect(months.size).toBeGreaterThan(12);
    const task = typical.plan.tasks.find((t) => t.id === 'P-SCOPE')!; // 2026-12-23 .. 2027-03-24
    const row = findRow(ws, 1, 'P-SCOPE');
    const filled = [...months].filter(([c]) => fillOf(row.getCell(c)) !== undefined).map(([, m]) => m);
    expect(filled).toEqual(['2026-12', '2027-01', '2027-02', '2027-03']);
    expect(task.start.slice(0, 7)).toBe(filled[0]);
    expect(task.end.slice(0, 7)).toBe(filled.at(-1));
    expect(fillOf(row.getCell([...months.keys()][1]!))).toBe(task.atRisk ? COLOR.barRisk : COLOR.bar);
    expect(row.getCell(4).value).toEqual(utc(task.start));
    expect(row.getCell(5).value).toEqual(utc(task.end));

    // Every task row: filled exactly in the months from its start month to its end month.
    for (const t of model.tasks) {
      const r = findRow(ws, 1, t.id);
      const got = [...months].filter(([c]) => fillOf(r.getCell(c)) !== undefined).map(([, m]) => m);
      const want = [...months.values()].filter((m) => m >= t.start.slice(0, 7) && m <= t.end.slice(0, 7));
      expect(got, t.id).toEqual(want);
    }

    expect(row.outlineLevel).toBe(1);
    const phase = ws.getRow(row.number - 1);
    expect(String(phase.getCell(2).value)).toContain('Plan and scope');
    expect(phase.outlineLevel ?? 0).toBe(0);
    expect(ws.properties.outlineLevelRow).toBe(1);
    let taskRows = 0;
    ws.eachRow((r) => (taskRows += r.outlineLevel === 1 ? 1 : 0));
    expect(taskRows).toBe(model.tasks.length);
  });

  it('Timeline: today marker, milestone markers and page setup for the board', async () => {
    const ws = sheet(await wbPromise, 'Timeline');
    const todayCol = TIMELINE_FIRST_PERIOD_COL; // today 2026-11-25 is in the first month
    expect(fillOf(ws.getRow(TIMELINE_HEADER_ROW).getCell(todayCol))).toBe(COLOR.today);
    expect(ws.getRow(TIMELINE_HEADER_ROW + 1).getCell(todayCol).value).toContain('▼');
    const body = findRow(ws, 1, 'P-SCOPE').getCell(todayCol);
    expect(body.border?.left?.color?.argb).toBe(COLOR.today);
    // First 10-K due 2028-03-30: its month column carries the marker.
    const head = ws.getRow(TIMELINE_HEADER_ROW);
    let marked = '';
    for (let c = TIMELINE_FIRST_PERIOD_COL; c <= ws.columnCount; c++) {
      const v = head.getCell(c).value;
      if (v instanceof Date && v.toISOString().startsWith('2028-03'))
        marked = String(ws.getRow(TIMELINE_HEADER_ROW + 1).getCell(c).note ?? '');
    }
    expect(marked).toContain('10-K due: 2028-03-30');

    expect(ws.pageSetup.orientation).toBe('landscape');
    expect(ws.pageSetup.fitToPage).toBe(true);
    expect(ws.pageSetup.fitToWidth).toBe(1);
    expect(ws.pageSetup.fitToHeight).toBe(0);
    expect(ws.pageSetup.printTitlesRow).toBe('4:6');
    expect(ws.headerFooter.oddHeader).toContain('Acme Cloud');
    expect(ws.headerFooter.oddFooter).toContain('2026-11-25');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: TIMELINE_FIRST_PERIOD_COL - 1 });
  });

  it('Timeline: at-risk tasks are red and flagged "!"; a normal one is not', async () => {
    const risky = analyse(typicalSaasControls(), { ...SAAS_PROFILE, ipoDate: '2027-03-25', planStart: '2026-11-25' });
    const late = risky.plan.tasks.find((t) => t.atRisk)!;
    const fine = risky.plan.tasks.find((t) => !t.atRisk && t.status !== 'done')!;
    const wb = await roundTrip(modelOf(risky, typicalSaasControls()));
    const ws = sheet(wb, 'Timeline');
    const lateRow = findRow(ws, 1, late.id);
    const fineRow = findRow(ws, 1, fine.id);
    const fills = (r: ExcelJS.Row) => {
      const out: string[] = [];
      for (let c = TIMELINE_FIRST_PERIOD_COL; c <= ws.columnCount; c++) {
        const f = fillOf(r.getCell(c));
        if (f) out.push(f);
      }
      return new Set(out);
    };
    expect(fills(lateRow)).toEqual(new Set([COLOR.barRisk]));
    expect(lateRow.getCell(6).value).toBe('!');
    expect(String(lateRow.getCell(6).note)).toContain('latest finish');
    expect(fills(fineRow)).toEqual(new Set([COLOR.bar]));
    expect(fineRow.getCell(6).value ?? '').toBe('');
    const summary = sheet(wb, 'Summary');
    expect(findRow(summary, 2, late.id).getCell(1).value).toBe('Task at risk');
  });

  it('Timeline: one column per week when the plan spans under six months', async () => {
    const tasks = typical.plan.tasks.filter((t) => t.id === 'P-READINESS' || t.id === 'P-SCOPE'); // 2026-11-25 .. 2027-03-24
    const short: Analysis = { ...typical, plan: { ...typical.plan, end: '2027-03-24' } };
    const ws = sheet(await roundTrip({ ...modelOf(short, controls), tasks, today: '2030-01-01' }), 'Timeline');
    const head = ws.getRow(TIMELINE_HEADER_ROW);
    expect(head.getCell(TIMELINE_FIRST_PERIOD_COL).value).toEqual(utc('2026-11-23'));
    expect(head.getCell(TIMELINE_FIRST_PERIOD_COL + 1).value).toEqual(utc('2026-11-30'));
    const row = findRow(ws, 1, 'P-READINESS'); // 25 Nov .. 23 Dec: the weeks of 23 Nov to 21 Dec
    const filled: string[] = [];
    for (let c = TIMELINE_FIRST_PERIOD_COL; c <= ws.columnCount; c++)
      if (fillOf(row.getCell(c))) filled.push((head.getCell(c).value as Date).toISOString().slice(0, 10));
    expect(filled).toEqual(['2026-11-23', '2026-11-30', '2026-12-07', '2026-12-14', '2026-12-21']);
    // Today (2030) is outside the plan: no column, label or period, carries the today colour.
    for (let c = 1; c <= ws.columnCount; c++) {
      expect(fillOf(head.getCell(c))).not.toBe(COLOR.today);
      expect(row.getCell(c).border?.left?.color?.argb).not.toBe(COLOR.today);
    }
  });

  it('Summary and headers: defaults show their basis, and "&" in a company name is escaped', async () => {
    const a = analyse(typicalSaasControls(), { companyName: 'Smith & Sons', planStart: '2026-11-25' });
    const wb = await roundTrip(modelOf(a, typicalSaasControls()));
    const ws = sheet(wb, 'Summary');
    expect(ws.getCell('A1').value).toBe('Smith & Sons: SOX readiness summary');
    expect(findRow(ws, 1, 'Fiscal year end').getCell(6).value).toBe(
      'Default: calendar year end, the most common fiscal year end',
    );
    expect(String(findRow(ws, 1, 'IPO (effective) date').getCell(6).value)).toMatch(
      /^Default: plan start \+ 12 months/,
    );
    expect(findRow(ws, 1, 'Financial systems').getCell(2).value).toBe('(none named)');
    for (const name of SHEETS) expect(sheet(wb, name).headerFooter.oddHeader).toContain('Smith && Sons');
  });

  it('Timeline periods: weekly columns when the plan spans under six months', () => {
    const w = timelinePeriods('2026-11-25', '2027-03-01');
    expect(w.unit).toBe('week');
    expect(w.periods[0]).toEqual({ start: '2026-11-23', end: '2026-11-29' }); // Monday to Sunday
    expect(w.periods.at(-1)!.end >= '2027-03-01').toBe(true);
    const m = timelinePeriods('2026-11-25', '2027-06-01');
    expect(m.unit).toBe('month');
    expect(m.periods.map((p) => p.start)).toEqual([
      '2026-11-01',
      '2026-12-01',
      '2027-01-01',
      '2027-02-01',
      '2027-03-01',
      '2027-04-01',
      '2027-05-01',
      '2027-06-01',
    ]);
    expect(m.periods[2]!.end).toBe('2027-01-31');
  });

  it('SOX Program: one row per target, status coloured with its word, filter and frozen header', async () => {
    const ws = sheet(await wbPromise, 'SOX Program');
    expect(ws.getRow(1).values).toEqual([undefined, ...PROGRAM_COLUMNS]);
    expect(ws.rowCount).toBe(typical.delta.items.length + 1);
    const item = typical.delta.items[0]!;
    const row = findRow(ws, 1, item.id);
    const col = (name: (typeof PROGRAM_COLUMNS)[number]) => PROGRAM_COLUMNS.indexOf(name) + 1;
    expect(row.getCell(col('Status')).value).toBe('Enhance');
    expect(fillOf(row.getCell(col('Status')))).toBe(COLOR.amber);
    expect(row.getCell(col('Assertions')).value).toBe(item.assertions.join(', '));
    expect(row.getCell(col('Frequency')).value).toBe(item.frequency);
    // ELC-01 is entity-level: financial-scope does not apply there (issue 22); the partial CC1.1 overlap is the reason
    expect(String(row.getCell(col('What must change (reason: what to do)')).value)).toContain('Evidence kept: ');
    expect(String(row.getCell(col('What must change (reason: what to do)')).value)).not.toContain('Financial systems in scope: ');
    expect(row.getCell(col('Contributing SOC 2 controls (sheet!row)')).value).toBe('ENT-01 (Controls!4)');
    expect(ws.autoFilter).toBeTruthy();
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('SOC 2 Matrix: every original column in order, then styled soxbridge columns; client text is never a formula', async () => {
    const ws = sheet(await wbPromise, 'SOC 2 Matrix');
    const head = ws.getRow(MATRIX_HEADER_ROW);
    const original = ['Control ID', 'Control Name', 'Description', 'TSC', 'Owner', 'Client notes'];
    expect(head.values).toEqual([undefined, ...original, ...MATRIX_ADDED_COLUMNS]);
    const n = original.length;
    expect(fillOf(head.getCell(1))).toBe(COLOR.headerFill);
    expect(fillOf(head.getCell(n + 2))).toBe(COLOR.addedFill);
    expect(String(head.getCell(n + 2).note)).toContain('Added by soxbridge');
    expect(ws.getRow(MATRIX_HEADER_ROW - 1).getCell(n + 1).value).toBe('Added by soxbridge');

    const ent = findRow(ws, 1, 'ENT-01');
    expect(ent.getCell(2).value).toBe('Code of conduct');
    expect(ent.getCell(6).value).toBe(''); // the column only another control has
    expect(ent.getCell(n + 1).value).toBe('Controls!4');
    const use = typical.delta.controls.find((u) => u.controlId === 'ENT-01')!;
    expect(ent.getCell(n + 2).value).toBe('Reuse with changes');
    expect(ent.getCell(n + 3).value).toBe(use.targets.join(', '));
    expect(ws.rowCount).toBe(MATRIX_HEADER_ROW + controls.length);

    const evil = findRow(ws, 1, 'EVIL-1');
    for (const [c, text] of [
      [2, '=SUM(A1)'],
      [3, '+cmd|calc'],
      [4, '-1+1'],
      [5, '@SUM(1)'],
    ] as const) {
      expect(evil.getCell(c).value).toBe(text);
      expect(evil.getCell(c).type).toBe(ExcelJS.ValueType.String);
      expect(evil.getCell(c).formula).toBeUndefined();
    }
    expect(evil.getCell(6).value).toBe('only this control has this column');
    // At the XML level too: the sheet holds no formula at all, and the text is a shared string.
    const xml = unzipText(await bytesPromise, 'xl/worksheets/sheet4.xml');
    expect(xml).not.toContain('<f>');
    expect(unzipText(await bytesPromise, 'xl/sharedStrings.xml')).toContain('=SUM(A1)');
  });

  it('COSO: the 17 principles with status word and colour', async () => {
    const ws = sheet(await wbPromise, 'COSO');
    const rows: ExcelJS.Row[] = [];
    ws.eachRow((r) => {
      if (typeof r.getCell(2).value === 'number') rows.push(r);
    });
    expect(rows.map((r) => r.getCell(2).value)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    const tone = { Covered: COLOR.green, Partial: COLOR.amber, Gap: COLOR.red } as Record<string, string>;
    for (const r of rows) {
      const p = typical.coso[Number(r.getCell(2).value) - 1]!;
      expect(String(r.getCell(5).value).toLowerCase()).toBe(p.status);
      expect(fillOf(r.getCell(5))).toBe(tone[String(r.getCell(5).value)]);
    }
  });

  it('SoD: one row per conflict with both sides and their controls', async () => {
    const ws = sheet(await wbPromise, 'SoD');
    expect(ws.rowCount).toBe(SOD_HEADER_ROW + typical.sod.length);
    const c = typical.sod[0]!;
    const row = ws.getRow(SOD_HEADER_ROW + 1);
    expect(row.getCell(1).value).toBe('Critical');
    expect(row.getCell(2).value).toBe(c.rule);
    expect(row.getCell(4).value).toBe(c.sides[0].label);
    expect(String(row.getCell(5).value)).toContain('CM-01 (Controls!22)');
    expect(String(row.getCell(7).value)).toContain('CM-02 (Controls!23)');
    expect(row.getCell(9).value).toBe(c.compensatingControl);
  });

  it('client text in headers and footers cannot start a code, and control characters are dropped', () => {
    expect(headerText('Smith & Sons &P')).toBe('Smith && Sons &&P');
    expect(safeText('a\u0000b\u0007c\nd')).toBe('abc\nd');
    expect(typeof safeText({ formula: 'SUM(A1)' })).toBe('string');
  });
});
