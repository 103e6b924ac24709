// Everything exceljs would trust blindly, checked before it sees a byte: the container type, declared and actual
// inflated sizes (a zip can lie in its central directory; we stream every part once with yauzl, which stops at the
// declared size), workbook.xml quirks exceljs cannot read, defined names it would expand to death, and per-sheet
// facts (row count, merges, ISO dates) gathered in the same pass.
import { posix } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { unzipSync } from 'fflate';
import yauzl from 'yauzl';
import type { IntakeIssue } from '../intake/grid.ts';
import { parseAttributes } from './a1.ts';
import { measureDefinedNames, namesToNeutralise, removeDefinedNames } from './defined-names.ts';
import { MAX_ZIP_ENTRIES, RATIO_CHECK_MIN_BYTES, type ReadLimits } from './limits.ts';
import { fail, quoteName, type ReadError } from './read-result.ts';
import { SheetScanner, type SheetScan } from './sheet-scan.ts';
import { StoredZipWriter, storedZip } from './stored-zip.ts';

export interface SheetInfo {
  name: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  part: string | null; // zip path of the worksheet xml, null when the relationship is missing
  scan: SheetScan | null;
}

export interface Preflight {
  bytes: Uint8Array; // for exceljs: the parts stored (see storedHandoffBytes) or the original bytes; re-stored when defined names were removed
  sheets: SheetInfo[];
  // Custom number formats as written, keyed by the form exceljs hands back: it strips the backslash escapes
  // ("#,##0 \k\m" becomes "#,##0 km"), and without them a literal "m" looks like a month.
  rawNumFmts: Map<string, string>;
  issues: IntakeIssue[];
}

type Outcome = { ok: true; value: Preflight } | { ok: false; error: ReadError };

const WORKBOOK = 'xl/workbook.xml';
const WORKBOOK_RELS = 'xl/_rels/workbook.xml.rels';
const STYLES = 'xl/styles.xml';
const WORKSHEET_PART = /^xl\/worksheets\/[^/]+\.xml$/;

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

  // One streaming pass over every part: yauzl errors if a part inflates past its declared size. Each part is written,
  // inflated, straight into the stored zip exceljs will read (see stored-zip.ts), unless the workbook is large.
  let workbookXml = '';
  let relsXml = '';
  let stylesXml = '';
  const scans = new Map<string, SheetScan>();
  const files = entries.filter((e) => !e.fileName.endsWith('/'));
  let writer: StoredZipWriter | null = null;
  try {
    if (total <= limits.storedHandoffBytes) writer = new StoredZipWriter(files.map((e) => ({ name: e.fileName, size: e.uncompressedSize })));
  } catch (e) {
    return fail('zip-bomb', `${file} is too large to read (${errorText(e)}); split the workbook or remove unused sheets and re-upload it.`);
  }
  try {
    for (const [i, e] of files.entries()) {
      const scanner = WORKSHEET_PART.test(e.fileName) ? new SheetScanner() : null;
      const keep = e.fileName === WORKBOOK || e.fileName === WORKBOOK_RELS || e.fileName === STYLES;
      const kept: Buffer[] = [];
      const take = (chunk: Buffer) => {
        writer?.write(i, chunk);
        if (keep) kept.push(chunk);
        if (scanner) scanner.push(chunk);
      };
      if (writer) take(await inflatePart(zip, buf, e));
      else for await (const chunk of (await zip.openReadStreamPromise(e)) as AsyncIterable<Buffer>) take(chunk);
      if (scanner) scans.set(e.fileName, scanner.result);
      if (e.fileName === WORKBOOK) workbookXml = Buffer.concat(kept).toString('utf8');
      if (e.fileName === WORKBOOK_RELS) relsXml = Buffer.concat(kept).toString('utf8');
      if (e.fileName === STYLES) stylesXml = Buffer.concat(kept).toString('utf8');
    }
    writer?.finish();
  } catch (e) {
    return corrupt(errorText(e));
  } finally {
    zip.close();
  }

  // workbook.xml dialects exceljs cannot read.
  const head = workbookXml.slice(0, 4096);
  if (/<[A-Za-z_][\w.-]*:workbook[\s>]/.test(head)) {
    return fail('prefixed-ooxml', `${file} was written by a tool that uses prefixed xml (<x:workbook>), which cannot be read; open it and re-save in Excel as .xlsx, then upload that file.`);
  }
  if (/conformance\s*=\s*["']strict["']/.test(head) || head.includes('http://purl.oclc.org/ooxml/spreadsheetml/main')) {
    return fail('strict-ooxml', `${file} is saved as "Strict Open XML Spreadsheet", which cannot be read; open it in Excel, Save As > Excel Workbook (.xlsx) and re-upload it.`);
  }

  const issues: IntakeIssue[] = [];
  const sheets = listSheets(workbookXml, relsXml, scans);

  // Defined names over huge ranges are removed from workbook.xml before exceljs sees it (the parts are stored again).
  let out = writer ? writer.bytes : bytes;
  const drop = namesToNeutralise(measureDefinedNames(workbookXml), limits.maxDefinedNameCells);
  if (drop.length > 0) {
    const edited = Buffer.from(removeDefinedNames(workbookXml, drop), 'utf8');
    // (a workbook too large to have been kept inflated is inflated again for this rare repair)
    try {
      const data = writer ? (i: number) => writer.data(i) : inflatedParts(bytes, files.map((e) => e.fileName));
      out = storedZip(files.map((e, i) => [e.fileName, e.fileName === WORKBOOK ? edited : data(i)] as const));
    } catch (e) {
      return fail('defined-name-too-large', `${file} defines names over huge ranges (${drop.map((d) => d.name).join(', ')}) that could not be removed (${errorText(e)}); delete them in Excel (Formulas > Name Manager) and re-upload the file.`);
    }
    for (const d of drop) {
      issues.push({
        code: 'defined-name-removed',
        severity: 'warning',
        sheet: null,
        row: null,
        column: null,
        message: `${file}: the defined name "${d.name}" covers ${d.cells.toLocaleString('en-US')} cells and was ignored so the workbook could be read safely; cell values are unaffected.`,
      });
    }
  }

  return { ok: true, value: { bytes: out, sheets, rawNumFmts: listNumFmts(stylesXml), issues } };
}

function listNumFmts(stylesXml: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of stylesXml.matchAll(/<numFmt\b([^>]*)>/g)) {
    const raw = parseAttributes(m[1] ?? '').get('formatCode');
    if (raw === undefined) continue;
    const asExceljs = raw.replace(/[\\](.)/g, '$1');
    if (!out.has(asExceljs)) out.set(asExceljs, raw);
  }
  return out;
}

function listSheets(workbookXml: string, relsXml: string, scans: Map<string, SheetScan>): SheetInfo[] {
  const targets = new Map<string, string>();
  for (const m of relsXml.matchAll(/<Relationship\b([^>]*)>/g)) {
    const a = parseAttributes(m[1] ?? '');
    const id = a.get('Id');
    const target = a.get('Target');
    if (id && target) targets.set(id, resolvePart(target));
  }
  const sheets: SheetInfo[] = [];
  const sheetsBlock = /<sheets\b[^>]*>([\s\S]*?)<\/sheets\s*>/.exec(workbookXml)?.[1] ?? '';
  for (const m of sheetsBlock.matchAll(/<sheet\b([^>]*)>/g)) {
    const a = parseAttributes(m[1] ?? '');
    const rid = a.get('r:id') ?? [...a.entries()].find(([k]) => k.endsWith(':id'))?.[1];
    const part = rid ? (targets.get(rid) ?? null) : null;
    const state = a.get('state');
    sheets.push({
      name: a.get('name') ?? '',
      state: state === 'veryHidden' ? 'veryHidden' : state === 'hidden' ? 'hidden' : 'visible',
      part,
      scan: part ? (scans.get(part) ?? null) : null,
    });
  }
  return sheets;
}

function resolvePart(target: string): string {
  const t = target.trim();
  const abs = t.startsWith('/') ? t.slice(1) : posix.join('xl', t);
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

// The parts of a zip that already passed the pre-flight, inflated, by position in `names`. (fflate answers with a
// plain object: only its own properties count, so a part named "__proto__" reads as empty rather than as a prototype.)
function inflatedParts(bytes: Uint8Array, names: string[]): (i: number) => Uint8Array {
  const parts = unzipSync(bytes);
  return (i) => (Object.hasOwn(parts, names[i]!) ? parts[names[i]!]! : new Uint8Array(0));
}

export function errorText(e: unknown): string {
  const s = e instanceof Error ? e.message : String(e);
  return s.replace(/\s+/g, ' ').slice(0, 200);
}
