import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { readSpreadsheet, readSpreadsheetInWorker } from '../../server/excel/read.ts';
import { rawXlsx } from './build.ts';

const REAL = new URL('../../../shared/fixtures/real/', import.meta.url);

function bigWorkbook(rows: number, cols: number): Uint8Array {
  const parts: string[] = [];
  for (let r = 1; r <= rows; r++) {
    let row = `<row r="${r}">`;
    for (let c = 0; c < cols; c++) row += `<c r="${String.fromCharCode(65 + c)}${r}" t="inlineStr"><is><t>r${r}c${c} text</t></is></c>`;
    parts.push(`${row}</row>`);
  }
  return rawXlsx({ sheets: [{ name: 'Big', rows: parts.join('') }] });
}

describe('readSpreadsheetInWorker', () => {
  it('returns the same grid as the inline reader, and leaves the caller its bytes', async () => {
    const name = 'robparker29__SOC2-starter-kit__SOC2_NIST_800-53_Control_Mapping.xlsx';
    const bytes = new Uint8Array(await readFile(new URL(name, REAL)));
    const size = bytes.byteLength;
    const inWorker = await readSpreadsheetInWorker(bytes, name);
    expect(bytes.byteLength).toBe(size);
    const inline = await readSpreadsheet(bytes, name);
    expect(inWorker.ok).toBe(true);
    expect(inWorker).toEqual(inline);
  });

  it('passes specific read errors through', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
    const r = await readSpreadsheetInWorker(png, 'photo.xlsx');
    expect(!r.ok && r.error.code).toBe('not-a-spreadsheet');
  });

  it('a reader that runs out of its heap becomes out-of-memory, and this process lives on', async () => {
    const big = bigWorkbook(15_000, 10); // ~150k cells: exceljs needs well over 100 MB for this
    const r = await readSpreadsheetInWorker(big, 'huge.xlsx', { workerHeapMb: 32 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('out-of-memory');
    expect(r.error.message).toContain('huge.xlsx');
    // Still alive, and still able to read.
    const after = await readSpreadsheetInWorker(new TextEncoder().encode('a,b\n1,2\n'), 'after.csv');
    expect(after.ok && after.value.sheets[0]?.rows.length).toBe(2);
  });

  it('a reader still busy after the timeout is stopped with a timeout error', async () => {
    const r = await readSpreadsheetInWorker(new TextEncoder().encode('a,b\n'), 'slow.csv', { workerTimeoutMs: 1 });
    expect(!r.ok && r.error.code).toBe('timeout');
  });
});
