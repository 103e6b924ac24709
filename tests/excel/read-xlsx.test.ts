import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { Grid, GridSheet } from '../../server/domain/grid.ts';
import { readSpreadsheet } from '../../server/excel/read.ts';
import { rawXlsx, rawXlsxParts, textRow, xlsxFrom, zipOf } from './build.ts';

const REAL = new URL('../fixtures/real/', import.meta.url);

async function grid(bytes: Uint8Array, name = 'book.xlsx'): Promise<Grid> {
  const r = await readSpreadsheet(bytes, name);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

function texts(sheet: GridSheet | undefined): (string | undefined)[][] {
  return (sheet?.rows ?? []).map((row) => row.map((c) => c?.text));
}

describe('one normalising function for every cell type', () => {
  it('flattens rich text, keeps safe links, drops javascript: links, reads formulas, errors, booleans and numbers', async () => {
    const g = await grid(
      await xlsxFrom((wb) => {
        const ws = wb.addWorksheet('S');
        ws.getCell('A1').value = { richText: [{ text: 'Access ', font: { bold: true } }, { text: 'review' }] };
        ws.getCell('B1').value = { text: 'Policy', hyperlink: 'https://example.com/policy' };
        ws.getCell('C1').value = { text: 'Click me', hyperlink: 'javascript:alert(1)' };
        ws.getCell('D1').value = { text: 'Mail', hyperlink: 'mailto:audit@example.com' };
        ws.getCell('A2').value = { formula: 'B2*2', result: 84 };
        ws.getCell('B2').value = 42;
        ws.getCell('C2').value = { formula: 'B2*3', date1904: false };
        ws.getCell('D2').value = { error: '#REF!' };
        ws.getCell('E2').value = true;
        ws.getCell('F2').value = 1.5;
        ws.getCell('G2').value = 0.1 + 0.2;
        ws.getCell('H2').value = { formula: '"a"&"b"', result: 'ab' };
      }),
    );
    const row1 = g.sheets[0]?.rows[0] ?? [];
    const row2 = g.sheets[0]?.rows[1] ?? [];
    expect(row1[0]).toEqual({ text: 'Access review', value: { kind: 'string' } });
    expect(row1[1]).toEqual({ text: 'Policy', value: { kind: 'string' }, url: 'https://example.com/policy' });
    expect(row1[2]).toEqual({ text: 'Click me', value: { kind: 'string' } });
    expect(row1[3]?.url).toBe('mailto:audit@example.com');
    expect(row2[0]).toEqual({ text: '84', value: { kind: 'number', value: 84 }, formula: true });
    expect(row2[1]).toEqual({ text: '42', value: { kind: 'number', value: 42 } });
    expect(row2[2]).toEqual({ text: '', value: { kind: 'string' }, formula: true });
    expect(row2[3]).toEqual({ text: '#REF!', value: { kind: 'error', value: '#REF!' } });
    expect(row2[4]).toEqual({ text: 'TRUE', value: { kind: 'boolean', value: true } });
    expect(row2[5]?.text).toBe('1.5');
    expect(row2[6]?.text).toBe('0.3');
    expect(row2[7]).toEqual({ text: 'ab', value: { kind: 'string' }, formula: true });

    const noResult = g.issues.find((i) => i.code === 'formula-no-result');
    expect(noResult).toMatchObject({ severity: 'warning', sheet: 'S', row: 2, column: 'C' });
    const dropped = g.issues.find((i) => i.code === 'hyperlink-dropped');
    expect(dropped).toMatchObject({ sheet: 'S', row: 1, column: 'C' });
    expect(dropped?.message).toContain('javascript:');
  });

  it('says which cells are marked as numbers but hold none (text without its type, a number too large), instead of "NaN"', async () => {
    const g = await grid(
      rawXlsx({ sheets: [{ name: 'N', rows: '<row r="1"><c r="A1" t="inlineStr"><is><t>Control ID</t></is></c><c r="B1"><v>Quarterly</v></c><c r="C1"><v>1e400</v></c><c r="D1"><v>7</v></c></row>' }] }),
    );
    expect(g.sheets[0]?.rows[0]).toEqual([{ text: 'Control ID', value: { kind: 'string' } }, undefined, undefined, { text: '7', value: { kind: 'number', value: 7 } }]);
    const notes = g.issues.filter((i) => i.code === 'number-unreadable');
    // One fact, the cells listed together.
    expect(notes.map((i) => [i.sheet, i.row, i.column, i.severity])).toEqual([['N', 1, 'B', 'warning']]);
    expect(notes[0]?.message).toBe('"book.xlsx", sheet "N", 2 cells (B1, C1): the file marks the cell as a number but what it holds is not one (or is too large to read); it was read as empty, check the cell in Excel.');
  });

  it('applies simple number formats and does not mistake "#,##0 \\k\\m" for a date', async () => {
    const g = await grid(
      rawXlsx({ sheets: [{ name: 'N', rows: '<row r="1"><c r="A1" s="2"><v>1500</v></c><c r="B1" s="3"><v>1.1</v></c><c r="C1" s="4"><v>0.25</v></c></row>' }] }),
    );
    expect(g.sheets[0]?.rows[0]).toEqual([
      { text: '1500', value: { kind: 'number', value: 1500 } },
      { text: '1.10', value: { kind: 'number', value: 1.1 } },
      { text: '25%', value: { kind: 'number', value: 0.25 } },
    ]);
  });
});

describe('dates', () => {
  const savedTz = process.env.TZ;
  afterEach(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  const dated = (serial: string, extra = '') =>
    rawXlsx({ workbookPr: extra, sheets: [{ name: 'D', rows: `<row r="1"><c r="A1" s="1"><v>${serial}</v></c></row>` }] });

  it.each(['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC'])('a date-only serial is YYYY-MM-DD whatever the TZ (%s)', async (tz) => {
    process.env.TZ = tz;
    const g = await grid(dated('45306'));
    expect(g.sheets[0]?.rows[0]?.[0]).toEqual({ text: '2024-01-15', value: { kind: 'date', iso: '2024-01-15' } });
    const t = await grid(dated('45306.75'));
    expect(t.sheets[0]?.rows[0]?.[0]).toEqual({ text: '2024-01-15 18:00', value: { kind: 'date', iso: '2024-01-15T18:00:00.000Z' } });
  });

  it('honours the 1904 date system', async () => {
    const g = await grid(dated('43844', '<workbookPr date1904="1"/>'));
    expect(g.sheets[0]?.rows[0]?.[0]?.value).toEqual({ kind: 'date', iso: '2024-01-15' });
    const same1900 = await grid(dated('43844'));
    expect(same1900.sheets[0]?.rows[0]?.[0]?.value).toEqual({ kind: 'date', iso: '2020-01-14' });
  });

  it('keeps an absurd year as a number with a warning, and a bare time as a clock time', async () => {
    const g = await grid(dated('2958465'));
    expect(g.sheets[0]?.rows[0]?.[0]).toEqual({ text: '2958465', value: { kind: 'number', value: 2958465 } });
    expect(g.issues.find((i) => i.code === 'date-out-of-range')).toMatchObject({ sheet: 'D', row: 1, column: 'A', severity: 'warning' });
    const time = await grid(dated('0.5'));
    expect(time.sheets[0]?.rows[0]?.[0]).toEqual({ text: '12:00', value: { kind: 'number', value: 0.5 } });
  });

  it('reads ISO t="d" cells as dates (exceljs alone reads "2024-01-15" as 2024)', async () => {
    const g = await grid(
      rawXlsx({
        sheets: [{ name: 'Iso', rows: '<row r="1"><c r="A1" t="d"><v>2024-01-15</v></c><c r="B1" s="1" t="d"><v>2024-01-15</v></c><c r="C1" t="d"><v>2024-01-15T10:30:00</v></c></row>' }],
      }),
    );
    expect(g.sheets[0]?.rows[0]?.map((c) => c?.value)).toEqual([
      { kind: 'date', iso: '2024-01-15' },
      { kind: 'date', iso: '2024-01-15' },
      { kind: 'date', iso: '2024-01-15T10:30:00.000Z' },
    ]);
  });
});

describe('layout: merges, hidden rows and sheets, trimming', () => {
  it('copies a merged header value into every cell of its range and records the merge', async () => {
    const g = await grid(
      await xlsxFrom((wb) => {
        const ws = wb.addWorksheet('M');
        ws.getCell('A1').value = 'Control';
        ws.mergeCells('A1:B1');
        ws.getCell('C1').value = 'Testing';
        ws.mergeCells('C1:D1');
        ws.getRow(2).values = ['ID', 'Title', 'Owner', 'Result'];
        ws.getCell('A3').value = 'C-1';
        ws.mergeCells('A3:A4');
        ws.getCell('B3').value = 'First';
        ws.getCell('B4').value = 'Second';
      }),
    );
    const s = g.sheets[0];
    expect(s?.merges).toEqual(
      expect.arrayContaining([
        { top: 1, left: 1, bottom: 1, right: 2 },
        { top: 1, left: 3, bottom: 1, right: 4 },
        { top: 3, left: 1, bottom: 4, right: 1 },
      ]),
    );
    expect(texts(s)).toEqual([
      ['Control', 'Control', 'Testing', 'Testing'],
      ['ID', 'Title', 'Owner', 'Result'],
      ['C-1', 'First'],
      ['C-1', 'Second'],
    ]);
    expect(s?.rows[0]?.[0]?.merged).toBeUndefined();
    expect(s?.rows[0]?.[1]?.merged).toBe(true);
    expect(s?.rows[3]?.[0]?.merged).toBe(true);
  });

  it('keeps hidden rows and hidden sheets, reports them, and skips very hidden sheets', async () => {
    const g = await grid(
      await xlsxFrom((wb) => {
        const main = wb.addWorksheet('Main');
        main.addRows([['ID'], ['C-1'], ['C-2 (out of scope)'], ['C-3']]);
        main.getRow(3).hidden = true;
        wb.addWorksheet('Old', { state: 'hidden' }).addRow(['legacy']);
        wb.addWorksheet('Macro', { state: 'veryHidden' }).addRow(['secret']);
      }),
    );
    expect(g.sheets.map((s) => [s.name, s.state])).toEqual([
      ['Main', 'visible'],
      ['Old', 'hidden'],
    ]);
    expect(g.sheets[0]?.hiddenRows).toEqual([3]);
    expect(texts(g.sheets[0])[2]).toEqual(['C-2 (out of scope)']);
    expect(g.issues.find((i) => i.code === 'sheet-very-hidden-skipped')).toMatchObject({ severity: 'info', sheet: 'Macro' });
    expect(g.issues.find((i) => i.code === 'sheet-hidden')).toMatchObject({ sheet: 'Old' });
    expect(g.issues.find((i) => i.code === 'rows-hidden')).toMatchObject({ sheet: 'Main' });
  });

  it('trims trailing empty rows and columns, including styled empty cells', async () => {
    const g = await grid(
      rawXlsx({
        sheets: [{ name: 'T', rows: `${textRow(1, ['a', 'b'])}<row r="2"><c r="A2" t="inlineStr"><is><t>c</t></is></c><c r="E2" s="3"/></row><row r="7"><c r="C7" s="3"/></row>` }],
      }),
    );
    expect(texts(g.sheets[0])).toEqual([['a', 'b'], ['c']]);
  });

  it('keeps empty rows between data as empty arrays so row numbers stay Excel row numbers', async () => {
    const g = await grid(rawXlsx({ sheets: [{ name: 'G', rows: textRow(1, ['h']) + textRow(4, ['x']) }] }));
    expect(texts(g.sheets[0])).toEqual([['h'], [], [], ['x']]);
  });
});

// Cells are read with exceljs's streaming reader; what it misses or misreads is taken from the pre-flight's scan of the
// same xml. Each case is read with the parts kept inflated and with them inflated again (a large workbook).
describe('what the streaming reader needs help with', () => {
  const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  // The parts of a raw workbook with a shared-strings part, and the relationship that finds it.
  const withSharedStrings = (parts: Record<string, string>, xml: string) => {
    parts['xl/sharedStrings.xml'] = xml;
    parts['xl/_rels/workbook.xml.rels'] = parts['xl/_rels/workbook.xml.rels']!.replace(
      '</Relationships>',
      `<Relationship Id="rIdSS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    );
  };
  const both = async (bytes: Uint8Array): Promise<Grid> => {
    const kept = await grid(bytes);
    const again = await readSpreadsheet(bytes, 'book.xlsx', { keepInflatedBytes: 1 });
    expect(again.ok && again.value).toEqual(kept);
    return kept;
  };

  it('reads inline strings as Excel shows them: every run, no phonetic guide, escaped text literally, and the cells after them', async () => {
    const g = await both(
      rawXlsx({
        sheets: [
          {
            name: 'I',
            rows:
              '<row r="1"><c r="A1" t="inlineStr"><is><r><t>Access </t></r><r><rPr><b/></rPr><t>review</t></r></is></c>' +
              '<c r="B1" t="inlineStr"><is><t>経理</t><rPh sb="0" eb="2"><t>ケイリ</t></rPh></is></c>' +
              '<c r="C1" t="inlineStr"><is><t>type &amp;lt;b&amp;gt; &amp; more</t></is></c><c r="D1" t="inlineStr"><is><t>last</t></is></c></row>' +
              '<row r="2"><c r="A2" t="inlineStr"><is><t>next row</t></is></c></row>',
          },
        ],
      }),
    );
    expect(texts(g.sheets[0])).toEqual([['Access review', '経理', 'type &lt;b&gt; & more', 'last'], ['next row']]);
  });

  it('reads a shared string as its text, not as the phonetic guide Excel stores after it', async () => {
    const parts = rawXlsxParts({ sheets: [{ name: 'S', rows: '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>' }] });
    withSharedStrings(
      parts,
      '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">' +
      '<si><t>経理部</t><rPh sb="0" eb="2"><t>ケイリ</t></rPh><rPh sb="2" eb="3"><t>ブ</t></rPh><phoneticPr fontId="1"/></si>' +
      '<si><r><t>Access </t></r><r><rPr><b/></rPr><t>review</t></r><rPh sb="0" eb="1"><t>x</t></rPh></si><si><t>a &amp;amp; b</t></si></sst>',
    );
    const g = await both(zipOf(parts));
    expect(texts(g.sheets[0])).toEqual([['経理部', 'Access review', 'a &amp; b']]);
  });

  it('reads xml written with line breaks and indents between elements as Excel shows it', async () => {
    const parts = rawXlsxParts({
      sheets: [
        {
          name: 'S',
          rows: `
        <row r="1">
          <c r="A1" t="s">
            <v>0</v>
          </c>
          <c r="B1" t="inlineStr">
            <is>
              <t xml:space="preserve">  padded  </t>
            </is>
          </c>
          <c r="C1" t="str">
            <f>"a"</f>
            <v>formula text</v>
          </c>
          <c r="D1" t="s"><v>1</v></c>
          <c r="E1"><v>42</v>
          </c>
        </row>
      `,
        },
      ],
    });
    withSharedStrings(
      parts,
      `<?xml version="1.0"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
  <si>
    <t>shared text</t>
  </si>
  <si>
    <r>
      <t>rich </t>
    </r>
    <r>
      <t>runs</t>
    </r>
  </si>
</sst>`,
    );
    const g = await both(zipOf(parts));
    expect(texts(g.sheets[0])).toEqual([['shared text', '  padded  ', 'formula text', 'rich runs', '42']]);
  });

  it('reads boolean and error formula results as booleans and errors, and a date-formatted result as a date', async () => {
    const g = await both(
      rawXlsx({
        sheets: [
          {
            name: 'F',
            rows:
              '<row r="1"><c r="A1" t="b"><f>B1&gt;0</f><v>1</v></c><c r="B1" t="e"><f>NA()</f><v>#N/A</v></c><c r="C1" s="1"><f>TODAY()</f><v>45306</v></c>' +
              '<c r="D1" t="b"><v>0</v></c><c r="E1"><f t="shared" ref="E1:E2" si="0">1+1</f><v>2</v></c></row><row r="2"><c r="E2"><f t="shared" si="0"/><v>2</v></c></row>',
          },
        ],
      }),
    );
    const row = g.sheets[0]?.rows[0] ?? [];
    expect(row[0]).toEqual({ text: 'TRUE', value: { kind: 'boolean', value: true }, formula: true });
    expect(row[1]).toEqual({ text: '#N/A', value: { kind: 'error', value: '#N/A' }, formula: true });
    expect(row[2]).toEqual({ text: '2024-01-15', value: { kind: 'date', iso: '2024-01-15' }, formula: true });
    expect(row[3]).toEqual({ text: 'FALSE', value: { kind: 'boolean', value: false } });
    expect(g.sheets[0]?.rows[1]?.[4]).toEqual({ text: '2', value: { kind: 'number', value: 2 }, formula: true });
  });

  it('links cells from the sheet\'s <hyperlinks> and relationships, as Excel does (not in-workbook locations)', async () => {
    const parts = rawXlsxParts({
      sheets: [
        {
          name: 'H',
          rows: '<row r="1"><c r="A1" t="inlineStr"><is><t>Policy</t></is></c><c r="B1" t="inlineStr"><is><t>Elsewhere</t></is></c><c r="C1"><v>7</v></c></row>',
          after: '<hyperlinks><hyperlink ref="A1" r:id="rId1"/><hyperlink ref="B1" location="Other!A1"/><hyperlink ref="C1" r:id="rId2"/></hyperlinks>',
        },
      ],
    });
    parts['xl/worksheets/_rels/sheet1.xml.rels'] =
      `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/hyperlink" Target="https://example.com/p?a=1&amp;b=2" TargetMode="External"/><Relationship Id="rId2" Type="${REL}/hyperlink" Target="mailto:audit@example.com" TargetMode="External"/></Relationships>`;
    const g = await both(zipOf(parts));
    expect(g.sheets[0]?.rows[0]).toEqual([
      { text: 'Policy', value: { kind: 'string' }, url: 'https://example.com/p?a=1&b=2' },
      { text: 'Elsewhere', value: { kind: 'string' } },
      { text: '7', value: { kind: 'number', value: 7 }, url: 'mailto:audit@example.com' },
    ]);
  });

  it('reads rows and cells written without references (optional in the format) where their order puts them', async () => {
    const cell = (ref: string, inner: string) => `<c r="${ref}"${inner}`;
    const rows =
      `<row r="1">${cell('A1', ' t="inlineStr"><is><t>Control ID</t></is></c>')}${cell('B1', ' t="inlineStr"><is><t>Title</t></is></c>')}${cell('C1', ' t="inlineStr"><is><t>Tested</t></is></c>')}</row>` +
      `<row r="2" hidden="1">${cell('A2', ' t="inlineStr"><is><t>AC-1</t></is></c>')}${cell('B2', ' t="inlineStr"><is><r><t>Access </t></r><r><t>review</t></r></is></c>')}${cell('C2', ' t="b"><f>1=1</f><v>1</v></c>')}${cell('D2', ' t="d"><v>2024-01-15</v></c>')}</row>` +
      `<row r="5"><c r="B5" t="inlineStr"><is><t>after a gap</t></is></c>${cell('C5', '><v>7</v></c>')}</row>` +
      `<row r="6">${cell('A6', '/>')}${cell('B6', ' t="e"><f>NA()</f><v>#N/A</v></c>')}</row>`;
    const written = (xml: string) => rawXlsx({ sheets: [{ name: 'Controls', rows: xml, after: '<mergeCells><mergeCell ref="C5:D5"/></mergeCells>' }, { name: 'Other', rows: textRow(1, ['x']) }] });
    const referenced = await both(written(rows));
    // every reference dropped, except those of row 5 and its first cell, which the elements after count on from
    const bare = rows.replace(/ r="[A-Z]*\d+"/g, (m) => (m === ' r="5"' || m === ' r="B5"' ? m : ''));
    expect(bare).toContain('<row hidden="1"><c t="inlineStr">');
    const unreferenced = await both(written(bare));
    expect(unreferenced.sheets).toEqual(referenced.sheets);
    expect(texts(unreferenced.sheets[0])).toEqual([
      ['Control ID', 'Title', 'Tested'],
      ['AC-1', 'Access review', 'TRUE', '2024-01-15'],
      [],
      [],
      [undefined, 'after a gap', '7', '7'],
      [undefined, '#N/A'],
    ]);
    expect(unreferenced.sheets[0]?.hiddenRows).toEqual([2]);
    const added = unreferenced.issues.filter((i) => i.code === 'cell-references-added');
    expect(added).toEqual([expect.objectContaining({ severity: 'info', sheet: 'Controls' })]);
    expect(added[0]?.message).toMatch(/"Controls": rows or cells in it carry no cell reference/);
    expect(referenced.issues.map((i) => i.code)).not.toContain('cell-references-added');
  });

  it('reads a sheet whose first rows carry references and later ones do not, and does not flag `r` written after other attributes', async () => {
    const text = (ref: string, t: string) => `<c t="inlineStr"${ref ? ` r="${ref}"` : ''}><is><t>${t}</t></is></c>`;
    const rows = (refs: boolean) =>
      `<row r="1" spans="1:2">${text('A1', 'Control ID')}${text('B1', 'Title')}</row>` +
      `<row r="2">${text('A2', 'AC-1')}${text(refs ? 'B2' : '', 'Access review')}</row>` +
      `<row${refs ? ' r="3"' : ''}>${text(refs ? 'A3' : '', 'CM-1')}${text(refs ? 'B3' : '', 'Change approval')}</row>`;
    const referenced = await both(rawXlsx({ sheets: [{ name: 'Controls', rows: rows(true) }] }));
    expect(referenced.issues.map((i) => i.code)).not.toContain('cell-references-added');
    const mixed = await both(rawXlsx({ sheets: [{ name: 'Controls', rows: rows(false) }] }));
    expect(mixed.sheets).toEqual(referenced.sheets);
    expect(texts(mixed.sheets[0])).toEqual([
      ['Control ID', 'Title'],
      ['AC-1', 'Access review'],
      ['CM-1', 'Change approval'],
    ]);
    expect(mixed.issues.filter((i) => i.code === 'cell-references-added')).toEqual([expect.objectContaining({ severity: 'info', sheet: 'Controls' })]);
  });

  it('links every cell of a linked range: merged cells (Excel writes the merge as the link\'s range) and a linked column', async () => {
    const parts = rawXlsxParts({
      sheets: [
        {
          name: 'H',
          rows:
            `<row r="1"><c r="A1" t="inlineStr"><is><t>Evidence folder</t></is></c></row>` +
            `<row r="2"><c r="A2" t="inlineStr"><is><t>SOC 2 report</t></is></c></row><row r="3"><c r="A3" t="inlineStr"><is><t>Bridge letter</t></is></c><c r="B3"><v>3</v></c></row>`,
          after:
            '<mergeCells><mergeCell ref="A1:C1"/></mergeCells><hyperlinks><hyperlink ref="A1:C1" r:id="rId1"/><hyperlink ref="$A$2:A3" r:id="rId2"/></hyperlinks>',
        },
      ],
    });
    parts['xl/worksheets/_rels/sheet1.xml.rels'] =
      `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/hyperlink" Target="https://example.com/evidence" TargetMode="External"/><Relationship Id="rId2" Type="${REL}/hyperlink" Target="https://example.com/vendors" TargetMode="External"/></Relationships>`;
    const g = await both(zipOf(parts));
    const urls = g.sheets[0]?.rows.map((row) => row.map((c) => c?.url));
    expect(urls).toEqual([
      ['https://example.com/evidence', 'https://example.com/evidence'], // (a merge is copied within the data's width)
      ['https://example.com/vendors'],
      ['https://example.com/vendors', undefined],
    ]);
  });

  it('reads a worksheet whatever its part is called, reports only hidden rows that hold something, and ignores <cols>', async () => {
    const parts = rawXlsxParts({
      sheets: [
        { name: 'First', rows: textRow(1, ['a']) },
        { name: 'Risk Register', rows: `${textRow(1, ['id'])}<row r="2" hidden="1"/><row r="3" hidden="true"><c r="A3" t="inlineStr"><is><t>out of scope</t></is></c></row>${textRow(4, ['c'])}` },
      ],
    });
    parts['xl/worksheets/Risk Register.xml'] = parts['xl/worksheets/sheet2.xml']!.replace('<sheetData>', '<cols><col min="1" max="1000000000" width="9"/></cols><sheetData>');
    delete parts['xl/worksheets/sheet2.xml'];
    parts['xl/_rels/workbook.xml.rels'] = parts['xl/_rels/workbook.xml.rels']!.replace('Target="worksheets/sheet2.xml"', 'Target="/xl/worksheets/Risk Register.xml"');
    const g = await both(zipOf(parts));
    expect(g.sheets.map((s) => s.name)).toEqual(['First', 'Risk Register']);
    expect(texts(g.sheets[1])).toEqual([['id'], [], ['out of scope'], ['c']]);
    expect(g.sheets[1]?.hiddenRows).toEqual([3]);
    expect(g.issues.map((i) => i.code)).toEqual(['rows-hidden']);
  });
});

describe('real client files', () => {
  const real = async (name: string) => grid(new Uint8Array(await readFile(new URL(name, REAL))), name);

  it('Mehulchhabra07 sample_controls.xlsx: one sheet, header + 4 controls', async () => {
    const g = await real('Mehulchhabra07__Automated-Test-of-Design---Internal-Controls__sample_controls.xlsx');
    expect(g.sheets.map((s) => s.name)).toEqual(['Sheet1']);
    expect(g.sheets[0]?.rows).toHaveLength(5);
    expect(texts(g.sheets[0])[0]).toEqual(['Risk', 'Risk Description', 'Control', 'Control Description', 'Automation', 'Detective/ Preventive', 'Operation Frequency']);
    expect(g.issues.filter((i) => i.severity !== 'info')).toEqual([]);
  });

  it('robparker29 NIST mapping: 9 sheets, mapping sheet 42 rows + header, merged dashboard title', async () => {
    const g = await real('robparker29__SOC2-starter-kit__SOC2_NIST_800-53_Control_Mapping.xlsx');
    expect(g.sheets.map((s) => s.name)).toEqual([
      'SOC2 to NIST Mapping',
      'NIST to SOC2 Mapping',
      'Executive Dashboard',
      'SaaS Focus',
      'Financial Focus',
      'Healthcare Focus',
      'Manufacturing Focus',
      'Government Focus',
      'Implementation Roadmap',
    ]);
    expect(g.sheets[0]?.rows).toHaveLength(43);
    expect(texts(g.sheets[0])[0]?.[0]).toBe('SOC2_Control');
    const dash = g.sheets[2];
    expect(dash?.merges.length).toBe(7);
    expect(dash?.rows[0]?.[1]).toMatchObject({ text: 'SOC 2 to NIST SP 800-53 Control Mapping Analysis', merged: true });
  });

  it('robparker29 ISO mapping: 10 sheets, mapping sheet 32 rows + header', async () => {
    const g = await real('robparker29__SOC2-starter-kit__SOC2_ISO_27001_Control_Mapping.xlsx');
    expect(g.sheets).toHaveLength(10);
    expect(g.sheets[0]?.name).toBe('SOC2 to ISO Mapping');
    expect(g.sheets[0]?.rows).toHaveLength(33);
    expect(g.sheets[1]).toMatchObject({ name: 'ISO to SOC2 Mapping' });
    expect(g.sheets[1]?.rows).toHaveLength(11);
  });
});
