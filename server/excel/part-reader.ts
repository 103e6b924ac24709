// The cells of a checked workbook, read from its parts with saxes, the xml parser exceljs's streaming reader runs on,
// by the rules that reader applied (exceljs 4.4.0, lib/stream/xlsx/workbook-reader.js and worksheet-reader.js): the
// same values, number formats and xml errors ("12:345: unexpected close tag."), without its workbook model, its
// zip parser or its event batches, which made reading a 5,000-row matrix about three times slower than the parse
// itself. Where that reader read a cell wrong, this one reads it as Excel shows it (each case is named below): ISO
// dates (t="d"), boolean and error formula results, a formula calculated to an empty text, inline strings with
// several runs, phonetic guides or escaped entities, phonetic readings in shared strings, and the whitespace of xml
// indented between its elements. What it did on its own account is kept where the grid depends on it, and named
// where it is.
//
// A part is fed to the parser in pieces through a utf-8 decoder that carries a character split across two pieces
// (exceljs decoded each piece on its own, so such a character read as U+FFFD).
import { createRequire } from 'node:module';
import { StringDecoder } from 'node:string_decoder';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { fromSerial, isoDateValue } from './cell.ts';
import type { XmlPart } from './xml-part.ts';

// The built-in number formats by id (ECMA-376 Part 1, 18.8.30), as exceljs names them.
const BUILT_IN_FORMATS = createRequire(import.meta.url)('exceljs/lib/xlsx/defaultnumformats.js') as Record<string, { f?: string } | undefined>;

const PIECE = 1024 * 1024;

// The number format of each cell style (the n-th <xf> of <cellXfs>), as written (backslash escapes kept), and the
// form exceljs decided dates by (escapes removed); undefined where a style has none (numFmtId 0, General).
export interface CellStyles {
  raw: (string | undefined)[];
  asExceljs: (string | undefined)[];
}

// A shared string: its text, or its runs when it has any (only their text is kept; formatting is not read).
export type SharedString = string | null | { richText: { text: string | null }[] };

// A cell as exceljs's reader gave it: the value in its shapes (string, number, boolean, Date, { richText },
// { formula, result }, { error }), and the cell's number format as written (none for an ISO date cell: its text says
// what it is).
export interface RawCell {
  col: number;
  value: unknown;
  numFmt: string | undefined;
}

async function feed(part: XmlPart, parser: SaxesParser): Promise<void> {
  const decoder = new StringDecoder('utf8');
  let n = 0;
  for await (const chunk of part.chunks()) {
    n += chunk.byteLength;
    if (n > part.size) throw new Error(`${part.name} is longer than its ${part.size} bytes`);
    const b = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    for (let at = 0; at < b.length; at += PIECE) parser.write(decoder.write(b.subarray(at, at + PIECE)));
  }
  if (n !== part.size) throw new Error(`${part.name} is ${n} bytes, not its ${part.size}`);
  const rest = decoder.end();
  if (rest) parser.write(rest);
  // (not closed, as exceljs did not: a part that stops short reads as far as it goes; the pre-flight refuses shared
  // strings and styles cut short)
}

export async function readCellStyles(part: XmlPart | null): Promise<CellStyles> {
  const styles: CellStyles = { raw: [], asExceljs: [] };
  if (!part) return styles;
  const formats = new Map<number, string>();
  const ids: number[] = [];
  const parser = new SaxesParser();
  let inCellXfs = false;
  let inNumFmts = false;
  parser.on('opentag', (node: SaxesTagPlain) => {
    const a = node.attributes as Record<string, string>;
    switch (node.name) {
      case 'numFmts':
        inNumFmts = true;
        break;
      case 'numFmt':
        if (inNumFmts && a.formatCode !== undefined) formats.set(parseInt(a.numFmtId ?? '', 10), a.formatCode);
        break;
      case 'cellXfs':
        inCellXfs = true;
        break;
      case 'xf':
        if (inCellXfs) ids.push(parseInt(a.numFmtId ?? '', 10));
        break;
    }
  });
  parser.on('closetag', (node: SaxesTagPlain) => {
    if (node.name === 'numFmts') inNumFmts = false;
    else if (node.name === 'cellXfs') inCellXfs = false;
  });
  await feed(part, parser);
  for (const id of ids) {
    // exceljs: a custom format of that id, else the built-in one; none for id 0 (or none given)
    const raw = id ? (formats.get(id) ?? BUILT_IN_FORMATS[id]?.f) : undefined;
    styles.raw.push(raw);
    styles.asExceljs.push(raw === undefined ? undefined : formats.has(id) ? raw.replace(/[\\](.)/g, '$1') : raw);
  }
  return styles;
}

export async function readSharedStrings(part: XmlPart | null): Promise<SharedString[]> {
  const strings: SharedString[] = [];
  if (!part) return strings;
  const parser = new SaxesParser();
  let text: string | null = null;
  let runs: { text: string | null }[] = [];
  // Only the text of <t> elements, and not a phonetic guide's (<rPh>, which Excel stores after text typed in
  // Japanese): exceljs took every text in an <si>, so the whitespace of indented xml after a run joined its text, and
  // a phonetic reading replaced the text it reads ("経理" read as "ケイリ").
  let inText = false;
  let phonetic = false;
  parser.on('opentag', (node: SaxesTagPlain) => {
    switch (node.name) {
      case 'si':
        runs = [];
        text = null;
        break;
      case 't':
        if (!phonetic) {
          text = null;
          inText = true;
        }
        break;
      case 'rPh':
        phonetic = true;
        break;
    }
  });
  parser.on('text', (value: string) => {
    if (inText) text = text ? text + value : value;
  });
  parser.on('closetag', (node: SaxesTagPlain) => {
    switch (node.name) {
      case 't':
        inText = false;
        break;
      case 'rPh':
        phonetic = false;
        break;
      case 'r':
        runs.push({ text });
        text = null;
        break;
      case 'si':
        strings.push(runs.length ? { richText: runs } : text);
        runs = [];
        text = null;
        break;
    }
  });
  await feed(part, parser);
  return strings;
}

export interface SheetContext {
  strings: SharedString[];
  styles: CellStyles;
  date1904: boolean;
}

interface OpenCell {
  ref: string | undefined;
  s: number;
  t: string | undefined;
  f: { text: string } | null;
  v: { text: string } | null;
  is: { text: string } | null; // an inline string: the text of its runs, phonetic guides left out
}

interface OpenRow {
  number: number;
  numFmt: string | undefined; // the row's style's, for cells without a style of their own
  asExceljs: string | undefined;
  cells: RawCell[]; // in column order, one per column (the last one written wins)
}

// Each <row> of the sheet's data as it closes: its number (as written; NaN when it has none) and its cells, in column
// order (a cell without a value has value undefined). A cell's column comes from its reference; a cell without one
// fails the read. (A list, not an array by column: a reference far to the right would make a huge sparse array.)
// `wide` is told of a cell with a value past its last column as soon as the cell closes, so that it can stop the read
// (by throwing) before a hostile row of millions of cells is gathered.
export async function readSheetRows(
  part: XmlPart,
  ctx: SheetContext,
  onRow: (row: number, cells: RawCell[]) => void,
  wide?: { maxCols: number; found: (col: number) => void },
): Promise<void> {
  const { strings, styles, date1904 } = ctx;
  const parser = new SaxesParser();
  let inRows = false;
  let row: OpenRow | null = null;
  let c: OpenCell | null = null;
  let current: { text: string } | null = null;
  let phonetic = false; // inside an inline string's <rPh>
  parser.on('opentag', (node: SaxesTagPlain) => {
    const a = node.attributes as Record<string, string>;
    switch (node.name) {
      case 'sheetData':
        inRows = true;
        break;
      case 'row':
        if (inRows) {
          row = { number: parseInt(a.r ?? '', 10), numFmt: undefined, asExceljs: undefined, cells: [] };
          if (a.s) {
            const id = parseInt(a.s, 10);
            if (id >= 0 && id < styles.raw.length) {
              row.numFmt = styles.raw[id];
              row.asExceljs = styles.asExceljs[id];
            }
          }
        }
        break;
      case 'c':
        if (row) c = { ref: a.r, s: parseInt(a.s ?? '', 10), t: a.t, f: null, v: null, is: null };
        break;
      case 'f':
        if (c) current = c.f = { text: '' };
        break;
      case 'v':
        if (c) current = c.v = { text: '' };
        break;
      case 'is':
        if (c) c.is = { text: '' }; // (its text is its <t> elements')
        current = null;
        break;
      case 't':
        // an inline string's text is every run's, in order (exceljs kept the last one); a phonetic reading is not text
        if (c?.is) current = phonetic ? null : c.is;
        else if (c) current = c.v = { text: '' };
        break;
      case 'rPh':
        phonetic = true;
        current = null;
        break;
    }
  });
  parser.on('text', (value: string) => {
    if (current) current.text += value;
  });
  parser.on('closetag', (node: SaxesTagPlain) => {
    switch (node.name) {
      case 'sheetData':
        inRows = false;
        break;
      case 'row':
        if (row) onRow(row.number, row.cells);
        row = null;
        break;
      case 'c':
        if (row && c) closeCell(row, c);
        c = null;
        break;
      case 'rPh':
        phonetic = false;
        break;
      case 'v':
      case 'f':
      case 't':
      case 'is':
        // A value's text ends with its element: exceljs went on adding to it, so the whitespace of indented xml after
        // a value (or between an inline string's elements) joined it ("text\n    ").
        current = null;
        break;
    }
  });

  function closeCell(r: OpenRow, cell: OpenCell): void {
    const col = columnOf(cell.ref);
    let numFmt = r.numFmt;
    let asExceljs = r.asExceljs;
    // a style of its own replaces the row's (style 0 is not one: exceljs tested the number)
    if (cell.s && cell.s >= 0 && cell.s < styles.raw.length) {
      numFmt = styles.raw[cell.s];
      asExceljs = styles.asExceljs[cell.s];
    }
    let value: unknown;
    if (cell.f) {
      const v = cell.v?.text;
      // exceljs read a formula's saved result as a number unless the cell said text; an empty one (the formula
      // calculated to an empty text) and a boolean or an error are read as what they are
      const result =
        v === undefined ? undefined
        : v === '' ? ''
        : cell.t === 'str' ? xmlDecode(v)
        : cell.t === 'b' ? parseInt(v, 10) !== 0
        : cell.t === 'e' ? { error: v }
        : parseFloat(v);
      value = { formula: cell.f.text, result };
    } else if (cell.is) {
      value = cell.is.text; // (decoded once: exceljs decoded an inline string's entities twice)
    } else if (cell.t === 'd' && cell.v && cell.v.text !== '') {
      // an ISO date cell ("2024-01-15", t="d"): exceljs read it as the number 2024; its number format says nothing
      value = isoDateValue(cell.v.text) ?? cell.v.text;
      numFmt = undefined;
    } else if (cell.v) {
      const text = cell.v.text;
      switch (cell.t) {
        case 's':
          value = strings[parseInt(text, 10)];
          break;
        case 'inlineStr':
        case 'str':
          value = xmlDecode(text);
          break;
        case 'e':
          value = { error: text };
          break;
        case 'b':
          value = parseInt(text, 10) !== 0;
          break;
        default:
          value = exceljsDateFormat(asExceljs) ? fromSerial(parseFloat(text), date1904) : parseFloat(text);
      }
    }
    if (wide && col > wide.maxCols && value !== undefined && value !== null) wide.found(col);
    const cells = r.cells;
    const last = cells[cells.length - 1];
    if (last === undefined || last.col < col) {
      cells.push({ col, value, numFmt }); // (columns come in order in every file Excel writes)
      return;
    }
    let at = cells.length - 1;
    while (at > 0 && cells[at - 1]!.col >= col) at--;
    const known = cells[at]!;
    if (known.col === col) {
      // the same column twice in a row: exceljs kept one cell, whose style the later one set
      known.numFmt = numFmt;
      if (value !== undefined) known.value = value;
    } else cells.splice(at, 0, { col, value, numFmt });
  }

  await feed(part, parser);
}

const MAX_COLUMN = 16_384 * 26; // past Excel's last column (XFD): stop counting, the limit on columns refuses it

// "B4" -> 2: the letters before the digits ("$" allowed), as exceljs's col-cache decodeAddress read a reference, and
// in lower case too (exceljs placed "b4" nowhere, and the cell was lost without a word).
function columnOf(ref: string | undefined): number {
  let col = 0;
  if (ref !== undefined) {
    for (let i = 0; i < ref.length && col <= MAX_COLUMN; i++) {
      const ch = ref.charCodeAt(i) & ~0x20; // (upper case; digits and "$" become control characters)
      if (ch >= 65 && ch <= 90) col = col * 26 + ch - 64;
      else if (ref.charCodeAt(i) !== 36) break;
    }
  }
  if (col < 1) throw new Error(`a cell has no usable reference (${ref === undefined ? 'none' : `"${ref.slice(0, 20)}"`})`);
  return col;
}

// exceljs's decision that a number is a date (utils.isDateFmt), on the format with its escapes removed. The grid
// decides again, on the format as written (cell.ts isDateFormat), and keeps a number whose format only looked so.
function exceljsDateFormat(fmt: string | undefined): boolean {
  if (!fmt) return false;
  return /[ymdhMsb]+/.test(fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

// exceljs decoded the text of a string cell a second time (utils.xmlDecode): "&amp;lt;" in the xml reads as "<". Kept
// for formula texts and plain string cells (t="str"), as the grid has always read them; inline strings are decoded
// once (closeCell).
function xmlDecode(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&([a-z]*);/g, (m) => XML_ENTITIES[m] ?? m);
}
const XML_ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&apos;': "'", '&quot;': '"' };
