// The Scenarios sheet (only when scenarios are saved) and the S-1 period on the Summary, read back from real .xlsx bytes.
import type ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SCENARIOS_SHEET } from '../../server/excel/export/scenarios-sheet.ts';
import { SHEET_ORDER, sheetOrder } from '../../server/excel/export/write-workbook.ts';
import { runScenarios, scenarioJson } from '../../server/use-cases/scenarios.ts';
import { catalog, SAAS_PROFILE, typicalSaasControls } from '../fixtures/analysis.ts';
import { exportBytes, loadWorkbook, saasModel } from '../fixtures/export.ts';

function rowWith(ws: ExcelJS.Worksheet, first: string): ExcelJS.Row {
  for (let r = 1; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(1).value === first) return ws.getRow(r);
  throw new Error(`no row starting "${first}"`);
}

describe('Scenarios sheet', () => {
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    const r = runScenarios(catalog, typicalSaasControls(), { ...SAAS_PROFILE, ipoDate: '2027-05-15' }, [{ name: 'IPO slips to March 2028', change: { ipoDate: '2028-03-01' } }], '2026-11-25');
    if (!r.ok) throw new Error(r.error.message);
    wb = await loadWorkbook(await exportBytes(saasModel({ scenarios: r.value.map(scenarioJson) })));
  });

  it('comes right after Timeline when scenarios are saved, and not otherwise', async () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(sheetOrder({ scenarios: [{} as never] }));
    expect(wb.worksheets.map((w) => w.name).slice(0, 4)).toEqual(['Summary', 'Board', 'Timeline', SCENARIOS_SHEET]);
    expect(sheetOrder({})).toEqual([...SHEET_ORDER]);
  });

  it('has scenarios in columns, milestones in rows, and what moved highlighted', () => {
    const ws = wb.getWorksheet(SCENARIOS_SHEET)!;
    expect(ws.getRow(3).getCell(2).value).toBe('baseline');
    expect(ws.getRow(3).getCell(3).value).toBe('IPO slips to March 2028');
    // IPO 2027-05-15 → S-1 period 03-31 (45 days); IPO 2028-03-01 → 2027-12-31 only 61 days before (< 90) → 2027-09-30
    const s1 = rowWith(ws, 'Latest period in the S-1');
    expect([s1.getCell(2).value, s1.getCell(3).value]).toEqual(['2027-03-31', '2027-09-30']);
    // baseline first 10-Q: Q2, later of 06-29 and 08-14 (Sat) → 08-16; March 2028 IPO: Q1 2028, later of 04-15 and 05-15 → 05-15
    const q = rowWith(ws, 'First 10-Q');
    expect([q.getCell(2).value, q.getCell(3).value]).toEqual(['due 2027-08-16 (period 2027-06-30)', 'due 2028-05-15 (period 2028-03-31)']);
    expect((q.getCell(3).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFEB9C');
    expect(q.getCell(2).fill?.type === 'pattern' && (q.getCell(2).fill as ExcelJS.FillPattern).fgColor?.argb === 'FFFFEB9C').toBe(false);
    // the first 404(a) year stays FY2028 (FY2027 is the first annual report either way: Rule 13a-1 for the March IPO),
    // but its due date moves: accelerated at 2028-12-31 after a 2027-05-15 IPO (+75 = 2029-03-16); after a 2028-03-01
    // IPO there are not yet 12 months of reporting (Rule 12b-2), so non-accelerated: +90 = Sat 2029-03-31 → 2029-04-02
    const a = rowWith(ws, 'First §404(a) report');
    expect([a.getCell(2).value, a.getCell(3).value]).toEqual(['due 2029-03-16 (period 2028-12-31)', 'due 2029-04-02 (period 2028-12-31)']);
    expect(String(rowWith(ws, 'What moved').getCell(3).value)).toMatch(/^moved: .*first10Q/);
  });

  it('shows the S-1 period on the Summary with its basis', () => {
    const ws = wb.getWorksheet('Summary')!;
    const r = rowWith(ws, 'Latest period in the S-1');
    expect(r.getCell(2).value).toBeInstanceOf(Date);
    expect((r.getCell(2).value as Date).toISOString().slice(0, 10)).toBe('2027-03-31');
    expect(String(r.getCell(6).value)).toMatch(/Default: .*45 days/);
  });
});
