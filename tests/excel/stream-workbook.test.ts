// The plan workbook is written with exceljs's streaming writer (server/excel/export/stream-workbook.ts). Where that
// writer differs from the whole-workbook one, the file must still be what Excel opens without a repair prompt and
// what the sheet builders asked for: each worksheet's elements in the order of the file format (the streaming writer
// puts sheet protection after the validations), the settings a builder makes after creating a sheet (the Timeline's
// frozen panes and outline summary rows, fit-to-page print settings), and every row of the client's matrix.
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { addMatrixSheet, MATRIX_HEADER_ROW, MATRIX_SHEET } from '../../server/excel/export/matrix-sheet.ts';
import { markFormulaLikeCells } from '../../server/excel/export/formula-safe.ts';
import type { ExportModel } from '../../server/excel/export/model.ts';
import { sheetOrder } from '../../server/excel/export/write-workbook.ts';
import { streamedWorkbook } from '../../server/excel/export/stream-workbook.ts';
import { Writable } from 'node:stream';
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

  // stream-workbook.ts writes rows of plain cells itself (writePlainRow), notes included, and the Map-based shared
  // strings stand in for exceljs's: the sheet, the shared strings and the notes must be exceljs's own, byte for byte,
  // for every kind of row, including the rows it hands back to exceljs (a link, a formula, a merge, rich text).
  it("writes each kind of row as exceljs's own streaming writer does, byte for byte", async () => {
    const fill = (ws: ExcelJS.Worksheet) => {
      const font = { name: 'Arial', size: 10, bold: true };
      const border = { top: { style: 'thin' as const } };
      const a = ws.addRow(['text', 42, 3.5, new Date(Date.UTC(2027, 4, 15)), true, false, null, 'text']);
      a.getCell(1).font = font;
      a.getCell(7).border = border; // a styled blank cell
      a.getCell(4).numFmt = 'yyyy-mm-dd';
      const b = ws.addRow([]);
      b.height = 12.75; // an empty row with a height
      const c = ws.addRow(['x', 'y']);
      c.hidden = true;
      c.outlineLevel = 1;
      const d = ws.addRow(['noted', 7, null, null]);
      d.getCell(1).note = 'a note';
      d.getCell(2).note = 'a note on a number';
      d.getCell(3).note = 'a note on an empty cell'; // (written as a note, not as a cell)
      d.getCell(4).border = border;
      d.getCell(4).note = 'a note on a styled empty cell';
      const e = ws.addRow([{ text: 'link', hyperlink: 'https://example.com' }, { formula: 'A1&"!"', result: 'text!' }, { richText: [{ text: 'rich' }] }]);
      e.getCell(2).font = font;
      ws.addRow(['merged', null, 'after']);
      ws.mergeCells('A6:B6'); // (exceljs's own streaming sheet has no rowCount: the rows are counted here)
      const f = ws.addRow([null, null]); // blanks without a style: no row at all
      f.getCell(1).value = null;
      ws.addRow(['<&"\'>', 'text', '  spaced  ']);
      for (let r = 1; r <= 8; r++) ws.getRow(r).commit();
    };
    const ours = streamedWorkbook();
    fill(ours.wb.addWorksheet('S'));
    const mine = unzipSync(await ours.finish());

    const chunks: Buffer[] = [];
    const sink = new Writable({ write: (c: Buffer, _e, done) => (chunks.push(c), done()) });
    const theirs = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: true });
    const ws = theirs.addWorksheet('S');
    fill(ws as unknown as ExcelJS.Worksheet);
    await theirs.commit();
    const ref = unzipSync(new Uint8Array(Buffer.concat(chunks)));
    const text = (files: Record<string, Uint8Array>, name: string) => new TextDecoder().decode(files[name]);
    const data = (xml: string) => /<sheetData>[\s\S]*<\/sheetData>/.exec(xml)?.[0];
    expect(data(text(mine, 'xl/worksheets/sheet1.xml'))).toContain('<row r="2" ht="12.75" customHeight="1" x14ac:dyDescent="0.25"/>');
    expect(data(text(mine, 'xl/worksheets/sheet1.xml'))).toBe(data(text(ref, 'xl/worksheets/sheet1.xml')));
    expect(text(mine, 'xl/sharedStrings.xml')).toBe(text(ref, 'xl/sharedStrings.xml'));
    expect(text(mine, 'xl/comments1.xml')).toBe(text(ref, 'xl/comments1.xml'));
    expect(text(mine, 'xl/comments1.xml')).toContain('a note on an empty cell');
    expect(text(mine, 'xl/drawings/vmlDrawing1.vml')).toBe(text(ref, 'xl/drawings/vmlDrawing1.vml'));
  });

  // The SOC 2 Matrix's body rows go straight to the file in a streamed workbook (matrix-sheet.ts, writeTextRow); a whole
  // workbook keeps exceljs's rows. Read back, both must hold the same cells: values, formats (formula-like text as
  // Text), fonts, fills, alignment, borders and row heights.
  it("writes the matrix's rows straight to the file as exceljs's rows would be", async () => {
    const m = model(false);
    m.controls = m.controls.map((c, i) => ({
      ...c,
      original: c.original.map(([h, v], k): [string, string] => [h, k === 1 && i % 3 === 0 ? ['=SUM(A1)', '+1 approver', '-x', '@risk'][i % 4]! : k === 2 && i % 5 === 0 ? `${v}\n${'a long line of text '.repeat(12)}` : v]),
    }));
    const streamed = new ExcelJS.Workbook();
    await streamed.xlsx.load((await exportPlan(m)).buffer as ArrayBuffer);
    const whole = new ExcelJS.Workbook();
    const ws = await addMatrixSheet(whole, m);
    ws.eachRow((row) => markFormulaLikeCells(row));
    const back = new ExcelJS.Workbook();
    await back.xlsx.load((await whole.xlsx.writeBuffer()) as ArrayBuffer);
    const a = streamed.getWorksheet(MATRIX_SHEET)!;
    const b = back.getWorksheet(MATRIX_SHEET)!;
    expect(a.rowCount).toBe(b.rowCount);
    let formulaLike = 0;
    let tall = 0;
    for (let r = MATRIX_HEADER_ROW + 1; r <= b.rowCount; r++) {
      expect(a.getRow(r).height, `row ${r}`).toBe(b.getRow(r).height);
      if ((b.getRow(r).height ?? 0) > 15) tall++;
      for (let c = 1; c <= b.columnCount; c++) {
        const [x, y] = [a.getCell(r, c), b.getCell(r, c)];
        const at = `${y.address}`;
        expect(x.value, at).toEqual(y.value);
        expect([x.numFmt, x.font, x.fill, x.alignment, x.border], at).toEqual([y.numFmt, y.font, y.fill, y.alignment, y.border]);
        if (y.numFmt === '@') formulaLike++;
      }
    }
    expect(formulaLike).toBeGreaterThanOrEqual(Math.floor(m.controls.length / 3));
    expect(tall).toBeGreaterThan(0);
  });
});
