// What we need from a worksheet part besides what the cell reader gives (part-reader.ts, which reads cells by the rules
// of exceljs's streaming reader, called "the streaming reader" below), gathered while the part streams past once
// during the zip pre-flight: how many rows it really has, its merges, hidden rows and hyperlinks (the streaming reader
// reports none of them), and the cells it reads wrong: ISO `t="d"` cells ("2024-01-15" comes back as
// the number 2024), formula results that are booleans or errors (they come back as numbers), and inline strings with
// several runs, phonetic guides or escaped ampersands (it keeps the last run only and decodes entities twice).
import { decodeXmlEntities, parseAttributes, parseRef, type Area } from './a1.ts';
import { MAX_MERGES_PER_SHEET } from './limits.ts';

// The value a cell really holds, for a cell the streaming reader reads wrong.
export type CellFix =
  | { row: number; col: number; kind: 'iso-date'; value: string } // the text of a `t="d"` cell
  | { row: number; col: number; kind: 'formula-boolean'; value: boolean }
  | { row: number; col: number; kind: 'formula-error'; value: string } // "#N/A"
  | { row: number; col: number; kind: 'text'; value: string } // an inline string's text as Excel shows it
  | { row: number; col: number; kind: 'formula-empty' }; // a formula whose saved result is empty (`<v/>`): a value

export interface SheetLink {
  ref: string; // as written: one cell ("B4") or, rarely, a range
  rId: string; // relationship id in the sheet's rels part
}

export interface SheetScan {
  rowElements: number;
  merges: Area[];
  mergesDropped: number;
  hiddenRows: number[];
  links: SheetLink[];
  fixes: CellFix[];
  indented: boolean; // line breaks and indents between elements (see zip-preflight.ts)
  unreferenced: boolean; // a row or cell has no `r` reference (see cell-references.ts)
  // The highest shared-string number a cell uses, and that cell's attributes (for its reference): a number past the
  // end of the shared strings would be read as an empty cell, silently.
  sharedMax: number;
  sharedMaxAttrs: string;
  // The first shared-string cell whose value is not a number at all (read as empty too): its attributes and value.
  sharedBad: { attrs: string; value: string } | null;
}

// Longer than any element we look for; a match must fit in the carried tail to be found across a chunk edge.
const CARRY = 2048;
const MAX_FIXES = 100_000;
const MAX_LINKS = 100_000;
const MAX_HIDDEN_ROWS = 1_048_576;

const ROW = /<row[\s>/]/g;
// A row or cell start tag, whole, without an `r` attribute (wherever `r` would stand among the others).
const UNREFERENCED = /<(?:row|c)(?=[\s>/])(?![^>]{0,1024}?\sr\s*=)[^>]{0,1024}>/;
const MERGE = /<mergeCell\s([^>]{0,512})>/g;
const ISO_DATE = /<c\s(?=[^>]{0,512}?\bt="d")([^>]{0,512})>\s*<v>([^<]{1,64})<\/v>/g;
const HIDDEN_ROW = /<row\s(?=[^>]{0,1024}?\bhidden="(?:1|true)")([^>]{0,1024})>/g;
const LINK = /<hyperlink\s([^>]{0,2048})>/g;
const TYPED_FORMULA = /<c\s(?=[^>]{0,512}?\bt="([be])")([^>]{0,512})>\s*<f\b[^>]{0,512}?(?:\/>|>[^<]{0,1024}<\/f>)\s*<v>([^<]{0,255})<\/v>/g;
const INLINE = /<c\s([^>]{0,512})>\s*<is>([\s\S]{0,1400}?)<\/is>/g;
// A formula whose saved result is present but empty (`<v/>` or `<v></v>`): the formula was calculated to an empty
// text; the streaming reader cannot tell it from a formula never calculated (no `<v>` at all).
const EMPTY_RESULT = /<c\s([^>]{0,512})>\s*<f\b[^>]{0,512}?(?:\/>|>[^<]{0,4096}<\/f>)\s*<v\s*(?:\/>|><\/v>)/g;
// A run, a phonetic guide, or an escaped entity the streaming reader would decode a second time ("&amp;lt;").
const NEEDS_FIX = /<r[\s>]|<rPh[\s>]|&amp;(?:#x?[0-9a-fA-F]+|amp|lt|gt|quot|apos);/;
// Whether xml has a line break between two elements (not the one after the <?xml ...?> declaration, which every
// writer puts there). Visits only the line breaks: Excel's own xml has none but those inside cell text.
export function hasIndentation(xml: Uint8Array): boolean {
  const space = (c: number | undefined) => c === 0x20 || c === 0x09 || c === 0x0d;
  for (let i = xml.indexOf(0x0a); i >= 0; i = xml.indexOf(0x0a, i + 1)) {
    let a = i - 1;
    while (a >= 0 && space(xml[a])) a--;
    if (xml[a] !== 0x3e || xml[a - 1] === 0x3f) continue; // '>' but not '?>'
    let b = i + 1;
    while (b < xml.length && space(xml[b])) b++;
    if (xml[b] === 0x3c) return true; // '<'
  }
  return false;
}
// A phonetic guide (<rPh>, which Excel stores after text typed in Japanese), in an inline or a shared string.
export const PHONETIC_GUIDE = /<rPh\b[^>]*?(?:\/>|>[\s\S]*?<\/rPh\s*>)/g;
const TEXT_RUN = /<t(?:\s[^>]*)?>([^<]*)<\/t>/g;

export class SheetScanner {
  private carry = '';
  readonly result: SheetScan = { rowElements: 0, merges: [], mergesDropped: 0, hiddenRows: [], links: [], fixes: [], indented: false, unreferenced: false, sharedMax: -1, sharedMaxAttrs: '', sharedBad: null };

  push(chunk: Uint8Array): void {
    // latin1 keeps one char per byte, so offsets stay byte offsets; text we keep is decoded from utf-8 separately.
    const text = this.carry + Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1');
    const seenUpTo = this.carry.length;
    if (!this.result.indented && hasIndentation(chunk)) this.result.indented = true; // (a break at a chunk edge is not seen)
    this.scan(text, seenUpTo);
    this.carry = text.length > CARRY ? text.slice(text.length - CARRY) : text;
  }

  // Shared-string cells, `<c … t="s" …><v>12</v>`, found by plain searches: every text cell of most workbooks is one,
  // so a regular expression here would cost a few percent of the whole read.
  private sharedNumbers(text: string, seenUpTo: number): void {
    const r = this.result;
    for (let i = text.indexOf('t="s"'); i >= 0; i = text.indexOf('t="s"', i + 5)) {
      const gt = text.indexOf('>', i + 5);
      if (gt < 0 || text.charCodeAt(gt + 1) !== 60 || text.charCodeAt(gt + 2) !== 118 || text.charCodeAt(gt + 3) !== 62) continue; // "<v>"
      let v = 0;
      let j = gt + 4;
      for (; j < gt + 14; j++) {
        const d = text.charCodeAt(j) - 48;
        if (d < 0 || d > 9) break;
        v = v * 10 + d;
      }
      if (j === gt + 4 && r.sharedBad === null && text.charCodeAt(j) !== 60) {
        // not a number as the reader takes it (parseInt): "<v>abc</v>" looks up entry NaN and gets nothing
        const end = text.indexOf('</v>', j);
        if (end < 0) continue; // (cut at the chunk's end: the next chunk sees it whole)
        const start = text.lastIndexOf('<c', i);
        const value = text.slice(j, end);
        if (end >= seenUpTo && start >= 0 && Number.isNaN(parseInt(value, 10)))
          r.sharedBad = { attrs: text.slice(start + 2, gt), value: value.slice(0, 40) };
        continue;
      }
      // (a cell ending inside the carried tail was seen in the previous chunk)
      if (j === gt + 4 || text.charCodeAt(j) !== 60 || j < seenUpTo || v <= r.sharedMax) continue;
      const start = text.lastIndexOf('<c', i);
      if (start < 0) continue;
      r.sharedMax = v;
      r.sharedMaxAttrs = text.slice(start + 2, gt);
    }
  }

  private scan(text: string, seenUpTo: number): void {
    // A match ending inside the carried tail was already complete, and counted, in the previous chunk.
    const fresh = (m: RegExpExecArray) => m.index + m[0].length > seenUpTo;
    const r = this.result;
    const each = (re: RegExp, take: (m: RegExpExecArray) => void) => {
      re.lastIndex = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) if (fresh(m)) take(m);
    };
    const at = (attrs: string | undefined) => parseRef(parseAttributes(attrs ?? '').get('r') ?? '');
    const fix = (f: CellFix) => {
      if (r.fixes.length < MAX_FIXES) r.fixes.push(f);
    };

    ROW.lastIndex = 0;
    for (let m = ROW.exec(text); m; m = ROW.exec(text)) if (fresh(m)) r.rowElements++;
    // Most writers give every row and cell a reference or none, but one left out anywhere stops the reader.
    if (!r.unreferenced && UNREFERENCED.test(text)) r.unreferenced = true;

    this.sharedNumbers(text, seenUpTo);

    if (text.includes('<mergeCell')) {
      each(MERGE, (m) => {
        const area = parseRef(parseAttributes(m[1] ?? '').get('ref') ?? '');
        if (!area) return;
        if (r.merges.length < MAX_MERGES_PER_SHEET) r.merges.push(area);
        else r.mergesDropped++;
      });
    }
    if (text.includes('hidden="')) {
      each(HIDDEN_ROW, (m) => {
        const n = Number(parseAttributes(m[1] ?? '').get('r'));
        if (Number.isInteger(n) && n > 0 && r.hiddenRows.length < MAX_HIDDEN_ROWS) r.hiddenRows.push(n);
      });
    }
    if (text.includes('<hyperlink ')) {
      each(LINK, (m) => {
        const a = parseAttributes(m[1] ?? '');
        const rId = a.get('r:id') ?? [...a.entries()].find(([k]) => k.endsWith(':id'))?.[1];
        const ref = a.get('ref');
        if (rId && ref && r.links.length < MAX_LINKS) r.links.push({ ref, rId });
      });
    }
    if (text.includes('t="d"')) {
      each(ISO_DATE, (m) => {
        const a = at(m[1]);
        if (a) fix({ row: a.top, col: a.left, kind: 'iso-date', value: m[2] ?? '' });
      });
    }
    if (text.includes('t="b"') || text.includes('t="e"')) {
      each(TYPED_FORMULA, (m) => {
        const a = at(m[2]);
        const v = utf8(m[3] ?? '');
        if (!a || v === '') return;
        if (m[1] === 'b') fix({ row: a.top, col: a.left, kind: 'formula-boolean', value: parseInt(v, 10) !== 0 });
        else fix({ row: a.top, col: a.left, kind: 'formula-error', value: decodeXmlEntities(v) });
      });
    }
    if (text.includes('<v/>') || text.includes('<v></v>') || text.includes('<v />')) {
      each(EMPTY_RESULT, (m) => {
        const a = at(m[1]);
        if (a) fix({ row: a.top, col: a.left, kind: 'formula-empty' });
      });
    }
    if (text.includes('<is>')) {
      each(INLINE, (m) => {
        const inner = m[2] ?? '';
        // Only what the streaming reader gets wrong: runs, phonetic guides, several texts, escaped entities.
        if (!NEEDS_FIX.test(inner) && inner.indexOf('<t') === inner.lastIndexOf('<t')) return;
        const a = at(m[1]);
        if (a) fix({ row: a.top, col: a.left, kind: 'text', value: inlineText(inner) });
      });
    }
  }
}

// An inline string as Excel shows it: every run's text in order, phonetic guides (<rPh>) left out.
function inlineText(inner: string): string {
  const shown = inner.replace(PHONETIC_GUIDE, '');
  let out = '';
  TEXT_RUN.lastIndex = 0;
  for (let m = TEXT_RUN.exec(shown); m; m = TEXT_RUN.exec(shown)) out += m[1] ?? '';
  return decodeXmlEntities(utf8(out));
}

// The scanner reads bytes as latin1; text kept from a cell is utf-8.
function utf8(latin1: string): string {
  return Buffer.from(latin1, 'latin1').toString('utf8');
}
