// The Board sheet: one landscape page at 100% (so nothing prints under 9 pt), the same counts as the analysis, and
// LibreOffice renders it as exactly one PDF page. The Timeline opens with its phases collapsed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOARD_MIN_FONT, BOARD_SHEET, boardCounts } from '../../server/excel/export/board-sheet.ts';
import { analyseEngagement } from '../../server/use-cases/analyse-engagement.ts';
import { catalog, SAAS_PROFILE, typicalSaasControls } from '../fixtures/analysis.ts';
import { exportBytes, loadWorkbook, saasModel, saveWorkbook } from '../fixtures/export.ts';

const dir = mkdtempSync(join(tmpdir(), 'soxbridge-board-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// H1: IPO ten months out, a failed test rated a material weakness (restatement indicator).
const H1 = { ...SAAS_PROFILE, ipoDate: '2027-09-25', planStart: '2026-11-25', materiality: 1_000_000 };
const r = analyseEngagement(catalog, typicalSaasControls(), H1, '2026-11-25', {
  testing: {
    results: [{ testId: 'REV-03-TOE', tested: 2, exceptions: 1, conclusion: 'ineffective', testedOn: '2028-03-15', note: '' }],
    judgements: [{ deficiencyId: 'DEF-REV-03', likelihood: null, magnitude: null, compensatingControl: null, indicators: ['restatement'], overrideSeverity: null, overrideReason: null }],
  },
});
if (!r.ok) throw new Error(r.error.message);
const model = saasModel({}, typicalSaasControls(), r.value);
let wb: ExcelJS.Workbook;
let bytes: Uint8Array;
beforeAll(async () => {
  bytes = await exportBytes(model);
  wb = await loadWorkbook(bytes);
});

// Landscape A4 (11.69 × 8.27 in) less the margins, in points; Excel's column width unit is about 7 px = 5.25 pt
// (Calibri 11) plus 5 px of padding; a row without a height is 15 pt.
const PRINT_W = (11.69 - 0.8) * 72;
const PRINT_H = (8.27 - 1.0 - 0.5) * 72; // margins 0.5 + 0.5, header/footer bands

describe('Board sheet', () => {
  it('is one landscape page wide and tall, laid out to fit at 100%, no font under 9 pt', () => {
    const ws = wb.getWorksheet(BOARD_SHEET)!;
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 1 });
    let width = 0;
    for (let c = 1; c <= ws.columnCount; c++) width += ((ws.getColumn(c).width ?? 8.43) * 7 + 5) * 0.75;
    let height = 0;
    for (let i = 1; i <= ws.rowCount; i++) height += ws.getRow(i).height ?? 15;
    expect(width).toBeLessThanOrEqual(PRINT_W);
    expect(height).toBeLessThanOrEqual(PRINT_H);
    ws.eachRow((row) => row.eachCell((cell) => cell.value !== null && cell.value !== '' && expect(cell.font?.size ?? 11, cell.address).toBeGreaterThanOrEqual(BOARD_MIN_FONT)));
  });

  it('states the same counts as the analysis, with phases, SEC milestones as lines, readiness and top risks', () => {
    const ws = wb.getWorksheet(BOARD_SHEET)!;
    const c = boardCounts(model);
    const a = r.value;
    expect(c.atRisk).toBe(a.plan.atRisk);
    expect(c.openDeficiencies).toBe(1);
    expect(c.materialWeaknesses).toBe(1);
    const line = String(ws.getCell('A2').value);
    expect(line).toContain(`${a.plan.atRisk} tasks at risk`);
    expect(line).toContain(`Readiness ${a.readiness.overall}%`);
    expect(line).toContain('1 open deficiency, 1 material weakness');
    const text: string[] = [];
    ws.eachRow((row) => row.eachCell((cell) => text.push(String(cell.value ?? ''))));
    for (const p of a.plan.phases) expect(text.some((t) => t.startsWith(p.name)), p.name).toBe(true);
    for (const m of a.timeline.milestones) expect(text.join(' ')).toContain(`${m.label}: due ${m.due}`);
    expect(text.some((t) => t.startsWith('Item 9A disclosure risk'))).toBe(true);
    expect(text.some((t) => /^Entity-level: [\d.]+%/.test(t))).toBe(true);
    let lines = 0;
    ws.eachRow((row) => row.eachCell((cell) => cell.border?.left?.style === 'thick' && lines++));
    expect(lines).toBeGreaterThan(0);
    // the Summary states the same counts
    const summary: string[] = [];
    wb.getWorksheet('Summary')!.eachRow((row) => row.eachCell((cell) => summary.push(String(cell.value ?? ''))));
    expect(summary.join(' ')).toContain(`${a.plan.atRisk} tasks at risk in the plan as analysed`);
    expect(summary.join(' ')).toContain('1 open deficiency, 1 material weakness');
    expect(summary).toContain('Item 9A disclosure risk');
  });

  it('the Timeline opens with its phases collapsed', () => {
    const ws = wb.getWorksheet('Timeline')!;
    let tasks = 0;
    ws.eachRow((row) => {
      if (row.outlineLevel === 1) {
        tasks++;
        expect(row.hidden).toBe(true);
      }
    });
    expect(tasks).toBe(model.tasks.length);
  });

  it('LibreOffice prints the Board sheet on exactly one PDF page', async () => {
    const only = await loadWorkbook(bytes);
    for (const ws of [...only.worksheets]) if (ws.name !== BOARD_SHEET) only.removeWorksheet(ws.id);
    const file = join(dir, 'board.xlsx');
    writeFileSync(file, await saveWorkbook(only));
    const p = spawnSync('/usr/bin/soffice', [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, file], { encoding: 'utf8', timeout: 300_000 });
    if (p.error) throw new Error(`soffice could not run (${p.error.message})`);
    expect(p.status, p.stderr).toBe(0);
    const pdf = readFileSync(join(dir, 'board.pdf')).toString('latin1');
    expect(pdf.match(/\/Type\s*\/Page[^s]/g)?.length).toBe(1);
  });
});
