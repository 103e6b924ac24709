// The plan workbook is written with exceljs's streaming writer (server/excel/export/stream-workbook.ts). Where that
// writer differs from the whole-workbook one, the file must still be what Excel opens without a repair prompt and
// what the sheet builders asked for: each worksheet's elements in the order of the file format (the streaming writer
// puts sheet protection after the validations), the settings a builder makes after creating a sheet (the Timeline's
// frozen panes and outline summary rows, fit-to-page print settings), and every row of the client's matrix.
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { MATRIX_HEADER_ROW, MATRIX_SHEET } from '../../server/excel/export/matrix-sheet.ts';
import type { ExportModel } from '../../server/excel/export/model.ts';
import { sheetOrder } from '../../server/excel/export/write-workbook.ts';
import { exportPlan } from '../../server/use-cases/export-plan.ts';
import { analyse, SAAS_PROFILE, typicalSaasControls } from '../fixtures/analysis.ts';

// CT_Worksheet's children, in the order ECMA-376 Part 1 (18.3.1.99) lays them down (the ones a plan workbook uses).
const ORDER = ['sheetPr', 'dimension', 'sheetViews', 'sheetFormatPr', 'cols', 'sheetData', 'sheetProtection', 'autoFilter', 'mergeCells', 'conditionalFormatting', 'dataValidations', 'hyperlinks', 'printOptions', 'pageMargins', 'pageSetup', 'headerFooter', 'rowBreaks', 'drawing', 'legacyDrawing'];

function model(readOnly: boolean): ExportModel {
  const controls = typicalSaasControls();
  const analysis = analyse(controls, SAAS_PROFILE);
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
    readOnly,
  };
}

// The workbook's sheets by name: name -> the text of its part (from workbook.xml and its relationships).
function sheetParts(bytes: Uint8Array): Map<string, string> {
  const files = unzipSync(bytes);
  const text = (name: string) => new TextDecoder().decode(files[name]);
  const rels = new Map([...text('xl/_rels/workbook.xml.rels').matchAll(/<Relationship\b[^>]*\bId="([^"]+)"[^>]*\bTarget="([^"]+)"/g)].map((m) => [m[1]!, m[2]!]));
  const out = new Map<string, string>();
  for (const m of text('xl/workbook.xml').matchAll(/<sheet\b[^>]*\bname="([^"]+)"[^>]*\br:id="([^"]+)"/g)) out.set(m[1]!, text(`xl/${rels.get(m[2]!)!}`));
  return out;
}

// The top-level elements of a worksheet part, in the order they appear.
const children = (xml: string) =>
  [...xml.replace(/<sheetData\b[\s\S]*?<\/sheetData>/, '<sheetData/>').matchAll(/<([A-Za-z]+)\b/g)].map((m) => m[1]!).filter((n) => ORDER.includes(n));

describe('the plan workbook, streamed', () => {
  it("a viewer's copy: every sheet protected, each sheet's elements in the file format's order", async () => {
    const bytes = await exportPlan(model(true));
    const parts = sheetParts(bytes);
    expect([...parts.keys()]).toEqual(sheetOrder(model(true)));
    for (const [name, xml] of parts) {
      const seen = [...new Set(children(xml))];
      expect(seen, name).toEqual([...seen].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b)));
      expect(seen, name).toContain('sheetProtection');
    }
  });

  it('keeps what a builder sets after creating a sheet, and every matrix row', async () => {
    const m = model(false);
    const bytes = await exportPlan(m);
    const parts = sheetParts(bytes);
    const timeline = parts.get('Timeline')!;
    // set by the Timeline builder once its columns are known: frozen below row 6, after the task columns
    expect(timeline).toMatch(/<pane xSplit="6" ySplit="6" topLeftCell="G7" activePane="bottomRight" state="frozen"\/>/);
    expect(timeline).toMatch(/<sheetPr><outlinePr summaryBelow="0" summaryRight="0"\/><pageSetUpPr fitToPage="1"\/><\/sheetPr>/);
    expect(parts.get(MATRIX_SHEET)).toMatch(/<sheetPr><pageSetUpPr fitToPage="1"\/><\/sheetPr><sheetViews><sheetView workbookViewId="0"><pane xSplit="1" ySplit="3"/);
    expect([...parts.values()].some((x) => x.includes('<sheetProtection'))).toBe(false);

    const back = new ExcelJS.Workbook();
    await back.xlsx.load(bytes.buffer as ArrayBuffer);
    const ws = back.getWorksheet(MATRIX_SHEET)!;
    expect(ws.rowCount).toBe(MATRIX_HEADER_ROW + m.controls.length);
    expect(ws.getCell(MATRIX_HEADER_ROW + m.controls.length, 1).value).toBe(m.controls.at(-1)!.original[0]![1]);
    expect(back.views[0]?.activeTab).toBe(0);
    // the print titles the builders set become the workbook's defined names
    expect(back.getWorksheet('Timeline')!.pageSetup.printTitlesRow).toBe('4:6');
  });
});
