import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../server/domain/dates.ts';
import { applyPlanDiff } from '../../server/domain/plan-diff.ts';
import { columnOf, numberText, PLAN_COLUMNS, planRow } from '../../server/domain/plan-export.ts';
import type { GridCell } from '../../server/domain/grid.ts';
import { SHEET_ORDER } from '../../server/excel/export/write-workbook.ts';
import { diffExports, readExportFile, type ReadExport } from '../../server/use-cases/round-trip.ts';
import { importWorkbook } from '../../server/use-cases/import-workbook.ts';
import { analyse, catalog, SAAS_PROFILE } from '../fixtures/analysis.ts';
import { exportBytes, loadWorkbook, planRowOf, saasModel, saveWorkbook } from '../fixtures/export.ts';
import { REAL_FIXTURE_FILES, realFixture } from '../fixtures/real.ts';
import { readInline } from '../fixtures/reader.ts';

async function read(bytes: Uint8Array, name = 'plan.xlsx'): Promise<ReadExport> {
  const r = await readExportFile(readInline, bytes, name);
  if (!r.ok || r.value === null) throw new Error(r.ok ? 'not an export' : r.error.message);
  return r.value;
}

async function edit(bytes: Uint8Array, change: (ws: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const wb = await loadWorkbook(bytes);
  change(wb.getWorksheet('Plan')!);
  return saveWorkbook(wb);
}
const utc = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

describe('the plan workbook as written', () => {
  let wb: ExcelJS.Workbook;
  const model = saasModel();
  beforeAll(async () => {
    wb = await loadWorkbook(await exportBytes(model));
  });

  it('has the sheets in order, the first active and visible, meta and Lists hidden (not very hidden) and Lists last', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual([...SHEET_ORDER]);
    expect(wb.worksheets.map((w) => w.state)).toEqual(SHEET_ORDER.map((n) => (n === 'meta' || n === 'Lists' ? 'hidden' : 'visible')));
    expect(wb.views[0]?.activeTab).toBe(0);
  });

  it('writes one Plan row per task with a stable id, real dates, dropdowns, a frozen header and an autofilter', () => {
    const ws = wb.getWorksheet('Plan')!;
    expect(ws.rowCount).toBe(model.tasks.length + 1);
    const t = model.tasks.find((x) => x.kind === 'design')!;
    const row = planRowOf(ws, t.id);
    expect(row.getCell(columnOf('start')).value).toEqual(utc(t.start));
    expect(row.getCell(columnOf('due')).value).toEqual(utc(t.end));
    expect(row.getCell(columnOf('start')).dataValidation).toMatchObject({ type: 'date' });
    expect(row.getCell(columnOf('status')).dataValidation).toMatchObject({ type: 'list', formulae: ['"not-started,in-progress,done,blocked"'] });
    expect(row.getCell(columnOf('owner')).dataValidation.formulae?.[0]).toMatch(/^Lists!\$A\$2:\$A\$\d+$/);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBeTruthy();
    const lists = wb.getWorksheet('Lists')!;
    expect(lists.getColumn(1).values).toContain(t.owner);
  });

  it('writes each task as its planRow: every column read back is the canonical text of the one task-to-row conversion', async () => {
    const back = await read(await exportBytes(model));
    const phaseNames = new Map(model.analysis.plan.phases.map((p) => [p.id, p.name]));
    const canonical = (c: GridCell | undefined) => (c === undefined ? '' : c.value.kind === 'date' ? c.value.iso.slice(0, 10) : c.value.kind === 'number' ? numberText(c.value.value) : c.text);
    expect(back.export.rows).toHaveLength(model.tasks.length);
    for (const [i, t] of model.tasks.entries()) {
      const row = back.export.rows[i]!;
      const want = planRow(t, phaseNames);
      expect(Object.fromEntries(PLAN_COLUMNS.map((c) => [c.field, canonical(row.cells.get(c.field))])), t.id).toEqual(want);
    }
  });

  it('records the engagement, export and a hash of each editable row on the meta sheet', () => {
    const meta = wb.getWorksheet('meta')!;
    const kv = new Map<string, string>();
    meta.eachRow((r) => kv.set(String(r.getCell(1).value), String(r.getCell(2).value)));
    expect(kv.get('format')).toBe('soxbridge-export');
    expect(kv.get('engagementId')).toBe('eng-acme');
    expect(kv.get('exportId')).toBe('exp-1');
    expect(kv.get('soxbridgeVersion')).toBe('0.1.0');
    let hashes = 0;
    meta.eachRow((r) => r.getCell(1).value === 'Plan' && /^[0-9a-f]{16}$/.test(String(r.getCell(4).value)) && hashes++);
    expect(hashes).toBe(model.tasks.length);
  });
});

describe('round trip', () => {
  const model = saasModel();
  let exported: Uint8Array;
  let original: ReadExport;
  beforeAll(async () => {
    exported = await exportBytes(model);
    original = await read(exported);
  });

  it('recognises the workbook by its meta sheet; a client matrix is not an export', async () => {
    expect(original.export.meta.engagementId).toBe('eng-acme');
    const matrix = await readExportFile(readInline, new Uint8Array(readFileSync(new URL('../fixtures/real/Mehulchhabra07__Automated-Test-of-Design---Internal-Controls__sample_controls.xlsx', import.meta.url))), 'm.xlsx');
    expect(matrix).toEqual({ ok: true, value: null });
  });

  it('gives an empty diff when the workbook comes back unchanged, even after Excel-style re-saving', async () => {
    const resaved = await edit(exported, () => {});
    const d = diffExports({ original, edited: await read(resaved), current: model.tasks });
    expect(d).toEqual({ ok: true, value: { changes: [], added: [], deleted: [], invalid: [], conflicts: [] } });
  });

  it('gives exactly the edits made in the workbook: owner, status, dates, notes, new row, deleted row, invalid value', async () => {
    const [a, b, c, gone, bad] = model.tasks.filter((t) => t.kind === 'design');
    const otherOwner = model.tasks.map((t) => t.owner).find((o) => o !== a!.owner)!;
    const edited = await edit(exported, (ws) => {
      planRowOf(ws, a!.id).getCell(columnOf('owner')).value = otherOwner;
      planRowOf(ws, a!.id).getCell(columnOf('status')).value = 'in-progress';
      planRowOf(ws, b!.id).getCell(columnOf('due')).value = utc(addDays(b!.end, 14));
      planRowOf(ws, c!.id).getCell(columnOf('notes')).value = 'Agreed with the auditor on 3 Dec';
      planRowOf(ws, bad!.id).getCell(columnOf('status')).value = 'nearly done';
      ws.spliceRows(planRowOf(ws, gone!.id).number, 1);
      const added = ws.addRow([]);
      added.getCell(columnOf('title')).value = 'Hire a SOX programme manager';
      added.getCell(columnOf('owner')).value = a!.owner;
      added.getCell(columnOf('start')).value = utc('2027-01-04');
      added.getCell(columnOf('due')).value = utc('2027-02-26');
      added.getCell(columnOf('effort')).value = 5;
      added.getCell(columnOf('status')).value = 'not-started';
    });
    const r = diffExports({ original, edited: await read(edited), current: model.tasks });
    if (!r.ok) throw new Error(r.error.message);
    const d = r.value;
    expect(d.changes.map((x) => `${x.id}.${x.field}=${x.after}`).sort()).toEqual(
      [`${a!.id}.owner=${otherOwner}`, `${a!.id}.status=in-progress`, `${b!.id}.due=${addDays(b!.end, 14)}`, `${c!.id}.notes=Agreed with the auditor on 3 Dec`].sort(),
    );
    expect(d.changes.find((x) => x.field === 'due')!.before).toBe(b!.end);
    expect(d.deleted.map((x) => x.id)).toEqual([gone!.id]);
    expect(d.added).toEqual([expect.objectContaining({ values: expect.objectContaining({ title: 'Hire a SOX programme manager', start: '2027-01-04' }) })]);
    expect(d.invalid).toEqual([expect.objectContaining({ sheet: 'Plan', column: 'I', id: bad!.id, code: 'status-unknown' })]);
    expect(d.conflicts).toEqual([]);
  });

  it('reports a conflict when the same field changed in soxbridge since the export', async () => {
    const t = model.tasks[5]!;
    const edited = await edit(exported, (ws) => (planRowOf(ws, t.id).getCell(columnOf('notes')).value = 'from the workbook'));
    const current = model.tasks.map((x) => (x.id === t.id ? { ...x, notes: 'from the app' } : x));
    const r = diffExports({ original, edited: await read(edited), current });
    expect(r.ok && r.value.conflicts).toEqual([expect.objectContaining({ id: t.id, field: 'notes', workbook: 'from the workbook', current: 'from the app' })]);
  });

  it('finds the Plan sheet by its headers when the tab was renamed, and names that tab in the diff', async () => {
    const t = model.tasks[2]!;
    const edited = await edit(exported, (ws) => {
      ws.name = 'Plan - CFO edits';
      planRowOf(ws, t.id).getCell(columnOf('status')).value = 'done';
      planRowOf(ws, model.tasks[3]!.id).getCell(columnOf('status')).value = 'soon';
    });
    const back = await read(edited);
    expect(back.export.planSheet).toBe('Plan - CFO edits');
    const r = diffExports({ original, edited: back, current: model.tasks });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.changes).toEqual([expect.objectContaining({ sheet: 'Plan - CFO edits', id: t.id, field: 'status', after: 'done' })]);
    expect(r.value.invalid).toEqual([expect.objectContaining({ sheet: 'Plan - CFO edits', column: 'I', id: model.tasks[3]!.id, code: 'status-unknown' })]);
    expect(r.value.deleted).toEqual([]);
  });

  it('does not guess between two renamed copies of the Plan, and names both', async () => {
    const wb = await loadWorkbook(exported);
    const plan = wb.getWorksheet('Plan')!;
    plan.name = 'Plan v1';
    const copy = wb.addWorksheet('Plan v2');
    plan.eachRow((row, n) => (copy.getRow(n).values = row.values as ExcelJS.CellValue[]));
    const r = await readExportFile(readInline, await saveWorkbook(wb), 'two.xlsx');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.message).toBe(
      '"two.xlsx" is a soxbridge export without a "Plan" sheet, and the sheets "Plan v1" and "Plan v2" both look like it; rename the one to bring back to "Plan"',
    );
  });

  it('refuses a workbook exported from another engagement', async () => {
    const foreign = await read(await exportBytes(saasModel({ engagementId: 'eng-other', exportId: 'exp-9' })));
    const r = diffExports({ original, edited: foreign, current: model.tasks });
    expect(r).toEqual({ ok: false, error: expect.objectContaining({ code: 'foreign-workbook' }) });
  });

  it('shows an applied change in the next export', async () => {
    const t = model.tasks.find((x) => x.kind === 'implement')!;
    const edited = await edit(exported, (ws) => (planRowOf(ws, t.id).getCell(columnOf('status')).value = 'done'));
    const d = diffExports({ original, edited: await read(edited), current: model.tasks });
    if (!d.ok) throw new Error(d.error.message);
    const applied = applyPlanDiff(model.tasks, d.value, { changes: 'all', added: 'all', deleted: [], resolutions: {} });
    if (!applied.ok) throw new Error(applied.error.message);
    const again = await loadWorkbook(await exportBytes({ ...model, exportId: 'exp-2', tasks: applied.value }));
    expect(planRowOf(again.getWorksheet('Plan')!, t.id).getCell(columnOf('status')).value).toBe('done');
  });

  it('keeps client text that starts with = + - @ as text through the round trip, never as a formula', async () => {
    const hostile = ['=HYPERLINK("http://evil.example","x")', '+1+2', '-2+3', '@SUM(A1)', '=cmd|" /C calc"!A0'];
    const tasks = model.tasks.map((t, i) => (i < hostile.length ? { ...t, notes: hostile[i]!, title: hostile[i]! } : t));
    const bytes = await exportBytes({ ...model, tasks });
    const wb = await loadWorkbook(bytes);
    const ws = wb.getWorksheet('Plan')!;
    hostile.forEach((h, i) => {
      const cell = ws.getRow(i + 2).getCell(columnOf('notes'));
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.value).toBe(h);
    });
    let formulas = 0;
    wb.eachSheet((s) => s.eachRow((r) => r.eachCell((c) => c.type === ExcelJS.ValueType.Formula && formulas++)));
    expect(formulas).toBe(0);
    const back = await read(bytes);
    const d = diffExports({ original: back, edited: back, current: tasks });
    expect(d.ok && d.value.changes).toEqual([]);
  });
});

describe('export and round trip on every real fixture', () => {
  it.each([...REAL_FIXTURE_FILES])('%s: export, re-import unchanged, empty diff', async (f) => {
    const bytes = realFixture(f);
    const imp = await importWorkbook(catalog, bytes, f, { read: readInline });
    if (!imp.ok) throw new Error(imp.error.message);
    const a = analyse(imp.value.controls, { ...SAAS_PROFILE, planStart: '2026-11-25' });
    const model = saasModel({ source: { file: f, sheets: imp.value.sheetsRead } }, imp.value.controls, a);
    const out = await exportBytes(model);
    const wb = await loadWorkbook(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual([...SHEET_ORDER]);
    expect(wb.getWorksheet('SOC 2 Matrix')!.rowCount).toBeGreaterThanOrEqual(imp.value.controls.length);
    const back = await read(out);
    expect(back.export.rows.length).toBe(model.tasks.length);
    const d = diffExports({ original: back, edited: await read(await edit(out, () => {})), current: model.tasks });
    expect(d).toEqual({ ok: true, value: { changes: [], added: [], deleted: [], invalid: [], conflicts: [] } });
  });
});
