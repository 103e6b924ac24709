// Everything a reader would trust blindly, checked before the cells are read: the container type, declared and actual
// inflated sizes (a zip can lie in its central directory; we inflate every part once, held to its declared size),
// workbook.xml dialects that cannot be read, defined names other tools would expand to death, and per-sheet facts (row
// count, merges, hidden rows, hyperlinks, cells without references, shared-string numbers) gathered in the same pass.
// The result holds the checked parts the reader reads (part-reader.ts): the styles, the shared strings and each
// sheet's xml.
import { posix } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';
import { columnLetter, type IntakeIssue } from '../domain/grid.ts';
import { decodeXmlEntities, parseAttributes, parseRef } from './a1.ts';
import { describeDroppedNames, measureDefinedNames, namesToNeutralise } from './defined-names.ts';
import { withCellReferences } from './cell-references.ts';
import type { XmlPart } from './xml-part.ts';
import { MAX_ZIP_ENTRIES, RATIO_CHECK_MIN_BYTES, type ReadLimits } from './limits.ts';
import { errorText, fail, quoteName, type ReadError } from './read-result.ts';
import { SheetScanner, type SheetScan } from './sheet-scan.ts';

export interface SheetInfo {
  name: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  part: string | null; // zip path of the worksheet xml, null when the relationship is missing
  scan: SheetScan | null;
  hyperlinks: Map<string, string>; // cell ("B4") -> link target, from the sheet's <hyperlinks> and its relationships
  data: XmlPart | null; // the sheet's xml as it is read (tidied where it had to be); null: not read
}

export interface Preflight {
  // The parts the reader reads besides the sheets (SheetInfo.data): the cell formats and the table of cell texts.
  styles: XmlPart | null;
  sharedStrings: XmlPart | null;
  date1904: boolean;
  sheets: SheetInfo[];
  issues: IntakeIssue[];
}

type Outcome = { ok: true; value: Preflight } | { ok: false; error: ReadError };

const WORKBOOK = 'xl/workbook.xml';
const WORKBOOK_RELS = 'xl/_rels/workbook.xml.rels';
const STYLES = 'xl/styles.xml';
const SHARED_STRINGS = 'xl/sharedStrings.xml';
const WORKSHEET_PART = /^xl\/worksheets\/[^/]+\.xml$/;
const SHEET_RELS = /^xl\/worksheets\/_rels\/[^/]+\.xml\.rels$/;
// Parts the reader may be given (worksheets; styles and shared strings, whatever the workbook calls them): the only
// ones kept inflated, so images and the like are not held through the read.
const XL_PART = /^xl\/[^/]+\.xml$/;

const mb = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;

export async function preflightZip(bytes: Uint8Array, fileName: string, limits: ReadLimits): Promise<Outcome> {
  const file = quoteName(fileName);
  const corrupt = (detail: string) =>
    fail('corrupt-zip', `${file} is damaged or incomplete (${detail}); open it in Excel, save it again as .xlsx and re-upload it.`);

  let zip: yauzl.ZipFile;
  const entries: yauzl.Entry[] = [];
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    zip = await yauzl.fromBufferPromise(buf, { lazyEntries: true, autoClose: false, validateEntrySizes: true });
    if (zip.entryCount > MAX_ZIP_ENTRIES) {
      return fail('zip-bomb', `${file} holds ${zip.entryCount} zip entries, far more than any workbook; it was refused. Upload a normal .xlsx saved from Excel.`);
    }
    for await (const entry of zip.eachEntry()) entries.push(entry);
  } catch (e) {
    return corrupt(errorText(e));
  }

  const names = new Set<string>();
  for (const e of entries) {
    if (names.has(e.fileName)) return corrupt(`the part ${e.fileName} appears twice`);
    names.add(e.fileName);
  }

  // Container type, from the part names alone.
  if (names.has('mimetype') || names.has('content.xml')) {
    return fail('ods', `${file} is an OpenDocument spreadsheet (.ods); open it and use Save As > Excel Workbook (.xlsx), then upload that file.`);
  }
  if (names.has('xl/workbook.bin')) {
    return fail('xlsb', `${file} is an Excel binary workbook (.xlsb); open it in Excel, use Save As > Excel Workbook (.xlsx) and upload that file.`);
  }
  if (!names.has(WORKBOOK)) {
    const what = names.has('word/document.xml')
      ? 'a Word document'
      : names.has('ppt/presentation.xml')
        ? 'a PowerPoint presentation'
        : 'a zip archive with no Excel workbook inside';
    return fail('not-a-spreadsheet', `${file} is ${what}, not a spreadsheet; upload the control matrix as .xlsx or .csv.`);
  }

  // Sizes as declared: refuse before inflating anything.
  let total = 0;
  for (const e of entries) {
    if (e.isEncrypted()) {
      return fail('encrypted-zip', `${file} has password-protected zip parts (${e.fileName}); remove the protection, save it from Excel as .xlsx and re-upload it.`);
    }
    total += e.uncompressedSize;
    if (e.uncompressedSize > limits.maxPartBytes) {
      return fail('zip-bomb', `${file}: the part ${e.fileName} would expand to ${mb(e.uncompressedSize)}, above the ${mb(limits.maxPartBytes)} limit; it was refused. Split the workbook or remove unused sheets and re-upload it.`);
    }
    if (e.uncompressedSize > RATIO_CHECK_MIN_BYTES && e.uncompressedSize > limits.maxRatio * Math.max(e.compressedSize, 1)) {
      return fail('zip-bomb', `${file}: the part ${e.fileName} expands ${Math.round(e.uncompressedSize / Math.max(e.compressedSize, 1))}:1, which real workbooks never do; it was refused. Save it again from Excel as .xlsx and re-upload it.`);
    }
  }
  if (total > limits.maxUncompressedBytes) {
    return fail('zip-bomb', `${file} would expand to ${mb(total)}, above the ${mb(limits.maxUncompressedBytes)} limit; it was refused. Remove unused sheets or split the workbook and re-upload it.`);
  }

  // One pass over every part, each held to its declared size. A workbook small enough keeps its parts inflated for
  // the read; a larger one is inflated again, part by part, as the reader takes it (see keepInflatedBytes).
  let workbookXml = '';
  let relsXml = '';
  const sheetRels = new Map<string, string>();
  const scans = new Map<string, SheetScan>();
  const files = entries.filter((e) => !e.fileName.endsWith('/'));
  const byName = new Map(files.map((e) => [e.fileName, e]));
  const keepAll = total <= limits.keepInflatedBytes;
  const kept = new Map<string, Buffer>();
  const tails = new Map<string, Buffer>(); // the last bytes of each part directly under xl/ (see cutShort)
  const strings = new Map<string, number>(); // <si> elements in each part directly under xl/ (the shared strings' count)
  try {
    for (const e of files) {
      const scanner = WORKSHEET_PART.test(e.fileName) ? new SheetScanner() : null;
      const keepText = e.fileName === WORKBOOK || e.fileName === WORKBOOK_RELS || SHEET_RELS.test(e.fileName);
      const chunks: Buffer[] = [];
      const take = (chunk: Buffer) => {
        if (keepText) chunks.push(chunk);
        if (scanner) scanner.push(chunk);
        else if (XL_PART.test(e.fileName)) {
          const before = tails.get(e.fileName);
          strings.set(e.fileName, (strings.get(e.fileName) ?? 0) + countSi(before, chunk));
          tails.set(e.fileName, tailOf(before, chunk));
        }
      };
      if (keepAll) {
        const whole = await inflatePart(zip, buf, e);
        if (scanner || XL_PART.test(e.fileName)) kept.set(e.fileName, whole);
        take(whole);
      } else for await (const chunk of streamPart(zip, e)) take(chunk);
      if (scanner) scans.set(e.fileName, scanner.result);
      const text = keepText ? Buffer.concat(chunks).toString('utf8') : '';
      if (e.fileName === WORKBOOK) workbookXml = text;
      else if (e.fileName === WORKBOOK_RELS) relsXml = text;
      else if (keepText) sheetRels.set(e.fileName, text);
    }
  } catch (e) {
    return corrupt(errorText(e));
  }

  // workbook.xml dialects that cannot be read (the sheet list and the date system are read from it with unprefixed names).
  const head = workbookXml.slice(0, 4096);
  if (/<[A-Za-z_][\w.-]*:workbook[\s>]/.test(head)) {
    return fail('prefixed-ooxml', `${file} was written by a tool that uses prefixed xml (<x:workbook>), which cannot be read; open it and re-save in Excel as .xlsx, then upload that file.`);
  }
  if (/conformance\s*=\s*["']strict["']/.test(head) || head.includes('http://purl.oclc.org/ooxml/spreadsheetml/main')) {
    return fail('strict-ooxml', `${file} is saved as "Strict Open XML Spreadsheet", which cannot be read; open it in Excel, Save As > Excel Workbook (.xlsx) and re-upload it.`);
  }

  const issues: IntakeIssue[] = [];
  const rels = relationships(relsXml, 'xl/_rels/workbook.xml.rels');
  const sheets = listSheets(workbookXml, rels, scans, sheetRels);

  // No defined name is read (the reader reads no workbook.xml); a name over a huge range is still reported, because
  // whatever else reads the file will expand it.
  // One fact, told once: every name dropped, in one issue, in words (what it covers, not how many cells).
  const dropped = namesToNeutralise(measureDefinedNames(workbookXml), limits.maxDefinedNameCells);
  if (dropped.length > 0) issues.push(definedNamesIssue(file, dropped));

  const part = (name: string): XmlPart | null => {
    const e = byName.get(name);
    if (!e) return null;
    const inflated = kept.get(name);
    return {
      name,
      size: e.uncompressedSize,
      chunks: inflated ? () => [inflated] : () => streamPart(zip, e),
    };
  };
  const date1904 = /<workbookPr\b[^>]*?\bdate1904\s*=\s*["'](?:1|true)["']/.test(workbookXml);
  const partOf = (type: string, fallback: string) => [...rels.values()].find((r) => r.type.endsWith(`/${type}`))?.target ?? fallback;
  const styles = part(partOf('styles', STYLES));
  const sharedPart = part(partOf('sharedStrings', SHARED_STRINGS));
  // A part cut short parses without an error to its end: the reader would then miss the texts after the cut (their
  // cells read as empty, and nothing says so) or fail later on the styles it lacks.
  const again = 'open it in Excel, save it again as .xlsx and re-upload it.';
  if (sharedPart && cutShort(tails.get(sharedPart.name), 'sst'))
    return fail('unreadable', `${file} is damaged: its table of cell texts (${sharedPart.name}) is cut short, so some cells would be read without their text; ${again}`);
  if (styles && cutShort(tails.get(styles.name), 'styleSheet'))
    return fail('unreadable', `${file} is damaged: its cell formats (${styles.name}) are cut short, so cells would be read without their formats (dates among them); ${again}`);
  // A cell numbering a shared string the part does not have would be read as empty.
  const stringCount = sharedPart ? (strings.get(sharedPart.name) ?? 0) : 0;
  for (const info of sheets) {
    const scan = info.scan;
    if (info.state === 'veryHidden' || !scan) continue;
    if (scan.sharedBad) {
      const ref = parseAttributes(scan.sharedBad.attrs).get('r');
      return fail('unreadable', `${file} is damaged: in sheet "${info.name}", ${ref ? `cell ${ref}` : 'a cell'} should give the number of a text in the file's table of cell texts but holds "${decodeXmlEntities(scan.sharedBad.value)}", so it would be read as empty; ${again}`);
    }
    if (scan.sharedMax < stringCount) continue;
    const ref = parseAttributes(scan.sharedMaxAttrs).get('r');
    const cell = ref ? `cell ${ref}` : 'a cell';
    const has = stringCount === 0 ? 'the file has no such table' : `the table has ${stringCount.toLocaleString('en-US')}`;
    return fail('unreadable', `${file} is damaged: in sheet "${info.name}", ${cell} points to text number ${(scan.sharedMax + 1).toLocaleString('en-US')} of the file's table of cell texts, but ${has}, so that cell (and any like it) would be read as empty; ${again}`);
  }
  for (const info of sheets) {
    let p = info.state === 'veryHidden' || !info.part || !WORKSHEET_PART.test(info.part) ? null : part(info.part);
    if (!p) continue;
    const scan = info.scan;
    if (scan?.unreferenced) {
      try {
        p = await rewritten(p, withCellReferences);
      } catch (e) {
        return corrupt(errorText(e));
      }
      // what the scan took from cell references (hidden rows, the shared-string cells) is read again with them
      const rescan = new SheetScanner();
      for await (const c of p.chunks()) rescan.push(Buffer.from(c.buffer, c.byteOffset, c.byteLength));
      info.scan = { ...rescan.result, links: scan.links };
      issues.push({
        code: 'cell-references-added',
        severity: 'info',
        sheet: info.name,
        row: null,
        column: null,
        message: `${file}, sheet "${info.name}": rows or cells in it carry no cell reference (the file was not written by Excel); each was placed by its order in the file, as the format defines.`,
      });
    }
    info.data = p;
  }

  kept.clear(); // each part given holds its own bytes, and lets them go once it is read
  return { ok: true, value: { styles, sharedStrings: sharedPart, date1904, sheets, issues } };
}

// The part whole, edited as latin1 text (every byte of multi-byte text kept as it was).
async function rewritten(p: XmlPart, edit: (latin1: string) => string): Promise<XmlPart> {
  const chunks: Buffer[] = [];
  for await (const c of p.chunks()) chunks.push(Buffer.from(c.buffer, c.byteOffset, c.byteLength));
  const out = Buffer.from(edit(Buffer.concat(chunks).toString('latin1')), 'latin1');
  return { name: p.name, size: out.length, chunks: () => [out] };
}

async function* streamPart(zip: yauzl.ZipFile, e: yauzl.Entry): AsyncGenerator<Buffer> {
  for await (const chunk of (await zip.openReadStreamPromise(e)) as AsyncIterable<Buffer>) yield chunk;
}

interface Relationship {
  target: string; // zip path of the part it points to (external targets as written)
  written: string; // the Target attribute as written
  type: string;
}

// The relationships of `relsPath`, by Id; targets resolved against the folder of the part they belong to.
function relationships(xml: string, relsPath: string): Map<string, Relationship> {
  const base = posix.dirname(posix.dirname(relsPath)); // xl/_rels/workbook.xml.rels -> xl
  const out = new Map<string, Relationship>();
  for (const m of xml.matchAll(/<Relationship\b([^>]*)>/g)) {
    const a = parseAttributes(m[1] ?? '');
    const id = a.get('Id');
    const target = a.get('Target');
    if (!id || target === undefined) continue;
    const external = a.get('TargetMode') === 'External';
    out.set(id, { target: external ? target : resolvePart(base, target), written: target, type: a.get('Type') ?? '' });
  }
  return out;
}

function listSheets(workbookXml: string, rels: Map<string, Relationship>, scans: Map<string, SheetScan>, sheetRels: Map<string, string>): SheetInfo[] {
  const sheets: SheetInfo[] = [];
  const sheetsBlock = /<sheets\b[^>]*>([\s\S]*?)<\/sheets\s*>/.exec(workbookXml)?.[1] ?? '';
  for (const m of sheetsBlock.matchAll(/<sheet\b([^>]*)>/g)) {
    const a = parseAttributes(m[1] ?? '');
    const rid = a.get('r:id') ?? [...a.entries()].find(([k]) => k.endsWith(':id'))?.[1];
    const part = rid ? (rels.get(rid)?.target ?? null) : null;
    const state = a.get('state');
    const scan = part ? (scans.get(part) ?? null) : null;
    sheets.push({
      name: a.get('name') ?? '',
      state: state === 'veryHidden' ? 'veryHidden' : state === 'hidden' ? 'hidden' : 'visible',
      part,
      scan,
      hyperlinks: part && scan && scan.links.length > 0 ? hyperlinkTargets(scan, sheetRels.get(relsPathOf(part)) ?? '', relsPathOf(part)) : new Map(),
      data: null,
    });
  }
  return sheets;
}

function relsPathOf(part: string): string {
  return posix.join(posix.dirname(part), '_rels', `${posix.basename(part)}.rels`);
}

// A <hyperlink> with a relationship id links the cell its ref names. A ref over a range ("B2:C2", as Excel writes a
// link on merged cells, or a column of cells linked at once) links each of its cells, up to MAX_LINKED_CELLS in a
// sheet; past that, only the first cell of each further range. (Links within the workbook carry a location instead
// and are not kept.)
function hyperlinkTargets(scan: SheetScan, relsXml: string, relsPath: string): Map<string, string> {
  const rels = relationships(relsXml, relsPath);
  const out = new Map<string, string>();
  for (const l of scan.links) {
    const rel = rels.get(l.rId);
    const area = rel ? parseRef(l.ref) : null;
    if (!rel || !area) continue;
    const cells = (area.bottom - area.top + 1) * (area.right - area.left + 1);
    const [bottom, right] = out.size + cells <= MAX_LINKED_CELLS ? [area.bottom, area.right] : [area.top, area.left];
    for (let r = area.top; r <= bottom; r++)
      for (let c = area.left; c <= right; c++) out.set(`${columnLetter(c)}${r}`, rel.written);
  }
  return out;
}
const MAX_LINKED_CELLS = 100_000;

function resolvePart(base: string, target: string): string {
  const t = target.trim();
  const abs = t.startsWith('/') ? t.slice(1) : posix.join(base, t);
  return posix.normalize(abs);
}

// A part of a workbook small enough to be kept inflated, inflated in one native call (a stream of 16 KB chunks costs
// more in hand-offs than the inflating itself). The same guards as yauzl's stream: the local header is checked against
// the zip's bounds, the method must be stored or deflate, and the part may not inflate past its declared size nor
// fall short of it.
async function inflatePart(zip: yauzl.ZipFile, buf: Buffer, e: yauzl.Entry): Promise<Buffer> {
  const { fileDataStart } = await zip.readLocalFileHeaderPromise(e, { minimal: true });
  const data = buf.subarray(fileDataStart, fileDataStart + e.compressedSize);
  if (e.compressionMethod !== 0 && e.compressionMethod !== 8)
    throw new Error(`${e.fileName}: unsupported compression method ${e.compressionMethod}`);
  let out: Buffer;
  try {
    out = e.compressionMethod === 0 ? data : inflateRawSync(data, { maxOutputLength: Math.max(1, e.uncompressedSize) });
  } catch (x) {
    throw new Error(`${e.fileName} does not inflate to its declared ${e.uncompressedSize} bytes (${errorText(x)})`, { cause: x });
  }
  if (out.length !== e.uncompressedSize)
    throw new Error(`${e.fileName} inflates to ${out.length} bytes, not the declared ${e.uncompressedSize}`);
  return out;
}

// `<si>` (or `<si …>`) elements in a chunk; one split across the edge with the previous chunk (whose tail is given)
// is counted with this one.
const SI = Buffer.from('<si', 'latin1');
const endsName = (b: number | undefined) => b === 0x3e || b === 0x20 || b === 0x2f || b === 0x09 || b === 0x0a || b === 0x0d;
function countSi(before: Buffer | undefined, chunk: Buffer): number {
  let n = 0;
  for (let i = chunk.indexOf(SI); i >= 0; i = chunk.indexOf(SI, i + 3)) if (i + 3 < chunk.length && endsName(chunk[i + 3])) n++;
  if (!before || before.length < 3) return n;
  const edge = Buffer.concat([before.subarray(before.length - 3), chunk.subarray(0, 3)]);
  for (let i = edge.indexOf(SI); i >= 0 && i < 3; i = edge.indexOf(SI, i + 1)) if (i + 3 < edge.length && endsName(edge[i + 3])) n++;
  return n;
}

const TAIL = 512;
function tailOf(kept: Buffer | undefined, chunk: Buffer): Buffer {
  if (chunk.length >= TAIL) return Buffer.from(chunk.subarray(chunk.length - TAIL));
  const both = kept ? Buffer.concat([kept, chunk]) : Buffer.from(chunk);
  return both.length > TAIL ? both.subarray(both.length - TAIL) : both;
}

// Whether an xml part's last bytes lack its root element's end (</sst>, or <sst .../> when it holds nothing).
function cutShort(tail: Buffer | undefined, root: string): boolean {
  if (tail === undefined) return false; // (a part not read here: nothing to say)
  const text = tail.toString('latin1').replace(/[\s\0]+$/, '');
  if (text === '') return false; // an empty part holds nothing to lose (the reader takes it as none)
  return !(text.endsWith(`</${root}>`) || new RegExp(`<${root}\\b[^<>]*/>$`).test(text));
}


function definedNamesIssue(file: string, dropped: Parameters<typeof describeDroppedNames>[0]): IntakeIssue {
  return {
    code: 'defined-name-removed',
    severity: 'warning',
    sheet: null,
    row: null,
    column: null,
    message: `${file}: ${describeDroppedNames(dropped)}`,
  };
}
