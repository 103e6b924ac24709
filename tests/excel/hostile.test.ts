// Files of a few KB that hang or kill exceljs when read naively. Every one is built here, in code.
import { describe, expect, it } from 'vitest';
import { readSpreadsheet } from '../../server/excel/read.ts';
import { claimSize, inlineCell, patchZip, rawXlsx, rawXlsxParts, textRow, unzipText, xlsxFrom, zerosBomb, zipOf } from './build.ts';

async function read(bytes: Uint8Array, name: string, limits = {}) {
  return readSpreadsheet(bytes, name, limits);
}

function numberRows(n: number, cols: number): string {
  let out = '';
  for (let r = 1; r <= n; r++) {
    out += `<row r="${r}">`;
    for (let c = 0; c < cols; c++) out += `<c r="${String.fromCharCode(65 + c)}${r}"><v>${r * 100 + c}</v></c>`;
    out += '</row>';
  }
  return out;
}

describe('zip bombs', () => {
  it('refuses a 300 MB part of zeros from its central directory, without inflating it', async () => {
    const bomb = await zerosBomb('xl/worksheets/sheet1.xml', 300, rawXlsxParts({ sheets: [] }));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const r = await read(bomb, 'bomb.xlsx');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('zip-bomb');
    expect(r.error.message).toContain('xl/worksheets/sheet1.xml');
  });

  it('refuses a part under the size cap that compresses far beyond real workbooks (ratio)', async () => {
    const bomb = await zerosBomb('xl/sharedStrings.xml', 20, rawXlsxParts({ sheets: [{ name: 'S', rows: textRow(1, ['a']) }] }));
    const r = await read(bomb, 'ratio.xlsx');
    expect(!r.ok && r.error.code).toBe('zip-bomb');
    expect(!r.ok && r.error.message).toMatch(/xl\/sharedStrings\.xml expands \d+:1/);
  });

  it('refuses a central directory that claims a huge part', async () => {
    const normal = rawXlsx({ sheets: [{ name: 'S', rows: textRow(1, ['a']) }] });
    const r = await read(claimSize(normal, 'xl/worksheets/sheet1.xml', 0xfff00000), 'claims.xlsx');
    expect(!r.ok && r.error.code).toBe('zip-bomb');
  });

  it('refuses a workbook whose parts together exceed the total limit', async () => {
    const rows = numberRows(3000, 8); // ~0.5 MB of xml per sheet
    const wb = rawXlsx({ sheets: [1, 2, 3].map((i) => ({ name: `S${i}`, rows })) });
    const r = await read(wb, 'total.xlsx', { maxUncompressedBytes: 1024 * 1024 });
    expect(!r.ok && r.error.code).toBe('zip-bomb');
    expect(!r.ok && r.error.message).toMatch(/would expand to/);
  });

  // A workbook small enough to keep its parts inflated for the read has each part inflated in one call; a larger one
  // is streamed in chunks (so no part is ever whole in memory), and again as the reader takes it. Both hold a part to the size its central directory
  // declares, in either direction. (A limit must be above zero: 1 byte is the smallest hand-off.)
  for (const [how, limits] of [
    ['kept inflated', {}],
    ['streamed', { keepInflatedBytes: 1 }],
  ] as const) {
    it(`catches a part that inflates to more than its central directory declares (${how})`, async () => {
      const wb = rawXlsx({ sheets: [{ name: 'S', rows: numberRows(2000, 8) }] });
      const liar = claimSize(wb, 'xl/worksheets/sheet1.xml', 1000);
      const r = await read(liar, 'liar.xlsx', limits);
      expect(!r.ok && r.error.code).toBe('corrupt-zip');
      expect(!r.ok && r.error.message).toContain('liar.xlsx');
    });

    it(`catches a part that inflates to fewer bytes than its central directory declares (${how})`, async () => {
      const parts = rawXlsxParts({ sheets: [{ name: 'S', rows: numberRows(200, 8) }] });
      const size = new TextEncoder().encode(parts['xl/worksheets/sheet1.xml']).length;
      const r = await read(claimSize(zipOf(parts), 'xl/worksheets/sheet1.xml', size + 100), 'short.xlsx', limits);
      expect(!r.ok && r.error.code).toBe('corrupt-zip');
      const honest = await read(claimSize(zipOf(parts), 'xl/worksheets/sheet1.xml', size), 'honest.xlsx', limits);
      expect(honest.ok).toBe(true);
    });
  }
});

describe('damaged zips', () => {
  it('a real xlsx cut in half is corrupt-zip, not a crash', async () => {
    const full = await xlsxFrom((wb) => {
      const ws = wb.addWorksheet('Controls');
      for (let i = 0; i < 200; i++) ws.addRow([`C-${i}`, `Control ${i}`, i]);
    });
    const r = await read(full.subarray(0, Math.floor(full.length / 2)), 'half.xlsx');
    expect(!r.ok && r.error.code).toBe('corrupt-zip');
    expect(!r.ok && r.error.message).toContain('half.xlsx');
  });

  it('a zip with two parts of the same name is refused (exceljs would read one, the guard the other)', async () => {
    const parts = rawXlsxParts({ sheets: [{ name: 'S', rows: textRow(1, ['a']) }] });
    const hidden = `<workbook xmlns="x"><definedNames><definedName name="Big">S!$A$1:$XFD$1048576</definedName></definedNames></workbook>`;
    const zip = zipOf({ ...parts, 'xl/workbook.xmm': hidden });
    // Rename the decoy in its local header and central-directory record so two entries are called xl/workbook.xml.
    const from = new TextEncoder().encode('xl/workbook.xmm');
    const to = new TextEncoder().encode('xl/workbook.xml');
    let renamed = 0;
    for (let i = 0; i + from.length <= zip.length; i++) {
      if (from.every((b, k) => zip[i + k] === b)) {
        zip.set(to, i);
        renamed++;
      }
    }
    expect(renamed).toBe(2);
    const r = await read(zip, 'twice.xlsx');
    expect(!r.ok && r.error.code).toBe('corrupt-zip');
    expect(!r.ok && r.error.message).toContain('xl/workbook.xml');
  });
});

describe('broken xml inside a sound zip', () => {
  const rows = (n: number) => Array.from({ length: n }, (_, i) => textRow(i + 1, [`C-${i + 1}`, `Control number ${i + 1} of the matrix`])).join('');

  it('names the sheet whose xml is broken and the last row read before it, not an error from inside the reader', async () => {
    // 2,000 good rows (the reader hands rows over as it parses), then a row closed with the wrong tag: the first fault
    // is told, where it is (the end of that row's closing tag), and the row it closes is the last one read.
    const broken = `${rows(2000)}<row r="2001"><c r="A2001" t="inlineStr"><is><t>C-2001</t></is></c></rowx>`;
    const r = await read(rawXlsx({ sheets: [{ name: 'Cover', rows: textRow(1, ['Acme']) }, { name: 'Controls', rows: broken }] }), 'broken.xlsx');
    expect(!r.ok && r.error.code).toBe('unreadable');
    if (r.ok) return;
    const sheetXml = rawXlsxParts({ sheets: [{ name: 'Controls', rows: broken }] })['xl/worksheets/sheet1.xml']!;
    const column = sheetXml.indexOf('</rowx>') + '</rowx>'.length; // saxes counts columns from 1, after the '>'
    expect(r.error.message).toBe(`"broken.xlsx", sheet "Controls", after row 2001: the sheet is damaged (broken xml at line 1, column ${column} (unexpected close tag)); open the file in Excel, save it again as .xlsx and re-upload it.`);
  });

  it('refuses shared strings or styles cut short, which the reader would take without an error (texts lost, or a crash)', async () => {
    const whole = await xlsxFrom((wb) => {
      const ws = wb.addWorksheet('Controls');
      ws.addRow(['Control ID', 'Description', 'Due']);
      for (let i = 1; i <= 60; i++) ws.addRow([`AC-${i}`, `Access control number ${i}, reviewed quarterly`, new Date(Date.UTC(2027, 0, i))]);
    });
    const sound = await read(whole, 'whole.xlsx');
    expect(sound.ok).toBe(true);
    const half = (xml: string) => xml.slice(0, Math.floor(xml.length / 2));
    const strings = await read(patchZip(whole, { 'xl/sharedStrings.xml': half }), 'strings-cut.xlsx');
    expect(!strings.ok && strings.error).toEqual({
      code: 'unreadable',
      message: '"strings-cut.xlsx" is damaged: its table of cell texts (xl/sharedStrings.xml) is cut short, so some cells would be read without their text; open it in Excel, save it again as .xlsx and re-upload it.',
    });
    const styles = await read(patchZip(whole, { 'xl/styles.xml': half }), 'styles-cut.xlsx');
    expect(!styles.ok && styles.error.message).toMatch(/^"styles-cut\.xlsx" is damaged: its cell formats \(xl\/styles\.xml\) are cut short, so cells would be read without their formats/);
    // an empty shared-strings table written as <sst/> is whole (the sheet's texts are inline)
    const parts = rawXlsxParts({ sheets: [{ name: 'Controls', rows: textRow(1, ['Control ID']) + textRow(2, ['AC-1']) }] });
    parts['xl/_rels/workbook.xml.rels'] = parts['xl/_rels/workbook.xml.rels']!.replace('</Relationships>', `<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`);
    parts['xl/sharedStrings.xml'] = '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>\n';
    expect((await read(zipOf(parts), 'none.xlsx')).ok).toBe(true);
  });

  it('refuses a cell numbering a shared text the file does not have (it would read as empty), naming the cell', async () => {
    const whole = await xlsxFrom((wb) => {
      wb.addWorksheet('Cover').addRow(['Acme']);
      const ws = wb.addWorksheet('Controls');
      ws.addRow(['Control ID', 'Description']);
      for (let i = 1; i <= 30; i++) ws.addRow([`AC-${i}`, `Access control number ${i}`]);
    });
    // exceljs numbers texts in order of first use: the cell B31 holds the last one; point it one past the end
    const sheet = unzipText(whole, 'xl/worksheets/sheet2.xml');
    const last = /<c r="B31"([^>]*)><v>(\d+)<\/v>/.exec(sheet);
    expect(last).not.toBeNull();
    const count = Number(last![2]) + 1;
    expect(unzipText(whole, 'xl/sharedStrings.xml').match(/<si>/g)).toHaveLength(count);
    const past = patchZip(whole, { 'xl/worksheets/sheet2.xml': (x) => x.replace(last![0], `<c r="B31"${last![1]}><v>${count}</v>`) });
    const r = await read(past, 'past.xlsx');
    expect(!r.ok && r.error).toEqual({
      code: 'unreadable',
      message: `"past.xlsx" is damaged: in sheet "Controls", cell B31 points to text number ${count + 1} of the file's table of cell texts, but the table has ${count}, so that cell (and any like it) would be read as empty; open it in Excel, save it again as .xlsx and re-upload it.`,
    });
    expect((await read(whole, 'whole.xlsx')).ok).toBe(true);
    // a text cell whose value is no number at all is read as empty too; one the reader still takes (" 3") is fine
    const garbage = patchZip(whole, { 'xl/worksheets/sheet2.xml': (x) => x.replace(last![0], `<c r="B31"${last![1]}><v>Access &amp; review</v>`) });
    const g = await read(garbage, 'garbage.xlsx');
    expect(!g.ok && g.error).toEqual({
      code: 'unreadable',
      message: `"garbage.xlsx" is damaged: in sheet "Controls", cell B31 should give the number of a text in the file's table of cell texts but holds "Access & review", so it would be read as empty; open it in Excel, save it again as .xlsx and re-upload it.`,
    });
    const spaced = patchZip(whole, { 'xl/worksheets/sheet2.xml': (x) => x.replace(last![0], `<c r="B31"${last![1]}><v> 3</v>`) });
    expect((await read(spaced, 'spaced.xlsx')).ok).toBe(true);
  });

  it('says so when the shared strings are broken, before any sheet is read', async () => {
    const parts = rawXlsxParts({ sheets: [{ name: 'Controls', rows: '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' }] });
    const SST = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings';
    parts['xl/_rels/workbook.xml.rels'] = parts['xl/_rels/workbook.xml.rels']!.replace('</Relationships>', `<Relationship Id="rIdT" Type="${SST}" Target="sharedStrings.xml"/></Relationships>`);
    parts['xl/sharedStrings.xml'] = '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>Control ID</t></sx></sst>';
    const r = await read(zipOf(parts), 'strings.xlsx');
    expect(!r.ok && r.error.message).toMatch(/^"strings\.xlsx" is damaged: its table of cell texts \(xl\/sharedStrings\.xml\) has broken xml at line 1, column \d+ \(unexpected close tag\)/);
    // and its cell formats, named as such
    parts['xl/sharedStrings.xml'] = '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>Control ID</t></si></sst>';
    parts['xl/styles.xml'] = parts['xl/styles.xml']!.replace('</cellXfs>', '</cellXfx>');
    const styles = await read(zipOf(parts), 'styles.xlsx');
    expect(!styles.ok && styles.error.message).toMatch(/^"styles\.xlsx" is damaged: its cell formats \(xl\/styles\.xml\) have broken xml at line \d+, column \d+ \(unexpected close tag\); open the file in Excel/);
  });
});

describe('defined names over huge ranges', () => {
  it('neutralises a name over A1:XFD1048576 and still reads the sheet, with a warning', async () => {
    const wb = rawXlsx({
      sheets: [{ name: 'Controls', rows: textRow(1, ['ID', 'Title']) + textRow(2, ['C-1', 'Access review']) }],
      definedNames: `<definedName name="Everything">Controls!$A$1:$XFD$1048576</definedName><definedName name="Ids">Controls!$A$2:$A$3</definedName>`,
    });
    const r = await read(wb, 'names.xlsx');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.sheets[0]?.rows[1]?.[1]?.text).toBe('Access review');
    const warnings = r.value.issues.filter((i) => i.code === 'defined-name-removed');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.severity).toBe('warning');
    expect(warnings[0]?.message).toBe('"names.xlsx": a named range ("Everything") covering the whole sheet was ignored; it does not affect the controls.');
  });

  it('also handles quoted sheet names, several areas and many mid-sized names adding up', async () => {
    const many = Array.from({ length: 6 }, (_, i) => `<definedName name="Block${i}">'My Sheet'!$A$1:$T$50000,'My Sheet'!$B:$B</definedName>`).join('');
    const wb = rawXlsx({
      sheets: [{ name: 'My Sheet', rows: textRow(1, ['x']) }],
      definedNames: `${many}<definedName name="_xlnm.Print_Titles" localSheetId="0">'My Sheet'!$1:$1</definedName>`,
    });
    const r = await read(wb, 'many.xlsx');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const removed = r.value.issues.filter((i) => i.code === 'defined-name-removed').map((i) => i.message);
    // One fact, told once, in words: what the names cover, not how many cells.
    expect(removed).toEqual([
      '"many.xlsx": 6 named ranges ("Block0", "Block1", "Block2", "Block3", "Block4", and 1 more) covering whole columns were ignored; they do not affect the controls.',
    ]);
    expect(removed.join(' ')).not.toContain('Print_Titles');
    expect(r.value.sheets[0]?.rows[0]?.[0]?.text).toBe('x');
  });

  it('reports the same way when the workbook is too large to keep its parts inflated', async () => {
    const wb = rawXlsx({
      sheets: [{ name: 'Controls', rows: textRow(1, ['ID', 'Title']) + textRow(2, ['C-1', 'Access review']) }],
      definedNames: `<definedName name="Everything">Controls!$A$1:$XFD$1048576</definedName>`,
    });
    const stored = await readSpreadsheet(wb, 'names.xlsx', { keepInflatedBytes: 1e9 });
    const original = await readSpreadsheet(wb, 'names.xlsx', { keepInflatedBytes: 1 });
    expect(original.ok && stored.ok).toBe(true);
    if (!original.ok || !stored.ok) return;
    expect(original.value.sheets).toEqual(stored.value.sheets);
    expect(original.value.sheets[0]?.rows[1]?.[1]?.text).toBe('Access review');
    expect(original.value.issues.map((i) => i.code)).toContain('defined-name-removed');
  });

  it('leaves a workbook with only small names untouched (no warning)', async () => {
    const wb = rawXlsx({
      sheets: [{ name: 'S', rows: textRow(1, ['x']) }],
      definedNames: `<definedName name="Small">S!$A$1:$B$10</definedName>`,
    });
    const r = await read(wb, 'small.xlsx');
    expect(r.ok && r.value.issues.filter((i) => i.code === 'defined-name-removed')).toEqual([]);
  });
});

describe('worksheet parts exceljs expands per cell', () => {
  it('nine whole-column data validations load (ignored) and values are right', async () => {
    const validations = Array.from(
      { length: 9 },
      (_, i) => `<dataValidation type="list" allowBlank="1" sqref="${String.fromCharCode(65 + i)}1:${String.fromCharCode(65 + i)}1048576"><formula1>"Yes,No,N/A"</formula1></dataValidation>`,
    ).join('');
    const base = await xlsxFrom((wb) => {
      const ws = wb.addWorksheet('Matrix');
      ws.addRow(['ID', 'Owner', 'Tested']);
      ws.addRow(['C-001', 'Ana', 'Yes']);
    });
    const wb = patchZip(base, {
      'xl/worksheets/sheet1.xml': (xml) => xml.replace('</sheetData>', `</sheetData><dataValidations count="9">${validations}</dataValidations>`),
    });
    const r = await read(wb, 'validations.xlsx');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.sheets[0]?.rows.map((row) => row.map((c) => c?.text))).toEqual([
      ['ID', 'Owner', 'Tested'],
      ['C-001', 'Ana', 'Yes'],
    ]);
  });

  it('a merge over the whole sheet is recorded, not materialised cell by cell', async () => {
    const wb = rawXlsx({
      sheets: [{ name: 'S', rows: textRow(1, ['Title']) + textRow(2, ['a', 'b']), after: '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>' }],
    });
    const r = await read(wb, 'giant-merge.xlsx');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const sheet = r.value.sheets[0];
    expect(sheet?.merges).toEqual([{ top: 1, left: 1, bottom: 1048576, right: 16384 }]);
    expect(sheet?.rows.length).toBe(2);
    expect(sheet?.rows[1]?.map((c) => c?.text)).toEqual(['Title', 'Title']);
  });

  it('a column definition spanning a billion columns does not hang', async () => {
    const wb = rawXlsx({ sheets: [{ name: 'S', rows: textRow(1, ['ok']) }] });
    const patched = patchZip(wb, {
      'xl/worksheets/sheet1.xml': (xml) => xml.replace('<sheetData>', '<cols><col min="1" max="1000000000" width="12" customWidth="1"/></cols><sheetData>'),
    });
    const r = await read(patched, 'cols.xlsx');
    expect(r.ok && r.value.sheets[0]?.rows[0]?.[0]?.text).toBe('ok');
  });
});

describe('row and column limits', () => {
  it('more row elements than maxRows is too-many-rows naming the sheet, not a silent truncation', async () => {
    const wb = rawXlsx({ sheets: [{ name: 'Long', rows: numberRows(30, 2) }] });
    const r = await read(wb, 'long.xlsx', { maxRows: 20 });
    expect(!r.ok && r.error.code).toBe('too-many-rows');
    expect(!r.ok && r.error.message).toContain('"Long"');
  });

  it('one cell far below the limit row is too-many-rows too', async () => {
    const wb = rawXlsx({ sheets: [{ name: 'Sparse', rows: textRow(1, ['h']) + `<row r="5000">${inlineCell('A5000', 'far')}</row>` }] });
    const r = await read(wb, 'sparse.xlsx', { maxRows: 1000 });
    expect(!r.ok && r.error.code).toBe('too-many-rows');
    expect(!r.ok && r.error.message).toMatch(/row 5,000/);
  });

  it('a row wider than maxCols is too-many-columns', async () => {
    const wb = rawXlsx({ sheets: [{ name: 'Wide', rows: numberRows(2, 12) }] });
    const r = await read(wb, 'wide.xlsx', { maxCols: 10 });
    expect(!r.ok && r.error.code).toBe('too-many-columns');
  });
});

describe('header text never becomes an object key', () => {
  it('__proto__ and constructor headers read as plain text and pollute nothing', async () => {
    const wb = await xlsxFrom((w) => {
      const ws = w.addWorksheet('__proto__');
      ws.addRow(['__proto__', 'constructor', 'toString']);
      ws.addRow(['{"polluted":true}', 'x', 'y']);
    });
    const r = await read(wb, '__proto__.xlsx');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.sheets[0]?.name).toBe('__proto__');
    expect(r.value.sheets[0]?.rows[0]?.map((c) => c?.text)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(r.value.sheets[0]?.rows[0]?.[0])).toBe(Object.prototype);
  });
});
