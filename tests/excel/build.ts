// Builds the workbooks the excel tests read, in code: with exceljs when a normal file will do, from raw xml parts
// when the test needs bytes exceljs would never write (ISO date cells, 1904 serials, hostile names, odd dialects).
import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, Zip, ZipDeflate, zipSync, type Zippable } from 'fflate';

export async function xlsxFrom(build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}

export function zipOf(files: Record<string, string | Uint8Array>): Uint8Array {
  const z: Zippable = Object.create(null) as Zippable;
  for (const [name, data] of Object.entries(files)) z[name] = typeof data === 'string' ? strToU8(data) : data;
  return zipSync(z, { level: 6 });
}

export function unzipText(bytes: Uint8Array, part: string): string {
  const files = unzipSync(bytes, { filter: (f) => f.name === part });
  const data = files[part];
  if (!data) throw new Error(`no part ${part}`);
  return strFromU8(data);
}

// Rewrites text parts of a zip (adding any part whose patch is given a missing source as '').
export function patchZip(bytes: Uint8Array, patches: Record<string, (xml: string) => string>): Uint8Array {
  const files = unzipSync(bytes);
  const out: Record<string, string | Uint8Array> = {};
  for (const [name, data] of Object.entries(files)) out[name] = data;
  for (const [name, patch] of Object.entries(patches)) {
    const current = out[name];
    out[name] = patch(current === undefined ? '' : typeof current === 'string' ? current : strFromU8(current));
  }
  return zipOf(out);
}

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export interface RawSheet {
  name: string;
  rows: string; // the inside of <sheetData>
  after?: string; // xml after </sheetData>: mergeCells, dataValidations, hyperlinks...
  state?: 'hidden' | 'veryHidden';
}

export interface RawWorkbook {
  sheets: RawSheet[];
  workbookPr?: string; // e.g. '<workbookPr date1904="1"/>'
  definedNames?: string; // inner xml of <definedNames>
  workbookXml?: string; // replaces the generated workbook.xml entirely
}

// Style ids usable in raw sheets: s="1" built-in date (numFmtId 14), s="2" "#,##0 \k\m", s="3" "0.00", s="4" "0%".
const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="${MAIN_NS}"><numFmts count="2"><numFmt numFmtId="164" formatCode="#,##0 \\k\\m"/><numFmt numFmtId="165" formatCode="0.00"/></numFmts>
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`;

export function rawXlsxParts(spec: RawWorkbook): Record<string, string> {
  const sheetEls = spec.sheets
    .map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`)
    .join('');
  const workbook =
    spec.workbookXml ??
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">${spec.workbookPr ?? ''}<sheets>${sheetEls}</sheets>${spec.definedNames ? `<definedNames>${spec.definedNames}</definedNames>` : ''}</workbook>`;
  const rels = spec.sheets
    .map((_s, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
    .join('');
  const parts: Record<string, string> = {
    '[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`,
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': workbook,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}<Relationship Id="rIdS" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`,
    'xl/styles.xml': STYLES,
  };
  spec.sheets.forEach((s, i) => {
    parts[`xl/worksheets/sheet${i + 1}.xml`] =
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheetData>${s.rows}</sheetData>${s.after ?? ''}</worksheet>`;
  });
  return parts;
}

export function rawXlsx(spec: RawWorkbook): Uint8Array {
  return zipOf(rawXlsxParts(spec));
}

// Inline-string cell and row helpers for raw sheets.
export function inlineCell(ref: string, text: string): string {
  return `<c r="${ref}" t="inlineStr"><is><t>${escapeXml(text)}</t></is></c>`;
}

export function textRow(r: number, values: string[]): string {
  return `<row r="${r}">${values.map((v, i) => inlineCell(`${String.fromCharCode(65 + i)}${r}`, v)).join('')}</row>`;
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

// A zip whose one part is `megabytes` MB of zeros, deflated as it streams so the test never holds the inflated data.
export function zerosBomb(partName: string, megabytes: number, extra: Record<string, string> = {}): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    const zip = new Zip((err, data, final) => {
      if (err) return reject(err);
      chunks.push(data);
      if (final) {
        const total = chunks.reduce((n, c) => n + c.length, 0);
        const out = new Uint8Array(total);
        let at = 0;
        for (const c of chunks) {
          out.set(c, at);
          at += c.length;
        }
        resolve(out);
      }
    });
    for (const [name, text] of Object.entries(extra)) {
      const f = new ZipDeflate(name, { level: 6 });
      zip.add(f);
      f.push(strToU8(text), true);
    }
    const part = new ZipDeflate(partName, { level: 9 });
    zip.add(part);
    const mb = new Uint8Array(1024 * 1024);
    for (let i = 0; i < megabytes; i++) part.push(mb, i === megabytes - 1);
    zip.end();
  });
}

// Overwrites the uncompressed size of `part` in both its local header and its central-directory record.
export function claimSize(bytes: Uint8Array, part: string, size: number): Uint8Array {
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  const name = strToU8(part);
  const matches = (at: number) => name.every((b, i) => out[at + i] === b);
  for (let i = 0; i + 46 < out.length; i++) {
    const sig = view.getUint32(i, true);
    if (sig === 0x04034b50 && view.getUint16(i + 26, true) === name.length && matches(i + 30)) view.setUint32(i + 22, size, true);
    if (sig === 0x02014b50 && view.getUint16(i + 28, true) === name.length && matches(i + 46)) view.setUint32(i + 24, size, true);
  }
  return out;
}

// The first 512-byte sector of an OLE/CFB file plus one directory sector naming `streams` (UTF-16LE, 128-byte
// entries): enough for a sniffer, which is all these bytes are for.
export function cfbBytes(streams: string[]): Uint8Array {
  const out = new Uint8Array(1024);
  out.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 0);
  const view = new DataView(out.buffer);
  view.setUint16(0x1a, 3, true); // major version 3
  view.setUint16(0x1c, 0xfffe, true); // little-endian
  view.setUint16(0x1e, 9, true); // 512-byte sectors
  ['Root Entry', ...streams].slice(0, 4).forEach((name, i) => {
    const at = 512 + i * 128;
    [...name].forEach((ch, k) => view.setUint16(at + k * 2, ch.charCodeAt(0), true));
    view.setUint16(at + 64, (name.length + 1) * 2, true);
    out[at + 66] = i === 0 ? 5 : 2;
  });
  return out;
}

export function ascii(s: string): Uint8Array {
  return strToU8(s);
}
