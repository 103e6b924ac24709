// What we need from a worksheet part besides its cells (part-reader.ts reads those), gathered while the part streams
// past once during the zip pre-flight: how many rows it really has (refused before reading when there are too many),
// its merges, hidden rows and hyperlinks, whether it lacks cell references (they are then added before it is read),
// and the shared-string numbers its cells use (checked against the table's size).
import { parseAttributes, parseRef, type Area } from './a1.ts';
import { MAX_MERGES_PER_SHEET } from './limits.ts';

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
const MAX_LINKS = 100_000;
const MAX_HIDDEN_ROWS = 1_048_576;

const ROW = /<row[\s>/]/g;
// A row or cell start tag, whole, without an `r` attribute (wherever `r` would stand among the others).
const UNREFERENCED = /<(?:row|c)(?=[\s>/])(?![^>]{0,1024}?\sr\s*=)[^>]{0,1024}>/;
const MERGE = /<mergeCell\s([^>]{0,512})>/g;
const HIDDEN_ROW = /<row\s(?=[^>]{0,1024}?\bhidden="(?:1|true)")([^>]{0,1024})>/g;
const LINK = /<hyperlink\s([^>]{0,2048})>/g;

export class SheetScanner {
  private carry = '';
  readonly result: SheetScan = { rowElements: 0, merges: [], mergesDropped: 0, hiddenRows: [], links: [], unreferenced: false, sharedMax: -1, sharedMaxAttrs: '', sharedBad: null };

  push(chunk: Uint8Array): void {
    // latin1 keeps one char per byte, so offsets stay byte offsets; text we keep is decoded from utf-8 separately.
    const text = this.carry + Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1');
    const seenUpTo = this.carry.length;
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
  }
}
