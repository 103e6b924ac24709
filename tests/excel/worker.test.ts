import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { keepSpareReader, readSpreadsheet, readSpreadsheetInWorker, spareReaderPid } from '../../server/excel/read.ts';
import { rawXlsx } from './build.ts';

const REAL = new URL('../fixtures/real/', import.meta.url);

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
    const big = bigWorkbook(15_000, 10); // ~150k cells: a grid of them alone is well over 16 MB
    const r = await readSpreadsheetInWorker(big, 'huge.xlsx', { workerHeapMb: 16 });
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

describe('the reader kept waiting for the next upload (the server)', () => {
  const running = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  async function gone(pid: number): Promise<boolean> {
    for (let i = 0; i < 100 && running(pid); i++) await new Promise((r) => setTimeout(r, 50));
    return !running(pid);
  }

  it('each read takes the waiting reader (which then exits) and the next one starts; results are the inline reader\'s', async () => {
    keepSpareReader(true);
    try {
      const first = spareReaderPid();
      expect(first).not.toBeNull();
      const name = 'robparker29__SOC2-starter-kit__SOC2_NIST_800-53_Control_Mapping.xlsx';
      const bytes = new Uint8Array(await readFile(new URL(name, REAL)));
      const r = await readSpreadsheetInWorker(bytes, name);
      expect(r).toEqual(await readSpreadsheet(bytes, name));
      expect(await gone(first!)).toBe(true); // it read this file and nothing else
      const second = spareReaderPid();
      expect(second).not.toBeNull();
      expect(second).not.toBe(first);
      const csv = await readSpreadsheetInWorker(new TextEncoder().encode('a,b\n1,2\n'), 'next.csv');
      expect(csv.ok && csv.value.sheets[0]?.rows.length).toBe(2);
      expect(await gone(second!)).toBe(true);
    } finally {
      keepSpareReader(false);
    }
    expect(spareReaderPid()).toBeNull();
  });

  it('a read with another heap limit gets a reader of its own; out of memory still stops only that reader', async () => {
    keepSpareReader(true);
    try {
      const waiting = spareReaderPid();
      const r = await readSpreadsheetInWorker(bigWorkbook(15_000, 10), 'huge.xlsx', { workerHeapMb: 16 });
      expect(!r.ok && r.error.code).toBe('out-of-memory');
      const after = await readSpreadsheetInWorker(new TextEncoder().encode('a,b\n1,2\n'), 'after.csv');
      expect(after.ok).toBe(true);
      expect(waiting).not.toBeNull();
      expect(await gone(waiting!)).toBe(true); // the default-limit reader waited for, then read, after.csv
    } finally {
      keepSpareReader(false);
    }
  });

  it('turning it off stops the waiting reader', async () => {
    keepSpareReader(true);
    const pid = spareReaderPid();
    expect(pid).not.toBeNull();
    keepSpareReader(false);
    expect(spareReaderPid()).toBeNull();
    expect(await gone(pid!)).toBe(true);
  });
});
