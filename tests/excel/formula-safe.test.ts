// Client and user text that starts like a formula (=, +, -, @, tab, CR) is written with Excel's quote prefix in every
// sheet of the plan workbook, so it stays text when someone edits the cell or saves the sheet as CSV. Checked with two
// readers independent of exceljs: openpyxl (Debian's python3-openpyxl) and LibreOffice, which opens the export and
// saves it again as .xlsx (a user editing and saving); neither may find such a cell without the prefix.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvField, looksLikeFormula, quotePrefixText } from '../../server/excel/export/formula-safe.ts';
import type { SocControl } from '../../server/domain/control.ts';
import { analyse, SAAS_PROFILE, typicalSaasControls } from '../fixtures/analysis.ts';
import { exportBytes, saasModel } from '../fixtures/export.ts';

const PY = '/usr/bin/python3'; // Debian's, with python3-openpyxl (.ci/run installs it)
const SCRIPT = new URL('./py/formula-cells.py', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'soxbridge-formula-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface FormulaCell {
  sheet: string;
  cell: string;
  text: string;
  quotePrefix: boolean;
  format: string;
  type: string;
}

function formulaCells(file: string): FormulaCell[] {
  const r = spawnSync(PY, [SCRIPT, file], { encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw new Error(`${PY} could not run (${r.error.message}); install python3-openpyxl`);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as FormulaCell);
}

// One planted text for each first character, in the client's matrix (names, descriptions, extra columns, owners),
// the company name and a task's owner and notes: they reach the Summary, Plan, SOX Program, SOC 2 Matrix and SoD.
const PLANTED = ['=SUM(A1)', '+cmd|calc', '-1+1', '@SUM(1)', '\t=1+1', '\r=2+2'];

function hostileControls(): SocControl[] {
  const controls = typicalSaasControls();
  const first = controls[0]!;
  controls.push({
    ...first,
    id: 'EVIL-1',
    title: '=HYPERLINK("http://x","y")',
    description: '+cmd|calc',
    owners: [{ ...first.owners[0]!, name: '@owner' } as SocControl['owners'][number]],
    source: { ...first.source, row: 999, rows: [999] },
    original: [
      ['Control ID', 'EVIL-1'],
      ...PLANTED.map((t, i) => [`Client column ${i + 1}`, t] as [string, string]),
    ],
  });
  return controls;
}

describe('formula-like client text in the plan workbook', () => {
  let file = '';
  beforeAll(async () => {
    const controls = hostileControls();
    const a = analyse(controls, { ...SAAS_PROFILE, companyName: '=cmd|" /C calc"!A0', planStart: '2026-11-25' });
    const tasks = a.plan.tasks.map((t, i) => (i === 0 ? { ...t, owner: '-Finance', notes: '@risk +note' } : t));
    file = join(dir, 'plan.xlsx');
    writeFileSync(file, await exportBytes(saasModel({ tasks }, controls, a)));
  });

  it('openpyxl finds every planted text, each with the quote prefix, in every sheet it reached', () => {
    const cells = formulaCells(file);
    expect(cells.filter((c) => !c.quotePrefix || c.format !== '@')).toEqual([]);
    expect(cells.filter((c) => c.type !== 's')).toEqual([]);
    const texts = new Set(cells.map((c) => c.text));
    // A carriage return written into the XML of a cell is read back as a line feed by every XML reader (Excel too),
    // so the planted '\r=2+2' arrives as '\n=2+2', which no program takes for a formula.
    const found = [...PLANTED.filter((t) => !t.startsWith('\r')), '-Finance', '@risk +note', '=cmd|" /C calc"!A0: SOX readiness summary'];
    for (const t of found) expect(texts, JSON.stringify(t)).toContain(t);
    for (const s of ['Summary', 'Timeline', 'Plan', 'SOC 2 Matrix']) expect(cells.some((c) => c.sheet === s), s).toBe(true);
  });

  // LibreOffice (7.4) takes the quote prefix as the cell's Text format and saves it back so (formatCode "@", without
  // the quotePrefix attribute): in both programs a Text cell keeps what is typed into it as text.
  it('LibreOffice opens it and saves it again with every such cell still text, in the Text format', () => {
    const r = spawnSync(
      'soffice',
      [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', join(dir, 'lo'), file],
      { encoding: 'utf8', timeout: 300_000 },
    );
    if (r.error) throw new Error(`soffice could not run (${r.error.message}); install libreoffice-calc-nogui`);
    expect(r.status, r.stderr).toBe(0);
    const before = formulaCells(file);
    const after = formulaCells(join(dir, 'lo', 'plan.xlsx'));
    expect(after.filter((c) => c.format !== '@')).toEqual([]);
    expect(after.filter((c) => c.type !== 's')).toEqual([]);
    // LibreOffice keeps every one of them (it drops nothing and turns none into a formula).
    const key = (c: FormulaCell) => `${c.sheet}!${c.cell} ${JSON.stringify(c.text)}`;
    expect(after.map(key).sort()).toEqual(before.map(key).sort());
  }, 300_000);
});

describe('the formula-safe pieces', () => {
  it.each([
    ['=1+1', true],
    ['+1', true],
    ['-1', true],
    ['@x', true],
    ['\tx', true],
    ['\rx', true],
    ['a=1', false],
    [' =1', false],
    ['', false],
    ['1-2', false],
  ])('%j looks like a formula: %s', (text, yes) => expect(looksLikeFormula(text)).toBe(yes));

  it('a CSV field of formula-like text gets a leading apostrophe, then the usual quoting', () => {
    expect(csvField('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvField('-1,2')).toBe(`"'-1,2"`);
    expect(csvField('plain, "quoted"')).toBe('"plain, ""quoted"""');
    expect(csvField('ok')).toBe('ok');
  });

  it('adds quotePrefix only to the cell formats with the Text format, once', () => {
    const xml =
      '<styleSheet><cellStyleXfs count="1"><xf numFmtId="49"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0"/>' +
      '<xf numFmtId="49" fontId="1" applyNumberFormat="1"><alignment wrapText="1"/></xf><xf numFmtId="49" quotePrefix="1"/></cellXfs></styleSheet>';
    expect(quotePrefixText(xml)).toBe(
      '<styleSheet><cellStyleXfs count="1"><xf numFmtId="49"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0"/>' +
        '<xf numFmtId="49" fontId="1" applyNumberFormat="1" quotePrefix="1"><alignment wrapText="1"/></xf><xf numFmtId="49" quotePrefix="1"/></cellXfs></styleSheet>',
    );
  });
});
