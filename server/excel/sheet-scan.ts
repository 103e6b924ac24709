// What we need from a worksheet part before (or instead of) exceljs, gathered while the part streams past once
// during the zip pre-flight: how many rows it really has, its merges (exceljs materialises every cell of a merge,
// so we parse them ourselves), and ISO `t="d"` cells (exceljs reads "2024-01-15" as the number 2024).
import { parseAttributes, parseRef, type Area } from './a1.ts';
import { MAX_MERGES_PER_SHEET } from './limits.ts';

export interface IsoDateCell {
  row: number;
  col: number;
  value: string;
}

export interface SheetScan {
  rowElements: number;
  merges: Area[];
  mergesDropped: number;
  isoDates: IsoDateCell[];
}

// Longer than any element we look for; a match must fit in the carried tail to be found across a chunk edge.
const CARRY = 2048;
const MAX_ISO_DATES = 100_000;

const ROW = /<row[\s>/]/g;
const MERGE = /<mergeCell\s([^>]{0,512})>/g;
const ISO_DATE = /<c\s(?=[^>]{0,512}?\bt="d")([^>]{0,512})>\s*<v>([^<]{1,64})<\/v>/g;

export class SheetScanner {
  private carry = '';
  readonly result: SheetScan = { rowElements: 0, merges: [], mergesDropped: 0, isoDates: [] };

  push(chunk: Uint8Array): void {
    // latin1 keeps one char per byte: tags and attribute values we read are ASCII.
    const text = this.carry + Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1');
    const seenUpTo = this.carry.length;
    this.scan(text, seenUpTo);
    this.carry = text.length > CARRY ? text.slice(text.length - CARRY) : text;
  }

  private scan(text: string, seenUpTo: number): void {
    // A match ending inside the carried tail was already complete, and counted, in the previous chunk.
    const fresh = (m: RegExpExecArray) => m.index + m[0].length > seenUpTo;
    const r = this.result;

    ROW.lastIndex = 0;
    for (let m = ROW.exec(text); m; m = ROW.exec(text)) if (fresh(m)) r.rowElements++;

    if (text.includes('<mergeCell')) {
      MERGE.lastIndex = 0;
      for (let m = MERGE.exec(text); m; m = MERGE.exec(text)) {
        if (!fresh(m)) continue;
        const area = parseRef(parseAttributes(m[1] ?? '').get('ref') ?? '');
        if (!area) continue;
        if (r.merges.length < MAX_MERGES_PER_SHEET) r.merges.push(area);
        else r.mergesDropped++;
      }
    }

    if (text.includes('t="d"')) {
      ISO_DATE.lastIndex = 0;
      for (let m = ISO_DATE.exec(text); m; m = ISO_DATE.exec(text)) {
        if (!fresh(m) || r.isoDates.length >= MAX_ISO_DATES) continue;
        const at = parseRef(parseAttributes(m[1] ?? '').get('r') ?? '');
        if (at) r.isoDates.push({ row: at.top, col: at.left, value: m[2] ?? '' });
      }
    }
  }
}
