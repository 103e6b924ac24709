// The cells of a workbook read from its checked parts (server/excel/part-reader.ts): the same grid whether the parts
// are kept inflated or inflated again as they are read, text that crosses a piece boundary read whole, values of
// every cell type as Excel shows them, and a row style's date format taken by the cells that have none of their own.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSpreadsheet } from '../../server/excel/read.ts';
import type { GridCell } from '../../server/domain/grid.ts';
import { realFixtureCounts } from '../fixtures/real.ts';
import { escapeXml, rawXlsx } from './build.ts';

const cellAt = (rows: (GridCell | undefined)[][], ref: [number, number]) => rows[ref[0] - 1]?.[ref[1] - 1];

describe('reading with the parts kept inflated or inflated again', () => {
  const dir = new URL('../fixtures/real/', import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith('.xlsx'));

  it.each(files)('reads %s to the same grid either way', async (name) => {
    const bytes = new Uint8Array(readFileSync(new URL(name, dir)));
    const kept = await readSpreadsheet(bytes, name, { keepInflatedBytes: 1e9 });
    const again = await readSpreadsheet(bytes, name, { keepInflatedBytes: 1 });
    expect(kept.ok && again.ok).toBe(true);
    if (!kept.ok || !again.ok) return;
    expect(kept.value.sheets.length).toBe(realFixtureCounts(name).sheets);
    expect(kept.value).toEqual(again.value);
  });
});

describe('text that crosses the boundary between two pieces of a part', () => {
  // Over a megabyte of Japanese text (three bytes a character), in cells of uneven length, so characters fall across
  // the edges of the pieces the part is read in, whether it is kept inflated (1 MB pieces) or streamed from the zip.
  const texts = Array.from({ length: 9000 }, (_, i) => `経理部の承認${'済'.repeat(i % 7)}：統制${i}`);
  const rows = texts.map((t, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>${escapeXml(t)}</t></is></c></row>`).join('');
  const bytes = rawXlsx({ sheets: [{ name: 'Controls', rows }] });

  it.each([
    ['kept inflated', 1e9],
    ['inflated again as it is read', 1],
  ])('reads every character whole (%s)', async (_how, keepInflatedBytes) => {
    const r = await readSpreadsheet(bytes, 'japanese.xlsx', { keepInflatedBytes });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const read = r.value.sheets[0]!.rows.map((row) => row[0]?.text);
    expect(read.filter((t) => t?.includes('\uFFFD'))).toEqual([]);
    expect(read).toEqual(texts);
  });
});

describe('cell values', () => {
  // styles (build.ts): s="1" a built-in date, s="2" "#,##0 \k\m", s="3" "0.00", s="4" "0%"
  const rows = [
    '<row r="1"><c r="A1"><v>12.5</v></c><c r="B1" s="1"><v>45306</v></c><c r="C1" s="2"><v>1500</v></c><c r="D1" s="3"><v>1.1</v></c><c r="E1" s="4"><v>0.25</v></c></row>',
    '<row r="2"><c r="A2" t="b"><v>1</v></c><c r="B2" t="e"><v>#N/A</v></c><c r="C2" t="str"><v>a &amp; b</v></c><c r="D2"><f>1-1</f><v>0</v></c><c r="E2" t="str"><f>"x"&amp;"y"</f><v>xy</v></c></row>',
    // a row styled as a date: its cells without a style of their own are dates, a cell with one keeps its own
    '<row r="3" s="1" customFormat="1"><c r="A3"><v>45306</v></c><c r="B3" s="3"><v>2</v></c></row>',
    // the same column twice: the later value wins
    '<row r="4"><c r="A4" t="inlineStr"><is><t>first</t></is></c><c r="A4" t="inlineStr"><is><t>second</t></is></c></row>',
  ].join('');
  const bytes = rawXlsx({ sheets: [{ name: 'Values', rows }] });

  it('reads numbers, dates, formats, booleans, errors, texts and formula results as Excel shows them', async () => {
    const r = await readSpreadsheet(bytes, 'values.xlsx');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const grid = r.value.sheets[0]!.rows;
    const text = (row: number, col: number) => cellAt(grid, [row, col])?.text;
    expect([text(1, 1), text(1, 2), text(1, 3), text(1, 4), text(1, 5)]).toEqual(['12.5', '2024-01-15', '1500', '1.10', '25%']);
    expect(cellAt(grid, [1, 2])?.value).toEqual({ kind: 'date', iso: '2024-01-15' });
    expect(cellAt(grid, [1, 3])?.value).toEqual({ kind: 'number', value: 1500 }); // "km" is not a month
    expect([text(2, 1), text(2, 2), text(2, 3), text(2, 5)]).toEqual(['TRUE', '#N/A', 'a & b', 'xy']);
    // a formula whose saved result is 0 is 0, not "no saved result"
    expect(cellAt(grid, [2, 4])).toEqual({ text: '0', value: { kind: 'number', value: 0 }, formula: true });
    expect(r.value.issues.filter((i) => i.code === 'formula-no-result')).toEqual([]);
    expect([text(3, 1), text(3, 2)]).toEqual(['2024-01-15', '2.00']);
    expect(text(4, 1)).toBe('second');
  });

  it('reads an inline string of several runs whole, however long, and one written without its type', async () => {
    // (the pre-flight's scan once put such strings right only up to 1,400 characters of xml; exceljs kept the last run)
    const runs = Array.from({ length: 60 }, (_, i) => `<r><t xml:space="preserve">run ${i} of a long narrative, </t></r>`).join('');
    const rows = `<row r="1"><c r="A1" t="inlineStr"><is>${runs}<rPh sb="0" eb="1"><t>ヨミ</t></rPh></is></c><c r="B1"><is><t>no type &amp;amp; still text</t></is></c></row>`;
    const r = await readSpreadsheet(rawXlsx({ sheets: [{ name: 'Runs', rows }] }), 'runs.xlsx');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [a, b] = r.value.sheets[0]!.rows[0]!;
    expect(a?.text).toBe(Array.from({ length: 60 }, (_, i) => `run ${i} of a long narrative, `).join(''));
    expect(b?.text).toBe('no type &amp; still text');
  });
});

describe('cell references', () => {
  it('places a cell whose reference is in lower case, and cells written out of column order', async () => {
    const rows = '<row r="1"><c r="c1" t="inlineStr"><is><t>third</t></is></c><c r="A1" t="inlineStr"><is><t>first</t></is></c><c r="b1" t="inlineStr"><is><t>second</t></is></c></row>';
    const r = await readSpreadsheet(rawXlsx({ sheets: [{ name: 'Refs', rows }] }), 'refs.xlsx');
    expect(r.ok && r.value.sheets[0]!.rows[0]!.map((c) => c?.text)).toEqual(['first', 'second', 'third']);
  });

  it('reads a row whose formatting runs to the last column (styled cells without a value, as Excel writes them)', async () => {
    const rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>ID</t></is></c><c r="B1" s="3"/><c r="XFD1" s="3"/></row>';
    const r = await readSpreadsheet(rawXlsx({ sheets: [{ name: 'Styled', rows }] }), 'styled.xlsx');
    expect(r.ok && r.value.sheets[0]!.rows).toEqual([[{ text: 'ID', value: { kind: 'string' } }]]);
  });

  it('refuses a cell far past the last column at once, naming it, without building a row that wide', async () => {
    const rows = `<row r="1">${'<c r="A1" t="inlineStr"><is><t>ID</t></is></c>'}<c r="ZZZZZZZ1" t="inlineStr"><is><t>far</t></is></c></row>`;
    const r = await readSpreadsheet(rawXlsx({ sheets: [{ name: 'Wide', rows }] }), 'wide.xlsx');
    expect(!r.ok && r.error.code).toBe('too-many-columns');
    expect(!r.ok && r.error.message).toMatch(/^"wide\.xlsx", sheet "Wide" has data in column [A-Z]+, beyond the limit of 1,000 columns/);
  });
});

