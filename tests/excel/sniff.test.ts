import { describe, expect, it } from 'vitest';
import { readSpreadsheet } from '../../server/excel/read.ts';
import { sniff } from '../../server/excel/sniff.ts';
import { ascii, cfbBytes, rawXlsxParts, textRow, xlsxFrom, zipOf } from './build.ts';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1]);

async function errorOf(bytes: Uint8Array, name: string) {
  const r = await readSpreadsheet(bytes, name);
  if (r.ok) throw new Error(`expected ${name} to be refused`);
  expect(r.error.message).not.toMatch(/\n/);
  expect(r.error.message).toContain(name);
  return r.error;
}

function zipWith(parts: Record<string, string>): Uint8Array {
  return zipOf({ ...rawXlsxParts({ sheets: [{ name: 'S', rows: textRow(1, ['a']) }] }), ...parts });
}

describe('sniff', () => {
  it('classifies containers by their bytes', () => {
    expect(sniff(new Uint8Array())).toEqual({ kind: 'empty' });
    expect(sniff(ascii('PK\x03\x04rest'))).toEqual({ kind: 'zip' });
    expect(sniff(cfbBytes(['EncryptionInfo', 'EncryptedPackage']))).toEqual({ kind: 'cfb', encrypted: true });
    expect(sniff(cfbBytes(['Workbook']))).toEqual({ kind: 'cfb', encrypted: false });
    expect(sniff(PNG)).toEqual({ kind: 'binary', looksLike: 'a PNG image' });
    expect(sniff(ascii('%PDF-1.7\n'))).toEqual({ kind: 'binary', looksLike: 'a PDF document' });
    expect(sniff(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toEqual({ kind: 'binary', looksLike: 'a JPEG image' });
    expect(sniff(new Uint8Array([1, 2, 0, 4]))).toEqual({ kind: 'binary', looksLike: null });
    expect(sniff(ascii('a,b\n1,2\n'))).toEqual({ kind: 'text' });
    expect(sniff(new Uint8Array([0xff, 0xfe, 0x61, 0x00]))).toEqual({ kind: 'text' });
  });

  it('ignores the file name: a CSV named .xlsx is read as CSV, an xlsx named .csv as xlsx', async () => {
    const csv = await readSpreadsheet(ascii('id,name\n001,x\n'), 'controls.xlsx');
    expect(csv.ok && csv.value.format).toBe('csv');
    const xlsx = await readSpreadsheet(await xlsxFrom((wb) => wb.addWorksheet('S').addRow(['a'])), 'controls.csv');
    expect(xlsx.ok && xlsx.value.format).toBe('xlsx');
  });
});

describe('files that are not a readable spreadsheet get a specific error', () => {
  it('empty file', async () => {
    expect((await errorOf(new Uint8Array(), 'empty.xlsx')).code).toBe('empty-file');
  });

  it('too large for the upload limit', async () => {
    const r = await readSpreadsheet(ascii('a,b\n1,2\n'), 'big.csv', { maxUploadBytes: 4 });
    expect(!r.ok && r.error.code).toBe('too-large');
  });

  it('encrypted xlsx (CFB with an EncryptionInfo stream) versus legacy xls', async () => {
    const enc = await errorOf(cfbBytes(['EncryptionInfo', 'EncryptedPackage']), 'locked.xlsx');
    expect(enc.code).toBe('encrypted-xlsx');
    expect(enc.message).toMatch(/password/);
    const xls = await errorOf(cfbBytes(['Workbook', 'SummaryInformation']), 'old.xls');
    expect(xls.code).toBe('legacy-xls');
    expect(xls.message).toMatch(/\.xlsx/);
  });

  it('PNG, PDF and unknown binary renamed .xlsx say what they look like', async () => {
    const png = await errorOf(PNG, 'matrix.xlsx');
    expect(png.code).toBe('not-a-spreadsheet');
    expect(png.message).toMatch(/PNG/);
    expect((await errorOf(ascii('%PDF-1.4\n%...'), 'matrix.xlsx')).message).toMatch(/PDF/);
    expect((await errorOf(new Uint8Array([7, 0, 0, 1, 9]), 'matrix.xlsx')).code).toBe('not-a-spreadsheet');
  });

  it('xlsb, ods, Word documents and workbook-less zips', async () => {
    expect((await errorOf(zipOf({ 'xl/workbook.bin': 'bin', '[Content_Types].xml': '<Types/>' }), 'a.xlsx')).code).toBe('xlsb');
    expect((await errorOf(zipOf({ mimetype: 'application/vnd.oasis.opendocument.spreadsheet', 'content.xml': '<x/>' }), 'a.xlsx')).code).toBe('ods');
    const docx = await errorOf(zipOf({ 'word/document.xml': '<w:document/>' }), 'a.xlsx');
    expect(docx.code).toBe('not-a-spreadsheet');
    expect(docx.message).toMatch(/Word/);
    expect((await errorOf(zipOf({ 'readme.txt': 'hello' }), 'a.xlsx')).code).toBe('not-a-spreadsheet');
  });

  it('Strict Open XML and x:-prefixed workbooks ask for a re-save in Excel', async () => {
    const strictXml = `<?xml version="1.0"?><workbook xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main" conformance="strict"><sheets/></workbook>`;
    const strict = await errorOf(zipWith({ 'xl/workbook.xml': strictXml }), 'strict.xlsx');
    expect(strict.code).toBe('strict-ooxml');
    const prefixedXml = `<?xml version="1.0"?><x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheets/></x:workbook>`;
    const prefixed = await errorOf(zipWith({ 'xl/workbook.xml': prefixedXml }), 'sdk.xlsx');
    expect(prefixed.code).toBe('prefixed-ooxml');
    expect(prefixed.message).toMatch(/re-save in Excel as \.xlsx/);
  });
});
